"""The registry's own sections of the unit page: a park's members, a leader's suppliers."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from greenmfg.platform.common.unit_sections import UnitSection
from greenmfg.platform.registry import selectors
from greenmfg.platform.registry.models import Enterprise, Park


def park_members_context(unit: Any, request: HttpRequest) -> dict[str, Any] | None:
    if not isinstance(unit, Park):
        return None
    return {"members": list(selectors.park_members(park=unit))}


def suppliers_context(unit: Any, request: HttpRequest) -> dict[str, Any] | None:
    if not isinstance(unit, Enterprise):
        return None
    links = list(selectors.enterprise_suppliers(enterprise=unit))
    if not links:
        return None
    return {"links": links}


SECTIONS = [
    UnitSection(
        order=10,
        template_name="registry/sections/park_members.html",
        get_context=park_members_context,
    ),
    UnitSection(
        order=11, template_name="registry/sections/suppliers.html", get_context=suppliers_context
    ),
]
