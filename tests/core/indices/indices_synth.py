"""Synthetic inputs for the index tests (seeded, so every run sees the same data)."""

from __future__ import annotations

import random

from greenmfg.core.domain import ListLevel
from greenmfg.core.indices.greencode import GreenCodeInput
from greenmfg.core.indices.methods import green_code_method
from greenmfg.core.indices.regional import UnitYear

INDUSTRIES = ("3011", "3011", "3120", "3216", "2614", "2619", "1713", "3011", "3120")
CITIES = ("110100", "320100", "320500", "440100", "440300", "510100", "210100", "420100")


def uscc(i: int) -> str:
    return f"91{i:016d}"


def make_units(n: int, seed: int, *, nonfilers: int = 0, abnormal: int = 0) -> list[GreenCodeInput]:
    rng = random.Random(seed)
    method = green_code_method()
    units = []
    for i in range(n):
        metrics: dict[str, float] = {}
        for k, indicator in enumerate(method.indicators):
            if k >= method.min_indicators and rng.random() < 0.1:
                continue  # missing metric (never so many that the unit drops out)
            # coarse values so ties occur often
            metrics[indicator.metric] = round(rng.uniform(0, 100), rng.choice((0, 1, 3)))
        units.append(
            GreenCodeInput(
                uscc=uscc(i), industry=rng.choice(INDUSTRIES), filed=True, metrics=metrics
            )
        )
    for i in range(nonfilers):
        units.append(GreenCodeInput(uscc=uscc(n + i), industry="3011", filed=False))
    for i in range(abnormal):
        units.append(
            GreenCodeInput(
                uscc=uscc(n + nonfilers + i),
                industry="3011",
                filed=True,
                abnormal=True,
                metrics={m.metric: 1.0 for m in method.indicators},
            )
        )
    rng.shuffle(units)
    return units


def make_unit_years(n: int, seed: int, years: tuple[int, ...] = (2023, 2024)) -> list[UnitYear]:
    rng = random.Random(seed)
    out = []
    for year in years:
        for i in range(n):
            level = rng.choice(
                (None, None, ListLevel.MUNICIPAL, ListLevel.PROVINCIAL, ListLevel.NATIONAL)
            )
            output = None if rng.random() < 0.05 else rng.uniform(1e3, 5e6)
            out.append(
                UnitYear(
                    uscc=uscc(i),
                    adcode=CITIES[i % len(CITIES)],
                    year=year,
                    output_value=output,
                    energy_tce=None if rng.random() < 0.1 else rng.uniform(10, 1e6),
                    co2_t=None if rng.random() < 0.1 else rng.uniform(10, 3e6),
                    level=level,
                    newly_listed=level is not None and rng.random() < 0.2,
                    removed=rng.random() < 0.02,
                    grade=rng.choice((None, "A+", "A", "B", "B"))
                    if level == ListLevel.NATIONAL
                    else None,
                    degree_mean=None if rng.random() < 0.3 else rng.uniform(0, 1.2),
                )
            )
    return out
