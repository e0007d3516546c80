"""Past filings (历年填报数据): many enterprises' annual data in one workbook, validated like
single filings and accounted through the batch path, all or nothing."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from openpyxl import Workbook

from greenmfg.core.domain import Role
from greenmfg.core.errors import ImportInvalidError
from greenmfg.platform.filings.batch import BATCH_DETAIL
from greenmfg.platform.filings.models import AccountingRecord, AnnualFiling, FilingEvent
from greenmfg.platform.onboarding import services

pytestmark = pytest.mark.django_db

HEADER = [
    "统一社会信用代码",
    "企业名称",
    "年度",
    "原煤(t)",
    "电力(万kWh)",
    "天然气(万Nm3)",
    "水泥熟料(万t)",
    "工业总产值(万元)",
    "取水量(m3)",
]


def _xlsx(sheets: dict[str, list[list[Any]]]) -> bytes:
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_thousand_enterprise_years_import_through_the_batch_path(
    make_enterprise: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    ents = [make_enterprise(adcode="320500" if i % 2 else "320200") for i in range(200)]
    rows: list[list[Any]] = [HEADER]
    for i, ent in enumerate(ents):
        for year in range(2019, 2024):
            rows.append(
                [ent.uscc, ent.name, year, 1000 + i, 1000, 50, 30 + year - 2019, 12000, 40000]
            )
    jiangsu = make_user(Role.PROVINCIAL, "320000")
    result = services.past_filings_import(
        actor=jiangsu, filename="历年数据.xlsx", content=_xlsx({"数据": rows})
    )
    assert result.as_dict() == {"enterprises": 200, "created": 1000, "replaced": 0}
    assert AnnualFiling.objects.count() == 1000
    records = AccountingRecord.objects.filter(is_current=True)
    assert records.count() == 1000
    assert all(r.result["computed_by"] == BATCH_DETAIL for r in records)
    assert FilingEvent.objects.filter(action="imported").count() == 1000
    # GB/T 2589-2020 Annex A (equivalent value 当量值): raw coal 0.7143 kgce/kg, natural gas
    # 1.2143 kgce/m3 (12.143 tce per 10^4 m3), electricity 0.1229 kgce/kWh (1.229 tce per
    # 10^4 kWh).  First enterprise, any year: 1000 t coal = 714.3 tce; 1000 万kWh =
    # 1229 tce; 50 万m3 gas = 607.15 tce → 2550.45 tce.
    first = AccountingRecord.objects.get(
        filing__enterprise=ents[0], filing__year=2021, is_current=True
    )
    assert first.equivalent_tce == pytest.approx(714.3 + 1229 + 607.15, rel=1e-6)

    # the same workbook again replaces the filings (new current records, old ones kept)
    again = services.past_filings_import(
        actor=jiangsu, filename="历年数据.xlsx", content=_xlsx({"数据": rows})
    )
    assert again.replaced == 1000 and AnnualFiling.objects.count() == 1000
    assert AccountingRecord.objects.filter(is_current=True).count() == 1000


def test_one_sheet_per_enterprise(make_enterprise: Callable[..., Any]) -> None:
    a, b = make_enterprise(adcode="320500"), make_enterprise(adcode="320500")
    header = ["年度", "电力(万kWh)", "外购绿电(万kWh)", "水泥(万t)"]
    content = _xlsx(
        {
            a.uscc: [header, [2022, 500, 100, 20], [2023, 520, 120, 21]],
            "乙企业": [[f"统一社会信用代码：{b.uscc}"], header, [2023, 300, 0, 10]],
        }
    )
    result = services.past_filings_import(actor=None, filename="p.xlsx", content=content)
    assert result.created == 3
    green = AnnualFiling.objects.get(enterprise=a, year=2022).data["energy"]
    assert {
        "carrier": "electricity",
        "quantity": 100.0,
        "unit": "万kWh",
        "origin": "green",
    }.items() <= next(line for line in green if line.get("origin") == "green").items()


def test_bad_rows_are_named_and_nothing_is_written(
    make_enterprise: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    ent = make_enterprise(adcode="320500")
    other = make_enterprise(adcode="330100")
    rows = [
        HEADER,
        [ent.uscc, "", 2022, 100, 10, "", "", "", ""],
        [ent.uscc, "", 2099, 100, 10, "", "", "", ""],  # future year
        [ent.uscc, "", 2021, "一百", 10, "", "", "", ""],  # not a number
        ["91320500000000000X", "", 2021, 1, 1, "", "", "", ""],  # bad check character
        [other.uscc, "", 2021, 1, 1, "", "", "", ""],  # outside Jiangsu
    ]
    with pytest.raises(ImportInvalidError) as info:
        services.past_filings_import(
            actor=make_user(Role.PROVINCIAL, "320000"),
            filename="p.xlsx",
            content=_xlsx({"数据": rows}),
        )
    assert sorted((i.row, i.column) for i in info.value.issues) == [
        (3, "年度"),
        (4, "原煤(t)"),
        (5, "统一社会信用代码"),
    ]
    assert not AnnualFiling.objects.exists()
    rows = [
        HEADER,
        [ent.uscc, "", 2022, 100, 10, "", "", "", ""],
        [other.uscc, "", 2021, 1, 1, "", "", "", ""],
    ]
    with pytest.raises(ImportInvalidError) as info:
        services.past_filings_import(
            actor=make_user(Role.PROVINCIAL, "320000"),
            filename="p.xlsx",
            content=_xlsx({"数据": rows}),
        )
    assert [(i.row, "不在您的辖区内" in i.message) for i in info.value.issues] == [(3, True)]
    assert not AnnualFiling.objects.exists()


def test_unknown_header_is_an_error(make_enterprise: Callable[..., Any]) -> None:
    ent = make_enterprise()
    content = _xlsx({"数据": [["统一社会信用代码", "年度", "神秘燃料(t)"], [ent.uscc, 2022, 5]]})
    with pytest.raises(ImportInvalidError) as info:
        services.past_filings_import(actor=None, filename="p.xlsx", content=content)
    (issue,) = info.value.issues
    assert issue.row == 1 and issue.column == "神秘燃料(t)"
