"""Expert review (专家评审): review sheets, score validation and aggregation.

A review sheet lists the first-level categories an expert scores, each with its maximum
points (total 100).  For a green factory it comes from the default indicator set of
``core.evaluation`` (category weights × 100, GB/T 36132-2025); for parks and supply-chain
enterprises from ``data/review_sheets.yaml`` until their indicator sets are loaded.

Aggregation: the panel score is the mean of the experts' totals; a spread (max − min)
above :data:`SPREAD_FLAG_POINTS` is flagged for the authority to look at (a platform
setting, not an official rule).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from greenmfg.core.domain import UnitKind
from greenmfg.core.errors import GreenmfgError, InvalidValueError, MissingValueError

SPREAD_FLAG_POINTS = Decimal("15")  # platform setting [unverified]: no official rule found


@dataclass(frozen=True)
class SheetItem:
    code: str
    name_zh: str
    name_en: str
    max_points: Decimal
    source: str
    status: str


@dataclass(frozen=True)
class ReviewSheet:
    kind: UnitKind
    standard: str
    items: tuple[SheetItem, ...]

    @property
    def max_total(self) -> Decimal:
        return sum((i.max_points for i in self.items), Decimal(0))

    def validate(self, scores: Mapping[str, Decimal]) -> Decimal:
        """Check one expert's scores against the sheet; return the total."""
        codes = {i.code for i in self.items}
        unknown = sorted(set(scores) - codes)
        if unknown:
            raise InvalidValueError(
                where="", field="indicator", value=unknown[0], expected=f"one of {sorted(codes)}"
            )
        total = Decimal(0)
        for item in self.items:
            if item.code not in scores:
                raise MissingValueError(
                    where="", field=item.code, expected=f"a score from 0 to {item.max_points}"
                )
            value = scores[item.code]
            if value < 0 or value > item.max_points:
                raise InvalidValueError(
                    where="",
                    field=item.code,
                    value=str(value),
                    expected=f"a score from 0 to {item.max_points}",
                )
            total += value
        return total


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@cache
def _fallback_sheets() -> dict[str, Any]:
    path = Path(__file__).resolve().parent / "data" / "review_sheets.yaml"
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def _from_standard(kind: UnitKind) -> ReviewSheet | None:
    try:
        from greenmfg.core.evaluation import default_registry

        standard: Any = default_registry().default_for(kind)
    except (GreenmfgError, LookupError, ValueError):  # no indicator set: use the fallback sheet
        return None
    items = tuple(
        SheetItem(
            code=str(c.code),
            name_zh=str(c.name_zh),
            name_en=str(c.name_en),
            max_points=_q(Decimal(str(c.weight.value)) * 100)
            if Decimal(str(c.weight.value)) <= 1
            else _q(Decimal(str(c.weight.value))),
            source=str(c.weight.source),
            status=str(c.weight.status),
        )
        for c in standard.categories
    )
    code = str(standard.metadata.code) if hasattr(standard, "metadata") else str(kind)
    return ReviewSheet(kind=kind, standard=code, items=items) if items else None


@cache
def review_sheet(kind: UnitKind | str) -> ReviewSheet:
    kind = UnitKind(kind)
    sheet = _from_standard(kind)
    if sheet is not None:
        return sheet
    raw = _fallback_sheets()[kind.value]
    return ReviewSheet(
        kind=kind,
        standard=str(raw["standard"]),
        items=tuple(
            SheetItem(
                code=str(c["code"]),
                name_zh=str(c["name_zh"]),
                name_en=str(c["name_en"]),
                max_points=Decimal(str(c["max_points"])),
                source=str(c["source"]),
                status=str(c["status"]),
            )
            for c in raw["categories"]
        ),
    )


@dataclass(frozen=True)
class PanelResult:
    count: int
    mean: Decimal | None
    minimum: Decimal | None
    maximum: Decimal | None
    spread_flagged: bool


def aggregate(totals: Sequence[Decimal]) -> PanelResult:
    if not totals:
        return PanelResult(0, None, None, None, False)
    lo, hi = min(totals), max(totals)
    mean = _q(sum(totals, Decimal(0)) / len(totals))
    return PanelResult(len(totals), mean, lo, hi, (hi - lo) > SPREAD_FLAG_POINTS)
