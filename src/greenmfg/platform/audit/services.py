"""Append to an audit chain, make a signed checkpoint, verify every chain.

Every audited service appends its row through :func:`chain_append` (or, for the
workflow table whose rows are hashed by the core, :func:`head_advance`) inside its own
transaction; the chain head is locked, so concurrent appends to one chain queue up.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from greenmfg.core import integrity
from greenmfg.platform.audit.models import ChainHead, Checkpoint
from greenmfg.platform.audit.tables import TABLES, AuditedTable, table
from greenmfg.platform.common.bulk import allocate_ids, insert_objects, update_many


def audit_key() -> bytes:
    """The key that seals rows and signs checkpoints.

    ``settings.AUDIT_SIGNING_KEY`` (environment ``GREENMFG_AUDIT_KEY``) when set, else a
    key derived from ``SECRET_KEY``.  It is never stored in the database; changing it
    makes every existing seal fail, so keep it as long as the data.
    """
    configured = str(getattr(settings, "AUDIT_SIGNING_KEY", "") or "")
    if configured:
        return configured.encode()
    return hmac.new(
        str(settings.SECRET_KEY).encode(), b"greenmfg-audit-key", hashlib.sha256
    ).digest()


def _locked_head(table_name: str, chain: str) -> ChainHead:
    ChainHead.objects.get_or_create(table=table_name, chain=chain)
    return ChainHead.objects.select_for_update().get(table=table_name, chain=chain)


def _advance(head: ChainHead, *, length: int, head_hash: str, owner: Model | None) -> None:
    head.length = length
    head.head_hash = head_hash
    head.updated_at = timezone.now()
    head.save(update_fields=["length", "head_hash", "updated_at"])
    if owner is not None:
        type(owner)._default_manager.filter(pk=owner.pk).update(
            audit_length=length, audit_head=head_hash
        )
        owner.audit_length = length  # type: ignore[attr-defined]
        owner.audit_head = head_hash  # type: ignore[attr-defined]


@transaction.atomic
def chain_append(row: Model, *, table_name: str, chain: str, owner: Model | None = None) -> Model:
    """Fill ``row``'s chain columns (sequence, previous hash, hash, seal), insert it and
    advance its chain's head (and ``owner``'s copy of it)."""
    spec = table(table_name)
    assert spec.payload is not None, "the workflow table is hashed by the core"
    head = _locked_head(table_name, chain)
    sequence = head.length + 1
    previous = head.head_hash or integrity.genesis_hash(chain)
    row.chain = chain  # type: ignore[attr-defined]
    row.sequence = sequence  # type: ignore[attr-defined]
    row.previous_hash = previous  # type: ignore[attr-defined]
    row.hash = integrity.link_hash(  # type: ignore[attr-defined]
        chain=chain, sequence=sequence, previous_hash=previous, payload=spec.payload(row)
    )
    row.seal = integrity.seal(audit_key(), row.hash)  # type: ignore[attr-defined]
    row.save(force_insert=True)
    _advance(head, length=sequence, head_hash=row.hash, owner=owner)  # type: ignore[attr-defined]
    return row


@transaction.atomic
def chain_append_bulk(
    rows: Sequence[Model],
    *,
    table_name: str,
    chain_of: Callable[[Any], str],
    owner_model: type[Model] | None = None,
    owner_of: Callable[[Any], int] | None = None,
    batch_size: int = 2000,
) -> list[Model]:
    """:func:`chain_append` for many rows at once (bulk paths): the heads of all their
    chains are locked in one query, the rows inserted in bulk (``COPY`` on PostgreSQL,
    ``executemany`` on SQLite, keys allocated up front) and the heads
    (and owners, ``owner_of(row)`` giving the owner's primary key) advanced in bulk."""
    spec = table(table_name)
    assert spec.payload is not None, "the workflow table is hashed by the core"
    if not rows:
        return []
    chains = sorted({chain_of(r) for r in rows})
    heads = _locked_heads(table_name, chains, batch_size)
    key = audit_key()
    owners: dict[int, tuple[int, str]] = {}
    now = timezone.now()
    for row in rows:
        chain = chain_of(row)
        head = heads[chain]
        sequence = head.length + 1
        previous = head.head_hash or integrity.genesis_hash(chain)
        row.chain = chain  # type: ignore[attr-defined]
        row.sequence = sequence  # type: ignore[attr-defined]
        row.previous_hash = previous  # type: ignore[attr-defined]
        row_hash = integrity.link_hash(
            chain=chain, sequence=sequence, previous_hash=previous, payload=spec.payload(row)
        )
        row.hash = row_hash  # type: ignore[attr-defined]
        row.seal = integrity.seal(key, row_hash)  # type: ignore[attr-defined]
        head.length, head.head_hash, head.updated_at = sequence, row_hash, now
        if owner_of is not None:
            owners[owner_of(row)] = (sequence, row_hash)
    model = type(rows[0])
    created = list(rows)
    for row, pk in zip(created, allocate_ids(model, len(created)), strict=True):
        row.pk = pk
    insert_objects(model, created)
    update_many(
        ChainHead,
        ["length", "head_hash", "updated_at"],
        [(h.pk, [h.length, h.head_hash, h.updated_at]) for h in heads.values()],
    )
    if owner_model is not None and owners:
        update_many(
            owner_model,
            ["audit_length", "audit_head"],
            [(pk, [n, h]) for pk, (n, h) in owners.items()],
        )
    return list(rows)


def _locked_heads(table_name: str, chains: list[str], batch_size: int) -> dict[str, ChainHead]:
    """The heads of ``chains`` (created when new), locked, by chain."""
    if connection.vendor == "postgresql":
        # one array parameter instead of one parameter per chain
        db_table = ChainHead._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f'INSERT INTO {db_table} ("table", chain, length, head_hash, updated_at) '  # noqa: S608 - model name
                "SELECT %s, c, 0, '', %s FROM unnest(%s::text[]) AS c "
                'ON CONFLICT ("table", chain) DO NOTHING',
                [table_name, timezone.now(), chains],
            )
        locked = ChainHead.objects.raw(
            f'SELECT * FROM {db_table} WHERE "table" = %s AND chain = ANY(%s) '  # noqa: S608
            "ORDER BY chain FOR UPDATE",
            [table_name, chains],
        )
        return {h.chain: h for h in locked}
    ChainHead.objects.bulk_create(
        [ChainHead(table=table_name, chain=c) for c in chains],
        ignore_conflicts=True,
        batch_size=batch_size,
    )
    return {
        h.chain: h
        for h in ChainHead.objects.select_for_update()
        .filter(table=table_name, chain__in=chains)
        .order_by("chain")
    }


def workflow_head_lock(chain: str) -> ChainHead:
    """Lock a workflow chain's head before its next record is sealed."""
    return _locked_head("workflow", chain)


def workflow_head_advance(head: ChainHead, *, sequence: int, record_hash: str, owner: Model) -> str:
    """Advance a workflow chain after its record was sealed; the record's seal."""
    _advance(head, length=sequence, head_hash=record_hash, owner=owner)
    return integrity.seal(audit_key(), record_hash)


# ---------------------------------------------------------------- checkpoints


def checkpoint_create() -> Checkpoint:
    """Sign every chain head as it is now and keep the checkpoint (the scheduler calls
    this; export it with :meth:`greenmfg.core.integrity.Checkpoint.to_json`)."""
    heads = {
        f"{t}/{c}": integrity.Head(n, h)
        for t, c, n, h in ChainHead.objects.filter(length__gt=0)
        .values_list("table", "chain", "length", "head_hash")
        .iterator(chunk_size=5000)
    }
    key = audit_key()
    made = integrity.checkpoint_make(key=key, heads=heads, made_at=timezone.now())
    public = integrity.checkpoint_publish(key=key, checkpoint=made)
    return Checkpoint.objects.create(
        made_at=made.made_at,
        key_id=made.key_id,
        chains=len(heads),
        records=made.records,
        digest=made.digest,
        signature=made.signature,
        document=made.to_dict(),
        public_digest=public.digest,
        public_signature=public.signature,
    )


def checkpoint_document(row: Checkpoint) -> integrity.Checkpoint:
    return integrity.Checkpoint.from_dict(row.document)


def checkpoint_public(row: Checkpoint) -> integrity.Checkpoint:
    """The checkpoint as the public page offers it: chains named by their keyed labels
    (no credit code or id leaves the platform), signed under the audit key."""
    return integrity.checkpoint_publish(key=audit_key(), checkpoint=checkpoint_document(row))


# ---------------------------------------------------------------- verification


@dataclass
class Verification:
    chains: int = 0
    records: int = 0
    checkpoints: int = 0
    breaks: list[integrity.Break] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks


def audit_verify(
    *,
    tables: Iterable[str] | None = None,
    checkpoints: Iterable[integrity.Checkpoint] | None = None,
    latest_stored: bool = True,
) -> Verification:
    """Verify every chain of the audited tables; report every break.

    Besides links, hashes and seals, each chain is compared with its head in the head
    table, with its owner's copy (application, annual filing) and with the heads fixed
    by ``checkpoints`` (exported files) and by the latest stored checkpoint.
    """
    key = audit_key()
    wanted = set(tables) if tables is not None else None
    specs = [t for t in TABLES if wanted is None or t.name in wanted]
    result = Verification()
    fixed: list[integrity.Checkpoint] = list(checkpoints or [])
    if latest_stored:
        stored = Checkpoint.objects.order_by("-made_at", "-pk").first()
        if stored is not None:
            fixed.append(checkpoint_document(stored))
    for cp in fixed:
        result.checkpoints += 1
        if cp.key_id != integrity.key_id(key) or not integrity.checkpoint_valid(
            key=key, checkpoint=cp
        ):
            result.breaks.append(
                integrity.Break(
                    "checkpoint",
                    cp.digest[:16],
                    "",
                    integrity.Problem.SIGNATURE,
                    f"the checkpoint of {integrity.utc_iso(cp.made_at)} does not verify under "
                    f"the audit key {integrity.key_id(key)} (its heads or signature were changed, "
                    f"or it was signed with key {cp.key_id})",
                )
            )
    for spec in specs:
        _verify_table(spec, key=key, checkpoints=fixed, result=result)
    return result


def _verify_table(
    spec: AuditedTable,
    *,
    key: bytes,
    checkpoints: list[integrity.Checkpoint],
    result: Verification,
) -> None:
    heads = {
        c: integrity.Head(n, h)
        for c, n, h in ChainHead.objects.filter(table=spec.name)
        .values_list("chain", "length", "head_hash")
        .iterator(chunk_size=5000)
    }
    owners = spec.owner_heads()
    owner_place = spec.owner.split(".")[1].lower() if spec.owner else ""
    prefix = f"{spec.name}/"
    fixed: list[tuple[integrity.Checkpoint, Mapping[str, integrity.Head]]] = [
        (
            cp,
            {k[len(prefix) :]: h for k, h in cp.heads.items() if k.startswith(prefix)},
        )
        for cp in checkpoints
    ]
    seen: set[str] = set()
    # the names (labels, in a public checkpoint) of each checkpoint's chains found today
    reached: list[set[str]] = [set() for _ in fixed]

    def check(chain: str, links: list[integrity.Link]) -> None:
        places: dict[str, integrity.Head | None] = {"head table": heads.get(chain)}
        if spec.owner is not None:
            places[owner_place] = owners.get(chain)
        result.breaks.extend(
            integrity.verify_chain(table=spec.name, chain=chain, links=links, key=key, heads=places)
        )
        for (cp, cp_heads), found in zip(fixed, reached, strict=True):
            name = integrity.chain_label(key, spec.name, chain) if cp.public else chain
            head = cp_heads.get(name)
            if head is not None:
                found.add(name)
                result.breaks.extend(
                    integrity.verify_checkpoint_heads(
                        table=spec.name, chain=chain, links=links, head=head, made_at=cp.made_at
                    )
                )

    for chain, links in spec.chains():
        seen.add(chain)
        result.chains += 1
        result.records += len(links)
        check(chain, links)
    orphans: set[str] = {c for c, h in heads.items() if h.length > 0}
    orphans |= {c for c, h in owners.items() if h.length > 0}
    for cp, cp_heads in fixed:
        if not cp.public:
            orphans |= set(cp_heads)
    for chain in sorted(orphans - seen):
        check(chain, [])
    # a label of a public checkpoint that no chain has any more: a chain deleted, rows
    # and heads, after the checkpoint (reported under its label)
    for (cp, cp_heads), found in zip(fixed, reached, strict=True):
        if cp.public:
            for label in sorted(set(cp_heads) - found):
                result.breaks.extend(
                    integrity.verify_checkpoint_heads(
                        table=spec.name,
                        chain=label,
                        links=[],
                        head=cp_heads[label],
                        made_at=cp.made_at,
                    )
                )
