"""Seal the audit rows written before the tables were chained (used by migrations).

Rows are chained in the order they were written (primary key), one chain per audited
object, exactly as :func:`greenmfg.platform.audit.services.chain_append` would have.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from greenmfg.core import integrity
from greenmfg.platform.audit import tables


def _chain_of(name: str) -> Callable[[Any], str]:
    if name == "filings":
        return lambda r: tables.filing_chain(r.filing_id)
    if name == "registry":
        return lambda r: tables.registry_chain(r.uscc)
    if name == "supervision":
        return lambda r: tables.supervision_chain(r.object_type, r.object_id)
    raise KeyError(name)


def backfill(name: str) -> Callable[[Any, Any], None]:
    """A ``RunPython`` function that chains and seals the existing rows of a table."""

    def run(apps: Any, schema_editor: Any) -> None:
        from greenmfg.platform.audit.services import audit_key

        key = audit_key()
        spec = tables.table(name)
        model = spec.model_class(apps)
        heads: dict[str, tuple[int, str]] = {}
        if spec.payload is None:
            for row in model.objects.order_by("application_id", "sequence").iterator():
                row.seal = integrity.seal(key, row.hash)
                row.save(update_fields=["seal"])
                heads[tables.application_chain(row.application_id)] = (row.sequence, row.hash)
        else:
            chain_of = _chain_of(name)
            for row in model.objects.order_by("pk").iterator():
                chain = chain_of(row)
                length, previous = heads.get(chain, (0, integrity.genesis_hash(chain)))
                row.chain = chain
                row.sequence = length + 1
                row.previous_hash = previous
                row.hash = integrity.link_hash(
                    chain=chain,
                    sequence=row.sequence,
                    previous_hash=previous,
                    payload=spec.payload(row),
                )
                row.seal = integrity.seal(key, row.hash)
                row.save(update_fields=["chain", "sequence", "previous_hash", "hash", "seal"])
                heads[chain] = (row.sequence, row.hash)
        head_model = apps.get_model("audit", "ChainHead")
        head_model.objects.bulk_create(
            [head_model(table=name, chain=c, length=n, head_hash=h) for c, (n, h) in heads.items()]
        )
        if spec.owner is not None and spec.owner_chain is not None:
            owner = apps.get_model(spec.owner)
            for pk in owner.objects.values_list("pk", flat=True).iterator():
                n, h = heads.get(spec.owner_chain(pk), (0, ""))
                if n:
                    owner.objects.filter(pk=pk).update(audit_length=n, audit_head=h)

    return run
