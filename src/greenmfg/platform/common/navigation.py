"""Navigation entries contributed by each app.

An app lists its menu entries in ``NAV_ITEMS`` of its ``navigation.py`` module; the
context processor collects them for the signed-in user's role.  No app edits the base
template to add itself to the menu.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.utils.functional import Promise

PUBLIC = "public"
AUTHENTICATED = "authenticated"


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    audience: frozenset[str]  # role values, or PUBLIC / AUTHENTICATED
    order: int = 100


@cache
def all_nav_items() -> tuple[NavItem, ...]:
    items: list[NavItem] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("greenmfg.platform."):
            continue
        module_name = f"{config.name}.navigation"
        if importlib.util.find_spec(module_name) is None:
            continue
        module = importlib.import_module(module_name)
        items.extend(getattr(module, "NAV_ITEMS", ()))
    return tuple(sorted(items, key=lambda i: i.order))


def nav_items_for(role: str | None) -> list[NavItem]:
    """The entries visible to ``role`` (``None`` for an anonymous visitor)."""
    visible = []
    for item in all_nav_items():
        if PUBLIC in item.audience or (
            role is not None and (AUTHENTICATED in item.audience or role in item.audience)
        ):
            visible.append(item)
    return visible
