"""Numbers and units as a reader writes them (issue 13: "2e+04 万元/hm2", "1.5 1")."""

from __future__ import annotations

from django.utils import translation

from greenmfg.platform.common.numbers import (
    format_compact,
    format_number,
    format_significant,
    format_unit,
)
from greenmfg.platform.evaluations.templatetags.evaluation_tags import num


def test_no_exponent_notation() -> None:
    assert num(20000.0) == "20,000"  # was "2e+04"
    assert num(1.5) == "1.5"
    assert format_significant(1234567.0) == "1,234,567"
    assert format_significant(0.0123456) == "0.01235"
    assert format_number(1e21) == "1,000,000,000,000,000,000,000"
    assert format_number(0.000012) == "0.000012"


def test_units_are_written_properly() -> None:
    assert format_unit("万元/hm2") == "万元/hm²"
    assert format_unit("m3") == "m³"
    assert format_unit("tCO2e") == "tCO₂e"
    assert format_unit("1") == ""  # a pure number: "1.5", never "1.5 1"


def test_large_numbers_in_wan_and_yi_in_chinese() -> None:
    with translation.override("zh-hans"):
        assert format_compact(23500) == "2.35万"
        assert format_compact(180_000_000) == "1.8亿"
        assert format_compact(999) == "999"
    with translation.override("en"):
        assert format_compact(23500) == "23.5 thousand"
