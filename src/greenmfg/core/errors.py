"""Coded errors of the core.

Every error carries a stable ``code`` (an :class:`ErrorCode`), structured ``params``
(row, column, expected …) and a message template with named placeholders
(``%(name)s``).  The core renders the English message; the platform looks the code up
and translates the template (``gettext`` on :attr:`GreenmfgError.template`).  Each
error also inherits the builtin that fits (``ValueError``, ``LookupError``) so callers
that do not know greenmfg can still catch it, and it pickles (background tasks).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, ClassVar


class ErrorCode(StrEnum):
    """Stable error codes shared by the CLI, the web pages and the API."""

    INVALID_USCC = "invalid_uscc"
    UNKNOWN_ADCODE = "unknown_adcode"
    UNKNOWN_INDUSTRY = "unknown_industry"
    UNKNOWN_CODE = "unknown_code"
    INVALID_UNIT = "invalid_unit"
    UNIT_MISMATCH = "unit_mismatch"
    INVALID_VALUE = "invalid_value"
    MISSING_VALUE = "missing_value"
    FACTOR_NOT_FOUND = "factor_not_found"
    DATA_FILE_INVALID = "data_file_invalid"
    IMPORT_INVALID = "import_invalid"
    FILE_TOO_LARGE = "file_too_large"
    STANDARD_INVALID = "standard_invalid"
    UNKNOWN_STANDARD = "unknown_standard"
    EVALUATION_INPUT_INVALID = "evaluation_input_invalid"
    INVALID_SCALE = "invalid_scale"
    DUPLICATE = "duplicate"
    PERMISSION_DENIED = "permission_denied"
    NOT_FOUND = "not_found"
    TRANSITION_NOT_ALLOWED = "transition_not_allowed"
    GUARD_FAILED = "guard_failed"
    DEADLINE_PASSED = "deadline_passed"
    CONFLICT = "conflict"
    RATE_LIMITED = "rate_limited"
    SEED_REQUIRED = "seed_required"
    NOT_LISTED = "not_listed"
    FILING_INCONSISTENT = "filing_inconsistent"
    FOOTPRINT_INVALID = "footprint_invalid"
    PACT_INVALID = "pact_invalid"


class GreenmfgError(Exception):
    """Base of every greenmfg error.

    Subclasses set ``code`` and ``template``; instances carry ``params`` whose keys are
    the template's placeholders.
    """

    code: ClassVar[ErrorCode]
    template: ClassVar[str] = "%(detail)s"

    def __init__(self, **params: Any) -> None:
        self.params: dict[str, Any] = dict(params)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        try:
            return self.template % self.params
        except (KeyError, TypeError, ValueError):
            return f"{self.template} {self.params!r}"

    def as_dict(self) -> dict[str, Any]:
        """The machine-readable form: code, message and the structured fields."""
        return {"code": str(self.code), "message": self.message, **_jsonable(self.params)}

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.params))


def _rebuild(cls: type[GreenmfgError], params: dict[str, Any]) -> GreenmfgError:
    return cls(**params)


def _jsonable(params: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, str | int | float | bool) or value is None:
            out[key] = value
        elif isinstance(value, list | tuple):
            out[key] = [v if isinstance(v, str | int | float | bool) else str(v) for v in value]
        else:
            out[key] = str(value)
    return out


class InvalidUSCCError(GreenmfgError, ValueError):
    """A unified social credit code (统一社会信用代码, GB 32100-2015) that is not valid."""

    code = ErrorCode.INVALID_USCC
    template = "Invalid unified social credit code %(uscc)r: %(reason)s"


class UnknownAdcodeError(GreenmfgError, LookupError):
    code = ErrorCode.UNKNOWN_ADCODE
    template = "Unknown administrative division code (GB/T 2260) %(adcode)r: %(reason)s"


class UnknownIndustryError(GreenmfgError, LookupError):
    code = ErrorCode.UNKNOWN_INDUSTRY
    template = "Unknown industry code (GB/T 4754-2017) %(industry)r: %(reason)s"


class UnknownCodeError(GreenmfgError, LookupError):
    """An unknown carrier, material, product, factor or indicator code."""

    code = ErrorCode.UNKNOWN_CODE
    template = "%(where)sunknown %(kind)s code %(value)r; expected one of: %(expected)s"


class InvalidUnitError(GreenmfgError, ValueError):
    code = ErrorCode.INVALID_UNIT
    template = "%(where)sunit %(unit)r is not a unit greenmfg knows"


class UnitMismatchError(GreenmfgError, ValueError):
    code = ErrorCode.UNIT_MISMATCH
    template = "%(where)sunit %(unit)r cannot be converted to %(expected)s (%(dimension)s expected)"


class InvalidValueError(GreenmfgError, ValueError):
    code = ErrorCode.INVALID_VALUE
    template = "%(where)s%(field)s = %(value)r: %(expected)s"


class MissingValueError(GreenmfgError, ValueError):
    code = ErrorCode.MISSING_VALUE
    template = "%(where)s%(field)s is missing: %(expected)s"


class FactorNotFoundError(GreenmfgError, LookupError):
    code = ErrorCode.FACTOR_NOT_FOUND
    template = "No %(quantity)s factor for %(key)s: %(reason)s"


class DataFileInvalidError(GreenmfgError, ValueError):
    """A packaged or uploaded reference data file that breaks its schema."""

    code = ErrorCode.DATA_FILE_INVALID
    template = "%(file)s, line %(line)s, field %(field)s: %(reason)s"


class FileTooLargeError(GreenmfgError, ValueError):
    code = ErrorCode.FILE_TOO_LARGE
    template = "%(file)s is %(size_mb).1f MB; files up to %(limit_mb)d MB are accepted"


class InvalidScaleError(GreenmfgError, ValueError):
    code = ErrorCode.INVALID_SCALE
    template = "Scale must be greater than 0, got %(scale)r"


class DuplicateError(GreenmfgError, ValueError):
    code = ErrorCode.DUPLICATE
    template = "%(kind)s %(key)r already exists%(detail)s"


class ImportIssue:
    """One problem found while validating an imported file: where it is and what was expected.

    ``message`` and ``expected`` may be templates with named placeholders filled from
    ``params`` (``%(value)r is not a number``); the platform translates the templates
    (:attr:`template`, :attr:`expected_template`) and fills them in the reader's language.
    Without ``params`` the two texts are plain sentences (still translatable as msgids).
    """

    __slots__ = (
        "column",
        "expected",
        "expected_template",
        "message",
        "params",
        "row",
        "sheet",
        "template",
    )

    def __init__(
        self,
        *,
        message: str,
        sheet: str | None = None,
        row: int | None = None,
        column: str | None = None,
        expected: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        self.params: dict[str, Any] = dict(params or {})
        self.template = message
        self.expected_template = expected
        self.message = _fill(message, self.params) if params is not None else message
        self.expected = (
            _fill(expected, self.params) if params is not None and expected else expected
        )
        self.sheet = sheet
        self.row = row
        self.column = column

    @property
    def location(self) -> str:
        parts = []
        if self.sheet:
            parts.append(f"sheet {self.sheet!r}")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column {self.column!r}")
        return ", ".join(parts)

    def as_dict(self) -> dict[str, Any]:
        return {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "expected": self.expected,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = self.location
        tail = f" (expected {self.expected})" if self.expected else ""
        return f"{where}: {self.message}{tail}" if where else f"{self.message}{tail}"

    def __repr__(self) -> str:
        return f"ImportIssue({self!s})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ImportIssue) and self.as_dict() == other.as_dict()

    def __hash__(self) -> int:
        return hash(tuple(self.as_dict().items()))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_issue, (self._fields(),))

    def _fields(self) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "sheet": self.sheet,
            "row": self.row,
            "column": self.column,
            "message": self.template,
            "expected": self.expected_template,
        }
        if self.params:
            fields["params"] = self.params
        return fields


def _fill(template: str, params: Mapping[str, Any]) -> str:
    try:
        return template % params
    except (KeyError, TypeError, ValueError):
        return f"{template} {dict(params)!r}"


def _rebuild_issue(fields: dict[str, Any]) -> ImportIssue:
    return ImportIssue(**fields)


class ImportInvalidError(GreenmfgError, ValueError):
    """An import that failed validation; carries every issue found, not just the first.

    Nothing is written when this is raised: importers validate everything first.
    """

    code = ErrorCode.IMPORT_INVALID
    template = "%(file)s: %(count)d problem(s) found, nothing was imported"

    def __init__(self, *, file: str, issues: list[ImportIssue]) -> None:
        self.issues = list(issues)
        super().__init__(file=file, count=len(self.issues))

    def as_dict(self) -> dict[str, Any]:
        data = super().as_dict()
        data["issues"] = [i.as_dict() for i in self.issues]
        return data

    def __str__(self) -> str:
        lines = [self.message, *(f"  - {i}" for i in self.issues)]
        return "\n".join(lines)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_import_error, (self.params["file"], self.issues))


def _rebuild_import_error(file: str, issues: list[ImportIssue]) -> ImportInvalidError:
    return ImportInvalidError(file=file, issues=issues)


class SeedRequiredError(GreenmfgError, ValueError):
    """A random draw (spot check 抽查) asked for without a recorded seed."""

    code = ErrorCode.SEED_REQUIRED
    template = (
        "%(what)s needs a recorded random seed (an integer) so that the draw can be reproduced"
    )


class NotListedError(GreenmfgError, LookupError):
    """An action that needs a listed unit (在册单位) asked for a unit on no list."""

    code = ErrorCode.NOT_LISTED
    template = "%(unit)s is not on any green manufacturing list in %(year)s: %(detail)s"


class FilingInconsistentError(GreenmfgError, ValueError):
    """A filing whose figures contradict each other (parts that do not add up)."""

    code = ErrorCode.FILING_INCONSISTENT
    template = "%(field)s: %(reason)s"


class UnknownStandardError(GreenmfgError, LookupError):
    """A standard (indicator set, 评价标准) code that no loaded file defines."""

    code = ErrorCode.UNKNOWN_STANDARD
    template = "Unknown standard %(standard)r; available: %(expected)s"


class EvaluationInputInvalidError(GreenmfgError, ValueError):
    """Evaluation input (answers, vetoes, metrics) that does not fit the standard."""

    code = ErrorCode.EVALUATION_INPUT_INVALID
    template = "%(where)sfield %(field)s: %(reason)s"


class PermissionDeniedError(GreenmfgError, PermissionError):
    """The actor's role or region does not allow the action."""

    code = ErrorCode.PERMISSION_DENIED
    template = "You may not %(action)s: %(reason)s"


class NotFoundError(GreenmfgError, LookupError):
    code = ErrorCode.NOT_FOUND
    template = "%(kind)s %(key)r not found"


class TransitionNotAllowedError(GreenmfgError, ValueError):
    """A workflow transition that the state machine does not have from the current state."""

    code = ErrorCode.TRANSITION_NOT_ALLOWED
    template = (
        "An application in state %(state)s cannot move to %(target)s; "
        "allowed next states: %(allowed)s"
    )


class GuardFailedError(GreenmfgError, ValueError):
    """A workflow guard refused a transition; ``reasons`` lists every failed condition."""

    code = ErrorCode.GUARD_FAILED
    template = "%(transition)s is not possible: %(reasons)s"


class DeadlinePassedError(GreenmfgError, ValueError):
    code = ErrorCode.DEADLINE_PASSED
    template = (
        "The %(deadline)s (%(date)s, %(region)s, round %(year)s) has passed; today is %(today)s"
    )


class ConflictError(GreenmfgError, ValueError):
    """Someone else changed the record first, or the action was already done."""

    code = ErrorCode.CONFLICT
    template = "%(detail)s"


class RateLimitedError(GreenmfgError, ValueError):
    code = ErrorCode.RATE_LIMITED
    template = "Too many %(what)s from this address; try again in %(retry_after)d seconds"


class FootprintInvalidError(GreenmfgError, ValueError):
    """A product carbon footprint input (GB/T 24067) with problems; ``issues`` lists every
    one with its section, line (1-based) and field.  Nothing is computed or stored."""

    code = ErrorCode.FOOTPRINT_INVALID
    template = "%(file)s: %(count)d problem(s) found in the footprint input"

    def __init__(self, *, file: str, issues: list[dict[str, Any]]) -> None:
        self.issues = [dict(i) for i in issues]
        super().__init__(file=file, count=len(self.issues))

    def as_dict(self) -> dict[str, Any]:
        data = super().as_dict()
        data["issues"] = [dict(i) for i in self.issues]
        return data

    def __str__(self) -> str:
        return "\n".join([self.message, *(f"  - {i['message']}" for i in self.issues)])

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_footprint_error, (self.params["file"], self.issues))


def _rebuild_footprint_error(file: str, issues: list[dict[str, Any]]) -> FootprintInvalidError:
    return FootprintInvalidError(file=file, issues=issues)


class PactInvalidError(GreenmfgError, ValueError):
    """A WBCSD PACT ProductFootprint document that fails the published JSON schema."""

    code = ErrorCode.PACT_INVALID
    template = "%(file)s: not a valid PACT %(spec)s ProductFootprint at %(path)s: %(reason)s"
