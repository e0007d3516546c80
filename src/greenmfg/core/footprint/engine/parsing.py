"""Reading a footprint input, with every problem located (section, line, field)."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from greenmfg.core.errors import FootprintInvalidError
from greenmfg.core.footprint.engine.base import _issue
from greenmfg.core.footprint.model import (
    FootprintInput,
)


def _located(loc: tuple[Any, ...]) -> tuple[str, int | None, str]:
    parts = list(loc)
    section = str(parts.pop(0)) if parts else "-"
    line: int | None = None
    if parts and isinstance(parts[0], int):
        line = int(parts.pop(0)) + 1
    # drop pydantic's union/validator tags
    names = [str(p) for p in parts if not str(p).startswith(("function-", "tagged-union"))]
    return section, line, ".".join(names) or section


def parse_input(data: Any, *, file: str = "input") -> FootprintInput:
    """Validate the JSON dict; every problem (missing or negative quantity, unknown field…)
    is reported with its section, line and field in one :class:`FootprintInvalidError`."""
    if not isinstance(data, dict):
        raise FootprintInvalidError(
            file=file, issues=[_issue("input", None, "-", "expected a JSON object")]
        )
    try:
        return FootprintInput.model_validate(data)
    except ValidationError as exc:
        issues = []
        for err in exc.errors():
            section, line, fname = _located(tuple(err["loc"]))
            if err["type"] == "missing":
                msg = "is missing"
            elif err["type"] in ("greater_than_equal", "greater_than"):
                msg = f"{err['msg'].lower()} (got {err.get('input')!r})"
            else:
                msg = str(err["msg"])
            issues.append(_issue(section, line, fname, msg))
        raise FootprintInvalidError(file=file, issues=issues) from exc
