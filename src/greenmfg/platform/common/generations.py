"""Named generation tokens: a value in the shared cache that changes whenever the data it
names is written, so figures cached under it are never older than the last write.

The writer calls :func:`renew` (now and again once its transaction commits, so what a
reader cached in between, from the not yet committed state, is dropped too); readers put
:func:`current` in their cache keys.  The registry has its own
(:mod:`greenmfg.platform.registry.snapshots`); the dashboards' index snapshots use
``"dashboards"``.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction


def _key(name: str) -> str:
    return f"generation:{name}"


def current(name: str) -> str:
    token = cache.get(_key(name))
    if token is None:
        cache.add(_key(name), uuid.uuid4().hex, None)
        token = cache.get(_key(name)) or uuid.uuid4().hex
    return str(token)


def _set(name: str) -> None:
    cache.set(_key(name), uuid.uuid4().hex, None)


def renew(name: str) -> None:
    """Start a new generation of ``name`` now and once the current transaction commits."""
    _set(name)
    transaction.on_commit(lambda: _set(name))
