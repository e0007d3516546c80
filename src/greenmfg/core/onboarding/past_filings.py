"""Past annual filings of many enterprises in one workbook (历年填报数据).

Two layouts, each sheet read the same way:

- one row per enterprise-year: columns 统一社会信用代码 and 年度, then one column per
  quantity;
- one sheet per enterprise: the same columns without the credit code, the code being the
  sheet's name or written above the header (``统一社会信用代码：9132…``).

A quantity column is headed by its name and, in brackets, its unit: an energy carrier
(``原煤(t)``, ``电力(万kWh)``, ``天然气(万Nm3)``; the carrier code works too), an
electricity or heat line of a given origin (``外购绿电(万kWh)``,
``自发自用可再生电力(MWh)``, ``外供电力(万kWh)``, ``外供热力(GJ)``, ``外供蒸汽(t)``), a
product (``水泥熟料(万t)``), a process material (``石灰石(t)``) or an economic and
resource indicator (``工业总产值(万元)``, ``取水量(m3)``).  Without a unit the carrier's
activity unit or the indicator's default unit applies; a product needs its unit.
Columns 序号, 企业名称, 地区, 行业 and 备注 are read as notes only.  Any other header is an
error (a figure must never be dropped silently).

The rows become interchange-format dicts (:mod:`greenmfg.core.filing.model`); the
caller validates and accounts them with the enterprise's registry identity.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from greenmfg.core.accounting.catalogue import CARRIERS, MATERIALS, PRODUCTS
from greenmfg.core.codes import uscc as uscc_codes
from greenmfg.core.errors import ImportInvalidError, ImportIssue, InvalidUSCCError
from greenmfg.core.filing.columns import KV_FIELDS
from greenmfg.core.onboarding.layout import header_form
from greenmfg.core.onboarding.tables import Sheet, TableRow, read_sheets

USCC_HEADERS: Final = ("统一社会信用代码", "社会信用代码", "信用代码", "uscc")
YEAR_HEADERS: Final = ("年度", "年份", "数据年度", "填报年度", "year")
NOTE_HEADERS: Final = (
    "序号",
    "企业名称",
    "单位名称",
    "名称",
    "地区",
    "地市",
    "行业",
    "备注",
    "name",
)
ORIGIN_HEADERS: Final = {
    "外购绿电": ("electricity", "green"),
    "绿电": ("electricity", "green"),
    "自发自用可再生电力": ("electricity", "self_renewable"),
    "外购电网电力": ("electricity", "grid"),
    "外供电力": ("electricity", "exported"),
    "外供热力": ("heat", "exported"),
    "外供蒸汽": ("steam", "exported"),
}
SCAN_ROWS: Final = 10
_UNIT: Final = re.compile(r"^(?P<name>.+?)\s*\((?P<unit>[^()]+)\)$")
_CODE: Final = re.compile(r"[0-9A-HJ-NPQRTUWXY]{18}")


@dataclass(frozen=True, slots=True)
class Target:
    """What a quantity column fills."""

    section: str  # energy | products | process | economics | resources
    code: str
    unit: str
    origin: str = ""


@dataclass(frozen=True, slots=True)
class PastFiling:
    sheet: str
    row: int
    uscc: str
    year: int
    data: dict[str, Any] = field(default_factory=dict)


def _names() -> dict[str, Target]:
    table: dict[str, Target] = {}
    for kv, (section, zh, unit) in KV_FIELDS.items():
        table[kv] = table[header_form(zh)] = Target(section, kv, unit)
    for material in MATERIALS.values():
        table[material.code] = table[header_form(material.name_zh)] = Target(
            "process", material.code, "t"
        )
    for product in PRODUCTS.values():
        table[product.code] = table[header_form(product.name_zh)] = Target(
            "products", product.code, ""
        )
    for carrier in CARRIERS.values():
        table[carrier.code] = table[header_form(carrier.name_zh)] = Target(
            "energy", carrier.code, carrier.unit
        )
    for zh, (code, origin) in ORIGIN_HEADERS.items():
        table[zh] = Target("energy", code, CARRIERS[code].unit, origin)
    return table


def _target(header: str, names: dict[str, Target]) -> Target | None:
    form = header_form(header)
    match = _UNIT.match(form)
    name, unit = (match["name"], match["unit"]) if match else (form, "")
    found = names.get(name) or names.get(name.lower())
    if found is None:
        return None
    return Target(found.section, found.code, unit or found.unit, found.origin)


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("，", "").strip())


def _sheet_code(sheet: Sheet, header: TableRow) -> str:
    """The credit code of a one-enterprise sheet: its name, or a line above the header."""
    candidates = [sheet.name] + [
        " ".join(r.cells) for r in sheet.rows if r.number < header.number and not r.is_empty
    ]
    for text in candidates:
        for found in _CODE.finditer(text.upper()):
            if uscc_codes.is_valid(found.group(0)):
                return found.group(0)
    return ""


def read_past_filings(data: bytes, filename: str, *, today: dt.date) -> list[PastFiling]:
    """Every enterprise-year of the workbook; :class:`ImportInvalidError` lists every
    problem (sheet, row, column) and nothing is returned unless all rows pass."""
    names = _names()
    issues: list[ImportIssue] = []
    out: list[PastFiling] = []
    seen: dict[tuple[str, int], tuple[str, int]] = {}
    sheets = [s for s in read_sheets(data, filename) if any(not r.is_empty for r in s.rows)]
    for sheet in sheets:
        header = next(
            (
                r
                for r in [r for r in sheet.rows if not r.is_empty][:SCAN_ROWS]
                if any(header_form(c) in YEAR_HEADERS for c in r.cells)
            ),
            None,
        )
        if header is None:
            issues.append(
                ImportIssue(
                    message="no header row with a 年度 (year) column",
                    sheet=sheet.name,
                    row=None,
                    expected="a header row: 统一社会信用代码, 年度, then one column per quantity",
                )
            )
            continue
        uscc_col: int | None = None
        year_col = 0
        targets: dict[int, Target] = {}
        for index, text in enumerate(header.cells):
            form = header_form(text)
            if not form:
                continue
            if form in USCC_HEADERS:
                uscc_col = index
            elif form in YEAR_HEADERS:
                year_col = index
            elif form in NOTE_HEADERS:
                continue
            else:
                target = _target(text, names)
                if target is None:
                    issues.append(
                        ImportIssue(
                            message="the header %(header)r names no carrier, product, material or indicator",
                            params={"header": text},
                            sheet=sheet.name,
                            row=header.number,
                            column=text,
                            expected="e.g. 原煤(t), 电力(万kWh), 水泥熟料(万t), 工业总产值(万元)",
                        )
                    )
                elif target.section == "products" and not _UNIT.match(header_form(text)):
                    issues.append(
                        ImportIssue(
                            message="the product column %(header)r has no unit",
                            sheet=sheet.name,
                            row=header.number,
                            column=text,
                            expected="the unit in brackets, e.g. %(header)s(万t)",
                            params={"header": text},
                        )
                    )
                else:
                    targets[index] = target
        sheet_code = "" if uscc_col is not None else _sheet_code(sheet, header)
        if uscc_col is None and not sheet_code:
            issues.append(
                ImportIssue(
                    message="no 统一社会信用代码 column, and the sheet names no credit code",
                    sheet=sheet.name,
                    row=header.number,
                    expected="a 统一社会信用代码 column, or the code as the sheet's name",
                )
            )
            continue
        for row in sheet.rows:
            if row.number <= header.number or row.is_empty:
                continue
            out_row = _row(row, sheet, header, uscc_col, year_col, sheet_code, targets, today)
            if isinstance(out_row, list):
                issues.extend(out_row)
                continue
            key = (out_row.uscc, out_row.year)
            if key in seen:
                issues.append(
                    ImportIssue(
                        message="%(uscc)s %(year)d is already in sheet %(first_sheet)s, row %(first_row)d",
                        params={
                            "uscc": out_row.uscc,
                            "year": out_row.year,
                            "first_sheet": seen[key][0],
                            "first_row": seen[key][1],
                        },
                        sheet=sheet.name,
                        row=row.number,
                        column=header.cell(year_col),
                        expected="each enterprise-year once",
                    )
                )
                continue
            seen[key] = (sheet.name, row.number)
            out.append(out_row)
    if not issues and not out:
        issues.append(
            ImportIssue(
                message="the workbook has no data rows", expected="one row per enterprise-year"
            )
        )
    if issues:
        raise ImportInvalidError(file=filename, issues=issues)
    return out


def _row(
    row: TableRow,
    sheet: Sheet,
    header: TableRow,
    uscc_col: int | None,
    year_col: int,
    sheet_code: str,
    targets: dict[int, Target],
    today: dt.date,
) -> PastFiling | list[ImportIssue]:
    issues: list[ImportIssue] = []

    def issue(
        index: int | None,
        *,
        message: str,
        expected: str,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        issues.append(
            ImportIssue(
                message=message,
                sheet=sheet.name,
                row=row.number,
                column=header.cell(index) or None,
                expected=expected,
                params=params,
            )
        )

    code = row.cell(uscc_col).upper().replace(" ", "") if uscc_col is not None else sheet_code
    try:
        code = uscc_codes.validate(code)
    except InvalidUSCCError as err:
        issue(
            uscc_col,
            message=err.template,
            expected="an 18-character code (GB 32100-2015)",
            params=err.params,
        )
    year_text = row.cell(year_col).removesuffix("年")
    year = 0
    if not year_text.isdigit():
        issue(
            year_col,
            message="%(value)r is not a year",
            expected="a year such as 2021",
            params={"value": year_text},
        )
    else:
        year = int(year_text)
        if year > today.year:
            issue(
                year_col,
                message="%(year)d is in the future",
                expected="a year up to %(last_year)d",
                params={"year": year, "last_year": today.year},
            )
        elif year < 2000:
            issue(
                year_col,
                message="%(year)d is before 2000",
                expected="a year from 2000 on",
                params={"year": year},
            )
    data: dict[str, Any] = {
        "year": year,
        "energy": [],
        "process": [],
        "products": [],
        "economics": {},
        "resources": {},
    }
    for index, target in targets.items():
        text = row.cell(index)
        if not text:
            continue
        try:
            value = _number(text)
        except ValueError:
            issue(
                index,
                message="%(value)r is not a number",
                expected="a number (empty when not filed)",
                params={"value": text},
            )
            continue
        if target.section == "energy":
            line: dict[str, Any] = {"carrier": target.code, "quantity": value, "unit": target.unit}
            if target.origin:
                line["origin"] = target.origin
            data["energy"].append(line)
        elif target.section == "products":
            data["products"].append(
                {"product": target.code, "quantity": value, "unit": target.unit}
            )
        elif target.section == "process":
            data["process"].append(
                {"material": target.code, "quantity": value, "unit": target.unit}
            )
        elif target.code == "employees":
            data["economics"]["employees"] = int(value) if value.is_integer() else value
        else:
            data[target.section][target.code] = {"value": value, "unit": target.unit}
    if issues:
        return issues
    return PastFiling(sheet=sheet.name, row=row.number, uscc=code, year=year, data=data)
