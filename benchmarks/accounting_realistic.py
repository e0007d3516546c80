"""Benchmark: the batch accounting on realistic filings, against two labelled loops.

Data (seeded): every carrier of the catalogue, 1–40 energy lines per filing (not a fixed
count), a share of fuel and electricity lines with measured values (net calorific value,
carbon content, oxidation or an own emission factor; ``--overrides``, default 3 %),
exported lines, process lines (limestone, dolomite, clinker) on a fifth of the filings,
one to three products per filing, both accounting methods (cn-guideline, ipcc).

Every core step and both loop baselines start from the same input: the batch frames
(``BatchFrames``; the energy lines as a Polars frame).  Lookup tables (the floor's and the
loop's coefficient per carrier and unit) are built before timing.  Timed, each the best
of ``--repeat`` runs:

- **frames**: building the batch frames from validated filings
  (``frames_from_filings``) — part of a run that starts from ``Filing`` objects (the
  platform's recompute builds them from stored JSON instead, see benchmarks/recompute.py);
- **core batch, figures only**: ``account_frames`` alone (each filing's totals and each
  product's figures as frames);
- **core batch**: ``account_frames`` + ``metrics_by_filing`` (metric dicts) on the frames;
- **core batch, JSON**: ``account_frames`` + ``metrics_json`` (the metrics as JSON text,
  what the platform's recompute stores);
- **floor**: a bare Polars join + group-by of quantity × coefficient (coefficient by
  carrier and unit, no overrides, no methods, plain sum) over the same energy lines;
- **plain loop** (baseline 1): the floor's arithmetic in a Python loop, starting from the
  same energy frame: its four columns are read into Python lists (``to_list``, timed),
  then for each line a dict lookup of the coefficient, a multiply and an add per filing.
  (Earlier versions iterated tuples flattened before timing, a representation the batch
  never gets.);
- **per-filing engine** (baseline 2): ``account()`` per filing, timed on a sample and
  scaled to all filings.

A Python loop cannot be beaten by more than the floor beats it: the ratio
"plain loop / floor" printed last bounds "plain loop / core batch".

Targets: core batch ≤ 3× the floor; core batch ≥ 10× faster than the plain loop.

    .venv/bin/python benchmarks/accounting_realistic.py [--filings 100000] [--overrides 0.03]
"""

from __future__ import annotations

import argparse
import os
import random
import time
from typing import Any

import polars as pl

from greenmfg.core.accounting import account
from greenmfg.core.accounting.catalogue import CARRIERS
from greenmfg.core.accounting.factors import default_factor_set
from greenmfg.core.accounting.resolve import activity_multiplier, carrier_defaults
from greenmfg.core.batch.accounting import account_frames, frames_from_filings, metrics_by_filing
from greenmfg.core.batch.accounting.metrics import metrics_json
from greenmfg.core.filing import Filing

ADCODES = ["110100", "130200", "320500", "440300", "510100", "650100", "150700", "330100"]
INDUSTRIES = ["3011", "2511", "3110", "2612", "3216", "1713", "3252", "2211"]
PRODUCTS = ["cement", "clinker", "hot_metal", "crude_steel_bof", "caustic_soda_30", "generic"]
SCALE = {"t": 2e4, "万Nm3": 300.0, "MWh": 2e4, "GJ": 5e4, "m3": 5e5}


def _fuel_override(rng: random.Random, unit: str) -> dict[str, Any]:
    pick = rng.randrange(4)
    if pick == 0:
        value = rng.uniform(15, 30) if unit == "t" else rng.uniform(150, 400)
        return {"ncv": {"value": value, "unit": f"GJ/{unit}"}}
    if pick == 1:
        return {"carbon_content": {"value": rng.uniform(15, 30), "unit": "tC/TJ"}}
    if pick == 2:
        return {"oxidation": rng.uniform(0.85, 0.99)}
    return {"emission_factor": {"value": rng.uniform(1.0, 3.0), "unit": f"tCO2/{unit}"}}


def make_filings(n: int, overrides: float, seed: int = 12) -> list[Filing]:
    rng = random.Random(seed)
    carriers = list(CARRIERS.values())
    out: list[Filing] = []
    for i in range(n):
        products = rng.sample(PRODUCTS, rng.randint(1, 3))
        energy: list[dict[str, Any]] = []
        # every carrier appears across the data set; each filing draws 1–40 lines
        for k in range(rng.randint(1, 40)):
            carrier = carriers[(i + k * 7) % len(carriers)] if k < 3 else rng.choice(carriers)
            unit = carrier.unit
            line: dict[str, Any] = {
                "carrier": carrier.code,
                "quantity": rng.uniform(0.0, SCALE.get(unit, 1e4)),
                "unit": unit,
            }
            kind = str(carrier.kind)
            if kind.endswith("fuel") or kind == "fuel":
                if rng.random() < overrides:
                    line.update(_fuel_override(rng, unit))
            elif carrier.code == "electricity":
                line["origin"] = rng.choice(["grid", "grid", "purchased", "green", "exported"])
                if rng.random() < overrides:
                    line["emission_factor"] = {"value": rng.uniform(0.3, 0.9), "unit": "tCO2/MWh"}
            elif carrier.code == "hot_water":  # by enthalpy (IAPWS-IF97) from its temperature
                line["temperature"] = {"value": float(rng.randrange(60, 96, 5)), "unit": "degC"}
            elif carrier.code == "steam" and rng.random() < overrides:
                line["pressure"] = {"value": rng.uniform(0.5, 2.5), "unit": "MPa"}
            elif carrier.code == "heat" and rng.random() < 0.05:
                line["origin"] = "exported"
            energy.append(line)
        process: list[dict[str, Any]] = []
        if rng.random() < 0.2:
            mat = rng.choice(["limestone", "dolomite", "clinker"])
            p: dict[str, Any] = {"material": mat, "quantity": rng.uniform(1e3, 1e6), "unit": "t"}
            if mat == "clinker":
                p.update(cao=rng.uniform(0.6, 0.67), mgo=rng.uniform(0.01, 0.03))
            process.append(p)
        data: dict[str, Any] = {
            "enterprise": {
                "uscc": f"91{i:016d}",
                "name": f"企业{i}",
                "industry": rng.choice(INDUSTRIES),
                "adcode": rng.choice(ADCODES),
            },
            "year": rng.randint(2021, 2025),
            "energy": energy,
            "process": process,
            "products": [
                {"product": p, "quantity": rng.uniform(1e3, 1e6), "unit": "t"} for p in products
            ],
            "economics": {
                "output_value": {"value": rng.uniform(1e3, 1e6), "unit": "万元"},
                "value_added": {"value": rng.uniform(1e2, 1e5), "unit": "万元"},
                "employees": rng.randint(10, 5000),
            },
        }
        if rng.random() < 0.3:
            data["method"] = "ipcc"
        out.append(Filing.from_dict(data))
    return out


def best(repeat: int, fn: Any) -> tuple[float, Any]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), result


def coefficients(energy: pl.DataFrame) -> dict[tuple[str, str], float]:
    fs = default_factor_set()
    out: dict[tuple[str, str], float] = {}
    for carrier, unit in energy.select("carrier", "unit").unique().iter_rows():
        c = CARRIERS[str(carrier)]
        d = carrier_defaults(fs, c.code, 2023, "GB/T 32151.22-2024", "AR5")
        out[(str(carrier), str(unit))] = d.coef_eq * activity_multiplier(c, str(unit))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    ap.add_argument("--filings", type=int, default=100_000)
    ap.add_argument("--overrides", type=float, default=0.03, help="share of measured lines")
    ap.add_argument("--sample", type=int, default=2000, help="filings timed per-filing")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()

    import iapws  # noqa: F401 - imported once before timing (steam and hot water enthalpy)

    started = time.perf_counter()
    filings = make_filings(args.filings, args.overrides)
    made = time.perf_counter() - started
    fs = default_factor_set()

    t_frames, frames = best(args.repeat, lambda: frames_from_filings(filings))
    lines = frames.energy.height
    measured = frames.energy.filter(
        pl.any_horizontal(
            pl.col("ncv_value").is_not_null(),
            pl.col("cc_value").is_not_null(),
            pl.col("oxidation").is_not_null(),
            pl.col("ef_value").is_not_null(),
        )
    ).height

    t_figures, _ = best(args.repeat, lambda: account_frames(frames, factor_set=fs))

    def core() -> Any:
        per_filing, products = account_frames(frames, factor_set=fs)
        return metrics_by_filing(per_filing, products)

    t_core, _ = best(args.repeat, core)

    def core_json() -> Any:
        per_filing, products = account_frames(frames, factor_set=fs)
        return metrics_json(per_filing, products)

    t_core_json, _ = best(args.repeat, core_json)

    coefs = coefficients(frames.energy)
    table = pl.DataFrame(
        {
            "carrier": [k[0] for k in coefs],
            "unit": [k[1] for k in coefs],
            "coef": list(coefs.values()),
        }
    ).cast({"carrier": frames.energy.schema["carrier"], "unit": frames.energy.schema["unit"]})

    def floor() -> pl.DataFrame:
        return (
            frames.energy.join(table, on=["carrier", "unit"], how="left")
            .group_by("fid")
            .agg((pl.col("quantity") * pl.col("coef")).sum())
        )

    t_floor, _ = best(args.repeat, floor)

    def plain_loop() -> list[float]:
        e = frames.energy
        fids = e.get_column("fid").to_list()
        carriers = e.get_column("carrier").cast(pl.String).to_list()
        units = e.get_column("unit").cast(pl.String).to_list()
        quantities = e.get_column("quantity").to_list()
        totals = [0.0] * len(filings)
        for fid, carrier, unit, quantity in zip(fids, carriers, units, quantities, strict=True):
            totals[fid] += quantity * coefs[(carrier, unit)]
        return totals

    t_plain, _ = best(args.repeat, plain_loop)

    sample = filings[: min(args.sample, len(filings))]
    t_engine_sample, _ = best(1, lambda: [account(f, factor_set=fs) for f in sample])
    t_engine = t_engine_sample * len(filings) / len(sample)

    load = os.getloadavg()
    print(f"realistic data: {len(filings):,} filings, {lines:,} energy lines "
          f"({lines / len(filings):.1f} per filing, 1–40), {measured:,} measured lines "
          f"({measured / lines:.1%}), {len(CARRIERS)} carriers; generated in {made:.1f} s")  # fmt: skip
    print(f"load average: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} on {os.cpu_count()} cores")
    print(f"{'step':<52}{'seconds':>10}{'lines/s':>14}")
    rows = [
        ("frames from filings (frames_from_filings)", t_frames),
        ("core batch, figures only (account_frames)", t_figures),
        ("core batch (account_frames + metrics dicts)", t_core),
        ("core batch, JSON (account_frames + metrics_json)", t_core_json),
        ("floor: Polars group-by quantity × coef", t_floor),
        ("baseline 1: plain Python loop, floor's arithmetic", t_plain),
        (f"baseline 2: per-filing engine (sample {len(sample):,}, scaled)", t_engine),
    ]
    for name, t in rows:
        print(f"{name:<52}{t:>10.3f}{lines / t:>14,.0f}")
    print(f"core batch / floor           : {t_core / t_floor:6.2f}×   (target ≤ 3×)")
    print(f"plain loop / core batch      : {t_plain / t_core:6.2f}×   (target ≥ 10×)")
    print(f"core batch JSON / floor      : {t_core_json / t_floor:6.2f}×")
    print(f"plain loop / core batch JSON : {t_plain / t_core_json:6.2f}×")
    print(f"figures only / floor         : {t_figures / t_floor:6.2f}×")
    print(f"plain loop / figures only    : {t_plain / t_figures:6.2f}×")
    print(f"per-filing engine / core     : {t_engine / t_core:6.2f}×")
    print(f"(frames + core) / floor      : {(t_frames + t_core) / t_floor:6.2f}×")
    print(
        f"plain loop / floor (bound)   : {t_plain / t_floor:6.2f}×   (no engine beats the loop by more)"
    )


if __name__ == "__main__":
    main()
