"""Writes of the dashboards: computing the yearly index snapshots."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone

from greenmfg.core.batch.indices import aggregate_regions_frame, units_to_frame
from greenmfg.core.codes import regions as region_codes
from greenmfg.core.domain import Role
from greenmfg.core.errors import InvalidValueError
from greenmfg.core.indices.degrees import DEGREES, DegreeAggregate, Degrees, aggregate_degrees
from greenmfg.core.indices.methods import RegionalIndexMethod, regional_index_method
from greenmfg.core.indices.regional import RegionIndex, RegionLevel, UnitYear, score_regions
from greenmfg.platform.accounts.scoping import require_role
from greenmfg.platform.common import generations
from greenmfg.platform.dashboards import sources
from greenmfg.platform.dashboards.models import IndexSnapshot
from greenmfg.platform.dashboards.selectors import SNAPSHOTS_GENERATION

COUNTRY = "CN"

LEVELS: tuple[tuple[str, RegionLevel, Callable[[str], str | None]], ...] = (
    ("country", RegionLevel.ECONOMIC, lambda adcode: COUNTRY),
    ("economic", RegionLevel.ECONOMIC, sources.economic_key),
    ("province", RegionLevel.PROVINCE, sources.province_key),
    ("city", RegionLevel.CITY, sources.city_key),
)


def _catalogue(level: str) -> list[str]:
    if level == "country":
        return [COUNTRY]
    if level == "economic":
        return [e.value for e in region_codes.EconomicRegion]
    if level == "province":
        return [p.adcode for p in region_codes.provinces()]
    return [c.adcode for c in region_codes.all_cities()]


def _degrees(aggregates: dict[str, DegreeAggregate] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name in DEGREES:
        agg = aggregates.get(name) if aggregates else None
        out[name] = {
            "count": agg.count if agg else 0,
            "weighted_mean": agg.weighted_mean if agg else None,
            "median": agg.median if agg else None,
        }
    return out


def _payload(
    result: RegionIndex,
    industries: dict[str, int],
    grades: dict[str, int],
    degrees: dict[str, DegreeAggregate] | None,
) -> dict[str, Any]:
    aggregate = result.aggregate
    counts: dict[str, Any] = {}
    if aggregate is not None:
        counts = {
            "units": aggregate.units,
            "listed_municipal": aggregate.listed_municipal,
            "listed_provincial": aggregate.listed_provincial,
            "listed_national": aggregate.listed_national,
            "new_listings": aggregate.new_listings,
            "removals": aggregate.removals,
            "coded": aggregate.coded,
            "output_10k_yuan": aggregate.output_fx / 1000,
            "listed_output_10k_yuan": aggregate.listed_output_fx / 1000,
        }
    return {
        "indicators": dict(result.indicators),
        "scores": dict(result.scores),
        "pillars": dict(result.pillars),
        "aggregate": counts,
        "industries": industries,
        "grades": {g: grades.get(g, 0) for g in ("A+", "A", "B")},
        # output-weighted mean (weights: output value) and unweighted median per degree
        "degrees": _degrees(degrees),
    }


def _by_adcode(key: Callable[[str], str | None]) -> Callable[[Degrees], str | None]:
    """Group degrees by the region ``key`` gives for their unit's adcode."""
    return lambda d: key(d.adcode)


def compute_snapshots(
    rows: list[UnitYear],
    industries: dict[str, str],
    degrees: list[Degrees],
    *,
    year: int,
    data_as_of: dt.date,
    method: RegionalIndexMethod,
) -> list[IndexSnapshot]:
    """Unsaved snapshots of every level and region for ``year`` (rows cover year − 1 too)."""
    snapshots: list[IndexSnapshot] = []
    for level, region_level, key in LEVELS:
        keys = [key(r.adcode) for r in rows]
        frame = units_to_frame(rows, "region", keys)
        aggregates = aggregate_regions_frame(frame, "region")
        results = score_regions(
            aggregates,
            year=year,
            regions=_catalogue(level),
            level=region_level,
            data_as_of=data_as_of,
            method=method,
        )
        by_industry: dict[str, Counter[str]] = defaultdict(Counter)
        by_grade: dict[str, Counter[str]] = defaultdict(Counter)
        for row, region in zip(rows, keys, strict=True):
            if region is None or row.year != year:
                continue
            if row.level is not None:
                by_industry[region][industries.get(row.uscc, "")[:2]] += 1
            if row.grade is not None:
                by_grade[region][row.grade] += 1
        degree_aggregates = aggregate_degrees(degrees, _by_adcode(key))
        for result in results:
            snapshots.append(
                IndexSnapshot(
                    level=level,
                    region=result.region,
                    year=year,
                    data_as_of=data_as_of,
                    method_version=method.version,
                    method_status=method.status,
                    index=None if level == "country" else result.index,
                    rank=None if level == "country" else result.rank,
                    payload=_payload(
                        result,
                        dict(by_industry[result.region].most_common()),
                        dict(by_grade[result.region]),
                        degree_aggregates.get(result.region),
                    ),
                    current=True,
                )
            )
    return snapshots


@transaction.atomic
def index_snapshots_compute(*, actor: Any, year: int, data_as_of: dt.date | None = None) -> int:
    """Compute and store the year's snapshots for the country, the four economic regions,
    every province and every prefecture city; earlier snapshots of the year stay, no
    longer current.  Returns the number of snapshots written."""
    if actor is not None:
        require_role(actor, Role.NATIONAL, Role.ADMIN)
    if year < 2016 or year > timezone.now().year:
        raise InvalidValueError(
            where="", field="year", value=year, expected="a data year from 2016 to this year"
        )
    method = regional_index_method()
    rows, industries, degrees = sources.unit_years((year - 1, year))
    snapshots = compute_snapshots(
        rows,
        industries,
        degrees[year],
        year=year,
        data_as_of=data_as_of or timezone.localdate(),
        method=method,
    )
    IndexSnapshot.objects.filter(year=year, current=True).update(current=False)
    # Full model validation of one snapshot per level; the rest are built by the same code
    # and the database constraints (level, index range, one current row) still apply.
    seen: set[str] = set()
    for snapshot in snapshots:
        if snapshot.level not in seen:
            seen.add(snapshot.level)
            snapshot.full_clean()
    IndexSnapshot.objects.bulk_create(snapshots, batch_size=1000)
    generations.renew(SNAPSHOTS_GENERATION)  # cached dashboard pages are built afresh
    return len(snapshots)
