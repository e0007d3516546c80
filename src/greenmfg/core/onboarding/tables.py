"""The rows of an annex or workbook, as text cells with the row number a person sees.

Excel (.xlsx/.xlsm, read with python-calamine), CSV (UTF-8 or GB 18030, the encoding
Chinese Excel writes) and PDF annexes (pdfplumber's table extractor: ruled tables
first, then tables aligned by text alone).  A PDF without a text layer (a scan) or one
that cannot be opened is refused with the advice to ask for the Excel version.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from greenmfg.core.errors import FileTooLargeError, ImportInvalidError, ImportIssue

MAX_BYTES: Final = 20 * 1024 * 1024
SUFFIXES: Final = (".xlsx", ".xlsm", ".csv", ".pdf")


@dataclass(frozen=True, slots=True)
class TableRow:
    """One row: ``number`` is the spreadsheet row (1-based) or, in a PDF, the row's
    position in the annex counted over all pages; ``page`` is the PDF page."""

    number: int
    cells: tuple[str, ...]
    sheet: str | None = None
    page: int | None = None

    @property
    def where(self) -> str:
        if self.page is not None:
            return f"page {self.page}, row {self.number}"
        return f"row {self.number}"

    def cell(self, index: int | None) -> str:
        if index is None or index >= len(self.cells):
            return ""
        return self.cells[index]

    @property
    def is_empty(self) -> bool:
        return not any(self.cells)


@dataclass(frozen=True, slots=True)
class Sheet:
    name: str
    rows: tuple[TableRow, ...]


def cell_text(value: Any) -> str:
    """A cell as text: integral floats without ``.0``, dates as ISO, line breaks kept
    out (a PDF cell wraps long names over two lines)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).replace("\r", "").replace("\n", "").replace("\u3000", " ")
    return text.strip()


def _unreadable(
    filename: str, *, message: str, expected: str, params: Mapping[str, Any] | None = None
) -> ImportInvalidError:
    return ImportInvalidError(
        file=filename, issues=[ImportIssue(message=message, expected=expected, params=params)]
    )


EXCEL_ADVICE: Final = "an Excel (.xlsx) or CSV version of the annex"


def read_sheets(data: bytes, filename: str) -> list[Sheet]:
    """Every sheet of the file (a CSV or PDF is one sheet)."""
    if len(data) > MAX_BYTES:
        raise FileTooLargeError(
            file=filename, size_mb=len(data) / 1024 / 1024, limit_mb=MAX_BYTES // 1024 // 1024
        )
    if not data.strip():
        raise _unreadable(
            filename, message="the file is empty", expected="a list annex (.xlsx, .csv or .pdf)"
        )
    suffix = Path(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(data, filename)
    if suffix == ".csv":
        return [_read_csv(data, filename)]
    if suffix == ".pdf":
        return [_read_pdf(data, filename)]
    raise _unreadable(
        filename,
        message="files of type %(suffix)r cannot be read",
        expected="a .xlsx, .csv or .pdf file",
        params={"suffix": suffix or "(none)"},
    )


def _read_xlsx(data: bytes, filename: str) -> list[Sheet]:
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_filelike(io.BytesIO(data))
        sheets = []
        for name in wb.sheet_names:
            values = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            rows = tuple(
                TableRow(number=i, cells=_trim(tuple(cell_text(v) for v in row)), sheet=name)
                for i, row in enumerate(values, start=1)
            )
            sheets.append(Sheet(name, rows))
    except (zipfile.BadZipFile, CalamineError, ValueError, KeyError) as exc:
        raise _unreadable(
            filename,
            message="the workbook cannot be read (%(reason)s)",
            expected="an .xlsx workbook",
            params={"reason": str(exc)},
        ) from exc
    return sheets


def _trim(cells: tuple[str, ...]) -> tuple[str, ...]:
    end = len(cells)
    while end and not cells[end - 1]:
        end -= 1
    return cells[:end]


def _read_csv(data: bytes, filename: str) -> Sheet:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes every byte string
        raise _unreadable(
            filename, message="the file is not text", expected="a UTF-8 or GB 18030 CSV file"
        )
    rows = tuple(
        TableRow(number=i, cells=_trim(tuple(cell_text(c) for c in row)))
        for i, row in enumerate(csv.reader(io.StringIO(text)), start=1)
    )
    return Sheet(Path(filename).stem, rows)


def _read_pdf(data: bytes, filename: str) -> Sheet:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PdfminerException, PDFSyntaxError, ValueError, TypeError) as exc:
        raise _unreadable(
            filename,
            message="the PDF cannot be opened (damaged or not a PDF)",
            expected=EXCEL_ADVICE,
        ) from exc
    with pdf:
        try:
            pages = list(pdf.pages)
            has_text = any((page.extract_text() or "").strip() for page in pages)
        except (PdfminerException, PDFSyntaxError, ValueError, TypeError, KeyError) as exc:
            raise _unreadable(
                filename, message="the PDF cannot be read (damaged)", expected=EXCEL_ADVICE
            ) from exc
        if not has_text:
            raise _unreadable(
                filename,
                message="the PDF has no text layer (a scanned image): its table cannot be read",
                expected=EXCEL_ADVICE,
            )
        rows: list[TableRow] = []
        for strategy in (
            {},
            {"vertical_strategy": "text", "horizontal_strategy": "text"},
        ):
            rows = []
            for page_no, page in enumerate(pages, start=1):
                for table in page.extract_tables(strategy):
                    for raw in table:
                        cells = _trim(tuple(cell_text(c) for c in raw))
                        rows.append(TableRow(number=len(rows) + 1, cells=cells, page=page_no))
            if any(len([c for c in r.cells if c]) >= 2 for r in rows):
                break
        if not rows:
            raise _unreadable(filename, message="the PDF contains no table", expected=EXCEL_ADVICE)
    return Sheet(Path(filename).stem, tuple(rows))
