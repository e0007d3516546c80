"""A city table's cell problems come back as templates with params (translated by the
platform), each with its row, column and what the column expects."""

from __future__ import annotations

import datetime as dt

import pytest

from greenmfg.core.errors import ImportInvalidError, InvalidValueError
from greenmfg.core.onboarding import city_tables


def test_cell_problems_are_templates_with_params() -> None:
    definition = city_tables.table("plan")
    content = city_tables.write_workbook(
        definition,
        [
            {"city": "苏州市", "name": "甲", "uscc": "", "carrier": "绿色工厂"},
            {
                "city": "苏州市",
                "name": "乙",
                "uscc": "91320500MA1XXXXXX0",
                "carrier": "绿色社区",
                "target_year": 2090,
            },
        ],
        title="t",
    )
    with pytest.raises(ImportInvalidError) as info:
        city_tables.read_workbook(definition, content, "plan.xlsx", today=dt.date(2025, 6, 1))
    by_template = {(i.row, i.template): i for i in info.value.issues}
    empty = by_template[(3, "%(column)s is empty")]
    assert empty.message == "统一社会信用代码 is empty"
    assert empty.expected == "an 18-character credit code (GB 32100-2015)"
    choice = by_template[(4, "%(value)r is not a choice of %(column)s")]
    assert choice.message == "'绿色社区' is not a choice of 培育类型"
    assert choice.expected_template == "one of %(choices)s"
    assert choice.expected == "one of 绿色工厂、绿色工业园区、绿色供应链管理企业、绿色设计产品"
    year = by_template[(4, "%(year)d is not a plausible year")]
    # 2016 to today's year + 5 (2025 + 5 = 2030)
    assert year.message == "2090 is not a plausible year"
    assert year.expected == "a year from 2016 to 2030"
    assert (4, "Invalid unified social credit code %(uscc)r: %(reason)s") in by_template


def test_an_unknown_table_is_a_coded_error() -> None:
    with pytest.raises(InvalidValueError) as info:
        city_tables.table("nope")
    assert info.value.params["value"] == "nope" and "plan" in info.value.params["expected"]
