"""Template helpers that show a bilingual record (Chinese and English names) in the
active language only, and numbers in the reader's number format.

``{{ carrier|label }}`` picks ``name_zh``/``name_en`` (or ``zh``/``en``) of an object or a
mapping; ``{% bilingual zh en %}`` picks between two strings.  The English name is shown
in English, the Chinese one otherwise (zh-Hans is the default language).
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext as _

from greenmfg.core.accounting.catalogue import CARRIERS, MATERIALS, PRODUCTS
from greenmfg.core.errors import ImportIssue
from greenmfg.platform.common import errors
from greenmfg.platform.common.numbers import format_number, format_unit

register = template.Library()


def english() -> bool:
    return (get_language() or "zh-hans").startswith("en")


def _field(obj: Any, *names: str) -> str:
    for name in names:
        value = obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)
        if value:
            return str(value)
    return ""


@register.filter
def label(obj: Any) -> str:
    """The record's name in the active language (falls back to the other language)."""
    if obj is None:
        return ""
    zh = _field(obj, "name_zh", "zh", "label_zh")
    en = _field(obj, "name_en", "en", "label_en")
    if english():
        return en or zh or _field(obj, "code")
    return zh or en or _field(obj, "code")


@register.simple_tag
def bilingual(zh: Any, en: Any) -> str:
    """``en`` in English, ``zh`` otherwise; either falls back to the other when empty."""
    zh_text, en_text = str(zh or ""), str(en or "")
    if english():
        return en_text or zh_text
    return zh_text or en_text


@register.filter
def num(value: Any, digits: int = 2) -> str:
    """A number with thousand separators and at most ``digits`` decimals, never in
    exponent notation (see :func:`greenmfg.platform.common.numbers.format_number`)."""
    return format_number(value, digits=digits)


@register.filter
def issue_text(issue: ImportIssue) -> str:
    """An import issue's problem in the active language."""
    return errors.issue_text(issue)


@register.filter
def issue_expected(issue: ImportIssue) -> str:
    """What an import issue expected, in the active language."""
    return errors.issue_expected(issue)


@register.filter
def get_item(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` (None when absent), for per-field errors: ``field_errors|get_item:name``."""
    if not mapping:
        return None
    return mapping.get(key) if isinstance(mapping, dict) else None


@register.filter
def product_label(code: str) -> str:
    """A product code of the accounting catalogue by its name in the active language."""
    product = PRODUCTS.get(code)
    return label(product) if product is not None else code


@register.filter
def carrier_label(code: str) -> str:
    """An energy carrier code of the accounting catalogue by its name in the active language."""
    carrier = CARRIERS.get(code)
    return label(carrier) if carrier is not None else code


@register.filter
def stratum_region(prefix: str) -> str:
    """A sampling stratum's region prefix (2, 4 or 6 digits) by its name: 3205 → 苏州市."""
    from greenmfg.platform.registry.labels import region_path

    if not prefix or not prefix.isdigit():
        return prefix or ""
    return region_path(prefix.ljust(6, "0")) or prefix


@register.filter
def stratum_industry(prefix: str) -> str:
    """A sampling stratum's industry prefix by its name (a non-numeric stratum such as
    ``park`` is a green industrial park)."""
    from greenmfg.platform.registry.labels import industry_name

    if prefix == "park":
        return _("Green industrial park")
    name = industry_name(prefix) if prefix else ""
    return f"{prefix} {name}" if name and name != prefix else prefix


@register.filter
def unit_kind(code: Any) -> str:
    """A carrier code (factory, park, supply_chain, product) by its name: 绿色工厂 …"""
    from greenmfg.platform.registry.models import Listing

    value = getattr(code, "value", code)
    return str(dict(Listing.Kind.choices).get(value, value))


@register.filter
def material_label(code: str) -> str:
    """A process-material code of the accounting catalogue by its name."""
    item = MATERIALS.get(code)
    return label(item) if item is not None else code


@register.filter
def origin_label(code: str) -> str:
    """An energy line's origin code (purchased, self_renewable …) by its name."""
    from greenmfg.core.filing.model import Origin
    from greenmfg.core.filing.template import ORIGIN_NAMES

    try:
        zh, en = ORIGIN_NAMES[Origin(code)]
    except ValueError:
        return code or ""
    return en if english() else zh


@register.filter
def list_level(code: Any) -> str:
    """A list level code (municipal, provincial, national) by its name."""
    from greenmfg.platform.registry.models import Listing

    value = getattr(code, "value", code)
    return str(dict(Listing.Level.choices).get(value, value))


@register.filter
def unit(value: Any) -> str:
    """A unit as printed: superscripts (m³, hm²), subscripts (CO₂), "1" → nothing."""
    return format_unit(value)


_GRID_LABELS = {
    "national": pgettext_lazy("grid", "national grid"),
    "regional": pgettext_lazy("grid", "regional grid"),
    "provincial": pgettext_lazy("grid", "provincial grid"),
    "location": pgettext_lazy("grid", "location-based"),
    "market": pgettext_lazy("grid", "market-based"),
    "ets": pgettext_lazy("grid", "carbon-market (ETS) basis"),
}


@register.filter
def grid_label(code: Any) -> str:
    """An accounting option of the grid factor (scope or basis) by its name, not its code."""
    label = _GRID_LABELS.get(str(code))
    return str(label) if label is not None else str(code or "")
