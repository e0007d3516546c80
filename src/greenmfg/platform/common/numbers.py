"""Numbers as a Chinese (or English) reader expects them.

- :func:`format_number`: thousand separators, a fixed number of decimals at most, never
  exponent notation (``20000`` → ``20,000``; ``1.5`` → ``1.5``; ``0.000012`` → ``0.000012``).
- :func:`format_compact`: large numbers in 万 (10⁴) and 亿 (10⁸) in Chinese, and in
  thousand/million/billion in English (``23500`` → ``2.35万`` / ``23.5 thousand``).
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language


def _english() -> bool:
    return (get_language() or "zh-hans").startswith("en")


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "" or isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def format_number(value: Any, *, digits: int = 2) -> str:
    """``value`` with thousand separators and up to ``digits`` decimals (trailing zeros
    dropped); tiny non-zero values keep two significant digits instead of showing 0.
    A value that is not a number is shown as it is ("—" for None)."""
    number = _decimal(value)
    if number is None:
        return "—" if value is None or value == "" else str(value)
    if number != 0 and abs(number) < Decimal(10) ** -digits:
        # keep two significant digits: 0.000012 → 0.000012
        digits = -abs(number).adjusted() + 1
    text = f"{number:,.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def format_compact(value: Any, *, digits: int = 3) -> str:
    """A large number shortened with 万/亿 (Chinese) or thousand/million/billion (English),
    keeping ``digits`` significant digits: 23500 → 2.35万; 180000000 → 1.8亿."""
    number = _decimal(value)
    if number is None:
        return format_number(value)
    magnitude = abs(float(number))
    if _english():
        steps = [(1e9, " billion"), (1e6, " million"), (1e3, " thousand")]
    else:
        steps = [(1e8, "亿"), (1e4, "万")]
    for size, suffix in steps:
        if magnitude >= size:
            scaled = float(number) / size
            decimals = max(0, digits - 1 - math.floor(math.log10(abs(scaled))))
            return format_number(round(scaled, decimals), digits=decimals) + suffix
    if magnitude == 0:
        return "0"
    decimals = max(0, digits - 1 - math.floor(math.log10(magnitude)))
    return format_number(round(float(number), decimals), digits=min(decimals, 6))


def format_significant(value: Any, *, digits: int = 4) -> str:
    """``value`` to ``digits`` significant digits, with thousand separators and never in
    exponent notation: 20000 → 20,000; 1234567 → 1,234,567; 0.0123456 → 0.01235."""
    number = _decimal(value)
    if number is None:
        return format_number(value)
    if number == 0:
        return "0"
    decimals = max(0, digits - 1 - number.adjusted())
    return format_number(round(number, decimals), digits=decimals)


# Units as written in the data files → as printed ("1" is a pure number: no unit shown).
_UNIT_GLYPHS = (("CO2", "CO₂"), ("hm2", "hm²"), ("km2", "km²"), ("m2", "m²"), ("m3", "m³"))


def format_unit(unit: Any) -> str:
    """A unit as a reader writes it: ``万元/hm2`` → ``万元/hm²``, ``m3`` → ``m³``, ``1`` → ``""``."""
    text = str(unit or "").strip()
    if text in ("1", "-", "—"):
        return ""
    for raw, glyph in _UNIT_GLYPHS:
        text = text.replace(raw, glyph)
    return text
