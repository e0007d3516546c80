"""The workflow's section on the public unit page: the unit's applications, for those who may see them."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from greenmfg.platform.common.unit_sections import UnitSection
from greenmfg.platform.registry.models import Enterprise
from greenmfg.platform.workflow import selectors


def applications_context(unit: Any, request: HttpRequest) -> dict[str, Any] | None:
    field = "enterprise" if isinstance(unit, Enterprise) else "park"
    apps = list(
        selectors.application_list(actor=request.user)
        .filter(**{field: unit})
        .order_by("-round__year", "-pk")[:20]
    )
    if not apps:
        return None
    return {"applications": apps}


SECTIONS = [
    UnitSection(
        order=50, template_name="workflow/unit_section.html", get_context=applications_context
    )
]
