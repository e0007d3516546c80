"""Write the .xlsx filing template (Chinese headers, field codes beneath), optionally
filled with a filing — the same workbook serves as the Excel export of a filing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from greenmfg.core.accounting.catalogue import CARRIERS, MATERIALS, PRODUCTS
from greenmfg.core.filing.columns import CODES_SHEET, COLUMNS, KV_FIELDS, MEASURED_IN, SHEETS
from greenmfg.core.filing.model import Filing, Origin
from greenmfg.core.spreadsheet import inert_workbook

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
    path: str | Path, filing: Filing | None = None, enterprise: dict[str, Any] | None = None
) -> Path:
    """Write the template to ``path`` (filled with ``filing`` when given).

    ``enterprise`` (uscc, name, industry, adcode, year) prefills the enterprise row of an
    empty template.  Coded columns offer drop-downs of the Chinese names (carriers,
    materials, products, origins, indicators) from the sheet 下拉选项; the codes are
    accepted as well (sheet 代码 lists both)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    assert wb.active is not None
    wb.remove(wb.active)
    bold = Font(bold=True)
    grey = Font(italic=True, color="666666")
    fill = PatternFill("solid", fgColor="E8F3EC")
    rows = filing_rows(filing) if filing is not None else {}
    if filing is None and enterprise:
        rows = {"enterprise": [{k: v for k, v in enterprise.items() if v not in (None, "")}]}
    # the drop-downs' Chinese names, one column per coded field, on their own sheet
    lists = wb.create_sheet(LISTS_SHEET)
    list_columns: dict[str, str] = {}
    for j, (choice, names) in enumerate(CHOICE_NAMES.items(), start=1):
        head = lists.cell(row=1, column=j, value=choice)
        head.font = bold
        list_columns[choice] = head.column_letter
        for i, name in enumerate(names, start=2):
            lists.cell(row=i, column=j, value=name)
        lists.column_dimensions[head.column_letter].width = 24
    for sheet in SHEETS:
        ws = wb.create_sheet(sheet.title)
        cols = COLUMNS[sheet.key]
        for j, col in enumerate(cols, start=1):
            c1 = ws.cell(row=1, column=j, value=col.zh + (" *" if col.required else ""))
            c1.font, c1.fill = bold, fill
            c2 = ws.cell(row=2, column=j, value=col.code)
            c2.font = grey
            ws.column_dimensions[c1.column_letter].width = max(12, len(col.zh) * 2 + 4)
        ws.freeze_panes = "A3"
        for i, rec in enumerate(rows.get(sheet.key, []), start=3):
            for j, col in enumerate(cols, start=1):
                if col.code in rec:
                    ws.cell(row=i, column=j, value=rec[col.code])
        if filing is None and sheet.key == "indicators":
            for i, (_field, (_, zh, unit)) in enumerate(KV_FIELDS.items(), start=3):
                ws.cell(row=i, column=1, value=zh)
                ws.cell(row=i, column=3, value=unit)
        for j, col in enumerate(cols, start=1):
            key = {
                "carrier": "carrier",
                "material": "material",
                "product": "product",
                "origin": "origin",
                "field": "field",
            }.get(col.code)
            if key is None:
                continue
            letter = ws.cell(row=1, column=j).column_letter
            list_col = list_columns[key]
            dv = DataValidation(
                type="list",
                formula1=f"'{LISTS_SHEET}'!${list_col}$2:${list_col}${len(CHOICE_NAMES[key]) + 1}",
                allow_blank=True,
                # a code typed by hand is accepted too: warn, never stop
                errorStyle="warning",
                showErrorMessage=False,
            )
            ws.add_data_validation(dv)
            dv.add(f"{letter}3:{letter}2000")
    codes = wb.create_sheet(CODES_SHEET.title)
    codes.append(["类别 kind", "代码 code", "中文名称", "English name", "单位示例 unit"])
    for c in codes[1]:
        c.font = bold
    for c in CARRIERS.values():
        codes.append(["carrier 能源品种", c.code, c.name_zh, c.name_en, c.example_unit])
    for o, (zh, en) in ORIGIN_NAMES.items():
        codes.append(["origin 来源/去向", str(o), zh, en, ""])
    for m in MATERIALS.values():
        codes.append(["material 过程物料", m.code, m.name_zh, m.name_en, "t"])
    for p in PRODUCTS.values():
        codes.append(["product 产品", p.code, p.name_zh, p.name_en, "t"])
    for field, (_, zh, unit) in KV_FIELDS.items():
        codes.append(["field 经济与资源指标", field, zh, field.replace("_", " "), unit])
    for letter in ("A", "B", "C", "D", "E"):
        codes.column_dimensions[letter].width = 26
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames))  # last: after the data sheets
    out = Path(path)
    inert_workbook(wb)  # notes and names are data, never formulas
    wb.save(out)
    return out
