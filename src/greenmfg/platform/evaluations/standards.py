"""The standards the platform offers: the packaged ones plus the accepted uploads."""

from __future__ import annotations

import threading

from django.db.models import Count, Max

from greenmfg.core.evaluation.loader import StandardRegistry, extra_dirs_from_env

_lock = threading.Lock()
_cache: dict[str, object] = {}


def _version() -> tuple[int, int]:
    from greenmfg.platform.evaluations.models import StandardFile

    agg = StandardFile.objects.aggregate(n=Count("pk"), m=Max("pk"))
    return (agg["n"], agg["m"] or 0)


def build_registry(*, exclude_code: str | None = None) -> StandardRegistry:
    """A fresh registry: packaged standards, GREENMFG_STANDARDS_PATH, accepted uploads."""
    from greenmfg.platform.evaluations.models import StandardFile

    registry = StandardRegistry(extra_dirs_from_env())
    # uploads may extend each other: add in upload order (a base is accepted before its child)
    for row in StandardFile.objects.order_by("pk"):
        if row.code == exclude_code:
            continue
        registry.add_text(row.text, name=row.file_name)
    return registry


def platform_registry() -> StandardRegistry:
    """The registry for this request (rebuilt when the set of uploads changes)."""
    version = _version()
    with _lock:
        if _cache.get("version") == version:
            registry = _cache["registry"]
            assert isinstance(registry, StandardRegistry)
            return registry
    registry = build_registry()
    with _lock:
        _cache["version"] = version
        _cache["registry"] = registry
    return registry
