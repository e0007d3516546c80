"""Reads of the registry: the public list search and the unit page.

Who sees what:

- anyone, signed in or not, sees the published lists (every listing, current and past);
- an authority sees only the listings and units of its region (a city official its city,
  a province its province, the ministry everything) — the region scope of
  :mod:`greenmfg.platform.accounts.scoping`;
- a unit's page is public once the unit has been on a list; an authority also sees the
  unlisted units of its region, an enterprise user its own enterprise or park.

Anything outside that raises :class:`~django.http.Http404`, so its existence is not revealed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from greenmfg.core.domain import Role
from greenmfg.platform.accounts.scoping import (
    actor_role,
    in_region,
    is_authority,
    region_prefix,
    region_q,
)
from greenmfg.platform.registry import name_index
from greenmfg.platform.registry.models import (
    Enterprise,
    EvaluationInstitution,
    ListExport,
    Listing,
    Park,
    Product,
)
from greenmfg.platform.registry.snapshots import generation, snapshot


@dataclass(frozen=True)
class ListingFilters:
    """The public list search's criteria; empty values do not filter."""

    name: str = ""
    uscc: str = ""
    province: str = ""  # 2-digit prefix source: a province code XX0000
    city: str = ""  # a city-level code
    industry: str = ""  # a GB/T 4754 division (2 digits) or class (4 digits)
    kind: str = ""
    level: str = ""
    year: int | None = None


def listing_scope_q(actor: Any) -> Q:
    """The listings ``actor`` may see: its region for an authority, all published otherwise."""
    if is_authority(actor):
        return region_q(actor, "adcode")
    return Q()


SEARCH_ORDER = ("-year", "-level_rank", "kind", "adcode", "id")
"""Newest list year first, then national, provincial, municipal (the stored
``level_rank``): the order of the index ``registry_listing_search``, so pages need no sort."""


def name_q(name: str) -> Q:
    """Listings whose unit, product or product's enterprise has ``name`` in its name.

    Each table is searched on its own (``UPPER(name) LIKE``, which the trigram indexes of
    migration ``0007`` serve on PostgreSQL; on SQLite the FTS5 trigram tables of
    :mod:`.name_index`) and the listings are then picked by the ids found, instead of a
    ``LIKE`` over four joins for every listing."""
    enterprises = name_index.matching(Enterprise.objects.all(), name).values("pk")
    products = name_index.matching(Product.objects.all(), name).values("pk")
    return (
        Q(enterprise__in=enterprises)
        | Q(park__in=name_index.matching(Park.objects.all(), name).values("pk"))
        | Q(
            product__in=Product.objects.filter(
                Q(pk__in=products) | Q(enterprise__in=enterprises)
            ).values("pk")
        )
    )


def listing_search(*, actor: Any, filters: ListingFilters) -> QuerySet[Listing]:
    """Listings matching ``filters`` within the actor's scope, newest list year first."""
    qs = Listing.objects.filter(listing_scope_q(actor)).select_related(
        "enterprise", "park", "product", "product__enterprise"
    )
    if filters.name:
        qs = qs.filter(name_q(filters.name))
    if filters.uscc:
        code = filters.uscc.strip().upper()
        qs = qs.filter(
            Q(enterprise__uscc__startswith=code)
            | Q(park__uscc__startswith=code)
            | Q(product__enterprise__uscc__startswith=code)
        )
    if filters.city:
        qs = qs.filter(adcode=filters.city)
    elif filters.province:
        qs = qs.filter(adcode__startswith=filters.province[:2])
    if filters.industry:
        qs = qs.filter(
            Q(enterprise__industry__startswith=filters.industry)
            | Q(product__enterprise__industry__startswith=filters.industry)
        )
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    return qs.order_by(*SEARCH_ORDER)


def listing_years(*, actor: Any) -> list[int]:
    """The list years present in the actor's scope, newest first."""
    return list(
        Listing.objects.filter(listing_scope_q(actor))
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


def unit_visible(actor: Any, unit: Enterprise | Park) -> bool:
    """Whether the actor may open the unit's page.

    A unit that has been on a list is public, for everyone: signing in never takes public
    information away (an official of another region sees the public page, without the
    private figures of :func:`unit_may_see_details`).  An unlisted unit is seen by its own
    account and by the authorities of its region only.
    """
    role = actor_role(actor)
    if role in (Role.NATIONAL, Role.ADMIN):
        return True
    if is_authority(actor) and in_region(actor, unit.adcode):
        return True
    if role is Role.ENTERPRISE:
        own = (
            actor.enterprise_id == unit.pk
            if isinstance(unit, Enterprise)
            else actor.park_id == unit.pk
        )
        if own:
            return True
    if isinstance(unit, Enterprise):
        return (
            unit.listings.exists()
            or Listing.objects.filter(product__in=unit.products.values("pk")).exists()
        )
    return unit.listings.exists()


def unit_get(*, actor: Any, uscc: str) -> Enterprise | Park:
    """The enterprise or park with this credit code, if the actor may see it; else 404."""
    code = (uscc or "").strip().upper()
    unit: Enterprise | Park | None = Enterprise.objects.filter(uscc=code).first()
    if unit is None:
        unit = Park.objects.filter(uscc=code).first()
    if unit is None or not unit_visible(actor, unit):
        raise Http404("No such unit.")
    return unit


def unit_may_see_details(*, actor: Any, unit: Enterprise | Park) -> bool:
    """Whether the actor may see a unit's economic figures (not part of the public list).

    Authorities of its region, the ministry, admins and the unit's own users may.
    """
    role = actor_role(actor)
    if role is None:
        return False
    if role is Role.ENTERPRISE:
        if isinstance(unit, Enterprise):
            return bool(actor.enterprise_id == unit.pk)
        return bool(actor.park_id == unit.pk)
    return (is_authority(actor) or role is Role.ADMIN) and in_region(actor, unit.adcode)


def unit_listings(*, unit: Enterprise | Park) -> QuerySet[Listing]:
    """A unit's listing history: its own listings and, for an enterprise, its products'."""
    if isinstance(unit, Park):
        qs = Listing.objects.filter(park=unit)
    else:
        # its products' ids first: both sides of the OR then read an index
        products = Product.objects.filter(enterprise=unit).values("pk")
        qs = Listing.objects.filter(Q(enterprise=unit) | Q(product__in=products))
    return qs.select_related("product").order_by("-year", "-listed_on", "level", "pk")


def park_members(*, park: Park) -> QuerySet[Any]:
    return park.memberships.select_related("enterprise").order_by("-left_on", "enterprise__name")


def enterprise_suppliers(*, enterprise: Enterprise) -> QuerySet[Any]:
    return enterprise.supplier_links.select_related("supplier").order_by("supplier__name")


@dataclass(frozen=True)
class RegionSummary:
    """Counts of units and active listings in an authority's region."""

    enterprises: int
    parks: int
    listings_by_kind_level: dict[str, dict[str, int]]
    listings_total: int
    removed_total: int
    by_area: list[tuple[str, int]]  # (adcode, active listings) of its cities / provinces


def region_summary(*, actor: Any) -> RegionSummary:
    """The home page figures of an authority (or admin), within its region: a snapshot
    per region and role, recomputed after any registry write (:mod:`.snapshots`)."""
    if not (is_authority(actor) or actor_role(actor) is Role.ADMIN):
        raise Http404("No region.")
    return snapshot(region_summary_key(actor=actor), lambda: _region_summary(actor))


def region_summary_key(*, actor: Any) -> str:
    """What an authority's summary depends on besides the registry's generation."""
    return f"region_summary:{actor_role(actor)}:{region_prefix(actor) or ''}:{generation()}"


def _region_summary(actor: Any) -> RegionSummary:
    listings = Listing.objects.filter(region_q(actor, "adcode"))
    active = listings.filter(removed_on__isnull=True)
    table: dict[str, dict[str, int]] = {k.value: {} for k in Listing.Kind}
    for row in active.values("kind", "level").annotate(n=Count("pk")):
        table[row["kind"]][row["level"]] = row["n"]
    role = actor_role(actor)
    if role is Role.MUNICIPAL:
        by_area: list[tuple[str, int]] = []
    else:
        width = 4 if role is Role.PROVINCIAL else 2
        counts: dict[str, int] = {}
        for adcode, n in active.values_list("adcode").annotate(n=Count("pk")):
            key = adcode[:width] + "0" * (6 - width)
            counts[key] = counts.get(key, 0) + n
        by_area = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return RegionSummary(
        enterprises=Enterprise.objects.filter(region_q(actor)).count(),
        parks=Park.objects.filter(region_q(actor)).count(),
        listings_by_kind_level=table,
        listings_total=sum(sum(v.values()) for v in table.values()),
        removed_total=listings.filter(removed_on__isnull=False).count(),
        by_area=by_area,
    )


def institution_get(*, actor: Any) -> EvaluationInstitution:
    """The evaluator's own institution."""
    institution = getattr(actor, "institution", None)
    if actor_role(actor) is not Role.EVALUATOR or institution is None:
        raise Http404("No institution.")
    return cast("EvaluationInstitution", institution)


def list_export_get(*, actor: Any, session_key: str | None, token: Any) -> ListExport:
    """An export its requester may follow and download: the signed-in user who asked for
    it, or the same anonymous session; anyone else gets 404."""
    export = ListExport.objects.filter(token=token).first()
    if export is None:
        raise Http404("No such export.")
    if getattr(actor, "is_authenticated", False):
        if export.requested_by_id == actor.pk:
            return export
    elif session_key and export.requested_by_id is None and export.session_key == session_key:
        return export
    raise Http404("No such export.")
