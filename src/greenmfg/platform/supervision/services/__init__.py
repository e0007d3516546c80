"""Writes of dynamic management.  Each service is keyword-only with the actor first, runs
in one transaction and follows permission → validation → save → event.

``actor=None`` is the platform itself (command line, demo loader, scheduled task).
"""

from __future__ import annotations

from greenmfg.platform.supervision.services.bulk import (
    BulkSubmitted,
    Submission,
    active_listings_of,
    filings_submit_bulk,
)
from greenmfg.platform.supervision.services.changes import (
    CHANGE_FIELDS,
    change_declare,
    change_verify,
)
from greenmfg.platform.supervision.services.checks import filing_audit, flag_decide
from greenmfg.platform.supervision.services.filings import (
    filing_prefill,
    filing_save_draft,
    filing_submit,
)
from greenmfg.platform.supervision.services.reminders import reminders_send
from greenmfg.platform.supervision.services.removals import (
    ProposalItem,
    removal_decide,
    removal_propose,
    removals_propose_bulk,
    removals_propose_for_year,
)
from greenmfg.platform.supervision.services.spot_checks import (
    LOW_PERCENTILE,
    recheck_record,
    spot_check_draw,
    spot_check_reproduce,
)
from greenmfg.platform.supervision.services.support import support_uptake_record
from greenmfg.platform.supervision.services.tables import standard_key_metrics
from greenmfg.platform.supervision.services.units import (
    AUTHORITIES,
    Unit,
    active_listing,
    active_listings,
    unit_fields,
    unit_identity,
    unit_listings,
)

__all__ = [
    "AUTHORITIES",
    "CHANGE_FIELDS",
    "LOW_PERCENTILE",
    "BulkSubmitted",
    "ProposalItem",
    "Submission",
    "Unit",
    "active_listing",
    "active_listings",
    "active_listings_of",
    "change_declare",
    "change_verify",
    "filing_audit",
    "filing_prefill",
    "filing_save_draft",
    "filing_submit",
    "filings_submit_bulk",
    "flag_decide",
    "recheck_record",
    "reminders_send",
    "removal_decide",
    "removal_propose",
    "removals_propose_bulk",
    "removals_propose_for_year",
    "spot_check_draw",
    "spot_check_reproduce",
    "standard_key_metrics",
    "support_uptake_record",
    "unit_fields",
    "unit_identity",
    "unit_listings",
]
