"""Filings as JSON, with each problem located by its JSON path."""

from __future__ import annotations

import json

from greenmfg.core import jsonsafe
from greenmfg.core.errors import (
    ImportInvalidError,
    ImportIssue,
)
from greenmfg.core.filing.model import Filing
from greenmfg.core.filing.reader.validation import _JsonLocator, _validate


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
