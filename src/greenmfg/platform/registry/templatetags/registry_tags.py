"""Template filters naming region and industry codes in the active language."""

from __future__ import annotations

from typing import Any

from django import template

from greenmfg.platform.registry import labels
from greenmfg.platform.registry.models import Listing

register = template.Library()


@register.filter
def region_path(adcode: str | None) -> str:
    return labels.region_path(adcode)


@register.filter
def region_name(adcode: str | None) -> str:
    return labels.region_name(adcode)


@register.filter
def industry_name(code: str | None) -> str:
    return labels.industry_name(code)


@register.filter
def listing_owner(listing: Listing) -> Any:
    """The enterprise or park whose page shows this listing (a product: its enterprise)."""
    if listing.product_id is not None:
        return listing.product.enterprise  # type: ignore[union-attr]
    return listing.enterprise or listing.park


@register.filter
def visible_to(unit: Any, actor: Any) -> bool:
    """Whether ``actor`` may open the page of ``unit`` (link it only then)."""
    from greenmfg.platform.registry.selectors import unit_visible

    return unit is not None and unit_visible(actor, unit)
