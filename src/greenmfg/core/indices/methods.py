"""The versioned method files of the indices, loaded and validated once.

Files live in ``core/data/indices/`` and are named ``<kind>-<version>.yaml``.  Every
method carries a ``status`` (verified / secondary / unverified) that the platform shows
beside any figure computed with it.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from greenmfg.core.errors import DataFileInvalidError, UnknownCodeError
from greenmfg.core.metrics import METRICS_BY_CODE

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "indices"

Status = Literal["verified", "secondary", "unverified"]
DirectionName = Literal["higher", "lower"]


# The indicators a regional index method may weight (computed in ``regional``).
INDICATOR_CODES: tuple[str, ...] = (
    "listed_output_share",
    "listed_per_100",
    "national_share",
    "energy_intensity",
    "carbon_intensity",
    "energy_intensity_trend",
    "carbon_intensity_trend",
    "degree_mean",
    "new_listing_rate",
    "removal_rate",
    "green_code_top_share",
)


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class GreenCodeIndicator(_Frozen):
    metric: str
    weight: int = Field(gt=0)
    direction: DirectionName
    name_zh: str

    @model_validator(mode="after")
    def _metric_known(self) -> GreenCodeIndicator:
        definition = METRICS_BY_CODE.get(self.metric)
        if definition is None:
            raise ValueError(f"unknown metric {self.metric!r}")
        if definition.direction.value != self.direction:
            raise ValueError(
                f"direction of {self.metric!r} is {definition.direction.value!r} in core/metrics.py"
            )
        return self


class GradeShare(_Frozen):
    grade: str
    cumulative_percent: int = Field(gt=0, le=100)


class Validity(_Frozen):
    model_config = ConfigDict(frozen=True, extra="forbid", populate_by_name=True)
    valid_from: str = Field(alias="from", pattern=r"^\d\d-\d\d$")
    valid_until: str = Field(alias="until", pattern=r"^\d\d-\d\d$")


class GreenCodeMethod(_Frozen):
    """How the green code is scored and graded (weights as data)."""

    version: str
    name_zh: str
    name_en: str
    status: Status
    source: str
    min_indicators: int = Field(ge=1)
    min_peers: int = Field(ge=1)
    indicators: tuple[GreenCodeIndicator, ...]
    grades: tuple[GradeShare, ...]
    validity: Validity

    @model_validator(mode="after")
    def _consistent(self) -> GreenCodeMethod:
        if not self.indicators:
            raise ValueError("at least one indicator is needed")
        if len({i.metric for i in self.indicators}) != len(self.indicators):
            raise ValueError("an indicator is listed twice")
        if self.min_indicators > len(self.indicators):
            raise ValueError("min_indicators exceeds the number of indicators")
        shares = [g.cumulative_percent for g in self.grades]
        if not shares or shares != sorted(set(shares)) or shares[-1] != 100:
            raise ValueError("grades must have strictly rising cumulative shares ending at 100")
        return self

    def valid_from(self, year: int) -> date:
        month, day = (int(p) for p in self.validity.valid_from.split("-"))
        return date(year, month, day)

    def valid_until(self, year: int) -> date:
        month, day = (int(p) for p in self.validity.valid_until.split("-"))
        return date(year + 1, month, day)

    def grade_counts(self, n: int) -> list[tuple[str, int]]:
        """How many of ``n`` ranked units get each grade.

        The cumulative count for a cumulative share ``p`` % is ``floor(n × p / 100 + 1/2)``
        (round half up, in integers: ``(n*p + 50) // 100``); each grade gets the difference
        to the previous one.  With ``n`` a multiple of 20 the shares 5 / 35 / 60 % are exact.
        """
        counts: list[tuple[str, int]] = []
        previous = 0
        for share in self.grades:
            cumulative = (n * share.cumulative_percent + 50) // 100
            counts.append((share.grade, cumulative - previous))
            previous = cumulative
        return counts


class LeadingValue(_Frozen):
    product: str
    name_zh: str
    name_en: str
    value: float = Field(gt=0)
    unit: str
    basis: str
    source: str
    clause: str
    status: Status
    valid_from: date


class LeadingValues(_Frozen):
    """International leading CO2 intensities for the low-carbon degree (LCD)."""

    version: str
    rows: tuple[LeadingValue, ...]

    def get(self, product: str) -> LeadingValue:
        for row in self.rows:
            if row.product == product:
                return row
        raise UnknownCodeError(
            where="",
            kind="product (international leading CO2 value)",
            value=product,
            expected=", ".join(r.product for r in self.rows),
        )


Pillar = Literal["coverage", "performance", "dynamics"]


class RegionalIndicator(_Frozen):
    code: str
    pillar: Pillar
    weight: int = Field(gt=0)
    direction: DirectionName
    name_zh: str
    name_en: str


class RegionalIndexMethod(_Frozen):
    version: str
    name_zh: str
    name_en: str
    status: Status
    source: str
    indicators: tuple[RegionalIndicator, ...]

    @model_validator(mode="after")
    def _known_codes(self) -> RegionalIndexMethod:
        codes = [i.code for i in self.indicators]
        unknown = sorted(set(codes) - set(INDICATOR_CODES))
        if unknown:
            raise ValueError(f"unknown indicator code(s) {unknown}; expected {INDICATOR_CODES}")
        if len(set(codes)) != len(codes):
            raise ValueError("an indicator is listed twice")
        return self


def _load(path: Path, model: type[Any]) -> Any:
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise DataFileInvalidError(file=path.name, line="?", field="-", reason=str(exc)) from exc
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first.get("loc", ())) or "-"
        raise DataFileInvalidError(
            file=path.name, line="?", field=field, reason=first.get("msg", "invalid")
        ) from exc


def _path(kind: str, version: str | None) -> Path:
    if version is not None:
        path = DATA_DIR / f"{kind}-{version}.yaml"
        if not path.exists():
            raise UnknownCodeError(
                where="",
                kind=f"{kind} version",
                value=version,
                expected=", ".join(available_versions(kind)),
            )
        return path
    versions = available_versions(kind)
    return DATA_DIR / f"{kind}-{versions[-1]}.yaml"


def available_versions(kind: str) -> list[str]:
    """The versions of ``kind`` shipped, oldest first."""
    names = sorted(p.stem[len(kind) + 1 :] for p in DATA_DIR.glob(f"{kind}-*.yaml"))
    return sorted(names, key=lambda v: tuple(int(x) for x in v.split(".")))


@cache
def green_code_method(version: str | None = None) -> GreenCodeMethod:
    """The green-code method ``version`` (default: the latest)."""
    path = _path("greencode-method", version)
    method: GreenCodeMethod = _load(path, GreenCodeMethod)
    return method


@cache
def leading_values(version: str | None = None) -> LeadingValues:
    path = _path("lcd-leading", version)
    values: LeadingValues = _load(path, LeadingValues)
    return values


@cache
def regional_index_method(version: str | None = None) -> RegionalIndexMethod:
    path = _path("regional-index", version)
    method: RegionalIndexMethod = _load(path, RegionalIndexMethod)
    return method


def load_green_code_method(path: Path) -> GreenCodeMethod:
    """A deployment's own green-code method file (validated like the packaged ones)."""
    method: GreenCodeMethod = _load(path, GreenCodeMethod)
    return method
