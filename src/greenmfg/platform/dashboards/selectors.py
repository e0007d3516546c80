"""Reads of the dashboards: snapshots and live unit figures, scoped by region.

Access (deny with 404, never revealing existence):
- national view: national authority, administrator;
- province view: those, or the province's authority;
- city view: those, the city's province, or the city's authority;
- park / enterprise view: an authority whose region holds the unit, or the unit's own
  enterprise account;
- the regional index publication page is public.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.db.models import Max
from django.http import Http404

from greenmfg.core.domain import Role
from greenmfg.platform.accounts.scoping import actor_role, in_region, region_prefix
from greenmfg.platform.common import generations
from greenmfg.platform.dashboards.models import IndexSnapshot
from greenmfg.platform.registry.models import Enterprise, Park

SNAPSHOTS_GENERATION = "dashboards"
"""The generation (:mod:`greenmfg.platform.common.generations`) of the index snapshots:
renewed by every snapshot computation, it versions the cached dashboard pages."""


T = TypeVar("T")


def snapshots_version() -> str:
    return generations.current(SNAPSHOTS_GENERATION)


PAGE_TTL = 3600


def kept(key: str, compute: Callable[[], T]) -> T:
    """``compute()`` kept for the current snapshot generation (in this process and the
    shared cache)."""
    return generations.cached(SNAPSHOTS_GENERATION, key, compute, PAGE_TTL)


def latest_year() -> int | None:
    value: int | None = IndexSnapshot.objects.filter(current=True).aggregate(y=Max("year"))["y"]
    return value


def snapshot_years() -> list[int]:
    """The years with current snapshots, newest first (cached per snapshot generation)."""
    return kept(
        "years",
        lambda: sorted(
            set(
                IndexSnapshot.objects.filter(current=True)
                .order_by()
                .values_list("year", flat=True)
                .distinct()
            ),
            reverse=True,
        ),
    )


def snapshots(*, level: str, year: int) -> list[IndexSnapshot]:
    return list(
        IndexSnapshot.objects.filter(level=level, year=year, current=True).order_by(
            "rank", "region"
        )
    )


def snapshot(*, level: str, region: str, year: int) -> IndexSnapshot | None:
    return IndexSnapshot.objects.filter(level=level, region=region, year=year, current=True).first()


def series(*, level: str, region: str) -> list[IndexSnapshot]:
    """The region's current snapshots, oldest year first (trends)."""
    return list(
        IndexSnapshot.objects.filter(level=level, region=region, current=True).order_by("year")
    )


def require_national(actor: Any) -> None:
    if actor_role(actor) not in (Role.NATIONAL, Role.ADMIN):
        raise Http404


def is_national(actor: Any) -> bool:
    return actor_role(actor) in (Role.NATIONAL, Role.ADMIN)


def covers_region(actor: Any, adcode: str) -> bool:
    """Whether the actor is an authority whose scope covers the whole region."""
    prefix = region_prefix(actor)
    return (
        prefix is not None
        and actor_role(actor) in (Role.NATIONAL, Role.ADMIN, Role.PROVINCIAL, Role.MUNICIPAL)
        and adcode.startswith(prefix)
    )


def is_province(adcode: str) -> bool:
    """A province's code (GB/T 2260, ``xx0000``) of the packaged registry."""
    from greenmfg.core.codes import regions

    return adcode.endswith("0000") and any(p.adcode == adcode for p in regions.provinces())


def require_region(actor: Any, adcode: str) -> None:
    """404 unless the actor is an authority whose scope covers the whole region."""
    prefix = region_prefix(actor)
    if prefix is None or actor_role(actor) not in (
        Role.NATIONAL,
        Role.ADMIN,
        Role.PROVINCIAL,
        Role.MUNICIPAL,
    ):
        raise Http404
    if not adcode.startswith(prefix):
        raise Http404


def enterprise_for(*, actor: Any, uscc: str) -> Enterprise:
    enterprise = Enterprise.objects.filter(uscc=uscc.upper()).first()
    if enterprise is None:
        raise Http404
    own = getattr(actor, "enterprise_id", None) == enterprise.pk
    authority = actor_role(actor) in (Role.NATIONAL, Role.ADMIN, Role.PROVINCIAL, Role.MUNICIPAL)
    if not own and not (authority and in_region(actor, enterprise.adcode)):
        raise Http404
    return enterprise


def park_for(*, actor: Any, uscc: str) -> Park:
    park = Park.objects.filter(uscc=uscc.upper()).first()
    if park is None:
        raise Http404
    own = getattr(actor, "park_id", None) == park.pk
    authority = actor_role(actor) in (Role.NATIONAL, Role.ADMIN, Role.PROVINCIAL, Role.MUNICIPAL)
    if not own and not (authority and in_region(actor, park.adcode)):
        raise Http404
    return park
