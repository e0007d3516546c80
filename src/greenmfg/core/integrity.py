"""Tamper evidence for the platform's append-only audit tables (审计链与签名检查点).

Every audited table (workflow transitions, filing events, registry events, dynamic
management events) keeps its rows in *chains*: one chain per audited object.  A row
carries its chain id, its sequence (1, 2, 3 …), the hash of the previous row of the chain
(the first row links to :func:`genesis_hash` of the chain id), its own SHA-256 hash over
its content and those links, and a *seal*: an HMAC-SHA256 of that hash under a key that
lives in the platform's settings, never in the database.

Three further anchors make deletion and re-sealing visible:

- the chain's *head* (length and last hash) is kept apart from the rows (on the audited
  object and in a head table), so deleting the last rows of a chain, or all of them,
  leaves a head that no row matches;
- a rewritten row whose later hashes were recomputed still fails its seal, because the
  key is not in the database;
- a signed :class:`Checkpoint` lists every chain head at a moment.  It is exported and
  published, so a later verification compares today's rows with heads that were fixed
  outside the database: a chain that was shortened, rewritten or removed after the
  checkpoint no longer reaches the published head.

:func:`verify_chain` reports *every* break of a chain (not only the first), each with its
chain, record and a stable problem code.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from greenmfg.core.workflow.audit import canonical_json, genesis_hash

__all__ = [
    "Break",
    "Checkpoint",
    "Head",
    "Link",
    "Problem",
    "canonical_json",
    "chain_label",
    "checkpoint_make",
    "checkpoint_publish",
    "checkpoint_valid",
    "genesis_hash",
    "key_id",
    "link_hash",
    "seal",
    "utc_iso",
    "verify_chain",
    "verify_checkpoint_heads",
]


class Problem(StrEnum):
    """What a break is; stable codes for machines, the detail text is for people."""

    EDITED = "edited"  # a row's content no longer matches its hash
    SEAL = "seal"  # a row's seal is not the keyed MAC of its hash (re-sealed or forged)
    LINK = "link"  # a row does not link to the hash of the row before it
    MISSING = "missing"  # a sequence number is skipped: rows in the middle were deleted
    TRUNCATED = "truncated"  # the head says the chain is longer than its rows
    HEAD = "head"  # the head's hash is not the hash of the chain's last row
    NO_HEAD = "no_head"  # rows exist but no head was kept for the chain
    DELETED = "deleted"  # the head (or a checkpoint) names a chain that has no rows
    CHECKPOINT = "checkpoint"  # the chain no longer reaches a head fixed by a checkpoint
    SIGNATURE = "signature"  # a checkpoint's signature does not verify under the key
    STATE = "state"  # a workflow row starts from a state the previous row did not end in


def utc_iso(value: datetime) -> str:
    """A timestamp in UTC ISO form, so a hash does not depend on the reader's time zone."""
    if value.tzinfo is None:
        raise ValueError("audit timestamps must be timezone-aware")
    return value.astimezone(UTC).isoformat()


def link_hash(*, chain: str, sequence: int, previous_hash: str, payload: Mapping[str, Any]) -> str:
    """SHA-256 over a row's content and its place in its chain."""
    body = {
        "chain": chain,
        "sequence": sequence,
        "previous_hash": previous_hash,
        "payload": payload,
    }
    return hashlib.sha256(canonical_json(body).encode()).hexdigest()


def seal(key: bytes, record_hash: str) -> str:
    """The keyed MAC (HMAC-SHA256) of a row's hash."""
    return hmac.new(key, record_hash.encode(), hashlib.sha256).hexdigest()


def key_id(key: bytes) -> str:
    """A short public name of a key (never the key): the first 16 hex of its SHA-256."""
    return hashlib.sha256(b"greenmfg-audit-key:" + key).hexdigest()[:16]


@dataclass(frozen=True)
class Head:
    """How long a chain is and the hash of its last row."""

    length: int
    hash: str


@dataclass(frozen=True)
class Link:
    """One stored row as the verifier sees it.

    ``computed_hash`` is the hash recomputed from the row's stored content; ``hash`` is
    the hash stored in the row.
    """

    sequence: int
    record: str  # how to find the row: table and primary key
    previous_hash: str
    hash: str
    seal: str
    computed_hash: str
    from_state: str | None = None
    to_state: str | None = None


@dataclass(frozen=True)
class Break:
    table: str
    chain: str
    record: str  # the row concerned ("" when the break is about the chain as a whole)
    problem: Problem
    detail: str

    def __str__(self) -> str:
        where = f", {self.record}" if self.record else ""
        return f"[{self.table}] chain {self.chain}{where}: {self.problem.value}: {self.detail}"

    def to_dict(self) -> dict[str, str]:
        return {
            "table": self.table,
            "chain": self.chain,
            "record": self.record,
            "problem": self.problem.value,
            "detail": self.detail,
        }


def verify_chain(
    *,
    table: str,
    chain: str,
    links: Sequence[Link],
    key: bytes,
    heads: Mapping[str, Head | None] | None = None,
) -> list[Break]:
    """Every break of one chain (``links`` in any order).

    ``heads`` maps where a head was kept (e.g. "head table", "application") to the head
    found there; ``None`` means that place keeps no head for this chain.
    """
    out: list[Break] = []

    def broken(record: str, problem: Problem, detail: str) -> None:
        out.append(Break(table, chain, record, problem, detail))

    ordered = sorted(links, key=lambda link: link.sequence)
    previous: Link | None = None
    for link in ordered:
        expected = 1 if previous is None else previous.sequence + 1
        if link.sequence != expected:
            broken(
                link.record,
                Problem.MISSING,
                f"sequence {link.sequence} follows {expected - 1}: "
                f"{link.sequence - expected} record(s) before it were deleted",
            )
        expected_previous = genesis_hash(chain) if previous is None else previous.hash
        if link.previous_hash != expected_previous and link.sequence == expected:
            broken(
                link.record,
                Problem.LINK,
                "does not link to the hash of the record before it "
                "(a record before it was changed, removed or inserted)",
            )
        if link.computed_hash != link.hash:
            broken(link.record, Problem.EDITED, "its content does not match its hash (edited)")
        if not hmac.compare_digest(link.seal, seal(key, link.hash)):
            broken(
                link.record,
                Problem.SEAL,
                "its seal is not the keyed MAC of its hash (re-sealed or written outside the platform)",
            )
        if (
            previous is not None
            and link.from_state is not None
            and previous.to_state is not None
            and link.from_state != previous.to_state
        ):
            broken(
                link.record,
                Problem.STATE,
                f"starts from {link.from_state!r} but the record before it ended in "
                f"{previous.to_state!r}",
            )
        previous = link
    last = ordered[-1] if ordered else None
    for place, head in (heads or {}).items():
        if head is None or head.length == 0:
            if last is not None and place == "head table":
                broken("", Problem.NO_HEAD, f"{len(ordered)} record(s) but no head in the {place}")
            continue
        if last is None:
            broken(
                "",
                Problem.DELETED,
                f"the {place} records {head.length} record(s) but the chain has none "
                "(the whole chain was deleted)",
            )
            continue
        if head.length > last.sequence:
            broken(
                "",
                Problem.TRUNCATED,
                f"the {place} records {head.length} record(s) but the chain ends at "
                f"#{last.sequence} (the last {head.length - last.sequence} were deleted)",
            )
        elif head.length < last.sequence:
            broken(
                last.record,
                Problem.HEAD,
                f"the {place} records {head.length} record(s) but the chain runs to "
                f"#{last.sequence} (records were added outside the platform)",
            )
        elif not hmac.compare_digest(head.hash, last.hash):
            broken(last.record, Problem.HEAD, f"the {place}'s head hash is not this record's hash")
    return out


# ---------------------------------------------------------------- checkpoints

FORMAT = "greenmfg-audit-checkpoint/1"
PUBLIC_FORMAT = "greenmfg-audit-checkpoint-public/1"


@dataclass(frozen=True)
class Checkpoint:
    """Every chain head at one moment, signed with the audit key.

    ``heads`` maps ``"<table>/<chain>"`` to the head.  The digest is the SHA-256 of the
    canonical JSON of the moment and the heads; the signature is its HMAC-SHA256.  In a
    *public* checkpoint (:func:`checkpoint_publish`) each chain is named by its keyed
    label instead, ``"<table>/<label>"``.
    """

    made_at: datetime
    heads: Mapping[str, Head]
    key_id: str
    digest: str
    signature: str
    records: int = field(default=0)
    public: bool = field(default=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": PUBLIC_FORMAT if self.public else FORMAT,
            "made_at": utc_iso(self.made_at),
            "key_id": self.key_id,
            "chains": len(self.heads),
            "records": self.records,
            "digest": self.digest,
            "signature": self.signature,
            "heads": {k: [h.length, h.hash] for k, h in sorted(self.heads.items())},
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Checkpoint:
        if data.get("format") not in (FORMAT, PUBLIC_FORMAT):
            raise ValueError(
                f"not a greenmfg audit checkpoint (format {FORMAT} or {PUBLIC_FORMAT})"
            )
        heads = {str(k): Head(int(v[0]), str(v[1])) for k, v in dict(data["heads"]).items()}
        return cls(
            made_at=datetime.fromisoformat(str(data["made_at"])),
            heads=heads,
            key_id=str(data["key_id"]),
            digest=str(data["digest"]),
            signature=str(data["signature"]),
            records=int(data.get("records", 0)),
            public=data["format"] == PUBLIC_FORMAT,
        )


def _digest(made_at: datetime, heads: Mapping[str, Head]) -> str:
    body = {
        "made_at": utc_iso(made_at),
        "heads": {k: [h.length, h.hash] for k, h in sorted(heads.items())},
    }
    return hashlib.sha256(canonical_json(body).encode()).hexdigest()


def checkpoint_make(*, key: bytes, heads: Mapping[str, Head], made_at: datetime) -> Checkpoint:
    digest = _digest(made_at, heads)
    return Checkpoint(
        made_at=made_at,
        heads=dict(heads),
        key_id=key_id(key),
        digest=digest,
        signature=seal(key, digest),
        records=sum(h.length for h in heads.values()),
    )


def chain_label(key: bytes, table: str, chain: str) -> str:
    """A chain's name in a public checkpoint: the first 32 hex of the HMAC-SHA256 of
    ``"<table>/<chain>"`` under the audit key.  Chain names carry credit codes and ids;
    the label reveals neither, and only the key's holder can tell which chain it is."""
    message = f"greenmfg-chain-label:{table}/{chain}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def checkpoint_publish(*, key: bytes, checkpoint: Checkpoint) -> Checkpoint:
    """The checkpoint as it is published for anyone to keep: every chain named by its
    :func:`chain_label`, the same moment, lengths and hashes, digested and signed again.

    A later ``audit verify --checkpoint`` with the key maps today's chains to their
    labels and checks that each still reaches the published head; a label no chain has
    any more is a chain deleted after the checkpoint."""
    if checkpoint.public:
        return checkpoint
    heads: dict[str, Head] = {}
    for name, head in checkpoint.heads.items():
        table, _, chain = name.partition("/")
        heads[f"{table}/{chain_label(key, table, chain)}"] = head
    made = checkpoint_make(key=key, heads=heads, made_at=checkpoint.made_at)
    return Checkpoint(
        made_at=made.made_at,
        heads=made.heads,
        key_id=made.key_id,
        digest=made.digest,
        signature=made.signature,
        records=made.records,
        public=True,
    )


def checkpoint_valid(*, key: bytes, checkpoint: Checkpoint) -> bool:
    """Whether the checkpoint's heads are the ones that were signed, under this key."""
    digest = _digest(checkpoint.made_at, checkpoint.heads)
    return hmac.compare_digest(digest, checkpoint.digest) and hmac.compare_digest(
        seal(key, digest), checkpoint.signature
    )


def verify_checkpoint_heads(
    *,
    table: str,
    chain: str,
    links: Sequence[Link],
    head: Head,
    made_at: datetime,
) -> list[Break]:
    """Whether a chain still reaches the head a checkpoint fixed for it."""
    when = utc_iso(made_at)
    by_sequence = {link.sequence: link for link in links}
    if not links:
        return [
            Break(
                table,
                chain,
                "",
                Problem.CHECKPOINT,
                f"the checkpoint of {when} fixed {head.length} record(s); the chain is gone",
            )
        ]
    at = by_sequence.get(head.length)
    if at is None:
        return [
            Break(
                table,
                chain,
                "",
                Problem.CHECKPOINT,
                f"the checkpoint of {when} fixed record #{head.length}; it is gone",
            )
        ]
    if not hmac.compare_digest(at.hash, head.hash):
        return [
            Break(
                table,
                chain,
                at.record,
                Problem.CHECKPOINT,
                f"the checkpoint of {when} fixed another hash for record #{head.length} "
                "(the chain was rewritten and re-sealed)",
            )
        ]
    return []
