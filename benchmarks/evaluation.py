"""Benchmark: 100,000 filings (metric sets + answers + vetoes) against GB/T 36132-2025.

Prints the batch (Polars) time and peak memory, and, in the same run, the per-unit path
looped over a sample (scaled to the full count) and the ratio between the two.  A sample
of rows is checked to agree exactly between the two paths.  Target: batch ≤ 10 s.

    .venv/bin/python benchmarks/evaluation.py [--rows 100000] [--sample 2000] [--quota-share 0.4]

``--quota-share`` gives that share of the rows 1–3 products scored against their GB energy
quota (EL1 per product, the ``q.EL1.*`` list columns), and times the same rows without them
in the same run (the cost of the per-product scoring).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import time

import polars as pl
import psutil

from greenmfg.core.batch.evaluation import ANSWER, METRIC, VETO, evaluate_frame
from greenmfg.core.evaluation import evaluate, load_standard
from greenmfg.core.evaluation.quota import ProductQuota, QuotaInputs
from greenmfg.core.evaluation.schema import IndicatorSet

_Q = "q.EL1."


def _uniform(n: int, seed: int) -> pl.Series:
    """n pseudo-random numbers in [0, 1) from a hash of the row index (fast, reproducible)."""
    return pl.select(
        (pl.int_range(n, dtype=pl.UInt64).hash(seed) % 1_000_003) / 1_000_003.0
    ).to_series()


def generate(standard: IndicatorSet, n: int) -> pl.DataFrame:
    """Realistic-looking inputs, vectorised: values spread around baseline…leading, some
    missing, some vetoes hit, most basic requirements met."""
    seeds = iter(range(1, 10_000))
    cols: dict[str, pl.Series] = {"id": pl.Series(range(n), dtype=pl.Int64)}

    def flags(p_true: float, p_null: float) -> pl.Series:
        u = _uniform(n, next(seeds))
        missing = _uniform(n, next(seeds)) < p_null
        return pl.select(pl.when(missing).then(None).otherwise(u < p_true)).to_series()

    for v in standard.vetoes:
        cols[VETO + v.code] = flags(0.01, 0.02)
    for b in standard.basic_requirements:
        cols[ANSWER + b.code] = flags(0.95, 0.0)
    for ind in standard.indicators:
        if ind.type == "qualitative":
            for item in ind.items:
                cols[ANSWER + item.code] = flags(0.7, 0.1)
            continue
        assert ind.baseline is not None and ind.leading is not None
        lo = min(ind.baseline.value, ind.leading.value)
        hi = max(ind.baseline.value, ind.leading.value)
        span = hi - lo
        u = _uniform(n, next(seeds))
        missing = _uniform(n, next(seeds)) < 0.05
        values = pl.select(
            pl.when(missing).then(None).otherwise((lo - span) + u * (3 * span))
        ).to_series()
        cols[(METRIC + ind.metric) if ind.metric else (ANSWER + ind.code)] = values
    return pl.DataFrame({k: s.alias(k) for k, s in cols.items()})


def add_quotas(frame: pl.DataFrame, share: float, seed: int = 3) -> pl.DataFrame:
    """EL1 quota inputs (value, 基准值, 引领值 per product) for ``share`` of the rows."""
    rng = random.Random(seed)
    cols: dict[str, list[list[float] | None]] = {
        _Q + k: [] for k in ("value", "baseline", "leading")
    }
    for _ in range(frame.height):
        if rng.random() >= share:
            for v in cols.values():
                v.append(None)
            continue
        rows = []
        for _k in range(rng.choice([1, 1, 2, 3])):
            leading = rng.uniform(-30.0, 13000.0)
            baseline = leading + rng.uniform(1.0, 50.0)
            rows.append((rng.uniform(leading - 20, baseline + 20), baseline, leading))
        for j, k in enumerate(("value", "baseline", "leading")):
            cols[_Q + k].append([r[j] for r in rows])
    return frame.with_columns([pl.Series(k, v, dtype=pl.List(pl.Float64)) for k, v in cols.items()])


def row_quotas(frame: pl.DataFrame, i: int) -> dict[str, QuotaInputs]:
    if _Q + "value" not in frame.columns:
        return {}
    values, baselines, leadings = (frame[_Q + k][i] for k in ("value", "baseline", "leading"))
    if values is None:
        return {}
    products = tuple(
        ProductQuota(product=f"p{j}", name_zh="", product_unit="t", value=v, unit="kgce/t",
                     leading=lv, baseline=b, quota="", standard="", title="", indicator="",
                     indicator_en="", clause="", status="secondary")
        for j, (v, b, lv) in enumerate(zip(values, baselines, leadings, strict=True))
    )  # fmt: skip
    return {"EL1": QuotaInputs(products=products)}


def row_inputs(frame: pl.DataFrame, i: int) -> tuple[dict, dict, dict]:
    row = frame.row(i, named=True)
    metrics = {
        k[len(METRIC) :]: v for k, v in row.items() if k.startswith(METRIC) and v is not None
    }
    answers = {
        k[len(ANSWER) :]: v for k, v in row.items() if k.startswith(ANSWER) and v is not None
    }
    vetoes = {k[len(VETO) :]: v for k, v in row.items() if k.startswith(VETO) and v is not None}
    return metrics, answers, vetoes


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--quota-share", type=float, default=0.0)
    args = parser.parse_args()

    standard = load_standard("GB/T 36132-2025")
    proc = psutil.Process()
    t0 = time.perf_counter()
    frame = generate(standard, args.rows)
    t_gen = time.perf_counter() - t0
    t_plain = None
    if args.quota_share > 0:
        t0 = time.perf_counter()
        evaluate_frame(standard, frame)
        t_plain = time.perf_counter() - t0
        frame = add_quotas(frame, args.quota_share)
    rss_before = proc.memory_info().rss

    t0 = time.perf_counter()
    out = evaluate_frame(standard, frame)
    t_batch = time.perf_counter() - t0
    rss_after = proc.memory_info().rss
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024

    sample = min(args.sample, args.rows)
    inputs = [row_inputs(frame, i) for i in range(sample)]
    t0 = time.perf_counter()
    quotas = [row_quotas(frame, i) for i in range(sample)]
    results = [
        evaluate(standard, metrics=m, answers=a, vetoes=v, quotas=q)
        for (m, a, v), q in zip(inputs, quotas, strict=True)
    ]
    t_single_sample = time.perf_counter() - t0
    t_single_scaled = t_single_sample / sample * args.rows

    mismatches = 0
    for rec, single in zip(out.head(sample).iter_rows(named=True), results, strict=True):
        if (
            rec["total"] != single.total
            or rec["passed"] != single.passed
            or rec["ind.EL1"] != single.indicator("EL1").earned
        ):
            mismatches += 1

    print(f"standard                 {standard.code}")
    print(
        f"rows                     {args.rows:,} ({len(frame.columns)} input columns; generated in {t_gen:.2f} s)"
    )
    print(
        f"batch (Polars)           {t_batch:.3f} s  →  {args.rows / t_batch:,.0f} rows/s   target ≤ 10 s: {'OK' if t_batch <= 10 else 'MISSED'}"
    )
    print(
        f"batch RSS growth         {(rss_after - rss_before) / 2**20:,.1f} MiB; process peak RSS {peak / 2**20:,.1f} MiB"
    )
    print(
        f"single path, {sample:,} rows   {t_single_sample:.3f} s  ({t_single_sample / sample * 1e6:,.0f} µs/row)"
    )
    print(f"single path scaled       {t_single_scaled:.1f} s for {args.rows:,} rows")
    print(f"ratio single / batch     {t_single_scaled / t_batch:,.1f}×")
    if t_plain is not None:
        print(
            f"EL1 by quota             {args.quota_share:.0%} of rows with 1–3 products: batch "
            f"{t_batch:.3f} s vs {t_plain:.3f} s without quota columns ({t_batch / t_plain:.2f}×)"
        )
    print(f"load average             {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(
        f"sample agreement         {sample - mismatches:,} / {sample:,} rows identical (total, passed)"
    )
    print(
        f"passed                   {out['passed'].sum():,} of {args.rows:,}; eligible {out['eligible'].sum():,}"
    )


if __name__ == "__main__":
    main()
