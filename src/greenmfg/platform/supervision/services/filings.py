"""Annual dynamic-management filings (动态管理填报): prefill, drafts, submission."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.core.domain import UnitKind
from greenmfg.core.errors import (
    ConflictError,
    DeadlinePassedError,
    FilingInconsistentError,
)
from greenmfg.core.supervision import calendar as cal
from greenmfg.core.supervision.checks import (
    Severity,
    blocking,
    check_table,
)
from greenmfg.core.supervision.data import check_settings
from greenmfg.core.supervision.table import (
    DynamicTable,
    prefill_table,
)
from greenmfg.platform.supervision import sources
from greenmfg.platform.supervision.models import (
    DynamicFiling,
    QualityFlag,
)
from greenmfg.platform.supervision.services.base import (
    _event,
    _require_listing,
    _require_unit_actor,
    _submitted_at,
    _withdraw_no_filing_proposals,
)
from greenmfg.platform.supervision.services.checks import _flag_identical_group, _store_flags
from greenmfg.platform.supervision.services.tables import (
    _fingerprint,
    _table_for,
    _with_key_indicators,
    standard_key_metrics,
)
from greenmfg.platform.supervision.services.units import Unit, unit_fields, unit_identity


def _accounting(unit: Unit, year: int) -> tuple[dict[str, float], dict[str, float]] | None:
    return sources.accounting_for(unit, year)


def filing_prefill(
    *,
    unit: Unit,
    year: int,
    metrics: Mapping[str, float] | None = None,
    amounts: Mapping[str, float] | None = None,
) -> DynamicTable:
    """The year's table prefilled from the unit's accounting data (or the given metrics)."""
    listing = _require_listing(unit, year)
    if metrics is None:
        found = _accounting(unit, year)
        if found is not None:
            metrics, found_amounts = found
            amounts = amounts if amounts is not None else found_amounts
    standard, key_metrics = standard_key_metrics(
        UnitKind(listing.kind), getattr(unit, "industry", None)
    )
    return prefill_table(
        identity=unit_identity(unit, listing),
        year=year,
        metrics=metrics or {},
        amounts=amounts or {},
        key_indicator_metrics=key_metrics,
        standard=standard,
    )


def _editable_filing(unit: Unit, year: int) -> DynamicFiling | None:
    filing = (
        DynamicFiling.objects.select_for_update().filter(year=year, **unit_fields(unit)).first()
    )
    if filing is not None and filing.status not in (
        DynamicFiling.Status.DRAFT,
        DynamicFiling.Status.RETURNED,
    ):
        raise ConflictError(
            detail=_("The %(year)s table has already been submitted (status: %(status)s).")
            % {"year": year, "status": filing.get_status_display()}
        )
    return filing


@transaction.atomic
def filing_save_draft(
    *, actor: Any, unit: Unit, year: int, fields: Mapping[str, Any]
) -> DynamicFiling:
    """Save the table as a draft (validated field by field; the parts are checked on submit)."""
    _require_unit_actor(actor, unit)
    listing = _require_listing(unit, year)
    table = _table_for(unit, listing, year, fields)
    filing = _editable_filing(unit, year) or DynamicFiling(year=year, **unit_fields(unit))
    filing.listing = listing
    filing.adcode = unit.adcode
    filing.industry = getattr(unit, "industry", "") or ""
    filing.data = table.model_dump(mode="json")
    filing.due_on = cal.filing_deadline(year, unit.adcode)
    if filing.status != DynamicFiling.Status.RETURNED:
        filing.status = DynamicFiling.Status.DRAFT
    filing.full_clean()
    filing.save()
    _event(actor, "filing.draft", filing, filing.adcode, year=year)
    return filing


def _previous_table(unit: Unit, year: int) -> DynamicTable | None:
    prev = (
        DynamicFiling.objects.filter(year=year - 1, **unit_fields(unit))
        .exclude(status=DynamicFiling.Status.DRAFT)
        .only("data")
        .first()
    )
    return DynamicTable.model_validate(prev.data) if prev is not None else None


@transaction.atomic
def filing_submit(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    fields: Mapping[str, Any],
    late_reason: str = "",
    today: dt.date | None = None,
    metrics: Mapping[str, float] | None = None,
) -> DynamicFiling:
    """Submit the year's table.

    Refused, with nothing written: a unit on no list (:class:`NotListedError`); figures
    that contradict each other (:class:`FilingInconsistentError`, every contradiction
    named); after the deadline without a written reason (:class:`DeadlinePassedError`).
    Accepted after the deadline with a reason: status *late*.  The data-quality checks
    then record their flags (year-on-year, plausibility, accounting, identical figures).
    """
    _require_unit_actor(actor, unit)
    today = today or timezone.localdate()
    listing = _require_listing(unit, year)
    table = _table_for(unit, listing, year, fields)
    due = cal.filing_deadline(year, unit.adcode)
    late = today > due
    if late and not late_reason.strip():
        raise DeadlinePassedError(
            deadline="deadline of the dynamic management table (a late filing needs a written reason)",
            date=due.isoformat(),
            region=unit.adcode,
            year=year,
            today=today.isoformat(),
        )
    if metrics is None:
        found = _accounting(unit, year)
        metrics = found[0] if found is not None else None
    table = _with_key_indicators(table, listing, metrics)
    flags = check_table(table, previous=_previous_table(unit, year), metrics=metrics)
    hard = blocking(flags)
    if hard:
        raise FilingInconsistentError(
            field=", ".join(f.field for f in hard), reason=" ".join(f.reason for f in hard)
        )
    filing = _editable_filing(unit, year) or DynamicFiling(year=year, **unit_fields(unit))
    resubmission = filing.pk is not None and filing.status == DynamicFiling.Status.RETURNED
    old_fingerprint = filing.fingerprint
    filing.listing = listing
    filing.adcode = unit.adcode
    filing.industry = getattr(unit, "industry", "") or ""
    filing.data = table.model_dump(mode="json")
    filing.fingerprint = _fingerprint(table)
    filing.checks_version = check_settings().version
    filing.due_on = due
    filing.submitted_at = _submitted_at(today)
    filing.submitted_late = late
    filing.late_reason = late_reason.strip() if late else ""
    filing.status = DynamicFiling.Status.LATE if late else DynamicFiling.Status.SUBMITTED
    filing.full_clean()
    filing.save()
    if resubmission:
        filing.flags.filter(status=QualityFlag.Status.OPEN).delete()
    _store_flags(filing, [f for f in flags if f.severity is Severity.ABNORMAL])
    if resubmission and old_fingerprint != filing.fingerprint:
        _flag_identical_group(year, old_fingerprint)  # the units it no longer matches
    _flag_identical_group(year, filing.fingerprint)
    _event(actor, "filing.submit", filing, filing.adcode, year=year, late=late, flags=len(flags))
    _withdraw_no_filing_proposals(actor, filing)
    return filing
