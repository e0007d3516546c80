"""Load a packaged reference CSV file: ``#`` comment header, then a CSV table.

Every row is validated with a pydantic model; the first failure raises
:class:`~greenmfg.core.errors.DataFileInvalidError` naming the file, the line (1-based,
counting the comment lines) and the field.
"""

from __future__ import annotations

import csv
import io
from importlib import resources
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from greenmfg.core.errors import DataFileInvalidError

M = TypeVar("M", bound=BaseModel)


def read_text(*parts: str) -> str:
    """The text of a data file shipped under ``greenmfg/core/data/``."""
    node = resources.files("greenmfg.core").joinpath("data")
    for part in parts:
        node = node.joinpath(part)
    return node.read_text(encoding="utf-8")


def parse_csv(text: str, model: type[M], *, file: str) -> list[tuple[int, M]]:
    """Parse and validate ``text``; return ``(line number, row)`` pairs."""
    lines = text.splitlines()
    start = 0
    while start < len(lines) and (lines[start].startswith("#") or not lines[start].strip()):
        start += 1
    if start >= len(lines):
        raise DataFileInvalidError(file=file, line=start + 1, field="-", reason="no header row")
    reader = csv.reader(io.StringIO("\n".join(lines[start:])))
    header = next(reader)
    expected = list(model.model_fields)
    missing = [name for name in expected if name not in header]
    if missing:
        raise DataFileInvalidError(
            file=file,
            line=start + 1,
            field=missing[0],
            reason=f"column missing from the header; expected columns {', '.join(expected)}",
        )
    out: list[tuple[int, M]] = []
    for offset, values in enumerate(reader, start=1):
        line = start + 1 + offset
        if not values or all(not v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise DataFileInvalidError(
                file=file,
                line=line,
                field="-",
                reason=f"expected {len(header)} values, got {len(values)}",
            )
        record = dict(zip(header, values, strict=True))
        try:
            row = model.model_validate(record)
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or "-"
            raise DataFileInvalidError(
                file=file, line=line, field=field, reason=first["msg"]
            ) from exc
        out.append((line, row))
    return out
