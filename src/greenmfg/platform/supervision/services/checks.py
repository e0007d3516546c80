"""Quality flags (数据质量标记) on submitted filings and the filing audit."""

from __future__ import annotations

from collections.abc import Hashable
from typing import Any

from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.core.errors import (
    ConflictError,
    InvalidValueError,
)
from greenmfg.core.supervision.checks import (
    QualityFlag as CoreFlag,
)
from greenmfg.core.supervision.checks import (
    check_identical,
)
from greenmfg.core.supervision.table import (
    DynamicTable,
)
from greenmfg.platform.supervision.models import (
    DynamicFiling,
    FilingAudit,
    QualityFlag,
)
from greenmfg.platform.supervision.services.base import _event, _require_authority


def _store_flags(filing: DynamicFiling, flags: list[CoreFlag]) -> list[QualityFlag]:
    rows = [
        QualityFlag(
            filing=filing,
            code=f.code.value,
            severity=f.severity.value,
            field=f.field,
            reason=f.reason,
            params={"template": f.template, **f.params},
        )
        for f in flags
    ]
    for row in rows:
        row.full_clean()
    return QualityFlag.objects.bulk_create(rows)


def _flag_row(filing: DynamicFiling, f: CoreFlag) -> QualityFlag:
    return QualityFlag(
        filing=filing,
        code=f.code.value,
        severity=f.severity.value,
        field=f.field,
        reason=f.reason,
        params={"template": f.template, **f.params},
    )


def _flag_identical_groups(year: int, fingerprints: set[str]) -> None:
    """:func:`_flag_identical_group` for many fingerprints: one read, bulk writes."""
    if not fingerprints:
        return
    submitted = DynamicFiling.objects.filter(year=year).exclude(status=DynamicFiling.Status.DRAFT)
    # only fingerprints shared by two or more filings of the year can flag anything (one
    # grouped query), so only their members are read
    shared = [
        row["fingerprint"]
        for row in submitted.exclude(fingerprint="")
        .values("fingerprint")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .order_by()
        if row["fingerprint"] in fingerprints
    ]
    members = list(submitted.filter(fingerprint__in=shared).order_by("pk"))
    groups: dict[str, list[DynamicFiling]] = {}
    for m in members:
        groups.setdefault(m.fingerprint, []).append(m)
    QualityFlag.objects.filter(
        filing__in=[m.pk for m in members if len(groups[m.fingerprint]) > 1],
        code="identical_figures",
        status=QualityFlag.Status.OPEN,
    ).delete()
    rows: list[QualityFlag] = []
    for group in groups.values():
        if len(group) < 2:
            continue
        tables: dict[Hashable, DynamicTable] = {
            m.pk: DynamicTable.model_validate(m.data) for m in group
        }
        found = check_identical(tables)
        for m in group:
            rows += [_flag_row(m, f) for f in found.get(m.pk, [])]
    QualityFlag.objects.bulk_create(rows, batch_size=1000)


def _flag_identical_group(year: int, fingerprint: str) -> None:
    """(Re)flag the submitted filings of ``year`` that share ``fingerprint``: their open
    identical-figures flags are replaced by what the check finds now (none when only one
    unit is left in the group)."""
    if not fingerprint:
        return
    members = list(
        DynamicFiling.objects.filter(year=year, fingerprint=fingerprint).exclude(
            status=DynamicFiling.Status.DRAFT
        )
    )
    tables: dict[Hashable, DynamicTable] = {
        m.pk: DynamicTable.model_validate(m.data) for m in members
    }
    found = check_identical(tables) if len(members) > 1 else {}
    for member in members:
        member.flags.filter(code="identical_figures", status=QualityFlag.Status.OPEN).delete()
        if member.pk in found:
            _store_flags(member, found[member.pk])


@transaction.atomic
def flag_decide(*, actor: Any, flag: QualityFlag, confirm: bool, note: str = "") -> QualityFlag:
    """The auditing authority confirms (abnormal) or clears a flag, with a note."""
    flag = QualityFlag.objects.select_for_update().select_related("filing").get(pk=flag.pk)
    _require_authority(actor, flag.filing.adcode)
    if flag.status != QualityFlag.Status.OPEN:
        raise ConflictError(detail=_("This flag has already been decided."))
    if not confirm and not note.strip():
        raise InvalidValueError(
            where="", field="note", value=note, expected="the reason the flag is cleared"
        )
    flag.status = QualityFlag.Status.CONFIRMED if confirm else QualityFlag.Status.CLEARED
    flag.decided_by = actor
    flag.decided_at = timezone.now()
    flag.decision_note = note.strip()
    flag.full_clean()
    flag.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    _event(
        actor, "flag.confirm" if confirm else "flag.clear", flag, flag.filing.adcode, code=flag.code
    )
    return flag


@transaction.atomic
def filing_audit(
    *, actor: Any, filing: DynamicFiling, approve: bool, comment: str = ""
) -> FilingAudit:
    """The city audits a submitted filing: approve (every flag decided) or return it."""
    filing = DynamicFiling.objects.select_for_update().get(pk=filing.pk)
    _require_authority(actor, filing.adcode)
    if filing.status not in (DynamicFiling.Status.SUBMITTED, DynamicFiling.Status.LATE):
        raise ConflictError(
            detail=_("Only a submitted filing can be audited (status: %(status)s).")
            % {"status": filing.get_status_display()}
        )
    if approve and filing.flags.filter(status=QualityFlag.Status.OPEN).exists():
        raise ConflictError(
            detail=_("Confirm or clear every open flag before approving the filing.")
        )
    audit = FilingAudit(
        filing=filing,
        auditor=actor,
        decision=FilingAudit.Decision.APPROVED if approve else FilingAudit.Decision.RETURNED,
        comment=comment.strip(),
    )
    audit.full_clean()
    audit.save()
    filing.status = DynamicFiling.Status.AUDITED if approve else DynamicFiling.Status.RETURNED
    filing.save(update_fields=["status", "updated_at"])
    _event(actor, "filing.audit", filing, filing.adcode, decision=audit.decision)
    return audit
