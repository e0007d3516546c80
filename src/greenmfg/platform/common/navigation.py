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
from django.utils.translation import pgettext_lazy

PUBLIC = "public"
AUTHENTICATED = "authenticated"


# Menu groups: entries that share a group show as one drop-down menu, so the bar stays
# one line however many pages a role has.  key → (label, position in the bar).
NAV_GROUPS: dict[str, tuple[str | Promise, int]] = {
    "lists": (pgettext_lazy("navigation group", "Lists"), 20),
    "evaluation": (pgettext_lazy("navigation group", "Accounting and evaluation"), 30),
    "cultivation": (pgettext_lazy("navigation group", "Cultivation"), 40),
    "supervision": (pgettext_lazy("navigation group", "Dynamic management"), 50),
    "verify": (pgettext_lazy("navigation group", "Verify"), 60),
    "insight": (pgettext_lazy("navigation group", "Indices and dashboards"), 70),
}


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    audience: frozenset[str]  # role values, or PUBLIC / AUTHENTICATED
    order: int = 100
    group: str = ""  # a key of NAV_GROUPS, or "" for an entry of its own

    def __post_init__(self) -> None:
        if self.group and self.group not in NAV_GROUPS:
            raise ValueError(f"Unknown navigation group {self.group!r} for {self.url_name}")


@dataclass(frozen=True)
class NavEntry:
    """One place in the menu bar: a single link, or a group with its drop-down items."""

    label: str | Promise
    items: tuple[NavItem, ...]

    @property
    def is_group(self) -> bool:
        return len(self.items) > 1


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


def nav_menu_for(role: str | None) -> list[NavEntry]:
    """The menu bar for ``role``: groups with more than one visible item become
    drop-downs, a group with one visible item becomes a plain link."""
    positioned: list[tuple[int, NavEntry]] = []
    grouped: dict[str, list[NavItem]] = {}
    for item in nav_items_for(role):
        if item.group:
            grouped.setdefault(item.group, []).append(item)
        else:
            positioned.append((item.order, NavEntry(label=item.label, items=(item,))))
    for key, items in grouped.items():
        label, order = NAV_GROUPS[key]
        if len(items) == 1:
            positioned.append((order, NavEntry(label=items[0].label, items=(items[0],))))
        else:
            positioned.append((order, NavEntry(label=label, items=tuple(items))))
    return [entry for _, entry in sorted(positioned, key=lambda pair: pair[0])]
