"""Dynamic-management pages: thin — parse, call one service or selector, render."""

from __future__ import annotations

from greenmfg.platform.supervision.views.declarations import change_verify, changes, support
from greenmfg.platform.supervision.views.filing_pages import (
    ENTERPRISE_FIELDS,
    audit_queue,
    filing_audit,
    filing_detail,
    filing_form,
    flag_decide,
    home,
    report_pdf,
)
from greenmfg.platform.supervision.views.removal_pages import removal_decide, removals
from greenmfg.platform.supervision.views.sampling import (
    recheck_create,
    spot_check_detail,
    spot_checks,
)

__all__ = [
    "ENTERPRISE_FIELDS",
    "audit_queue",
    "change_verify",
    "changes",
    "filing_audit",
    "filing_detail",
    "filing_form",
    "flag_decide",
    "home",
    "recheck_create",
    "removal_decide",
    "removals",
    "report_pdf",
    "spot_check_detail",
    "spot_checks",
    "support",
]
