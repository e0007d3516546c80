"""Filings as CSV."""

from __future__ import annotations

import csv
import io
from typing import Any

from greenmfg.core.errors import (
    ImportInvalidError,
    ImportIssue,
)
from greenmfg.core.filing.columns import (
    COLUMNS,
    CSV_COLUMNS,
    SHEETS,
)
from greenmfg.core.filing.model import Filing
from greenmfg.core.filing.reader.tables import _assemble, _convert, _TableLocator
from greenmfg.core.filing.reader.validation import _validate


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
