"""The audited tables: what each row's hash covers and where each chain's head is kept.

Payload functions read only stored columns, so they work on the models of migrations
too (:mod:`greenmfg.platform.audit.migration`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.apps import apps as global_apps

from greenmfg.core import integrity
from greenmfg.core.workflow import audit as workflow_chain


def filing_event_payload(row: Any) -> dict[str, Any]:
    return {
        "filing": row.filing_id,
        "actor": row.actor_id,
        "action": row.action,
        "detail": row.detail,
        "at": integrity.utc_iso(row.created_at),
    }


def registry_event_payload(row: Any) -> dict[str, Any]:
    return {
        "action": row.action,
        "actor": row.actor_id,
        "actor_name": row.actor_name,
        "at": integrity.utc_iso(row.at),
        "uscc": row.uscc,
        "object_id": row.object_id,
        "detail": row.detail,
    }


def supervision_event_payload(row: Any) -> dict[str, Any]:
    return {
        "actor": row.actor_id,
        "verb": row.verb,
        "object_type": row.object_type,
        "object_id": row.object_id,
        "adcode": row.adcode,
        "data": row.data,
        "at": integrity.utc_iso(row.at),
    }


def application_chain(pk: int) -> str:
    return f"application-{pk}"


def filing_chain(pk: int) -> str:
    return f"filing-{pk}"


def registry_chain(uscc: str) -> str:
    return f"registry-{uscc}"


def supervision_chain(object_type: str, pk: int) -> str:
    return f"supervision-{object_type}-{pk}"


@dataclass(frozen=True)
class AuditedTable:
    """One audit table.  ``payload`` is ``None`` for the workflow table, whose rows are
    hashed by :mod:`greenmfg.core.workflow.audit`; ``owner`` is the model that keeps its
    chain's length and head (``audit_length`` / ``audit_head``), if one does."""

    name: str
    model: str
    payload: Callable[[Any], dict[str, Any]] | None
    owner: str | None = None
    owner_chain: Callable[[int], str] | None = None

    def model_class(self, apps: Any = global_apps) -> Any:
        return apps.get_model(self.model)

    def chains(self, apps: Any = global_apps) -> Iterator[tuple[str, list[integrity.Link]]]:
        """Every chain of the table with its rows as links, in chain order."""
        model = self.model_class(apps)
        label = model._meta.label
        if self.payload is None:
            rows = model.objects.order_by("application_id", "sequence").iterator(chunk_size=2000)
            for app_id, group in groupby(rows, key=lambda r: r.application_id):
                chain = application_chain(app_id)
                yield chain, [_workflow_link(label, chain, r) for r in group]
            return
        payload = self.payload
        rows = model.objects.order_by("chain", "sequence").iterator(chunk_size=2000)
        for chain, group in groupby(rows, key=lambda r: r.chain):
            yield (
                chain,
                [
                    integrity.Link(
                        sequence=r.sequence,
                        record=f"{label} #{r.pk} (#{r.sequence})",
                        previous_hash=r.previous_hash,
                        hash=r.hash,
                        seal=r.seal,
                        computed_hash=integrity.link_hash(
                            chain=chain,
                            sequence=r.sequence,
                            previous_hash=r.previous_hash,
                            payload=payload(r),
                        ),
                    )
                    for r in group
                ],
            )

    def owner_heads(self, apps: Any = global_apps) -> dict[str, integrity.Head]:
        if self.owner is None or self.owner_chain is None:
            return {}
        owner = apps.get_model(self.owner)
        return {
            self.owner_chain(pk): integrity.Head(length, head)
            for pk, length, head in owner.objects.values_list(
                "pk", "audit_length", "audit_head"
            ).iterator(chunk_size=5000)
        }


def _workflow_link(label: str, chain: str, row: Any) -> integrity.Link:
    record = workflow_chain.AuditRecord(
        chain_id=chain,
        sequence=row.sequence,
        actor=row.actor_name,
        at=row.at,
        event=row.event,
        from_state=row.from_state,
        to_state=row.to_state,
        reason=row.reason,
        content_hash=row.content_hash,
        previous_hash=row.previous_hash,
        hash=row.hash,
    )
    return integrity.Link(
        sequence=row.sequence,
        record=f"{label} #{row.pk} (#{row.sequence})",
        previous_hash=row.previous_hash,
        hash=row.hash,
        seal=row.seal,
        computed_hash=record.compute_hash(),
        from_state=row.from_state,
        to_state=row.to_state,
    )


TABLES: tuple[AuditedTable, ...] = (
    AuditedTable(
        "workflow", "workflow.AuditRecord", None, "workflow.Application", application_chain
    ),
    AuditedTable(
        "filings", "filings.FilingEvent", filing_event_payload, "filings.AnnualFiling", filing_chain
    ),
    AuditedTable("registry", "registry.RegistryEvent", registry_event_payload),
    AuditedTable("supervision", "supervision.SupervisionEvent", supervision_event_payload),
)
TABLE_NAMES = tuple(t.name for t in TABLES)


def table(name: str) -> AuditedTable:
    for t in TABLES:
        if t.name == name:
            return t
    raise KeyError(name)
