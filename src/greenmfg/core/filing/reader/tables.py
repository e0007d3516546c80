"""Rows of a filing table (CSV or xlsx) turned into a filing."""

from __future__ import annotations

from typing import Any

from greenmfg.core.errors import (
    ImportIssue,
)
from greenmfg.core.filing.columns import (
    COLUMNS,
    KV_FIELDS,
    MEASURED_IN,
    Column,
    SheetDef,
)
from greenmfg.core.filing.reader.base import FIRST_DATA_ROW


class _TableLocator:
    """Maps interchange-format locations back to sheet / row / column."""

    def __init__(self) -> None:
        self.rows: dict[tuple[str, int], int] = {}
        self.kv_rows: dict[str, int] = {}
        self.sheet_names: dict[str, str] = {}
        self.enterprise_row = FIRST_DATA_ROW

    def locate(self, loc: tuple[Any, ...]) -> tuple[str | None, int | None, str | None]:
        if not loc:
            return None, None, None
        section = str(loc[0])
        if section in ("enterprise", "year"):
            column = "year" if section == "year" else (str(loc[1]) if len(loc) > 1 else None)
            return self.sheet_names.get("enterprise"), self.enterprise_row, column
        if (
            section in ("energy", "process", "products")
            and len(loc) > 1
            and isinstance(loc[1], int)
        ):
            column = str(loc[2]) if len(loc) > 2 else None
            return self.sheet_names.get(section), self.rows.get((section, loc[1])), column
        if section in ("economics", "resources") and len(loc) > 1:
            field = str(loc[1])
            return self.sheet_names.get("indicators"), self.kv_rows.get(field), "value"
        return None, None, ".".join(str(p) for p in loc)

    def line(self, section: str, index: int | None) -> tuple[str | None, int | None, str | None]:
        if index is None:
            _, _, field = section.partition(".")
            return self.sheet_names.get("indicators"), self.kv_rows.get(field), "unit"
        return self.sheet_names.get(section), self.rows.get((section, index)), None


def _cell_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _convert(col: Column, value: Any, issues: list[ImportIssue], sheet: str, row: int) -> Any:
    """A cell's value in the kind its column expects (None if empty or invalid)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if col.kind == "text":
        return _cell_text(value)
    if isinstance(value, bool):
        issues.append(
            ImportIssue(
                message="%(value)r is not a number",
                sheet=sheet,
                row=row,
                column=col.code,
                expected="a number",
                params={"value": value},
            )
        )
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip().replace(",", "").replace("，", "")
        try:
            number = float(text)
        except ValueError:
            issues.append(
                ImportIssue(
                    message="text %(value)r in a number cell",
                    sheet=sheet,
                    row=row,
                    column=col.code,
                    expected="a number",
                    params={"value": str(value)},
                )
            )
            return None
    if number != number or number in (float("inf"), float("-inf")):
        issues.append(
            ImportIssue(
                message="not a finite number",
                sheet=sheet,
                row=row,
                column=col.code,
                expected="a number",
            )
        )
        return None
    if col.kind == "integer":
        if not number.is_integer():
            issues.append(
                ImportIssue(
                    message="%(value)r is not a whole number",
                    sheet=sheet,
                    row=row,
                    column=col.code,
                    expected="a whole number",
                    params={"value": value},
                )
            )
            return None
        return int(number)
    return number


def _records(
    sheet: SheetDef,
    sheet_name: str,
    rows: list[list[Any]],
    issues: list[ImportIssue],
    first_row: int = 1,
) -> list[tuple[int, dict[str, Any]]]:
    """Data rows of a sheet as (row number, {field: value}); header problems → issues."""
    columns = {c.code: c for c in COLUMNS[sheet.key]}
    if len(rows) < 2:
        issues.append(
            ImportIssue(
                message="the header rows are missing",
                sheet=sheet_name,
                row=first_row,
                expected="row 1: Chinese headers, row 2: field codes (%(columns)s)",
                params={"columns": ", ".join(columns)},
            )
        )
        return []
    header = [_cell_text(v).lower() if v is not None else "" for v in rows[1]]
    index: dict[str, int] = {}
    for i, code in enumerate(header):
        if not code:
            continue
        if code not in columns:
            issues.append(
                ImportIssue(
                    message="unknown column %(column)r",
                    sheet=sheet_name,
                    row=first_row + 1,
                    column=code,
                    expected="one of: %(columns)s",
                    params={"column": code, "columns": ", ".join(columns)},
                )
            )
            continue
        index[code] = i
    missing = [c.code for c in columns.values() if c.required and c.code not in index]
    for code in missing:
        issues.append(
            ImportIssue(
                message="required column %(column)r is missing",
                sheet=sheet_name,
                row=first_row + 1,
                column=code,
                expected="a column headed %(column)r in row 2",
                params={"column": code},
            )
        )
    out: list[tuple[int, dict[str, Any]]] = []
    for offset, raw in enumerate(rows[2:]):
        row_no = first_row + 2 + offset
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in raw):
            continue
        rec: dict[str, Any] = {}
        for code, i in index.items():
            value = raw[i] if i < len(raw) else None
            converted = _convert(columns[code], value, issues, sheet_name, row_no)
            if converted is not None:
                rec[code] = converted
            elif columns[code].required and (
                value is None or (isinstance(value, str) and not value.strip())
            ):
                issues.append(
                    ImportIssue(
                        message="%(column)s is empty",
                        sheet=sheet_name,
                        row=row_no,
                        column=code,
                        expected="a value",
                        params={"column": code},
                    )
                )
        out.append((row_no, rec))
    return out


def _codes_from_names(sections: dict[str, list[tuple[int, dict[str, Any]]]]) -> None:
    """Coded cells filled from the template's drop-downs hold Chinese names (天然气):
    each becomes its code (natural_gas); a code, or an unknown text, is left as it is
    (validation then names the expected codes)."""
    from greenmfg.core.filing.template import CHOICE_NAMES

    for records in sections.values():
        for _row, rec in records:
            for key, names in CHOICE_NAMES.items():
                value = rec.get(key)
                if isinstance(value, str) and value.strip() in names:
                    rec[key] = names[value.strip()]


def _assemble(
    sections: dict[str, list[tuple[int, dict[str, Any]]]],
    loc: _TableLocator,
    issues: list[ImportIssue],
) -> dict[str, Any]:
    """Build the interchange-format dict from the sheets' records."""
    _codes_from_names(sections)
    data: dict[str, Any] = {
        "energy": [],
        "process": [],
        "products": [],
        "economics": {},
        "resources": {},
    }
    ent = sections.get("enterprise", [])
    ent_sheet = loc.sheet_names.get("enterprise")
    if ent:
        if len(ent) > 1:
            issues.append(
                ImportIssue(
                    message="more than one enterprise row",
                    sheet=ent_sheet,
                    row=ent[1][0],
                    expected="exactly one enterprise row",
                )
            )
        loc.enterprise_row, rec = ent[0]
        data["enterprise"] = {k: v for k, v in rec.items() if k not in ("year", "method")}
        if "year" in rec:
            data["year"] = rec["year"]
        if rec.get("method"):
            data["method"] = rec["method"]
    elif ent_sheet is not None:
        issues.append(
            ImportIssue(
                message="no enterprise row",
                sheet=ent_sheet,
                row=FIRST_DATA_ROW,
                expected="one row with uscc, name, industry, adcode, year",
            )
        )
    for section in ("energy", "process", "products"):
        for i, (row_no, rec) in enumerate(sections.get(section, [])):
            item: dict[str, Any] = {}
            measured = MEASURED_IN.get(section, {})
            for key, value in rec.items():
                if key in measured or key.endswith("_unit"):
                    continue
                item[key] = value
            for key, field_name in measured.items():
                if key in rec or f"{key}_unit" in rec:
                    if key not in rec or f"{key}_unit" not in rec:
                        missing = key if key not in rec else f"{key}_unit"
                        issues.append(
                            ImportIssue(
                                message="%(field)s and %(field)s_unit go together",
                                sheet=loc.sheet_names.get(section),
                                row=row_no,
                                column=missing,
                                expected="both %(field)s and %(field)s_unit, or neither",
                                params={"field": key},
                            )
                        )
                        continue
                    item[field_name] = {"value": rec[key], "unit": rec[f"{key}_unit"]}
            loc.rows[(section, i)] = row_no
            data[section].append(item)
    for row_no, rec in sections.get("indicators", []):
        field = rec.get("field")
        if field is None:
            continue
        if field not in KV_FIELDS:
            issues.append(
                ImportIssue(
                    message="unknown indicator %(field)r",
                    sheet=loc.sheet_names.get("indicators"),
                    row=row_no,
                    column="field",
                    expected="one of: %(fields)s",
                    params={"field": field, "fields": ", ".join(KV_FIELDS)},
                )
            )
            continue
        target, _, default_unit = KV_FIELDS[field]
        loc.kv_rows[field] = row_no
        if "value" not in rec:
            continue
        if field == "employees":
            data[target][field] = (
                int(rec["value"]) if float(rec["value"]).is_integer() else rec["value"]
            )
        else:
            data[target][field] = {"value": rec["value"], "unit": rec.get("unit") or default_unit}
    return data
