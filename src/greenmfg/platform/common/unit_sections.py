"""Sections other apps add to the public unit page (``registry:unit_detail``).

An app lists them in ``SECTIONS`` of its ``unit_sections.py``::

    SECTIONS = [UnitSection(order=40, template_name="filings/unit_section.html",
                            get_context=filing_section_context)]

``get_context(unit, request)`` gets the :class:`~greenmfg.platform.registry.models.Enterprise`
or :class:`~greenmfg.platform.registry.models.Park` shown and the request (``request.user``
is the viewer: apply its scope), and returns the template context, or ``None`` to hide the
section.  The registry page renders them in ``order``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from greenmfg.platform.common.discovery import collect


@dataclass(frozen=True)
class UnitSection:
    order: int
    template_name: str
    get_context: Callable[[Any, HttpRequest], dict[str, Any] | None]


@cache
def all_unit_sections() -> tuple[UnitSection, ...]:
    return tuple(sorted(collect("unit_sections", "SECTIONS"), key=lambda s: s.order))


def render_unit_sections(unit: Any, request: HttpRequest) -> list[SafeString]:
    """The HTML of every visible section for ``unit``, in order."""
    rendered: list[SafeString] = []
    for section in all_unit_sections():
        context = section.get_context(unit, request)
        if context is None:
            continue
        html = render_to_string(section.template_name, {"unit": unit, **context}, request=request)
        rendered.append(mark_safe(html))  # noqa: S308 - rendered by Django templates (escaped)
    return rendered
