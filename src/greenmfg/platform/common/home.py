"""Panels other apps add to a role's home page (我的工作台), with its to-dos and changes.

An app lists them in ``PANELS`` of its ``home.py``::

    PANELS = [HomePanel(order=20, roles=frozenset({"enterprise"}),
                        template_name="greencode/home_panel.html",
                        get_context=green_code_panel)]

- ``get_context(user)`` returns the template context of the panel, or ``None`` to hide it;
- ``todos(user, today)`` returns what the user must do, each with its deadline;
- ``changes(user, since)`` returns what happened to the user's unit since ``since`` (the
  start of the previous visit's session).

Every function reads through its app's selectors, scoped to the user.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from greenmfg.platform.common.discovery import collect


@dataclass(frozen=True)
class Todo:
    """Something the user must do, by ``due`` (None: no deadline)."""

    label: str
    url: str
    due: dt.date | None = None
    detail: str = ""

    def overdue(self, today: dt.date) -> bool:
        return self.due is not None and self.due < today


@dataclass(frozen=True)
class Change:
    """Something that happened to the user's unit."""

    at: dt.datetime
    label: str
    url: str = ""


@dataclass(frozen=True)
class HomePanel:
    order: int
    roles: frozenset[str]
    template_name: str = ""
    get_context: Callable[[Any], dict[str, Any] | None] | None = None
    todos: Callable[[Any, dt.date], list[Todo]] | None = None
    changes: Callable[[Any, dt.datetime], list[Change]] | None = None


@cache
def all_panels() -> tuple[HomePanel, ...]:
    return tuple(sorted(collect("home", "PANELS"), key=lambda p: p.order))


def panels_for(role: str) -> list[HomePanel]:
    return [p for p in all_panels() if role in p.roles]


def home_todos(user: Any, role: str, today: dt.date) -> list[Todo]:
    """Every panel's to-dos, the nearest deadline first (no deadline last)."""
    items = [t for p in panels_for(role) if p.todos for t in p.todos(user, today)]
    return sorted(items, key=lambda t: (t.due is None, t.due or today, t.label))


def home_changes(user: Any, role: str, since: dt.datetime) -> list[Change]:
    """Every panel's changes since ``since``, newest first."""
    items = [c for p in panels_for(role) if p.changes for c in p.changes(user, since)]
    return sorted(items, key=lambda c: c.at, reverse=True)


def render_panels(user: Any, role: str, request: Any) -> list[SafeString]:
    rendered: list[SafeString] = []
    for panel in panels_for(role):
        if not panel.template_name or panel.get_context is None:
            continue
        context = panel.get_context(user)
        if context is None:
            continue
        html = render_to_string(panel.template_name, context, request=request)
        rendered.append(mark_safe(html))  # noqa: S308 - rendered by Django templates (escaped)
    return rendered
