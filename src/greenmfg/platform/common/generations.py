"""Named generation tokens: a value in the shared cache that changes whenever the data it
names is written, so figures cached under it are never older than the last write.

The writer calls :func:`renew` (now and again once its transaction commits, so what a
reader cached in between, from the not yet committed state, is dropped too); readers put
:func:`current` in their cache keys, or keep what they compute with :func:`cached`.  The
registry has ``"registry"`` (:mod:`greenmfg.platform.registry.snapshots`); the dashboards'
index snapshots use ``"dashboards"``.

What is kept under a generation never changes (a write starts another generation), so
:func:`cached` keeps it in this process's memory too (the ``"local"`` cache) and answers
from there without asking the shared cache.  Within one request (:func:`request_scope`,
opened by :class:`greenmfg.platform.common.middleware.GenerationsMiddleware`) each token
is read from the shared cache once; a renewal in the request reads it afresh.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import TypeVar

from django.core.cache import cache, caches
from django.db import transaction

T = TypeVar("T")

LOCAL_CACHE = "local"
"""The alias of this process's own cache (settings ``CACHES``), for entries whose key
names a generation."""

_read: ContextVar[dict[str, str] | None] = ContextVar("generations_read", default=None)


def _key(name: str) -> str:
    return f"generation:{name}"


def current(name: str) -> str:
    seen = _read.get()
    if seen is not None and name in seen:
        return seen[name]
    token = cache.get(_key(name))
    if token is None:
        cache.add(_key(name), uuid.uuid4().hex, None)
        token = cache.get(_key(name)) or uuid.uuid4().hex
    if seen is not None:
        seen[name] = str(token)
    return str(token)


def _set(name: str) -> None:
    cache.set(_key(name), uuid.uuid4().hex, None)
    seen = _read.get()
    if seen is not None:
        seen.pop(name, None)


def renew(name: str) -> None:
    """Start a new generation of ``name`` now and once the current transaction commits."""
    _set(name)
    transaction.on_commit(lambda: _set(name))


def cached(name: str, key: str, compute: Callable[[], T], ttl: int) -> T:
    """``compute()`` kept under ``key`` for the current generation of ``name``: in this
    process's memory first, then in the shared cache (one process computes it for all)."""
    full = f"{name}:{current(name)}:{key}"
    local = caches[LOCAL_CACHE]
    found = local.get(full)
    if found is None:
        found = cache.get(full)
        if found is None:
            found = compute()
            cache.set(full, found, ttl)
        local.set(full, found, ttl)
    return found  # type: ignore[no-any-return]


@contextlib.contextmanager
def request_scope() -> Iterator[None]:
    """Read each generation token from the shared cache at most once inside the block
    (one request): a page that names a generation in several keys asks for it once."""
    token = _read.set({})
    try:
        yield
    finally:
        _read.reset(token)
