"""Benchmark: green-code grading and the regional index on the national-size synthetic
data set (``greenmfg.synth.generate(scale=1)``).

Steps, each timed, with peak memory (RSS) at the end:

1. generate the data set (seed 1, scale 1 unless ``--scale``);
2. account the last data year's filings (and the year before) with the batch
   accounting path (``core.batch.accounting.account_filings``) to get the metrics;
3. green code: the national green factories of the last year (non-filers and the data
   set's abnormal filings included) graded by the per-unit path and by the Polars path;
   the two results are checked to agree exactly;
4. regional index: every enterprise × two years aggregated to provinces, cities and the
   four economic regions by the per-unit path and the Polars path (checked equal), then
   scored.

Prints the figures and the batch/per-unit ratios measured in the same run.

    .venv/bin/python benchmarks/indices.py [--scale 1.0] [--seed 1]
"""

from __future__ import annotations

import argparse
import datetime as dt
import time
from collections.abc import Callable
from typing import Any

import psutil

from greenmfg.core.batch.accounting import account_filings
from greenmfg.core.batch.indices import (
    aggregate_regions_frame,
    grade_frame,
    inputs_to_frame,
    units_to_frame,
)
from greenmfg.core.codes import regions
from greenmfg.core.domain import LEVEL_ORDER, ListLevel, UnitKind
from greenmfg.core.filing import Filing
from greenmfg.core.indices.greencode import GreenCodeInput, grade_units
from greenmfg.core.indices.methods import green_code_method
from greenmfg.core.indices.regional import (
    RegionLevel,
    UnitYear,
    aggregate_regions,
    score_regions,
)
from greenmfg.synth import generate


def timed(label: str, fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = fn()
    elapsed = time.perf_counter() - started
    print(f"  {label:<48} {elapsed:8.3f} s")
    return value, elapsed


def rss_mib() -> float:
    return psutil.Process().memory_info().rss / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    peak = rss_mib()
    print(f"greenmfg indices benchmark — seed {args.seed}, scale {args.scale}")

    data, _ = timed(
        "generate synthetic data set", lambda: generate(seed=args.seed, scale=args.scale)
    )
    peak = max(peak, rss_mib())
    counts = data.counts()
    print(f"  data set: {counts}")
    year = max(int(f["year"]) for f in data.filings)
    years = (year - 1, year)

    filings = [f for f in data.filings if int(f["year"]) in years]
    keys = [(f["enterprise"]["uscc"], int(f["year"])) for f in filings]
    metrics_list, _ = timed(
        f"account {len(filings):,} filings ({years[0]}–{years[1]}, batch)",
        lambda: account_filings(Filing.model_validate(f) for f in filings),
    )
    peak = max(peak, rss_mib())
    metrics = dict(zip(keys, metrics_list, strict=True))
    output: dict[tuple[str, int], float] = {}
    for key, f in zip(keys, filings, strict=True):
        value = (f.get("economics") or {}).get("output_value") or {}
        if isinstance(value.get("value"), int | float):
            output[key] = float(value["value"])  # 万元

    # --- green code ----------------------------------------------------------------------
    end = dt.date(year, 12, 31)
    enterprises = {e.uscc: e for e in data.enterprises}
    national = sorted(
        {
            listing.unit
            for listing in data.listings
            if listing.kind is UnitKind.FACTORY
            and listing.level is ListLevel.NATIONAL
            and listing.listed_on <= end
            and (listing.removed_on is None or listing.removed_on > end)
        }
    )
    abnormal = {a.uscc for a in data.abnormal_filings if a.year == year}
    inputs = [
        GreenCodeInput(
            uscc=uscc,
            industry=enterprises[uscc].industry,
            filed=(uscc, year) in metrics,
            abnormal=uscc in abnormal,
            metrics=metrics.get((uscc, year), {}),
        )
        for uscc in national
        if uscc in enterprises
    ]
    method = green_code_method()
    print(f"\n green code: {len(inputs):,} national green factories in {year}")
    run, t_unit = timed(
        "per-unit grading (core.indices.greencode)", lambda: grade_units(inputs, method)
    )
    frame = inputs_to_frame(inputs, method)
    graded, t_batch = timed(
        "batch grading (core.batch.indices, Polars)", lambda: grade_frame(frame, method)
    )
    peak = max(peak, rss_mib())
    mismatches = sum(
        1
        for row, r in zip(graded.iter_rows(named=True), run.results, strict=True)
        if row["score"] != r.score
        or row["rank_overall"] != r.rank_overall
        or row["grade"] != (r.grade and r.grade.value)
    )
    counts_by_grade = {str(k): v for k, v in run.grade_counts().items()}
    excluded = {str(k): v for k, v in run.excluded_counts().items()}
    print(f"  grades {counts_by_grade}, no code {excluded}")
    print(
        f"  per-unit vs batch mismatches: {mismatches}; batch is {t_unit / t_batch:.1f}× the per-unit path"
    )

    # --- regional index ------------------------------------------------------------------
    listings_by_unit: dict[str, list[Any]] = {}
    for listing in data.listings:
        if listing.kind in (UnitKind.FACTORY, UnitKind.SUPPLY_CHAIN):
            listings_by_unit.setdefault(listing.unit, []).append(listing)
    grade_of = {r.uscc: r.grade.value for r in run.results if r.grade is not None}

    def unit_years() -> list[UnitYear]:
        rows = []
        for y in years:
            start, stop = dt.date(y, 1, 1), dt.date(y, 12, 31)
            for e in data.enterprises:
                m = metrics.get((e.uscc, y), {})
                ls = listings_by_unit.get(e.uscc, ())
                active = [
                    x.level
                    for x in ls
                    if x.listed_on <= stop and (x.removed_on is None or x.removed_on > stop)
                ]
                rows.append(
                    UnitYear(
                        uscc=e.uscc,
                        adcode=e.adcode,
                        year=y,
                        output_value=output.get((e.uscc, y)),
                        energy_tce=m.get("energy_total_tce"),
                        co2_t=m.get("co2_total_t"),
                        level=max(active, key=lambda lv: LEVEL_ORDER[lv]) if active else None,
                        newly_listed=any(start <= x.listed_on <= stop for x in ls),
                        removed=any(
                            x.removed_on is not None and start <= x.removed_on <= stop for x in ls
                        ),
                        grade=grade_of.get(e.uscc) if y == year else None,
                    )
                )
        return rows

    rows, _ = timed("build unit-year rows", unit_years)
    print(f"\n regional index: {len(rows):,} enterprise-years")
    keyers: dict[str, Callable[[str], str | None]] = {
        "province": lambda a: regions.province_of(a).adcode,
        "city": lambda a: regions.city_of(a).adcode,
        "economic": lambda a: regions.economic_region(a).value,
    }
    total_unit = total_batch = 0.0
    for name, keyer in keyers.items():
        cache: dict[str, str | None] = {}

        def key(
            adcode: str,
            keyer: Callable[[str], str | None] = keyer,
            cache: dict[str, str | None] = cache,
        ) -> str | None:
            if adcode not in cache:
                cache[adcode] = keyer(adcode)
            return cache[adcode]

        per_unit, t1 = timed(
            f"{name}: per-unit aggregation", lambda key=key: aggregate_regions(rows, key)
        )
        frame = units_to_frame(rows, "region", [key(r.adcode) for r in rows])
        batch, t2 = timed(
            f"{name}: batch aggregation (Polars)",
            lambda frame=frame: aggregate_regions_frame(frame, "region"),
        )
        assert batch == per_unit, f"{name}: batch and per-unit aggregates differ"
        level = {
            "province": RegionLevel.PROVINCE,
            "city": RegionLevel.CITY,
            "economic": RegionLevel.ECONOMIC,
        }[name]
        scored, _ = timed(
            f"{name}: score {len({r for r, _ in batch})} regions",
            lambda batch=batch, level=level: score_regions(
                batch,
                year=year,
                regions=[r for r, _ in batch],
                level=level,
                data_as_of=dt.date(year + 1, 5, 31),
            ),
        )
        with_data = sum(1 for s in scored if s.index is not None)
        print(f"  {name}: {with_data} regions with an index; aggregates equal: yes")
        total_unit += t1
        total_batch += t2
        peak = max(peak, rss_mib())
    print(f"  aggregation: batch is {total_unit / total_batch:.1f}× the per-unit path")
    print(f"\npeak RSS {max(peak, rss_mib()):,.0f} MiB")


if __name__ == "__main__":
    main()
