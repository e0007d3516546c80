"""Reading a filing from a path or bytes, whatever its format."""

from __future__ import annotations

from pathlib import Path

from greenmfg.core.errors import (
    FileTooLargeError,
    ImportInvalidError,
    ImportIssue,
)
from greenmfg.core.filing.model import Filing
from greenmfg.core.filing.reader.base import MAX_BYTES
from greenmfg.core.filing.reader.csv_input import _read_csv
from greenmfg.core.filing.reader.json_input import _read_json
from greenmfg.core.filing.reader.xlsx_input import _read_xlsx


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
