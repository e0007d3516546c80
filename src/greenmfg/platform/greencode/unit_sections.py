"""The green code on the public unit page."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from greenmfg.platform.common.unit_sections import UnitSection
from greenmfg.platform.greencode.models import GreenCode
from greenmfg.platform.registry.models import Enterprise


def green_code_context(unit: Any, request: HttpRequest) -> dict[str, Any] | None:
    if not isinstance(unit, Enterprise):
        return None
    today = timezone.localdate()
    code = (
        GreenCode.objects.select_related("enterprise")
        .filter(enterprise=unit, current=True, valid_from__lte=today, valid_until__gte=today)
        .order_by("-year")
        .first()
    )
    if code is None:
        return None
    return {"green_code": code}


SECTIONS = [
    UnitSection(
        order=50, template_name="greencode/unit_section.html", get_context=green_code_context
    )
]
