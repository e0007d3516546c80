"""The four city summary tables (市级汇总表): their layout, the workbook a city fills in and
sends up, and the check of an uploaded one.

Layouts come from ``core/data/onboarding/city-tables-<version>.yaml`` (source and status
in the file; the column sets are the common core of provincial forms, unverified).  A
workbook has the table's title in row 1 and the Chinese headers (with units) in row 2;
data start in row 3.  An upload is found by its header row wherever it is, so a city may
add title or note rows; every row is checked and every problem reported with its row
and column.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Final, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from greenmfg.core.codes import uscc as uscc_codes
from greenmfg.core.codes._datafile import read_text
from greenmfg.core.errors import (
    DataFileInvalidError,
    ImportInvalidError,
    ImportIssue,
    InvalidUSCCError,
    InvalidValueError,
)
from greenmfg.core.onboarding import layout as layouts
from greenmfg.core.onboarding.tables import read_sheets

DATA_FILE: Final = "city-tables-2025.1.yaml"
FIRST_DATA_ROW: Final = 3


class ColumnDef(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    zh: str
    en: str
    kind: Literal["text", "uscc", "year", "integer", "number", "choice"]
    required: bool = False
    unit: str = ""
    choices: tuple[str, ...] = ()

    @property
    def header(self) -> str:
        return f"{self.zh}({self.unit})" if self.unit else self.zh


class TableDef(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    zh: str
    en: str
    columns: tuple[ColumnDef, ...] = Field(min_length=2)

    def fields(self) -> list[layouts.Field]:
        return [
            layouts.Field(c.key, c.zh, c.en, (c.header, c.zh), required=c.required)
            for c in self.columns
        ]


class TablesFile(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    version: str
    status: Literal["verified", "secondary", "unverified"]
    source: str
    tables: tuple[TableDef, ...]


@dataclass(frozen=True, slots=True)
class TableSet:
    version: str
    status: str
    source: str
    by_key: Mapping[str, TableDef]


@cache
def tables() -> TableSet:
    """The packaged table layouts (loaded once)."""
    file = f"core/data/onboarding/{DATA_FILE}"
    try:
        parsed = TablesFile.model_validate(yaml.safe_load(read_text("onboarding", DATA_FILE)))
    except ValidationError as err:
        first = err.errors()[0]
        raise DataFileInvalidError(
            file=file, line="-", field=".".join(str(p) for p in first["loc"]), reason=first["msg"]
        ) from err
    return TableSet(parsed.version, parsed.status, parsed.source, {t.key: t for t in parsed.tables})


def table(key: str) -> TableDef:
    found = tables().by_key.get(key)
    if found is None:
        raise InvalidValueError(
            where="",
            field="table",
            value=key,
            expected="、".join(sorted(tables().by_key)),
        )
    return found


def write_workbook(definition: TableDef, rows: Sequence[Mapping[str, Any]], *, title: str) -> bytes:
    """The table as a workbook: title row, header row, ``rows`` (numbered 1…); choice
    columns get a drop-down list."""
    import xlsxwriter

    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    ws = wb.add_worksheet(definition.zh[:31])
    text = wb.add_format({"num_format": "@"})
    title_format = wb.add_format({"bold": True, "font_size": 14})
    last_column = len(definition.columns) - 1
    if last_column > 0:
        ws.merge_range(0, 0, 0, last_column, title, title_format)
    else:
        ws.write_string(0, 0, title, title_format)
    header = wb.add_format({"bold": True, "text_wrap": True, "valign": "vcenter"})
    for index, c in enumerate(definition.columns):
        ws.write_string(1, index, c.header, header)
    for number, row in enumerate(rows, start=1):
        for index, c in enumerate(definition.columns):
            value = _safe(number if c.key == "seq" else row.get(c.key))
            if value is not None and value != "":
                fmt = text if c.kind in ("uscc", "text") else None
                ws.write(FIRST_DATA_ROW - 2 + number, index, value, fmt)
    last = max(FIRST_DATA_ROW - 1 + len(rows), FIRST_DATA_ROW + 200)  # 1-based, as in Excel
    for index, c in enumerate(definition.columns):
        width = max(10, min(40, len(c.header) * 2 + 2))
        # text columns stay text when typed into (a credit code is not a number)
        ws.set_column(index, index, width, text if c.kind in ("uscc", "text") else None)
        if c.kind == "choice" and c.choices:
            ws.data_validation(
                FIRST_DATA_ROW - 1,
                index,
                last - 1,
                index,
                {"validate": "list", "source": list(c.choices), "ignore_blank": not c.required},
            )
    ws.freeze_panes(FIRST_DATA_ROW - 1, 0)
    wb.close()
    return buffer.getvalue()


def _safe(value: Any) -> Any:
    """A cell value that Excel never runs as a formula (=, +, -, @ at the start)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def read_workbook(
    definition: TableDef, data: bytes, filename: str, *, today: dt.date
) -> list[tuple[int, dict[str, Any]]]:
    """The rows of an uploaded table with their row numbers, checked; :class:`ImportInvalidError` lists every
    problem (row, column, what was expected) and nothing is returned unless all pass."""
    sheet = next(
        (s for s in read_sheets(data, filename) if any(not r.is_empty for r in s.rows)), None
    )
    if sheet is None:
        raise ImportInvalidError(
            file=filename,
            issues=[ImportIssue(message="the workbook is empty", expected=definition.zh)],
        )
    found = layouts.detect_layout(sheet, definition.fields(), file=filename)
    issues: list[ImportIssue] = []
    out: list[tuple[int, dict[str, Any]]] = []
    by_key = {c.key: c for c in definition.columns}
    for row in layouts.data_rows(sheet, found):
        values: dict[str, Any] = {}
        for key, index in found.columns.items():
            column = by_key[key]
            text = row.cell(index)
            header = found.header.cell(index) or column.header
            if not text:
                if column.required:
                    issues.append(
                        ImportIssue(
                            message="%(column)s is empty",
                            sheet=sheet.name,
                            row=row.number,
                            column=header,
                            expected=_expected(column),
                            params={"column": column.zh, **_expected_params(column, today)},
                        )
                    )
                continue
            try:
                values[key] = _value(column, text, today)
            except CellValueError as err:
                issues.append(
                    ImportIssue(
                        message=err.template,
                        sheet=sheet.name,
                        row=row.number,
                        column=header,
                        expected=_expected(column),
                        params={**err.params, **_expected_params(column, today)},
                    )
                )
        values.pop("seq", None)
        out.append((row.number, values))
    if not out and not issues:
        issues.append(
            ImportIssue(
                message="no rows below the header",
                sheet=sheet.name,
                row=found.header.number,
                expected="one row per enterprise or project",
            )
        )
    if issues:
        raise ImportInvalidError(file=filename, issues=issues)
    return out


class CellValueError(ValueError):
    """A cell that does not hold what its column needs: a template with named
    placeholders plus ``params`` (the platform translates the template)."""

    def __init__(self, template: str, **params: Any) -> None:
        self.template = template
        self.params: dict[str, Any] = params
        super().__init__(template % params)


def _expected(column: ColumnDef) -> str:
    """What a column expects, as a template filled by :func:`_expected_params`."""
    if column.kind == "number" and column.unit:
        return "a number of at least 0 %(unit)s"
    return {
        "text": "a text",
        "uscc": "an 18-character credit code (GB 32100-2015)",
        "year": "a year from 2016 to %(last_year)d",
        "integer": "a whole number",
        "number": "a number of at least 0",
        "choice": "one of %(choices)s",
    }[column.kind]


def _expected_params(column: ColumnDef, today: dt.date) -> dict[str, Any]:
    return {
        "last_year": today.year + 5,
        "unit": column.unit,
        "choices": "、".join(column.choices),
    }


def _value(column: ColumnDef, text: str, today: dt.date) -> Any:
    if column.kind == "text":
        return text
    if column.kind == "uscc":
        try:
            return uscc_codes.validate(text)
        except InvalidUSCCError as err:
            raise CellValueError(err.template, **err.params) from err
    if column.kind == "choice":
        if text not in column.choices:
            raise CellValueError(
                "%(value)r is not a choice of %(column)s", value=text, column=column.zh
            )
        return text
    if column.kind in ("year", "integer"):
        cleaned = text.removesuffix("年")
        if not cleaned.lstrip("-").isdigit():
            raise CellValueError("%(value)r is not a whole number", value=text)
        number = int(cleaned)
        if column.kind == "year" and not 2016 <= number <= today.year + 5:
            raise CellValueError("%(year)d is not a plausible year", year=number)
        return number
    try:
        number_f = float(text.replace(",", "").replace("%", ""))
    except ValueError as err:
        raise CellValueError("%(value)r is not a number", value=text) from err
    if number_f < 0:
        raise CellValueError("%(number)s is negative", number=number_f)
    return number_f
