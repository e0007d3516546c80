"""The registry's generation: a token that changes whenever a unit or listing is written.

Figures derived from the whole registry — the authority home summaries (region
snapshots), the public list's counts — are cached under the current generation.  Every
registry write (the services' audit step, the bulk loaders, another app moving a unit)
calls :func:`registry_changed` once its transaction commits, so the next read computes
them afresh and they never show a state older than the last write.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction

T = TypeVar("T")

_KEY = "registry:generation"
SNAPSHOT_TTL = 3600


def generation() -> str:
    token = cache.get(_KEY)
    if token is None:
        token = uuid.uuid4().hex
        cache.add(_KEY, token, None)
        token = cache.get(_KEY) or token
    return str(token)


def _renew() -> None:
    cache.set(_KEY, uuid.uuid4().hex, None)


def registry_changed() -> None:
    """Start a new generation now and again once the current transaction commits (what a
    reader cached in between, from the not yet committed state, is then dropped too)."""
    _renew()
    transaction.on_commit(_renew)


def snapshot(key: str, compute: Callable[[], T], ttl: int = SNAPSHOT_TTL) -> T:
    """``compute()`` cached under ``key`` for the current generation."""
    full = f"registry:snapshot:{generation()}:{key}"
    found = cache.get(full)
    if found is None:
        found = compute()
        cache.set(full, found, ttl)
    return found  # type: ignore[no-any-return]
