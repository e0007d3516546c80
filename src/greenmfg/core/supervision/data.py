"""Loading the dynamic-management data files (validated at load, cached, immutable).

Files live in ``greenmfg/core/data/supervision``; a bad file raises
:class:`~greenmfg.core.errors.DataFileInvalidError` naming the file and field.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Literal, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from greenmfg.core.domain import ListLevel, UnitKind
from greenmfg.core.errors import DataFileInvalidError

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "supervision"

Status = Literal["verified", "secondary", "unverified"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Tolerance(_Frozen):
    parts: float = Field(gt=0, lt=1)
    accounting: float = Field(gt=0, lt=1)
    source: str
    status: Status


class YoyBand(_Frozen):
    field: str
    min_ratio: float = Field(ge=0)
    max_ratio: float = Field(gt=0)
    source: str
    clause: str
    status: Status


class Multipliers(_Frozen):
    below_level_1: float = Field(gt=0, le=1)
    above_level_3: float = Field(ge=1)
    source: str
    status: Status


class PlausibleIntensity(_Frozen):
    product: str
    metric: str
    unit: str
    level_1: float
    level_3: float
    source: str
    clause: str
    status: Status


class CheckSettings(_Frozen):
    version: str
    status: Status
    source: str
    tolerance: Tolerance
    yoy_bands: tuple[YoyBand, ...]
    identical_fields: tuple[str, ...]
    plausible_multipliers: Multipliers
    plausible_intensity: tuple[PlausibleIntensity, ...]

    def band(self, field: str) -> YoyBand | None:
        return next((b for b in self.yoy_bands if b.field == field), None)


class RuleDef(_Frozen):
    code: str
    name_zh: str
    name_en: str
    immediate: bool
    source: str
    clause: str
    status: Status
    # A rule known only from one province's implementation rules (实施细则): that
    # province's 2-digit code.  Elsewhere the rule is shown as quoted from that province,
    # never as the reader's own province's rule.
    source_province: str | None = Field(default=None, pattern=r"^\d{2}$")


class RemovalSettings(_Frozen):
    version: str
    bar_years: int = Field(ge=1)
    bar_source: str
    bar_status: Status
    bottom_share: float = Field(gt=0, lt=1)
    bottom_years: int = Field(ge=1)
    bottom_rounding: Literal["floor", "ceil"]
    bottom_source: str
    bottom_status: Status
    rules: tuple[RuleDef, ...]

    def rule(self, code: str) -> RuleDef:
        for r in self.rules:
            if r.code == code:
                return r
        raise KeyError(code)


class DueDate(_Frozen):
    month: int = Field(ge=1, le=12)
    day: int = Field(ge=1, le=31)
    source: str
    clause: str
    status: Status


class DueOverride(DueDate):
    province: str = Field(pattern=r"^\d{2}$")
    name: str


class CalendarSettings(_Frozen):
    version: str
    filing_due: DueDate
    reminder_days_before: tuple[int, ...]
    reminder_source: str
    reminder_status: Status
    overrides: tuple[DueOverride, ...] = ()


class SupportMeasure(_Frozen):
    code: str
    category: Literal["special_fund", "green_credit", "green_bond", "procurement", "pilot", "tax"]
    name_zh: str
    name_en: str
    provider: str
    min_level: ListLevel | None = None
    kinds: tuple[UnitKind, ...] | None = None
    green_code_grades: tuple[Literal["A+", "A", "B"], ...] | None = None
    adcode_prefixes: tuple[str, ...] | None = None
    industry_prefixes: tuple[str, ...] | None = None
    source: str
    clause: str
    status: Status
    example: bool
    note: str = ""


class SupportCatalogue(_Frozen):
    version: str
    measures: tuple[SupportMeasure, ...]

    def measure(self, code: str) -> SupportMeasure:
        for m in self.measures:
            if m.code == code:
                return m
        raise KeyError(code)


M = TypeVar("M", bound=BaseModel)


def load_file(path: Path, model: type[M]) -> M:
    """Parse and validate one YAML data file against ``model``."""
    try:
        raw: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileInvalidError(file=path.name, line="-", field="-", reason=str(exc)) from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "-"
        raise DataFileInvalidError(
            file=path.name, line="-", field=field, reason=first["msg"]
        ) from exc


@cache
def check_settings() -> CheckSettings:
    return load_file(DATA_DIR / "checks-2024.yaml", CheckSettings)


@cache
def removal_settings() -> RemovalSettings:
    return load_file(DATA_DIR / "removal-2024.yaml", RemovalSettings)


@cache
def calendar_settings() -> CalendarSettings:
    return load_file(DATA_DIR / "calendar-2024.yaml", CalendarSettings)


@cache
def support_catalogue() -> SupportCatalogue:
    return load_file(DATA_DIR / "support-2024.yaml", SupportCatalogue)
