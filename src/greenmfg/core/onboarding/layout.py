"""Which column holds what (列识别), detected from the header row and confirmed by the user.

A layout is a set of :class:`Field` s, each with the header texts notices use for it.  The
header row is the row among the first :data:`SCAN_ROWS` that names the most fields
(title rows such as ``附件1 2024年度省级绿色工厂名单`` above it are skipped).  Headers are
compared after NFKC and with white space and line breaks removed; a header equal to a
synonym, or containing one of four characters or more, names that field.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from greenmfg.core.errors import ImportInvalidError, ImportIssue
from greenmfg.core.onboarding.tables import Sheet, TableRow

SCAN_ROWS: Final = 12


@dataclass(frozen=True, slots=True)
class Field:
    key: str
    zh: str
    en: str
    synonyms: tuple[str, ...]
    required: bool = False


@dataclass(frozen=True, slots=True)
class Layout:
    """The header row and, per field key, the 0-based column index."""

    header: TableRow
    columns: Mapping[str, int]
    headers: tuple[str, ...] = field(default=())

    def as_dict(self) -> dict[str, object]:
        return {
            "header_row": self.header.number,
            "columns": {
                k: {"index": v, "header": self.header.cell(v)} for k, v in self.columns.items()
            },
        }


_SPACE: Final = re.compile(r"\s+")


def header_form(text: str) -> str:
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


def _field_of(header: str, fields: Sequence[Field]) -> str | None:
    form = header_form(header)
    if not form:
        return None
    for f in fields:
        if form in (header_form(s) for s in f.synonyms):
            return f.key
    for f in fields:
        for s in f.synonyms:
            s_form = header_form(s)
            if len(s_form) >= 4 and s_form in form:
                return f.key
    return None


def _map_row(row: TableRow, fields: Sequence[Field]) -> dict[str, int]:
    mapped: dict[str, int] = {}
    for index, text in enumerate(row.cells):
        key = _field_of(text, fields)
        if key is not None and key not in mapped:
            mapped[key] = index
    return mapped


def detect_layout(sheet: Sheet, fields: Sequence[Field], *, file: str) -> Layout:
    """The header row and column of every field it names; :class:`ImportInvalidError`
    naming the rows looked at when no row names every required field."""
    best: tuple[int, TableRow, dict[str, int]] | None = None
    required = [f for f in fields if f.required]
    for row in [r for r in sheet.rows if not r.is_empty][:SCAN_ROWS]:
        mapped = _map_row(row, fields)
        if not all(f.key in mapped for f in required):
            if mapped and (best is None or (best[0] < 0 and len(mapped) > -best[0])):
                best = (-len(mapped), row, mapped)
            continue
        if best is None or best[0] < len(mapped):
            best = (len(mapped), row, mapped)
    if best is None or best[0] <= 0:
        looked = [r for r in sheet.rows if not r.is_empty][:SCAN_ROWS]
        span = (looked[0].number, looked[-1].number) if looked else None
        closest = best[1] if best is not None else (looked[0] if looked else None)
        missing = [f for f in required if best is None or f.key not in best[2]]
        return _raise_unmapped(file, sheet, closest, span, missing)
    return Layout(header=best[1], columns=best[2], headers=best[1].cells)


def _raise_unmapped(
    file: str,
    sheet: Sheet,
    row: TableRow | None,
    span: tuple[int, int] | None,
    missing: Sequence[Field],
) -> Layout:
    names = "; ".join(f.zh + " (" + f.en + "): " + " / ".join(f.synonyms[:4]) for f in missing)
    params: dict[str, object] = {
        "fields": "、".join(f.zh for f in missing),
        "names": names,
        "first": span[0] if span else 0,
        "last": span[1] if span else 0,
        "closest": " | ".join(c for c in row.cells if c) if row else "",
    }
    if span is None:
        message = "no header row found in the file: no column is headed as %(fields)s"
    elif row is None:
        message = (
            "no header row found in rows %(first)d–%(last)d: no column is headed as %(fields)s"
        )
    else:
        message = (
            "no header row found in rows %(first)d–%(last)d: no column is headed as "
            "%(fields)s (closest header row: %(closest)s)"
        )
    raise ImportInvalidError(
        file=file,
        issues=[
            ImportIssue(
                message=message,
                sheet=sheet.name,
                row=row.number if row is not None else None,
                expected="a column headed as one of: %(names)s",
                params=params,
            )
        ],
    )


def apply_columns(
    layout: Layout, columns: Mapping[str, int | None], fields: Sequence[Field], *, file: str
) -> Layout:
    """The layout with the user's corrections (``None`` unassigns a field)."""
    merged = dict(layout.columns)
    width = len(layout.header.cells)
    for key, index in columns.items():
        if key not in {f.key for f in fields}:
            raise ImportInvalidError(
                file=file,
                issues=[
                    ImportIssue(
                        message="unknown field %(field)r",
                        expected="one of: %(fields)s",
                        params={"field": key, "fields": ", ".join(f.key for f in fields)},
                    )
                ],
            )
        if index is None:
            merged.pop(key, None)
        elif not 0 <= index < max(width, 1):
            raise ImportInvalidError(
                file=file,
                issues=[
                    ImportIssue(
                        message="column %(column)d does not exist for %(field)s",
                        row=layout.header.number,
                        expected="a column between 1 and %(width)d",
                        params={"column": index + 1, "field": key, "width": width},
                    )
                ],
            )
        else:
            merged[key] = index
    used: dict[int, str] = {}
    for key, index in merged.items():
        if index in used:
            raise ImportInvalidError(
                file=file,
                issues=[
                    ImportIssue(
                        message="column %(column)d is assigned to both %(first)s and %(second)s",
                        row=layout.header.number,
                        expected="one field per column",
                        params={"column": index + 1, "first": used[index], "second": key},
                    )
                ],
            )
        used[index] = key
    missing = [f for f in fields if f.required and f.key not in merged]
    if missing:
        raise ImportInvalidError(
            file=file,
            issues=[
                ImportIssue(
                    message="no column is assigned to %(fields)s",
                    row=layout.header.number,
                    expected="a column for every required field",
                    params={"fields": "、".join(f.zh for f in missing)},
                )
            ],
        )
    return Layout(header=layout.header, columns=merged, headers=layout.headers)


def data_rows(sheet: Sheet, layout: Layout) -> list[TableRow]:
    """The rows after the header, without empty rows and repeated header rows (a PDF
    annex repeats its header on every page)."""
    header = tuple(header_form(c) for c in layout.header.cells)
    out = []
    started = False
    for row in sheet.rows:
        if row is layout.header or (
            row.number == layout.header.number and row.page == layout.header.page
        ):
            started = True
            continue
        if not started or row.is_empty:
            continue
        if tuple(header_form(c) for c in row.cells) == header:
            continue
        out.append(row)
    return out
