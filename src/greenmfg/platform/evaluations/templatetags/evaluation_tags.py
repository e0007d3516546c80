"""Template helpers: the active language's half of a bilingual field (name_zh / name_en)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from greenmfg.platform.common.errors import quota_corrections
from greenmfg.platform.common.numbers import format_significant

register = template.Library()


def is_zh() -> bool:
    """Whether the active language is Chinese (zh-hans is the default)."""
    return (get_language() or "zh-hans").startswith("zh")


@register.filter
def bi(obj: Any, field: str) -> Any:
    """``{{ indicator|bi:"name" }}`` → ``name_zh`` in Chinese, ``name_en`` otherwise."""
    suffix = "zh" if is_zh() else "en"
    if isinstance(obj, dict):
        return obj.get(f"{field}_{suffix}", "")
    return getattr(obj, f"{field}_{suffix}", "")


@register.filter
def get(mapping: Any, key: str) -> Any:
    if isinstance(mapping, dict):
        return mapping.get(key)
    return None


@register.filter
def num(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return str(value)
    return format_significant(value, digits=4)  # never "2e+04"


@register.filter
def status_label(value: Any) -> str:
    """verified / secondary / unverified as the user reads it."""
    from django.utils.translation import gettext

    status = str(getattr(value, "value", value))
    if status == "verified":
        return gettext("verified")
    if status == "secondary":
        return gettext("secondary source")
    return gettext("unverified")


@register.filter
def corrections_text(quota: Any) -> str:
    """The quota corrections (限额修正) of one product in the active language."""
    if not isinstance(quota, dict):
        quota = quota.model_dump() if hasattr(quota, "model_dump") else {}
    return "; ".join(quota_corrections(quota))
