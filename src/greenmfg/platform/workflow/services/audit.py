"""The application's content, its audit records (审计链) and their verification."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from greenmfg.core.workflow import audit as chain
from greenmfg.platform.workflow.models import (
    Application,
    AuditRecord,
)


def application_content(app: Application) -> dict[str, Any]:
    """The content the audit chain hashes at each event."""
    unit = app.unit
    return {
        "id": app.pk,
        "round": app.round_id,
        "kind": app.kind,
        "unit": getattr(unit, "uscc", ""),
        "adcode": app.adcode,
        "state": app.state,
        "version": app.version,
        "evaluation": [
            app.evaluation_kind,
            app.evaluation_reference,
            app.evaluation_hash,
            str(app.evaluation_score) if app.evaluation_score is not None else None,
            app.evaluation_signed,
            app.institution_id,
        ],
        "veto_findings": app.veto_findings,
        "park_value_added_share": str(app.park_value_added_share)
        if app.park_value_added_share is not None
        else None,
        "summary": app.summary,
        "rejection_reason": app.rejection_reason,
        "panel_mean": str(app.panel_mean) if app.panel_mean is not None else None,
        "publicity": [
            app.publicity_start.isoformat() if app.publicity_start else None,
            app.publicity_end.isoformat() if app.publicity_end else None,
        ],
    }


def to_core_record(record: AuditRecord) -> chain.AuditRecord:
    return chain.AuditRecord(
        chain_id=f"application-{record.application_id}",
        sequence=record.sequence,
        actor=record.actor_name,
        at=record.at,
        event=record.event,
        from_state=record.from_state,
        to_state=record.to_state,
        reason=record.reason,
        content_hash=record.content_hash,
        previous_hash=record.previous_hash,
        hash=record.hash,
    )


@dataclass(frozen=True)
class AuditVerification:
    chains: int
    records: int
    broken: chain.BrokenLink | None


def audit_verify(*, application_ids: Iterable[int] | None = None) -> AuditVerification:
    """Verify every application's chain; stop at the first broken link."""
    apps = Application.objects.order_by("pk").values_list("pk", flat=True)
    if application_ids is not None:
        apps = apps.filter(pk__in=list(application_ids))
    total = 0
    count = 0
    for pk in apps.iterator():
        count += 1
        records = [
            to_core_record(r)
            for r in AuditRecord.objects.filter(application_id=pk).order_by("sequence")
        ]
        report = chain.verify_chain(records, chain_id=f"application-{pk}")
        total += report.checked
        if not report.ok:
            return AuditVerification(chains=count, records=total, broken=report.broken)
    return AuditVerification(chains=count, records=total, broken=None)
