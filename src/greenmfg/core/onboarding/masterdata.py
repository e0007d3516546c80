"""Enterprise master data (企业基础信息) from Excel or CSV, one row per enterprise.

Columns (detected from the header row): 统一社会信用代码, 企业名称, 曾用名 (several
separated by ；/、/,), 行政区划代码 (a city-level GB/T 2260 code or a city name),
行业代码 (GB/T 4754-2017 class, ``3011`` or ``C3011``, a label such as
``C3011 水泥制造`` too), 地址, 法定代表人 and, optionally, 更名日期 (the date of the
latest rename, for a name that differs from the registered one).

Every row is checked and every problem is reported with its row and column; nothing is
returned unless all rows pass.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from greenmfg.core.codes import industries, regions
from greenmfg.core.codes import uscc as uscc_codes
from greenmfg.core.errors import (
    ImportInvalidError,
    ImportIssue,
    InvalidUSCCError,
    UnknownAdcodeError,
    UnknownIndustryError,
)
from greenmfg.core.onboarding.layout import Field, Layout, data_rows, detect_layout
from greenmfg.core.onboarding.names import clean_name
from greenmfg.core.onboarding.regions import resolve_region
from greenmfg.core.onboarding.tables import Sheet, TableRow, read_sheets

FIELDS: Final = (
    Field(
        "uscc",
        "统一社会信用代码",
        "Credit code",
        ("统一社会信用代码", "社会信用代码", "信用代码"),
        True,
    ),
    Field("name", "企业名称", "Name", ("企业名称", "单位名称", "名称", "企业全称"), True),
    Field("former_names", "曾用名", "Former names", ("曾用名", "原名称", "历史名称", "曾用名称")),
    Field(
        "adcode",
        "行政区划代码",
        "Region code",
        ("行政区划代码", "区划代码", "行政区划", "所在地市", "地市", "地区", "所在地区"),
        True,
    ),
    Field(
        "industry",
        "行业代码",
        "Industry",
        ("行业代码", "国民经济行业代码", "行业", "所属行业", "行业小类"),
        True,
    ),
    Field("address", "地址", "Address", ("地址", "注册地址", "生产地址", "企业地址", "住所")),
    Field(
        "legal_representative",
        "法定代表人",
        "Legal representative",
        ("法定代表人", "法人代表", "法人", "法定代表人姓名"),
    ),
    Field("renamed_on", "更名日期", "Renamed on", ("更名日期", "名称变更日期", "变更日期")),
)

_SPLIT: Final = re.compile(r"[；;、,，/\n]+")


@dataclass(frozen=True, slots=True)
class EnterpriseRecord:
    row: int
    uscc: str
    name: str
    adcode: str
    industry: str
    former_names: tuple[str, ...] = ()
    address: str = ""
    legal_representative: str = ""
    renamed_on: dt.date | None = None


def _industry(text: str) -> str:
    head = text.strip().split()[0] if text.strip() else ""
    code = industries.validate_industry(head, level="class")
    return code


def _date(text: str) -> dt.date:
    cleaned = text.strip().replace("/", "-").replace(".", "-")
    for fmt in ("%Y-%m-%d", "%Y年%m月%d日", "%Y%m%d"):
        try:
            return dt.datetime.strptime(cleaned, fmt).date()  # noqa: DTZ007 - a calendar date
        except ValueError:
            continue
    raise ValueError(text)


def read_records(
    data: bytes, filename: str, *, today: dt.date
) -> tuple[Layout, list[EnterpriseRecord]]:
    sheet = read_sheets(data, filename)[0]
    layout = detect_layout(sheet, FIELDS, file=filename)
    return layout, parse_records(sheet, layout, file=filename, today=today)


def parse_records(
    sheet: Sheet, layout: Layout, *, file: str, today: dt.date
) -> list[EnterpriseRecord]:
    issues: list[ImportIssue] = []
    out: list[EnterpriseRecord] = []
    seen: dict[str, int] = {}
    col = layout.columns

    def issue(
        row: TableRow,
        key: str,
        *,
        message: str,
        expected: str,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        header = layout.header.cell(col.get(key)) if key in col else key
        issues.append(
            ImportIssue(
                message=message,
                sheet=sheet.name,
                row=row.number,
                column=header or key,
                expected=expected,
                params=params,
            )
        )

    for row in data_rows(sheet, layout):
        before = len(issues)
        code = row.cell(col.get("uscc")).upper().replace(" ", "")
        try:
            code = uscc_codes.validate(code) if code else ""
        except InvalidUSCCError as err:
            issue(
                row,
                "uscc",
                message=err.template,
                expected="an 18-character code (GB 32100-2015)",
                params=err.params,
            )
        if not code:
            if len(issues) == before:
                issue(
                    row,
                    "uscc",
                    message="the credit code is empty",
                    expected="an 18-character code (GB 32100-2015)",
                )
        elif code in seen:
            issue(
                row,
                "uscc",
                message="%(uscc)s is already in row %(first_row)d",
                expected="each enterprise once",
                params={"uscc": code, "first_row": seen[code]},
            )
        name = clean_name(row.cell(col.get("name")))
        if not name:
            issue(row, "name", message="the name is empty", expected="the registered name")
        elif len(name) > 200:
            issue(
                row,
                "name",
                message="the name is longer than 200 characters",
                expected="at most 200 characters",
            )
        region_text = row.cell(col.get("adcode"))
        adcode = ""
        region = resolve_region(region_text) if region_text else None
        if region is None:
            issue(
                row,
                "adcode",
                message="%(region)r is not a region GB/T 2260 knows"
                if region_text
                else "the region is empty",
                expected="a city-level code (e.g. 320500) or a city name",
                params={"region": region_text},
            )
        else:
            try:
                adcode = regions.validate_adcode(region.adcode, level="city")
            except UnknownAdcodeError as err:
                issue(
                    row,
                    "adcode",
                    message=err.template,
                    expected="a city-level code (e.g. 320500) or a city name",
                    params=err.params,
                )
        industry = ""
        try:
            industry = _industry(row.cell(col.get("industry")))
        except UnknownIndustryError as err:
            issue(
                row,
                "industry",
                message=err.template,
                expected="a GB/T 4754-2017 class, e.g. 3011",
                params=err.params,
            )
        renamed_text = row.cell(col.get("renamed_on"))
        renamed_on: dt.date | None = None
        if renamed_text:
            try:
                renamed_on = _date(renamed_text)
            except ValueError:
                issue(
                    row,
                    "renamed_on",
                    message="%(value)r is not a date",
                    expected="a date such as 2024-06-30",
                    params={"value": renamed_text},
                )
            else:
                if renamed_on > today:
                    issue(
                        row,
                        "renamed_on",
                        message="%(date)s is in the future",
                        expected="a date up to %(today)s",
                        params={"date": renamed_on.isoformat(), "today": today.isoformat()},
                    )
        formers = tuple(
            dict.fromkeys(
                clean_name(p) for p in _SPLIT.split(row.cell(col.get("former_names"))) if p.strip()
            )
        )
        legal = row.cell(col.get("legal_representative"))
        if len(legal) > 100:
            issue(
                row,
                "legal_representative",
                message="longer than 100 characters",
                expected="at most 100 characters",
            )
        address = row.cell(col.get("address"))
        if len(address) > 300:
            issue(
                row,
                "address",
                message="longer than 300 characters",
                expected="at most 300 characters",
            )
        if code:
            seen.setdefault(code, row.number)
        if len(issues) == before:
            out.append(
                EnterpriseRecord(
                    row=row.number,
                    uscc=code,
                    name=name,
                    adcode=adcode,
                    industry=industry,
                    former_names=tuple(f for f in formers if f != name),
                    address=address,
                    legal_representative=legal,
                    renamed_on=renamed_on,
                )
            )
    if issues:
        raise ImportInvalidError(file=file, issues=issues)
    if not out:
        raise ImportInvalidError(
            file=file,
            issues=[
                ImportIssue(
                    message="no enterprise rows below the header",
                    sheet=sheet.name,
                    row=layout.header.number,
                    expected="one row per enterprise",
                )
            ],
        )
    return out


def template_bytes() -> bytes:
    """A blank master-data workbook with the Chinese headers the import recognises."""
    import io

    import xlsxwriter

    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True})
    ws = wb.add_worksheet("企业 Enterprises")
    bold = wb.add_format({"bold": True})
    for index, f in enumerate(FIELDS):
        ws.write_string(0, index, f.zh, bold)
        ws.set_column(index, index, max(14, len(f.zh) * 3))
    wb.close()
    return buffer.getvalue()
