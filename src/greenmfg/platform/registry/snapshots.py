"""The registry's generation: a token that changes whenever a unit or listing is written.

Figures derived from the whole registry — the authority home summaries (region
snapshots), the public list's counts — are cached under the current generation.  Every
registry write (the services' audit step, the bulk loaders, another app moving a unit)
calls :func:`registry_changed` once its transaction commits, so the next read computes
them afresh and they never show a state older than the last write.  The tokens and the
caching are :mod:`greenmfg.platform.common.generations`'.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from greenmfg.platform.common import generations

T = TypeVar("T")

REGISTRY_GENERATION = "registry"
SNAPSHOT_TTL = 3600


def generation() -> str:
    return generations.current(REGISTRY_GENERATION)


def registry_changed() -> None:
    """Start a new generation now and again once the current transaction commits (what a
    reader cached in between, from the not yet committed state, is then dropped too)."""
    generations.renew(REGISTRY_GENERATION)


def snapshot(key: str, compute: Callable[[], T], ttl: int = SNAPSHOT_TTL) -> T:
    """``compute()`` cached under ``key`` for the current generation."""
    return generations.cached(REGISTRY_GENERATION, f"snapshot:{key}", compute, ttl)
