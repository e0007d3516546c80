"""Benchmark: dynamic management at national size.

1. Data-quality checks of N annual tables (default 10,000 ≈ every national listed unit),
   each against last year's table: tables/s, and the ratio to the floor — validating the
   same tables with pydantic alone (what any submission costs anyway).
2. Identical-figures check across all N tables (one pass, grouped by figures).
3. A stratified, risk-weighted spot-check sample from M candidates (default 100,000),
   and the ratio to the floor — ``random.sample`` of the same size from the whole list.

    .venv/bin/python benchmarks/supervision.py [--tables 10000] [--candidates 100000]
"""

from __future__ import annotations

import argparse
import random
import time

from greenmfg.core.supervision.checks import check_identical, check_table
from greenmfg.core.supervision.data import check_settings
from greenmfg.core.supervision.sampling import Candidate, draw_sample
from greenmfg.core.supervision.table import DynamicTable

CITIES = [f"{p:02d}{c:02d}00" for p in range(11, 66, 3) for c in range(1, 12)]
INDUSTRIES = ["3011", "3120", "2612", "3216", "1713", "3252", "2511", "3919"]


def table_dict(i: int, year: int) -> dict[str, object]:
    """Unit i's table: the same random draw both years (per-unit seed), with every 50th
    unit's energy tripled in 2024 (a year-on-year jump for the checks to find)."""
    rng = random.Random(i)
    energy = rng.uniform(5e3, 5e5) * (3.0 if year == 2024 and i % 50 == 0 else 1.0)
    va = rng.uniform(1e4, 1e5)
    co2 = energy * rng.uniform(2.0, 3.0)
    withdrawal, reused = rng.uniform(1e5, 1e6), rng.uniform(1e5, 1e7)
    gen = rng.uniform(1e3, 1e5)
    used = gen * rng.uniform(0.5, 1.0)
    return {
        "identity": {
            "uscc": f"91{i:016d}",
            "name": f"unit {i}",
            "adcode": CITIES[i % len(CITIES)],
            "industry": INDUSTRIES[i % len(INDUSTRIES)],
            "kind": "factory",
            "level": "national",
            "listed_year": 2020,
        },
        "year": year,
        "output_value_10k_yuan": va * 4,
        "value_added_10k_yuan": va,
        "energy_total_tce": energy,
        "energy_per_value_added": energy * 1000 / va,
        "energy_per_product": {"clinker": rng.uniform(95, 120)},
        "renewable_share_pct": rng.uniform(0, 30),
        "co2_total_t": co2,
        "co2_scope1_t": co2 * 0.7,
        "co2_scope2_t": co2 * 0.3,
        "co2_per_value_added": co2 * 1000 / va,
        "water_withdrawal_m3": withdrawal,
        "water_reused_m3": reused,
        "water_reuse_rate_pct": 100 * reused / (withdrawal + reused),
        "solid_waste_generated_t": gen,
        "solid_waste_utilised_t": used,
        "solid_waste_utilisation_rate_pct": 100 * used / gen,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tables", type=int, default=10_000)
    parser.add_argument("--candidates", type=int, default=100_000)
    args = parser.parse_args()
    check_settings()  # load the data file outside the timings

    raw_now = [table_dict(i, 2024) for i in range(args.tables)]
    raw_before = [table_dict(i, 2023) for i in range(args.tables)]

    t0 = time.perf_counter()
    now = [DynamicTable.model_validate(d) for d in raw_now]
    before = [DynamicTable.model_validate(d) for d in raw_before]
    floor = time.perf_counter() - t0

    t0 = time.perf_counter()
    flagged = sum(1 for a, b in zip(now, before, strict=True) if check_table(a, previous=b))
    checks = time.perf_counter() - t0

    t0 = time.perf_counter()
    identical = check_identical(dict(enumerate(now)))
    ident = time.perf_counter() - t0

    print(
        f"checks: {args.tables} tables in {checks:.2f} s = {args.tables / checks:,.0f} tables/s; "
        f"{flagged} flagged"
    )
    print(
        f"  floor (pydantic validation of {2 * args.tables} tables): {floor:.2f} s; "
        f"checks / floor = {checks / floor:.2f}×"
    )
    print(
        f"identical figures across {args.tables} tables: {ident * 1000:.1f} ms, {len(identical)} flagged"
    )

    pop = [
        Candidate(
            unit_id=f"u{i:07d}",
            adcode=CITIES[i % len(CITIES)],
            industry=INDUSTRIES[(i // 7) % len(INDUSTRIES)],
            abnormal_flags=1 if i % 50 == 0 else 0,
            complaints=1 if i % 97 == 0 else 0,
        )
        for i in range(args.candidates)
    ]
    t0 = time.perf_counter()
    sample = draw_sample(pop, seed=20250415, rate=0.05, risk_weighted=True)
    sampling = time.perf_counter() - t0
    ids = [c.unit_id for c in pop]
    t0 = time.perf_counter()
    random.Random(20250415).sample(ids, len(sample.selected))
    sample_floor = time.perf_counter() - t0
    again = draw_sample(list(reversed(pop)), seed=20250415, rate=0.05, risk_weighted=True)
    print(
        f"spot check: {len(sample.selected)} of {args.candidates} in {len(sample.strata)} strata, "
        f"{sampling:.2f} s; floor (random.sample) {sample_floor * 1000:.1f} ms; "
        f"ratio {sampling / sample_floor:.0f}×; reproduced: {again.selected == sample.selected}"
    )


if __name__ == "__main__":
    main()
