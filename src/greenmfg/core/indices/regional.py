"""Regional green manufacturing index (区域绿色制造指数) — greenmfg's method.

Computed per year for provinces (省), prefecture cities (地市) and the four economic
regions (东部 / 中部 / 西部 / 东北) from the units that filed that year:

1. **Aggregate** (:func:`aggregate_regions`): per region and year, counts and sums.  Sums
   of quantities are taken in fixed point (``floor(x × 1000 + 0.5)`` as integers, i.e.
   to 0.001 of the unit) so that the per-unit path and the Polars batch path
   (:mod:`greenmfg.core.batch.indices`) agree exactly whatever the summation order.
2. **Indicators** (:func:`region_indicators`): coverage — output share of listed units,
   listed units per 100 filing enterprises, national share of listed units; performance —
   energy and CO2 per 10,000 yuan of output and their change on the prior year, mean
   green manufacturing degree; dynamics — new listings and removals per listed unit,
   share of green codes graded A+ or A.  An indicator whose denominator is empty is
   ``None``.
3. **Score** (:func:`score_regions`): each indicator min–max normalised to 0–100 across
   the regions of the same level that have it (lower-is-better reversed; all equal → 50),
   then the weighted mean over the indicators present (weights as data:
   ``core/data/indices/regional-index-*.yaml``), per pillar and overall.  A region
   without any filing unit has no index at all (``None``, "no data"), never 0.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from enum import StrEnum

from greenmfg.core.domain import ListLevel
from greenmfg.core.indices.methods import (
    INDICATOR_CODES,
    RegionalIndexMethod,
    regional_index_method,
)

PILLARS: tuple[str, ...] = ("coverage", "performance", "dynamics")
FIXED = 1000  # quantities are summed in units of 0.001
DEGREE_FIXED = 1_000_000  # degrees are summed in units of 0.000001
TOP_GRADES = frozenset({"A+", "A"})


class RegionLevel(StrEnum):
    PROVINCE = "province"  # 省级
    CITY = "city"  # 地市级
    ECONOMIC = "economic"  # 四大经济区域


def fixed(value: float, scale: int = FIXED) -> int:
    """``floor(value × scale + 0.5)``: the fixed-point integer used for exact sums."""
    return math.floor(value * scale + 0.5)


@dataclass(frozen=True, slots=True)
class UnitYear:
    """One enterprise (or park) in one year, as the regional index sees it."""

    uscc: str
    adcode: str  # 6-digit GB/T 2260 code (city level)
    year: int
    output_value: float | None = None  # 万元 (10,000 yuan)
    energy_tce: float | None = None
    co2_t: float | None = None
    level: ListLevel | None = None  # highest list level held at year end, None if not listed
    newly_listed: bool = False  # entered a list (any level) this year
    removed: bool = False  # removed from a list this year
    grade: str | None = None  # green code grade of this year, if any
    degree_mean: float | None = None


@dataclass(frozen=True, slots=True)
class RegionAggregate:
    region: str
    year: int
    units: int = 0
    listed_municipal: int = 0
    listed_provincial: int = 0
    listed_national: int = 0
    new_listings: int = 0
    removals: int = 0
    coded: int = 0
    coded_top: int = 0
    output_fx: int = 0  # Σ output value of units with output (0.001 万元)
    listed_output_fx: int = 0
    energy_fx: int = 0  # Σ energy (0.001 tce) over units with energy and output
    energy_output_fx: int = 0  # Σ output over the same units
    co2_fx: int = 0
    co2_output_fx: int = 0
    degree_fx: int = 0  # Σ unit degree means (0.000001)
    degree_count: int = 0

    @property
    def listed(self) -> int:
        return self.listed_municipal + self.listed_provincial + self.listed_national

    def add(self, unit: UnitYear) -> RegionAggregate:
        out = self.output_value_fx(unit)
        return replace(
            self,
            units=self.units + 1,
            listed_municipal=self.listed_municipal + (unit.level == ListLevel.MUNICIPAL),
            listed_provincial=self.listed_provincial + (unit.level == ListLevel.PROVINCIAL),
            listed_national=self.listed_national + (unit.level == ListLevel.NATIONAL),
            new_listings=self.new_listings + unit.newly_listed,
            removals=self.removals + unit.removed,
            coded=self.coded + (unit.grade is not None),
            coded_top=self.coded_top + (unit.grade in TOP_GRADES),
            output_fx=self.output_fx + (out or 0),
            listed_output_fx=self.listed_output_fx + ((out or 0) if unit.level else 0),
            energy_fx=self.energy_fx
            + (fixed(unit.energy_tce) if unit.energy_tce is not None and out is not None else 0),
            energy_output_fx=self.energy_output_fx
            + ((out or 0) if unit.energy_tce is not None else 0),
            co2_fx=self.co2_fx
            + (fixed(unit.co2_t) if unit.co2_t is not None and out is not None else 0),
            co2_output_fx=self.co2_output_fx + ((out or 0) if unit.co2_t is not None else 0),
            degree_fx=self.degree_fx
            + (fixed(unit.degree_mean, DEGREE_FIXED) if unit.degree_mean is not None else 0),
            degree_count=self.degree_count + (unit.degree_mean is not None),
        )

    @staticmethod
    def output_value_fx(unit: UnitYear) -> int | None:
        return None if unit.output_value is None else fixed(unit.output_value)


def province_of(adcode: str) -> str:
    return adcode[:2] + "0000"


def city_of(adcode: str) -> str:
    return adcode[:4] + "00"


def aggregate_regions(
    units: Iterable[UnitYear], region_of: Callable[[str], str | None]
) -> dict[tuple[str, int], RegionAggregate]:
    """(region, year) → aggregate.  Units whose region is ``None`` are left out."""
    out: dict[tuple[str, int], RegionAggregate] = {}
    for unit in units:
        region = region_of(unit.adcode)
        if region is None:
            continue
        key = (region, unit.year)
        current = out.get(key) or RegionAggregate(region=region, year=unit.year)
        out[key] = current.add(unit)
    return out


def _ratio(num: int, den: int) -> float | None:
    return None if den == 0 else num / den


def _trend(now: float | None, before: float | None) -> float | None:
    if now is None or before is None or before == 0:
        return None
    return now / before - 1.0


def region_indicators(
    current: RegionAggregate | None, previous: RegionAggregate | None
) -> dict[str, float | None]:
    """The raw indicator values of one region (all ``None`` without data)."""
    if current is None or current.units == 0:
        return dict.fromkeys(INDICATOR_CODES)
    listed = current.listed
    energy = _ratio(current.energy_fx, current.energy_output_fx)
    carbon = _ratio(current.co2_fx, current.co2_output_fx)
    prev_energy = _ratio(previous.energy_fx, previous.energy_output_fx) if previous else None
    prev_carbon = _ratio(previous.co2_fx, previous.co2_output_fx) if previous else None
    share = _ratio(current.listed_output_fx, current.output_fx)
    per_100 = _ratio(100 * listed, current.units)
    degree = _ratio(current.degree_fx, current.degree_count * DEGREE_FIXED)
    return {
        "listed_output_share": share,
        "listed_per_100": per_100,
        "national_share": _ratio(current.listed_national, listed),
        "energy_intensity": energy,
        "carbon_intensity": carbon,
        "energy_intensity_trend": _trend(energy, prev_energy),
        "carbon_intensity_trend": _trend(carbon, prev_carbon),
        "degree_mean": degree,
        "new_listing_rate": _ratio(current.new_listings, listed),
        "removal_rate": _ratio(current.removals, listed + current.removals),
        "green_code_top_share": _ratio(current.coded_top, current.coded),
    }


@dataclass(frozen=True, slots=True)
class RegionIndex:
    region: str
    level: RegionLevel
    year: int
    data_as_of: date
    method_version: str
    aggregate: RegionAggregate | None
    indicators: Mapping[str, float | None] = field(default_factory=dict)
    scores: Mapping[str, float | None] = field(default_factory=dict)
    pillars: Mapping[str, float | None] = field(default_factory=dict)
    index: float | None = None
    rank: int | None = None

    @property
    def has_data(self) -> bool:
        return self.index is not None


def _weighted(
    scores: Mapping[str, float | None], weights: Sequence[tuple[str, int]]
) -> float | None:
    num = 0.0
    den = 0
    for code, weight in weights:
        s = scores.get(code)
        if s is None:
            continue
        num = num + weight * s
        den = den + weight
    return None if den == 0 else num / den


def score_regions(
    aggregates: Mapping[tuple[str, int], RegionAggregate],
    *,
    year: int,
    regions: Iterable[str],
    level: RegionLevel,
    data_as_of: date,
    method: RegionalIndexMethod | None = None,
) -> list[RegionIndex]:
    """The index of every region in ``regions`` for ``year``, ranked (best first);
    regions without data come last, unranked, with ``index = None``."""
    method = method or regional_index_method()
    regions = sorted(set(regions) | {r for (r, y) in aggregates if y == year})
    raw = {
        r: region_indicators(aggregates.get((r, year)), aggregates.get((r, year - 1)))
        for r in regions
    }
    scores: dict[str, dict[str, float | None]] = {r: {} for r in regions}
    for indicator in method.indicators:
        present = [v for r in regions if (v := raw[r][indicator.code]) is not None]
        lo = min(present) if present else 0.0
        hi = max(present) if present else 0.0
        for r in regions:
            value = raw[r][indicator.code]
            if value is None:
                scores[r][indicator.code] = None
            elif hi == lo:
                scores[r][indicator.code] = 50.0
            elif indicator.direction == "higher":
                scores[r][indicator.code] = 100.0 * (value - lo) / (hi - lo)
            else:
                scores[r][indicator.code] = 100.0 * (hi - value) / (hi - lo)

    weights = [(i.code, i.weight) for i in method.indicators]
    results: list[RegionIndex] = []
    for r in regions:
        aggregate = aggregates.get((r, year))
        has_data = aggregate is not None and aggregate.units > 0
        pillars: dict[str, float | None] = {
            p: _weighted(
                scores[r], [(i.code, i.weight) for i in method.indicators if i.pillar == p]
            )
            if has_data
            else None
            for p in PILLARS
        }
        results.append(
            RegionIndex(
                region=r,
                level=level,
                year=year,
                data_as_of=data_as_of,
                method_version=method.version,
                aggregate=aggregate,
                indicators=raw[r],
                scores=scores[r],
                pillars=pillars,
                index=_weighted(scores[r], weights) if has_data else None,
            )
        )
    ranked = sorted(
        (x for x in results if x.index is not None), key=lambda x: (-(x.index or 0.0), x.region)
    )
    rank_of = {x.region: i + 1 for i, x in enumerate(ranked)}
    final = [replace(x, rank=rank_of.get(x.region)) for x in results]
    return sorted(final, key=lambda x: (x.rank is None, x.rank or 0, x.region))


def regional_index(
    units: Iterable[UnitYear],
    *,
    year: int,
    level: RegionLevel,
    regions: Iterable[str],
    region_of: Callable[[str], str | None],
    data_as_of: date,
    method: RegionalIndexMethod | None = None,
) -> list[RegionIndex]:
    """The per-unit path: aggregate, then score (``units`` should cover ``year − 1`` too,
    for the trends)."""
    aggregates = aggregate_regions(units, region_of)
    return score_regions(
        aggregates, year=year, regions=regions, level=level, data_as_of=data_as_of, method=method
    )


def grade_mix(grades: Iterable[str | None]) -> dict[str, int]:
    """Counts of A+ / A / B among coded units (the green-code distribution)."""
    counts: dict[str, int] = defaultdict(int)
    for g in grades:
        if g is not None:
            counts[g] += 1
    return {g: counts.get(g, 0) for g in ("A+", "A", "B")}
