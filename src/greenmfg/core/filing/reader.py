"""Read a filing from JSON, CSV or .xlsx, validating everything before returning.

Every problem is collected and raised at once as :class:`ImportInvalidError`, each
:class:`ImportIssue` naming sheet / row / column and what was expected.  Nothing is
returned (and so nothing is written by callers) unless every row passes.  Files over
50 MB raise :class:`FileTooLargeError` before they are read.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from greenmfg.core import jsonsafe
from greenmfg.core.accounting.engine import check_filing_located
from greenmfg.core.errors import (
    FileTooLargeError,
    GreenmfgError,
    ImportInvalidError,
    ImportIssue,
    InvalidUnitError,
    UnitMismatchError,
    UnknownCodeError,
)
from greenmfg.core.filing.columns import (
    COLUMNS,
    CSV_COLUMNS,
    KV_FIELDS,
    MEASURED_IN,
    SHEETS,
    Column,
    SheetDef,
)
from greenmfg.core.filing.model import Filing
from greenmfg.core.validation_messages import template_for

__all__ = ["MAX_BYTES", "read_filing", "read_filing_bytes", "validate_dict"]

MAX_BYTES = 50 * 1024 * 1024
MAX_UNZIPPED = 512 * 1024 * 1024
FIRST_DATA_ROW = 3  # row 1: Chinese headers, row 2: field codes


def read_filing(path: str | Path) -> Filing:
    """Read ``path`` (.json, .csv or .xlsx)."""
    p = Path(path)
    size = p.stat().st_size
    if size > MAX_BYTES:
        raise FileTooLargeError(
            file=p.name, size_mb=size / 1024 / 1024, limit_mb=MAX_BYTES // 1024 // 1024
        )
    return read_filing_bytes(p.read_bytes(), p.name)


def read_filing_bytes(data: bytes, filename: str) -> Filing:
    """Read an uploaded file's bytes; the format follows the file name's suffix."""
    if len(data) > MAX_BYTES:
        raise FileTooLargeError(
            file=filename, size_mb=len(data) / 1024 / 1024, limit_mb=MAX_BYTES // 1024 // 1024
        )
    if not data.strip():
        raise ImportInvalidError(
            file=filename,
            issues=[
                ImportIssue(message="the file is empty", expected="a filing (.xlsx, .csv or .json)")
            ],
        )
    suffix = Path(filename).suffix.lower()
    if suffix == ".json":
        return _read_json(data, filename)
    if suffix == ".csv":
        return _read_csv(data, filename)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data, filename)
    raise ImportInvalidError(
        file=filename,
        issues=[
            ImportIssue(
                message="unsupported file type %(suffix)r",
                expected=".xlsx, .csv or .json",
                params={"suffix": suffix or "(none)"},
            )
        ],
    )


# --------------------------------------------------------------------------- JSON


def _read_json(data: bytes, filename: str) -> Filing:
    try:
        raw = jsonsafe.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ImportInvalidError(
            file=filename,
            issues=[
                ImportIssue(
                    message="not UTF-8 text (%(reason)s)",
                    expected="UTF-8 JSON",
                    params={"reason": exc.reason},
                )
            ],
        ) from exc
    except json.JSONDecodeError as exc:
        raise ImportInvalidError(
            file=filename,
            issues=[
                ImportIssue(
                    message="invalid JSON: %(reason)s",
                    row=exc.lineno,
                    column=str(exc.colno),
                    expected="a JSON object",
                    params={"reason": exc.msg},
                )
            ],
        ) from exc
    if not isinstance(raw, dict):
        raise ImportInvalidError(
            file=filename,
            issues=[
                ImportIssue(
                    message="the top level is not an object",
                    expected='{"enterprise": …, "year": …, "energy": […]}',
                )
            ],
        )
    return _validate(raw, filename, _JsonLocator())


class _JsonLocator:
    def locate(self, loc: tuple[Any, ...]) -> tuple[str | None, int | None, str | None]:
        path = ""
        for part in loc:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        return None, None, path or None

    def line(self, section: str, index: int | None) -> tuple[str | None, int | None, str]:
        return None, None, section if index is None else f"{section}[{index}]"


# --------------------------------------------------------------------------- tables


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


def _read_csv(data: bytes, filename: str) -> Filing:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError as exc:
            raise ImportInvalidError(
                file=filename,
                issues=[ImportIssue(message="not UTF-8 or GB18030 text", expected="a UTF-8 CSV")],
            ) from exc
    rows = list(csv.reader(io.StringIO(text)))
    issues: list[ImportIssue] = []
    if not rows:
        raise ImportInvalidError(
            file=filename,
            issues=[
                ImportIssue(
                    message="the file is empty",
                    expected="a header row: %(columns)s",
                    params={"columns": ",".join(CSV_COLUMNS)},
                )
            ],
        )
    header = [h.strip().lower() for h in rows[0]]
    if "section" not in header:
        raise ImportInvalidError(
            file=filename,
            issues=[
                ImportIssue(
                    message="no 'section' column",
                    row=1,
                    column="section",
                    expected="a header row: %(columns)s",
                    params={"columns": ",".join(CSV_COLUMNS)},
                )
            ],
        )
    sec_i = header.index("section")
    for h in header:
        if h and h not in CSV_COLUMNS:
            issues.append(
                ImportIssue(
                    message="unknown column %(column)r",
                    row=1,
                    column=h,
                    expected="one of: %(columns)s",
                    params={"column": h, "columns": ", ".join(CSV_COLUMNS)},
                )
            )
    by_section: dict[str, list[tuple[int, list[Any]]]] = {}
    keys = {s.key for s in SHEETS}
    for row_no, raw in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in raw):
            continue
        section = raw[sec_i].strip().lower() if sec_i < len(raw) else ""
        if section not in keys:
            issues.append(
                ImportIssue(
                    message="unknown section %(section)r",
                    row=row_no,
                    column="section",
                    expected="one of: %(sections)s",
                    params={"section": section, "sections": ", ".join(sorted(keys))},
                )
            )
            continue
        by_section.setdefault(section, []).append((row_no, raw))
    loc = _TableLocator()
    sections: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for sheet in SHEETS:
        loc.sheet_names[sheet.key] = "csv"
        cols = {c.code: c for c in COLUMNS[sheet.key]}
        recs: list[tuple[int, dict[str, Any]]] = []
        for row_no, raw in by_section.get(sheet.key, []):
            rec: dict[str, Any] = {}
            for i, h in enumerate(header):
                if h in cols and i < len(raw):
                    value = _convert(cols[h], raw[i], issues, "csv", row_no)
                    if value is not None:
                        rec[h] = value
            for c in cols.values():
                if (
                    c.required
                    and c.code not in rec
                    and not any(x.row == row_no and x.column == c.code for x in issues)
                ):
                    issues.append(
                        ImportIssue(
                            message="%(column)s is empty",
                            sheet="csv",
                            row=row_no,
                            column=c.code,
                            expected="a value",
                            params={"column": c.code},
                        )
                    )
            recs.append((row_no, rec))
        sections[sheet.key] = recs
    if not sections.get("enterprise"):
        issues.append(
            ImportIssue(
                message="no enterprise row",
                sheet="csv",
                column="section",
                expected="one row with section=enterprise",
            )
        )
    assembled = _assemble(sections, loc, issues)
    return _validate(assembled, filename, loc, issues)


# --------------------------------------------------------------------------- xlsx


def _formula_cells(data: bytes) -> dict[str, list[tuple[int, str]]]:
    """Sheet name → (row, column letter) of the cells holding a formula.

    python-calamine reads cached values only and cannot tell a formula from a value, so
    this one check reads the workbook with openpyxl (read-only, formulas kept)."""
    from openpyxl import load_workbook

    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        if sum(i.file_size for i in zf.infolist()) > MAX_UNZIPPED:
            raise ImportInvalidError(
                file="workbook",
                issues=[
                    ImportIssue(
                        message="the workbook expands to more than 512 MB",
                        expected="an ordinary workbook",
                    )
                ],
            )
    out: dict[str, list[tuple[int, str]]] = {}
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    try:
        for ws in wb.worksheets:
            cells = [
                (cell.row, cell.column_letter)
                for row in ws.iter_rows()
                for cell in row
                if getattr(cell, "data_type", None) == "f"
            ]
            if cells:
                out[ws.title] = cells
    finally:
        wb.close()
    return out


def _match_sheet(names: Iterable[str], sheet: SheetDef) -> str | None:
    wanted = {
        sheet.title.lower(),
        sheet.zh.lower(),
        sheet.en.lower(),
        f"{sheet.zh}{sheet.en}".lower(),
    }
    for name in names:
        if name.strip().lower() in wanted:
            return name
    return None


def _read_xlsx(data: bytes, filename: str) -> Filing:
    from openpyxl.utils.exceptions import InvalidFileException
    from python_calamine import CalamineError, CalamineWorkbook

    issues: list[ImportIssue] = []
    try:
        formulas = _formula_cells(data)
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except (zipfile.BadZipFile, InvalidFileException, CalamineError, ValueError, KeyError) as exc:
        raise ImportInvalidError(
            file=filename,
            issues=[
                ImportIssue(
                    message="not a readable .xlsx workbook",
                    expected="an .xlsx file saved by Excel, WPS or LibreOffice",
                )
            ],
        ) from exc
    except ImportInvalidError as exc:
        raise ImportInvalidError(file=filename, issues=exc.issues) from exc
    loc = _TableLocator()
    sections: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    for sheet in SHEETS:
        name = _match_sheet(wb.sheet_names, sheet)
        if name is None:
            issues.append(
                ImportIssue(
                    message="sheet %(sheet)r is missing",
                    sheet=sheet.title,
                    expected="the sheets of the greenmfg template: %(sheets)s",
                    params={"sheet": sheet.title, "sheets": ", ".join(s.title for s in SHEETS)},
                )
            )
            continue
        loc.sheet_names[sheet.key] = name
        ws = wb.get_sheet_by_name(name)
        merged = ws.merged_cell_ranges or []
        for (r0, c0), (r1, c1) in merged:
            issues.append(
                ImportIssue(
                    message="merged cells %(cells)s",
                    sheet=name,
                    row=r0 + 1,
                    column=_col(c0),
                    expected="one value per cell (unmerge the cells)",
                    params={"cells": f"{_ref(r0, c0)}:{_ref(r1, c1)}"},
                )
            )
        for row, col in formulas.get(name, []):
            issues.append(
                ImportIssue(
                    message="cell %(cell)s holds a formula",
                    sheet=name,
                    row=row,
                    column=col,
                    expected="a plain value (paste values only)",
                    params={"cell": f"{col}{row}"},
                )
            )
        rows = ws.to_python(skip_empty_area=False)
        sections[sheet.key] = _records(sheet, name, rows, issues)
    data_dict = _assemble(sections, loc, issues) if sections else {}
    if not sections:
        raise ImportInvalidError(file=filename, issues=issues)
    return _validate(data_dict, filename, loc, issues)


def _col(index: int) -> str:
    """The Excel column letter of 0-based column ``index``."""
    from xlsxwriter.utility import xl_col_to_name

    return str(xl_col_to_name(index))


def _ref(row: int, col: int) -> str:
    return f"{_col(col)}{row + 1}"


# --------------------------------------------------------------------------- validation


def _column_of(err: GreenmfgError) -> str | None:
    where = str(err.params.get("where", ""))
    for field in ("ncv", "carbon_content", "emission_factor"):
        if f": {field} " in where:
            return (
                f"{field}_unit" if isinstance(err, InvalidUnitError | UnitMismatchError) else field
            )
    if isinstance(err, InvalidUnitError | UnitMismatchError):
        return "unit"
    if isinstance(err, UnknownCodeError):
        kind = str(err.params.get("kind", ""))
        return "product" if kind.startswith("product") else kind
    named = err.params.get("field")
    return str(named) if named else None


def _validate(
    data: dict[str, Any], filename: str, loc: Any, issues: list[ImportIssue] | None = None
) -> Filing:
    issues = list(issues or [])
    flagged = {(i.sheet, i.row, i.column) for i in issues}
    try:
        filing = Filing.model_validate(data)
    except ValidationError as exc:
        for err in exc.errors():
            sheet, row, column = loc.locate(tuple(err["loc"]))
            if (sheet, row, column) in flagged or (
                sheet is not None and (sheet, row, column) in flagged
            ):
                continue
            if err["type"] == "missing" and any(i.sheet == sheet and i.row == row for i in issues):
                continue
            template, params = template_for(err)
            issues.append(
                ImportIssue(
                    message=template,
                    sheet=sheet,
                    row=row,
                    column=column,
                    expected=_expected(err),
                    params=params,
                )
            )
        raise ImportInvalidError(file=filename, issues=issues) from exc
    for section, index, gerr in check_filing_located(filing):
        sheet, row, column = loc.line(section, index)
        issues.append(
            ImportIssue(
                message=gerr.template,
                sheet=sheet,
                row=row,
                column=_column_of(gerr) or column,
                expected=None,
                params=gerr.params,
            )
        )
    if issues:
        raise ImportInvalidError(file=filename, issues=issues)
    return filing


def _expected(err: Any) -> str | None:
    """What the cell should hold, for the "expected" column (the message says the rest)."""
    kind = err["type"]
    if kind == "missing":
        return "a value"
    if kind in ("float_parsing", "float_type", "int_parsing", "int_type"):
        return "a number"
    return None


def validate_dict(data: dict[str, Any], name: str = "filing") -> Filing:
    """Validate an interchange-format dict (from a form or an API call) like an imported
    JSON file: every problem at once as :class:`ImportInvalidError`."""
    return _validate(data, name, _JsonLocator())
