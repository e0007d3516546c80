"""The append-only audit hash chain of workflow events.

Every transition (and every other recorded event of an application: expert scores,
objections, list publication) is an :class:`AuditRecord` — who, when, from, to,
reason, the SHA-256 hash of the application's content at that moment, and the hash of
the previous record of the same chain.  The record's own hash covers all of these, so
changing, deleting or reordering any record breaks every later link.
:func:`verify_chain` walks a chain and names the first broken link.

Each application has its own chain; its first record links to :func:`genesis_hash` of
the chain id, so a record cannot be moved from one chain to another unnoticed.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

HASH_ALGORITHM = "sha256"


def canonical_json(value: Any) -> str:
    """Stable JSON: sorted keys, no whitespace, decimals and datetimes as strings."""
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default
    )


def _default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"cannot hash a {type(value).__name__}")


def content_hash(content: Mapping[str, Any]) -> str:
    """SHA-256 of the canonical JSON of an application's content."""
    return hashlib.sha256(canonical_json(content).encode()).hexdigest()


def genesis_hash(chain_id: str) -> str:
    return hashlib.sha256(f"greenmfg-audit-genesis:{chain_id}".encode()).hexdigest()


@dataclass(frozen=True)
class AuditRecord:
    chain_id: str
    sequence: int  # 1, 2, 3 … within the chain
    actor: str
    at: datetime
    event: str  # transition name or event kind
    from_state: str
    to_state: str
    reason: str
    content_hash: str
    previous_hash: str
    hash: str = ""

    def payload(self) -> dict[str, Any]:
        return {
            "chain_id": self.chain_id,
            "sequence": self.sequence,
            "actor": self.actor,
            "at": self.at.isoformat(),
            "event": self.event,
            "from": self.from_state,
            "to": self.to_state,
            "reason": self.reason,
            "content_hash": self.content_hash,
            "previous_hash": self.previous_hash,
        }

    def compute_hash(self) -> str:
        return hashlib.sha256(canonical_json(self.payload()).encode()).hexdigest()


def seal(
    *,
    chain_id: str,
    previous: AuditRecord | None,
    actor: str,
    at: datetime,
    event: str,
    from_state: str,
    to_state: str,
    reason: str,
    content_hash: str,
) -> AuditRecord:
    """The next record of a chain, with its hash computed."""
    if at.tzinfo is None:
        raise ValueError("audit timestamps must be timezone-aware")
    record = AuditRecord(
        chain_id=chain_id,
        sequence=1 if previous is None else previous.sequence + 1,
        actor=actor,
        at=at,
        event=event,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        content_hash=content_hash,
        previous_hash=genesis_hash(chain_id) if previous is None else previous.hash,
    )
    return AuditRecord(**{**record.__dict__, "hash": record.compute_hash()})


@dataclass(frozen=True)
class BrokenLink:
    chain_id: str
    sequence: int
    problem: str  # "hash", "previous_hash", "sequence", "chain_id", "state"
    detail: str

    def __str__(self) -> str:
        return f"chain {self.chain_id}, record #{self.sequence}: {self.detail}"


@dataclass(frozen=True)
class ChainReport:
    checked: int
    broken: BrokenLink | None

    @property
    def ok(self) -> bool:
        return self.broken is None


def verify_chain(records: Iterable[AuditRecord], *, chain_id: str | None = None) -> ChainReport:
    """Check one chain (records in sequence order); report the first broken link.

    Checks, per record: it belongs to the chain, its sequence follows the previous one,
    it links to the previous record's hash (or the genesis hash), its stored hash equals
    the recomputed hash, and its ``from`` state is the previous record's ``to`` state.
    """
    previous: AuditRecord | None = None
    checked = 0
    for record in records:
        cid = chain_id or record.chain_id
        chain_id = cid
        broken: tuple[str, str] | None = None
        expected_seq = 1 if previous is None else previous.sequence + 1
        expected_prev = genesis_hash(cid) if previous is None else previous.hash
        if record.chain_id != cid:
            broken = ("chain_id", f"belongs to chain {record.chain_id}, not {cid}")
        elif record.sequence != expected_seq:
            broken = (
                "sequence",
                f"sequence {record.sequence} where {expected_seq} was expected (a record is missing or moved)",
            )
        elif record.previous_hash != expected_prev:
            broken = (
                "previous_hash",
                "does not link to the previous record's hash (a record before it was changed, removed or inserted)",
            )
        elif record.compute_hash() != record.hash:
            broken = ("hash", "its content does not match its hash (the record was altered)")
        elif previous is not None and previous.to_state != record.from_state:
            broken = (
                "state",
                f"starts from {record.from_state!r} but the previous record ended in {previous.to_state!r}",
            )
        if broken is not None:
            return ChainReport(
                checked=checked,
                broken=BrokenLink(
                    chain_id=cid, sequence=record.sequence, problem=broken[0], detail=broken[1]
                ),
            )
        checked += 1
        previous = record
    return ChainReport(checked=checked, broken=None)
