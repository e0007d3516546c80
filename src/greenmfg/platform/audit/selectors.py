"""Reads of the signed checkpoints for the public checkpoint page (审计检查点公示).

The page and its downloads offer the *public* form of each checkpoint
(:func:`greenmfg.core.integrity.checkpoint_publish`): chains named by keyed labels, so
no credit code or record id leaves the platform.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db.models import QuerySet
from django.http import Http404

from greenmfg.platform.audit.models import Checkpoint
from greenmfg.platform.audit.services import checkpoint_public


@dataclass(frozen=True)
class PublishedCheckpoint:
    """What the public page shows of one checkpoint: the digest and signature are those
    of its public form, the ones a downloaded file carries."""

    pk: int
    made_at: datetime
    key_id: str
    chains: int
    records: int
    digest: str
    signature: str


def checkpoint_rows() -> QuerySet[Checkpoint]:
    """Every checkpoint, newest first, without its (large) document."""
    return Checkpoint.objects.order_by("-made_at", "-pk").defer("document")


def published(rows: list[Checkpoint]) -> list[PublishedCheckpoint]:
    out = []
    for row in rows:
        digest, signature = row.public_digest, row.public_signature
        if not digest:  # a checkpoint made before public forms were kept: sign it now
            public = checkpoint_public(Checkpoint.objects.get(pk=row.pk))
            digest, signature = public.digest, public.signature
        out.append(
            PublishedCheckpoint(
                pk=row.pk,
                made_at=row.made_at,
                key_id=row.key_id,
                chains=row.chains,
                records=row.records,
                digest=digest,
                signature=signature,
            )
        )
    return out


def checkpoint_get(pk: int) -> Checkpoint:
    row = Checkpoint.objects.filter(pk=pk).first()
    if row is None:
        raise Http404("no such checkpoint")
    return row
