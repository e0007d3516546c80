"""Reading annexes: header detection, headings, repeated headers and row errors."""

from __future__ import annotations

import pytest

from greenmfg.core.errors import ImportInvalidError
from greenmfg.core.onboarding.layout import apply_columns, detect_layout
from greenmfg.core.onboarding.lists import Section, fields_for, parse_rows
from greenmfg.core.onboarding.tables import read_sheets


def _csv(text: str, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def test_header_under_a_title_region_headings_and_repeated_headers() -> None:
    content = _csv(
        "附件2\n"
        "2023年度省级绿色工厂名单\n"
        "序号,企业名称,所属行业\n"
        "苏州市,,\n"
        "1,苏州甲钢铁有限公司,钢铁\n"
        "序号,企业名称,所属行业\n"
        "一、无锡市（2家）,,\n"
        "无锡市,,\n"
        "2,无锡乙化工有限公司,化工\n",
        "gb18030",
    )
    (sheet,) = read_sheets(content, "annex.csv")
    layout = detect_layout(sheet, fields_for(Section.LIST), file="annex.csv")
    assert layout.header.number == 3 and layout.columns == {"seq": 0, "name": 1, "industry": 2}
    rows = parse_rows(sheet, layout, Section.LIST, file="annex.csv", within="32")
    assert [(r.number, r.name, r.region_adcode) for r in rows] == [
        (5, "苏州甲钢铁有限公司", "320500"),
        (9, "无锡乙化工有限公司", "320200"),
    ]


def test_unmappable_header_names_the_rows_looked_at() -> None:
    (sheet,) = read_sheets(_csv("No,City,Company\n1,Suzhou,Foo Ltd\n"), "a.csv")
    with pytest.raises(ImportInvalidError) as info:
        detect_layout(sheet, fields_for(Section.LIST), file="a.csv")
    (issue,) = info.value.issues
    assert issue.row == 1 and "rows 1–2" in issue.message and "企业名称" in issue.message


def test_the_user_corrects_the_layout() -> None:
    (sheet,) = read_sheets(_csv("序号,单位,企业名称\n1,苏州,苏州甲有限公司\n"), "a.csv")
    layout = detect_layout(sheet, fields_for(Section.LIST), file="a.csv")
    assert "region" not in layout.columns
    fixed = apply_columns(layout, {"region": 1}, fields_for(Section.LIST), file="a.csv")
    assert fixed.columns["region"] == 1
    with pytest.raises(ImportInvalidError, match="1 problem"):
        apply_columns(layout, {"region": 2}, fields_for(Section.LIST), file="a.csv")  # taken
    with pytest.raises(ImportInvalidError):
        apply_columns(layout, {"name": None}, fields_for(Section.LIST), file="a.csv")  # required


def test_renames_need_both_names() -> None:
    (sheet,) = read_sheets(_csv("序号,原名称,新名称\n1,苏州甲有限公司,\n"), "r.csv")
    layout = detect_layout(sheet, fields_for(Section.RENAMES), file="r.csv")
    with pytest.raises(ImportInvalidError) as info:
        parse_rows(sheet, layout, Section.RENAMES, file="r.csv")
    assert [(i.row, i.column) for i in info.value.issues] == [(2, "新名称")]


def test_unknown_region_is_an_error() -> None:
    (sheet,) = read_sheets(_csv("序号,地区,企业名称\n1,火星市,火星甲有限公司\n"), "a.csv")
    layout = detect_layout(sheet, fields_for(Section.LIST), file="a.csv")
    with pytest.raises(ImportInvalidError) as info:
        parse_rows(sheet, layout, Section.LIST, file="a.csv")
    assert [(i.row, i.column) for i in info.value.issues] == [(2, "地区")]


def test_other_file_types_are_refused() -> None:
    with pytest.raises(ImportInvalidError, match="1 problem"):
        read_sheets(b"hello", "annex.docx")
