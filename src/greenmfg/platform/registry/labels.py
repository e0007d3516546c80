"""Display names of region and industry codes, in the active language.

The names come from the core's packaged registries (GB/T 2260, GB/T 4754-2017); a code
the registries do not know is shown as the code itself.
"""

from __future__ import annotations

from functools import cache

from django.utils.translation import get_language

from greenmfg.core.codes import industries, regions
from greenmfg.core.errors import UnknownAdcodeError, UnknownIndustryError


def _english() -> bool:
    return (get_language() or "zh-hans").startswith("en")


@cache
def _region(adcode: str) -> regions.Region | None:
    try:
        return regions.get(adcode)
    except UnknownAdcodeError:
        return None


@cache
def _industry(code: str) -> industries.Industry | None:
    try:
        return industries.get(code)
    except (UnknownIndustryError, LookupError):
        return None


def region_name(adcode: str | None, *, english: bool | None = None) -> str:
    """The name of a province or city-level code, e.g. 苏州市 / Suzhou."""
    if not adcode:
        return ""
    region = _region(adcode)
    if region is None:
        return adcode
    return region.name_en if (_english() if english is None else english) else region.name_zh


def province_name(adcode: str | None, *, english: bool | None = None) -> str:
    if not adcode:
        return ""
    return region_name(adcode[:2] + "0000", english=english)


def city_name(adcode: str | None, *, english: bool | None = None) -> str:
    """The city-level unit's name (empty for a province code)."""
    if not adcode or adcode.endswith("0000"):
        return ""
    return region_name(adcode, english=english)


def region_path(adcode: str | None, *, english: bool | None = None) -> str:
    """Province and city, e.g. 江苏省 苏州市."""
    parts = [province_name(adcode, english=english), city_name(adcode, english=english)]
    return " ".join(p for p in parts if p)


def industry_name(code: str | None, *, english: bool | None = None) -> str:
    if not code:
        return ""
    industry = _industry(code)
    if industry is None:
        return code
    return industry.name_en if (_english() if english is None else english) else industry.name_zh


def province_choices() -> list[tuple[str, str]]:
    return [(p.adcode, p.name_en if _english() else p.name_zh) for p in regions.provinces()]


def city_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """City-level units grouped by province (for a select with option groups)."""
    english = _english()
    return [
        (
            p.name_en if english else p.name_zh,
            [(c.adcode, c.name_en if english else c.name_zh) for c in regions.cities(p.adcode)],
        )
        for p in regions.provinces()
    ]


def industry_choices() -> list[tuple[str, str]]:
    """Manufacturing divisions and the registered classes, e.g. ``30`` and ``3011``."""
    english = _english()
    out: list[tuple[str, str]] = []
    classes = industries.classes()
    for division in industries.divisions():
        out.append(
            (division.code, f"{division.code} {division.name_en if english else division.name_zh}")
        )
        for cls in classes:
            if cls.division == division.code:
                label = cls.name_en if english else cls.name_zh
                out.append((cls.code, f"\u2003{cls.code} {label}"))
    return out
