"""Filings as xlsx workbooks, formulas refused."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable
from typing import Any

from greenmfg.core.errors import (
    ImportInvalidError,
    ImportIssue,
)
from greenmfg.core.filing.columns import (
    SHEETS,
    SheetDef,
)
from greenmfg.core.filing.model import Filing
from greenmfg.core.filing.reader.base import MAX_UNZIPPED
from greenmfg.core.filing.reader.tables import _assemble, _records, _TableLocator
from greenmfg.core.filing.reader.validation import _col, _ref, _validate


def _formula_cells(data: bytes) -> dict[str, list[tuple[int, str]]]:
    """Sheet name → (row, column letter) of the cells holding a formula.

    openpyxl, not python-calamine, for this one feature: reading cell formulas.
    python-calamine reads cached values only and cannot tell a formula from a value, so
    this check reads the workbook with openpyxl (read-only, formulas kept)."""
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
    # openpyxl's error for a file it cannot open, raised by the formula check above
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
