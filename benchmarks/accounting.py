"""Benchmark: batch accounting of N filings × 20 energy lines (default 1,000,000 × 20).

Prints rows/s, peak memory and, from the same run, the ratio to
(a) a per-row Python loop — the per-filing engine ``account()`` timed on a sample of
    filings and scaled to all rows — and
(b) the floor: a bare Polars group-by of quantity × coefficient (coefficient looked up by
    carrier, no units, no overrides, plain sum).

Targets (2-core machine): ≤ 20 s, ≤ 8 GiB, ≤ 3× the floor, ≥ 30× the loop.

    .venv/bin/python benchmarks/accounting.py [--filings 1000000] [--sample 2000]
"""

from __future__ import annotations

import argparse
import gc
import os
import resource
import threading
import time
from typing import Any

import polars as pl
import psutil

from greenmfg.core.accounting import account
from greenmfg.core.accounting.catalogue import CARRIERS
from greenmfg.core.accounting.factors import default_factor_set
from greenmfg.core.accounting.resolve import activity_multiplier, carrier_defaults
from greenmfg.core.batch.accounting import (
    FILING_SCHEMA,
    PROCESS_SCHEMA,
    PRODUCT_SCHEMA,
    BatchFrames,
    account_frames,
    figures_agree,
)
from greenmfg.core.filing import Filing

LINES_PER_FILING = 20
# 20 lines per filing: (carrier, unit, origin, quantity scale)
LINE_MIX: list[tuple[str, str, str, float]] = [
    ("raw_coal", "t", "purchased", 5e4), ("bituminous_coal", "万t", "purchased", 5.0), ("coke", "t", "purchased", 2e4),
    ("natural_gas", "万Nm3", "purchased", 500.0), ("diesel", "t", "purchased", 300.0), ("lpg", "t", "purchased", 50.0),
    ("electricity", "万kWh", "grid", 5e3), ("electricity", "MWh", "green", 1e4), ("electricity", "MWh", "self_renewable", 2e3),
    ("electricity", "MWh", "exported", 1e3), ("heat", "GJ", "purchased", 1e5), ("steam", "t", "purchased", 2e4),
    ("fresh_water", "万t", "purchased", 50.0), ("compressed_air", "万m3", "purchased", 100.0), ("oxygen", "m3", "purchased", 1e6),
    ("coke_oven_gas", "万Nm3", "purchased", 800.0), ("blast_furnace_gas", "万Nm3", "purchased", 3e3),
    ("converter_gas", "万Nm3", "exported", 500.0), ("fuel_oil", "t", "purchased", 200.0), ("heat", "GJ", "exported", 1e4),
]  # fmt: skip
ADCODES = ["110100", "130200", "320500", "440300", "510100", "650100", "150700", "330100"]


class PeakRSS:
    """Samples this process's resident memory every 20 ms."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()
        self._proc = psutil.Process()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._proc.memory_info().rss)
            time.sleep(0.02)

    def __enter__(self) -> PeakRSS:
        self.peak = self._proc.memory_info().rss
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def make_frames(n: int) -> BatchFrames:
    rows = n * LINES_PER_FILING
    mix = pl.DataFrame(
        {"k": list(range(LINES_PER_FILING)), "carrier": [m[0] for m in LINE_MIX], "unit": [m[1] for m in LINE_MIX],
         "origin": [m[2] for m in LINE_MIX], "scale": [m[3] for m in LINE_MIX]},
        schema={"k": pl.UInt32, "carrier": pl.Categorical, "unit": pl.Categorical, "origin": pl.Categorical, "scale": pl.Float64},
    )  # fmt: skip
    idx = pl.int_range(0, rows, dtype=pl.UInt32, eager=True).alias("i").to_frame()
    energy = (
        idx.with_columns(fid=pl.col("i") // LINES_PER_FILING, k=pl.col("i") % LINES_PER_FILING)
        .join(mix, on="k", how="left", maintain_order="left")
        .with_columns(quantity=(pl.col("i").hash(42) % 1_000_000).cast(pl.Float64) / 1_000_000.0 * pl.col("scale"))
        .select(
            "fid", seq=pl.col("k"), carrier="carrier", unit="unit", quantity="quantity", origin="origin",
            ncv_value=pl.lit(None, pl.Float64), ncv_unit=pl.lit(None, pl.String), cc_value=pl.lit(None, pl.Float64),
            cc_unit=pl.lit(None, pl.String), oxidation=pl.lit(None, pl.Float64), ef_value=pl.lit(None, pl.Float64),
            ef_unit=pl.lit(None, pl.String), product=pl.lit(None, pl.String),
        )
    )  # fmt: skip
    fids = pl.int_range(0, n, dtype=pl.UInt32, eager=True)
    codes = pl.Series("adcode", ADCODES)
    filings = pl.DataFrame({"fid": fids}).with_columns(
        year=(2021 + (pl.col("fid") % 5)).cast(pl.Int32),
        adcode=codes.gather(fids % len(ADCODES)),
    )
    for col, dtype in FILING_SCHEMA.items():
        if col not in filings.columns:
            filings = filings.with_columns(pl.lit(None, dtype).alias(col))
    filings = filings.with_columns(
        value_added_wan=(pl.col("fid").hash(7) % 100_000).cast(pl.Float64) + 1000.0,
        output_value_wan=(pl.col("fid").hash(8) % 400_000).cast(pl.Float64) + 5000.0,
    ).select(list(FILING_SCHEMA))
    products = pl.DataFrame({"fid": fids}).select(
        "fid",
        pseq=pl.lit(0, pl.UInt32),
        product=pl.lit("generic"),
        quantity=(pl.col("fid").hash(9) % 1_000_000).cast(pl.Float64) + 1.0,
        unit=pl.lit("t"),
    )
    return BatchFrames(
        filings,
        energy,
        pl.DataFrame(schema=PROCESS_SCHEMA),
        products.cast({k: v for k, v in PRODUCT_SCHEMA.items() if k in products.columns}),
    )  # type: ignore[arg-type]


def sample_filings(frames: BatchFrames, count: int) -> list[Filing]:
    lines = frames.energy.filter(pl.col("fid") < count).cast(
        {"carrier": pl.String, "unit": pl.String, "origin": pl.String}
    )
    by_fid: dict[int, list[dict[str, Any]]] = {}
    for r in lines.iter_rows(named=True):
        by_fid.setdefault(r["fid"], []).append(
            {
                "carrier": r["carrier"],
                "quantity": r["quantity"],
                "unit": r["unit"],
                "origin": r["origin"],
            }
        )
    info = frames.filings.filter(pl.col("fid") < count).iter_rows(named=True)
    out = []
    for r in info:
        out.append(Filing.from_dict({
            "enterprise": {"uscc": f"9100000000000{r['fid']:05d}", "name": "b", "industry": "3011", "adcode": r["adcode"]},
            "year": r["year"], "energy": by_fid[r["fid"]],
            "products": [{"product": "generic", "quantity": 1000.0, "unit": "t"}],
            "economics": {"value_added": {"value": r["value_added_wan"], "unit": "万元"}},
        }))  # fmt: skip
    return out


def floor(frames: BatchFrames) -> pl.DataFrame:
    fs = default_factor_set()
    coefs = pl.DataFrame(
        {"carrier": [m[0] for m in LINE_MIX], "unit": [m[1] for m in LINE_MIX]}
    ).unique().with_columns(
        coef=pl.struct("carrier", "unit").map_elements(
            lambda s: carrier_defaults(fs, s["carrier"], 2023, "GB/T 32151.22-2024", "AR5").coef_eq * activity_multiplier(CARRIERS[s["carrier"]], s["unit"]),
            return_dtype=pl.Float64,
        )
    ).cast({"carrier": pl.Categorical, "unit": pl.Categorical})  # fmt: skip
    return (
        frames.energy.join(coefs, on=["carrier", "unit"], how="left")
        .group_by("fid")
        .agg((pl.col("quantity") * pl.col("coef")).sum())
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--filings", type=int, default=1_000_000)
    ap.add_argument("--sample", type=int, default=2_000)
    ap.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="time floor and batch this many times; the best counts",
    )
    args = ap.parse_args()
    n = args.filings
    rows = n * LINES_PER_FILING
    print(f"polars {pl.__version__}, threads {pl.thread_pool_size()}, cpus {psutil.cpu_count()}")
    t0 = time.perf_counter()
    frames = make_frames(n)
    print(
        f"generated {n:,} filings × {LINES_PER_FILING} lines = {rows:,} rows in {time.perf_counter() - t0:.1f} s"
    )
    gc.collect()

    floors, batches = [], []
    with PeakRSS() as mem:
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            fl = floor(frames)
            floors.append(time.perf_counter() - t0)
            assert fl.height == n
            del fl
            gc.collect()
            t0 = time.perf_counter()
            per_filing, products = account_frames(frames)
            batches.append(time.perf_counter() - t0)
            gc.collect()
    t_floor, t_batch = min(floors), min(batches)
    assert per_filing.height == n and products.height == n
    print(
        f"runs: floor {', '.join(f'{t:.2f}' for t in floors)} s; batch {', '.join(f'{t:.2f}' for t in batches)} s; load average {os.getloadavg()[0]:.1f}"
    )

    sample = sample_filings(frames, args.sample)
    t0 = time.perf_counter()
    for f in sample:
        account(f)
    t_sample = time.perf_counter() - t0
    loop_rows_per_s = args.sample * LINES_PER_FILING / t_sample
    t_loop = rows / loop_rows_per_s

    # spot-check: the sample's totals are the batch's (to 12 significant digits)
    check = {f_i: account(f).equivalent_tce for f_i, f in enumerate(sample[:50])}
    got = dict(per_filing.filter(pl.col("fid") < 50).select("fid", "eq").iter_rows())
    assert all(figures_agree(got[k], v) for k, v in check.items()), (
        "batch differs from the per-filing engine"
    )

    peak_gib = mem.peak / 2**30
    print(f"batch:  {t_batch:8.2f} s  {rows / t_batch:14,.0f} rows/s  peak RSS {peak_gib:.2f} GiB"
          f"  (process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20:.2f} GiB)")  # fmt: skip
    print(
        f"floor:  {t_floor:8.2f} s  {rows / t_floor:14,.0f} rows/s  (bare group-by of quantity × coefficient)"
    )
    print(
        f"loop:   {t_loop:8.2f} s  {loop_rows_per_s:14,.0f} rows/s  (account() on {args.sample:,} filings, scaled)"
    )
    print(f"ratio to floor: {t_batch / t_floor:.2f}×  (target ≤ 3×)")
    print(f"speed-up over loop: {t_loop / t_batch:.1f}×  (target ≥ 30×)")
    print(f"targets: time {'OK' if t_batch <= 20 else 'MISSED'}, memory {'OK' if peak_gib <= 8 else 'MISSED'}, "
          f"floor {'OK' if t_batch / t_floor <= 3 else 'MISSED'}, loop {'OK' if t_loop / t_batch >= 30 else 'MISSED'}")  # fmt: skip


if __name__ == "__main__":
    main()
