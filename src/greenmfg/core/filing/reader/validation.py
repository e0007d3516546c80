"""Validation of a filing dict against the model, problems located."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from greenmfg.core.accounting.engine import check_filing_located
from greenmfg.core.errors import (
    GreenmfgError,
    ImportInvalidError,
    ImportIssue,
    InvalidUnitError,
    UnitMismatchError,
    UnknownCodeError,
)
from greenmfg.core.filing.model import Filing
from greenmfg.core.validation_messages import template_for


class _JsonLocator:
    def locate(self, loc: tuple[Any, ...]) -> tuple[str | None, int | None, str | None]:
        path = ""
        for part in loc:
            path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else str(part))
        return None, None, path or None

    def line(self, section: str, index: int | None) -> tuple[str | None, int | None, str]:
        return None, None, section if index is None else f"{section}[{index}]"


def _col(index: int) -> str:
    """The Excel column letter of 0-based column ``index``."""
    from xlsxwriter.utility import xl_col_to_name

    return str(xl_col_to_name(index))


def _ref(row: int, col: int) -> str:
    return f"{_col(col)}{row + 1}"


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
