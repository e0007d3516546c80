"""The listed unit (enterprise or park) a supervision write concerns, and its listing."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from greenmfg.core.domain import LEVEL_ORDER, ListLevel, Role, UnitKind
from greenmfg.core.supervision import calendar as cal
from greenmfg.core.supervision.table import (
    UnitIdentity,
)
from greenmfg.platform.registry.models import Enterprise, Listing, Park

Unit = Enterprise | Park


AUTHORITIES = (Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL, Role.ADMIN)


def unit_fields(unit: Unit) -> dict[str, Unit]:
    if isinstance(unit, Enterprise):
        return {"enterprise": unit}
    if isinstance(unit, Park):
        return {"park": unit}
    raise TypeError(f"dynamic management covers enterprises and parks, not {type(unit).__name__}")


def unit_listings(unit: Unit) -> QuerySet[Listing]:
    return Listing.objects.filter(**unit_fields(unit))


def active_listing(unit: Unit, year: int) -> Listing | None:
    """The unit's highest-level listing that is active for data year ``year`` (listed in a
    list year up to ``year`` and not removed before the filing deadline)."""
    deadline = cal.filing_deadline(year, unit.adcode)
    rows = (
        unit_listings(unit)
        .filter(year__lte=year)
        .filter(Q(removed_on__isnull=True) | Q(removed_on__gt=deadline))
    )
    best: Listing | None = None
    for listing in rows:
        if (
            best is None
            or LEVEL_ORDER[ListLevel(listing.level)] > LEVEL_ORDER[ListLevel(best.level)]
        ):
            best = listing
    return best


def unit_identity(unit: Unit, listing: Listing) -> UnitIdentity:
    return UnitIdentity(
        uscc=unit.uscc,
        name=unit.name,
        adcode=unit.adcode,
        industry=getattr(unit, "industry", None) or None,
        kind=UnitKind(listing.kind),
        level=ListLevel(listing.level),
        listed_year=listing.year,
    )


def active_listings(year: int) -> QuerySet[Listing]:
    """Listings whose units must file for ``year`` (enterprises and parks; products file
    through their enterprise).  A unit on several lists counts once per listing here;
    :func:`active_listing` picks the highest per unit."""
    return Listing.objects.filter(
        year__lte=year, kind__in=[UnitKind.FACTORY, UnitKind.SUPPLY_CHAIN, UnitKind.PARK]
    ).filter(Q(removed_on__isnull=True) | Q(removed_on__gt=cal.filing_deadline(year, "000000")))
