"""Write the .xlsx filing template (Chinese headers, field codes beneath), optionally
filled with a filing — the same workbook serves as the Excel export of a filing."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from greenmfg.core.accounting.catalogue import CARRIERS, MATERIALS, PRODUCTS
from greenmfg.core.filing.columns import CODES_SHEET, COLUMNS, KV_FIELDS, MEASURED_IN, SHEETS
from greenmfg.core.filing.model import Filing, Origin
from greenmfg.core.spreadsheet import xlsxwriter_row

__all__ = ["CHOICE_NAMES", "ORIGIN_NAMES", "filing_rows", "write_template"]

ORIGIN_NAMES: dict[str, tuple[str, str]] = {
    Origin.PURCHASED: ("外购", "Purchased (default)"),
    Origin.GRID: ("外购电网电力", "Grid electricity"),
    Origin.GREEN: ("外购绿电", "Purchased green electricity"),
    Origin.SELF_RENEWABLE: ("自发自用可再生电力", "Self-generated renewable electricity"),
    Origin.EXPORTED: ("外供", "Delivered to others (subtracted)"),
    Origin.BY_PRODUCT: ("自产自用副产煤气", "By-product gas made and used inside"),
}


def _choice_names() -> dict[str, dict[str, str]]:
    """For each coded column, the Chinese name offered in its drop-down → the code.
    The reader accepts either (a name, or the code itself)."""
    return {
        "carrier": {c.name_zh: c.code for c in CARRIERS.values()},
        "material": {m.name_zh: m.code for m in MATERIALS.values()},
        "product": {p.name_zh: p.code for p in PRODUCTS.values()},
        "origin": {zh: str(o) for o, (zh, _en) in ORIGIN_NAMES.items()},
        "field": {zh: field for field, (_s, zh, _u) in KV_FIELDS.items()},
    }


CHOICE_NAMES: dict[str, dict[str, str]] = _choice_names()
LISTS_SHEET = "下拉选项"


def filing_rows(filing: Filing) -> dict[str, list[dict[str, Any]]]:
    """A filing as the template's rows, keyed by sheet."""
    ent = filing.enterprise
    out: dict[str, list[dict[str, Any]]] = {
        "enterprise": [
            {
                "uscc": ent.uscc,
                "name": ent.name,
                "industry": ent.industry,
                "adcode": ent.adcode,
                "year": filing.year,
                **({"method": str(filing.method)} if filing.method else {}),
            }
        ],
        "energy": [],
        "process": [],
        "products": [],
        "indicators": [],
    }
    for section in ("energy", "process", "products"):
        column_of = {f: c for c, f in MEASURED_IN.get(section, {}).items()}
        for line in getattr(filing, section):
            row: dict[str, Any] = {}
            for key, value in line.model_dump(exclude_none=True).items():
                if key in column_of:
                    row[column_of[key]] = value["value"]
                    row[f"{column_of[key]}_unit"] = value["unit"]
                elif key == "origin":
                    row[key] = str(value)
                else:
                    row[key] = value
            out[section].append(row)
    for field, (section, _, _) in KV_FIELDS.items():
        value = getattr(getattr(filing, section), field)
        if value is None:
            continue
        if field == "employees":
            out["indicators"].append({"field": field, "value": value, "unit": "人"})
        else:
            out["indicators"].append({"field": field, "value": value.value, "unit": value.unit})
    return out


def write_template(
    path: str | Path,
    filing: Filing | None = None,
    enterprise: dict[str, Any] | None = None,
    first_sheet: tuple[str, Sequence[Sequence[Any]]] | None = None,
) -> Path:
    """Write the template to ``path`` (filled with ``filing`` when given).

    ``enterprise`` (uscc, name, industry, adcode, year) prefills the enterprise row of an
    empty template.  Coded columns offer drop-downs of the Chinese names (carriers,
    materials, products, origins, indicators) from the sheet 下拉选项; the codes are
    accepted as well (sheet 代码 lists both).  ``first_sheet`` (title, rows) goes before
    the data sheets, e.g. the accounting results of an export; the import skips it.
    Every formula-like text is written as quote-prefixed text
    (:mod:`greenmfg.core.spreadsheet`)."""
    import xlsxwriter
    from xlsxwriter.utility import xl_col_to_name

    out = Path(path)
    wb = xlsxwriter.Workbook(
        str(out),
        {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    bold = wb.add_format({"bold": True})
    grey = wb.add_format({"italic": True, "font_color": "#666666"})
    head = wb.add_format({"bold": True, "bg_color": "#E8F3EC", "pattern": 1})
    inert = wb.add_format({"quote_prefix": True})
    rows = filing_rows(filing) if filing is not None else {}
    if filing is None and enterprise:
        rows = {"enterprise": [{k: v for k, v in enterprise.items() if v not in (None, "")}]}
    if first_sheet is not None:
        title, lines = first_sheet
        ws = wb.add_worksheet(title)
        for i, line in enumerate(lines):
            xlsxwriter_row(ws, i, list(line), inert)
        ws.set_column(0, 0, 36)
        ws.set_column(1, 5, 16)
    # the drop-downs' Chinese names, one column per coded field, on the last sheet
    list_columns = {choice: xl_col_to_name(j) for j, choice in enumerate(CHOICE_NAMES)}
    for sheet in SHEETS:
        ws = wb.add_worksheet(sheet.title)
        cols = COLUMNS[sheet.key]
        for j, col in enumerate(cols):
            ws.write_string(0, j, col.zh + (" *" if col.required else ""), head)
            ws.write_string(1, j, col.code, grey)
            ws.set_column(j, j, max(12, len(col.zh) * 2 + 4))
        ws.freeze_panes(2, 0)
        for i, rec in enumerate(rows.get(sheet.key, []), start=2):
            xlsxwriter_row(ws, i, [rec.get(col.code) for col in cols], inert)
        if filing is None and sheet.key == "indicators":
            for i, (_field, (_, zh, unit)) in enumerate(KV_FIELDS.items(), start=2):
                ws.write_string(i, 0, zh)
                ws.write_string(i, 2, unit)
        for j, col in enumerate(cols):
            if col.code not in CHOICE_NAMES:
                continue
            letter = list_columns[col.code]
            last = len(CHOICE_NAMES[col.code]) + 1
            ws.data_validation(
                2,
                j,
                1999,
                j,
                {
                    "validate": "list",
                    "source": f"='{LISTS_SHEET}'!${letter}$2:${letter}${last}",
                    "ignore_blank": True,
                    # a code typed by hand is accepted too: warn, never stop
                    "error_type": "warning",
                    "show_error": False,
                },
            )
    codes = wb.add_worksheet(CODES_SHEET.title)
    code_rows: list[list[Any]] = []
    for c in CARRIERS.values():
        code_rows.append(["carrier 能源品种", c.code, c.name_zh, c.name_en, c.example_unit])
    for o, (zh, en) in ORIGIN_NAMES.items():
        code_rows.append(["origin 来源/去向", str(o), zh, en, ""])
    for m in MATERIALS.values():
        code_rows.append(["material 过程物料", m.code, m.name_zh, m.name_en, "t"])
    for p in PRODUCTS.values():
        code_rows.append(["product 产品", p.code, p.name_zh, p.name_en, "t"])
    for field, (_, zh, unit) in KV_FIELDS.items():
        code_rows.append(["field 经济与资源指标", field, zh, field.replace("_", " "), unit])
    xlsxwriter_row(
        codes,
        0,
        ["类别 kind", "代码 code", "中文名称", "English name", "单位示例 unit"],
        inert,
        bold,
    )
    for i, row in enumerate(code_rows, start=1):
        xlsxwriter_row(codes, i, row, inert)
    codes.set_column(0, 4, 26)
    lists = wb.add_worksheet(LISTS_SHEET)  # last: after the data sheets
    for j, (choice, names) in enumerate(CHOICE_NAMES.items()):
        lists.write_string(0, j, choice, bold)
        for i, name in enumerate(names, start=1):
            lists.write_string(i, j, name)
        lists.set_column(j, j, 24)
    wb.close()
    return out
