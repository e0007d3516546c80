"""Benchmark: N product footprints (default 100,000) — the Polars batch path side by side
with a plain loop over the single path ``compute()``.

K distinct inputs (default 2,000, from tests/core/footprint/generate.py) are validated,
resolved into line frames (``frames_from_inputs``, the per-input Python step, timed and
reported), and the frames are repeated to N footprints (as stored footprint lines would be
read from the database).  Timed from the same run: the batch computation of the N
footprints, and the loop ``compute()`` over the K inputs scaled to N.  Every batch row is
checked to equal the single-path result of its input exactly.  Target: batch ≤ 10 s for
100,000 footprints on a 2-core machine.

    .venv/bin/python benchmarks/footprint.py [--footprints 100000] [--distinct 2000]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.core.footprint.generate import footprint_dict

from greenmfg.core.batch.footprint import (
    FootprintFrames,
    compute_frames,
    frames_from_inputs,
)
from greenmfg.core.footprint import compute, parse_input


def _repeat(frames: FootprintFrames, times: int) -> FootprintFrames:
    k = frames.footprints.height
    heads = pl.concat([frames.footprints.with_columns(pl.col("fid") + r * k) for r in range(times)])
    lines = pl.concat([frames.lines.with_columns(pl.col("fid") + r * k) for r in range(times)])
    return FootprintFrames(heads, lines.sort("fid", "seq"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--footprints", type=int, default=100_000)
    parser.add_argument("--distinct", type=int, default=2_000)
    args = parser.parse_args()
    n, k = args.footprints, min(args.distinct, args.footprints)
    if n % k:
        raise SystemExit("--footprints must be a multiple of --distinct")
    rng = random.Random(24067)
    inputs = [parse_input(footprint_dict(rng, i)) for i in range(k)]

    t0 = time.perf_counter()
    base = frames_from_inputs(inputs)
    t_frames = time.perf_counter() - t0
    frames = _repeat(base, n // k)

    t0 = time.perf_counter()
    batch = compute_frames(frames)
    t_batch = time.perf_counter() - t0

    t0 = time.perf_counter()
    singles = [compute(inp) for inp in inputs]
    t_loop = (time.perf_counter() - t0) * n / k

    totals = batch.get_column("total_kgco2e").to_list()
    shares = batch.get_column("primary_data_share").to_list()
    mismatches = sum(
        1
        for fid in range(n)
        if totals[fid] != singles[fid % k].total_kgco2e
        or shares[fid] != singles[fid % k].primary_data_share
    )

    load = os.getloadavg()
    print(f"footprints: {n:,} ({k:,} distinct)  lines: {frames.lines.height:,}")
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}  cpus: {os.cpu_count()}")
    print(f"batch compute (Polars), N:          {t_batch:8.2f} s   target ≤ 10 s")
    print(f"plain loop compute(), scaled to N:  {t_loop:8.2f} s")
    print(f"loop / batch:                       {t_loop / t_batch:8.1f}×")
    print(f"frames from inputs, per input:      {t_frames / k * 1e3:8.3f} ms")
    print(f"rows differing from the loop:       {mismatches}")
    if mismatches:
        raise SystemExit(1)


if __name__ == "__main__":
    main()
