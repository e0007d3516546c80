"""Template helpers of dynamic management."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def source_status(status: str) -> SafeString:
    """A data row's status (verified / secondary / unverified) as a badge; anything short
    of verified is marked so it is never taken for an official figure."""
    if status == "verified":
        return format_html('<span class="badge text-bg-success">{}</span>', _("verified"))
    if status == "secondary":
        return format_html('<span class="gm-unverified">{}</span>', _("secondary source"))
    return format_html('<span class="gm-unverified">{}</span>', _("unverified"))


@register.filter
def core_text(text: str) -> str:
    """A text the core filled from one of its templates, in the active language."""
    from greenmfg.platform.supervision.messages import translated_text

    return translated_text(str(text or ""))


SUPPORT_CATEGORIES = {
    "special_fund": pgettext_lazy("support measure", "Special fund"),
    "green_credit": pgettext_lazy("support measure", "Green credit"),
    "green_bond": pgettext_lazy("support measure", "Green bond"),
    "procurement": pgettext_lazy("support measure", "Government procurement"),
    "pilot": pgettext_lazy("support measure", "Pilot programme"),
    "tax": pgettext_lazy("support measure", "Tax relief"),
}


def _zh() -> bool:
    return (get_language() or "zh-hans").startswith("zh")


@register.filter
def support_category(code: str) -> str:
    """A support measure's category (专项资金, 绿色信贷 …) in the active language."""
    return str(SUPPORT_CATEGORIES.get(code, code))


@register.filter
def support_measure(code: str) -> str:
    """A support measure's name in the active language (its code when not catalogued)."""
    from greenmfg.core.supervision.data import support_catalogue

    try:
        m = support_catalogue().measure(code)
    except KeyError:
        return code
    return (m.name_zh or m.name_en) if _zh() else (m.name_en or m.name_zh)


@register.filter
def unmet_text(notice: Any) -> str:
    """One unmet condition of a support measure, in the active language."""
    from greenmfg.platform.supervision.messages import unmet_text as text

    return text(notice)


FLAG_CHECKS = {
    "rate_out_of_range": pgettext_lazy("quality flag check", "Share out of range"),
    "parts_mismatch": pgettext_lazy("quality flag check", "Parts do not add up"),
    "utilised_exceeds_generated": pgettext_lazy("quality flag check", "Utilised exceeds generated"),
    "permit_exceeded": pgettext_lazy("quality flag check", "Permit limit exceeded"),
    "veto_declared": pgettext_lazy("quality flag check", "Veto item declared"),
    "yoy_jump": pgettext_lazy("quality flag check", "Year-on-year jump"),
    "implausible_intensity": pgettext_lazy("quality flag check", "Implausible unit energy"),
    "identical_figures": pgettext_lazy("quality flag check", "Identical figures"),
    "contradicts_accounting": pgettext_lazy("quality flag check", "Contradicts the accounting"),
}


@register.filter
def flag_check(code: str) -> str:
    """A data-quality check's name (同比异常波动 …) in the active language."""
    return str(FLAG_CHECKS.get(code, code))


@register.filter
def product_energy_label(product: str) -> str:
    """单位产品综合能耗（水泥熟料）: the unit-product energy of ``product`` by its names."""
    from greenmfg.platform.supervision.models import field_label

    return field_label(f"energy_per_product:{product}")
