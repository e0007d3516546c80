"""The batch checks (greenmfg.core.batch.supervision) give exactly the per-table flags."""

from __future__ import annotations

import random
from typing import Any

from greenmfg.core.batch.supervision import check_tables
from greenmfg.core.domain import ListLevel, UnitKind, VetoItem
from greenmfg.core.supervision.checks import check_table, quota_rows
from greenmfg.core.supervision.table import (
    METRIC_TO_FIELD,
    DynamicTable,
    PollutantReading,
    UnitIdentity,
)


def _identity(i: int) -> UnitIdentity:
    return UnitIdentity(
        uscc=f"91320500MA{i:08d}",
        name=f"示例企业{i}",
        adcode="320500",
        industry="3011",
        kind=UnitKind.FACTORY,
        level=ListLevel.NATIONAL,
        listed_year=2022,
    )


def _maybe(rng: random.Random, value: float, p_none: float = 0.08) -> float | None:
    return None if rng.random() < p_none else value


def _table(rng: random.Random, i: int, products: list[str]) -> DynamicTable:
    """A plausible table; about one in five has a figure that one of the checks flags."""
    va = rng.choice([0.0, rng.uniform(1_000, 90_000)])
    energy = rng.uniform(1_000, 500_000)
    s1, s2 = rng.uniform(0, 900_000), rng.uniform(-5_000, 300_000)
    total = s1 + s2 if rng.random() < 0.8 else (s1 + s2) * rng.uniform(0.9, 1.1)
    withdrawal, reused = rng.uniform(0, 2e6), rng.uniform(0, 9e6)
    w_total = withdrawal + reused
    rate = 100 * reused / w_total if w_total else 0.0
    gen = rng.choice([0.0, rng.uniform(100, 90_000)])
    used = gen * rng.uniform(0.2, 1.05)
    waste_rate = 100 * used / gen if gen else 0.0
    data: dict[str, Any] = {
        "identity": _identity(i),
        "year": 2024,
        "output_value_10k_yuan": _maybe(rng, va * rng.uniform(2, 5)),
        "value_added_10k_yuan": _maybe(rng, va),
        "energy_total_tce": _maybe(rng, energy),
        "energy_per_value_added": _maybe(
            rng, energy * 1000 / va * rng.choice([1.0, 1.0, 1.0, 1.2]) if va else 5.0
        ),
        "energy_per_product": {
            p: rng.uniform(0.0, 3.0) * r for p, r in rng.sample(products, rng.randint(0, 3))
        },
        "renewable_share_pct": _maybe(rng, rng.choice([rng.uniform(0, 60), 130.0])),
        "co2_total_t": _maybe(rng, abs(total)),
        "co2_scope1_t": _maybe(rng, s1),
        "co2_scope2_t": _maybe(rng, s2),
        "co2_per_value_added": _maybe(rng, abs(total) * 1000 / va if va else 1.0),
        "water_withdrawal_m3": _maybe(rng, withdrawal),
        "water_reused_m3": _maybe(rng, reused),
        "water_reuse_rate_pct": _maybe(rng, rate + rng.choice([0.0, 0.0, 0.5, 3.0])),
        "solid_waste_generated_t": _maybe(rng, gen),
        "solid_waste_utilised_t": _maybe(rng, used),
        "solid_waste_utilisation_rate_pct": _maybe(
            rng, min(100.0, waste_rate + rng.choice([0.0, 0.0, 2.0]))
        ),
        "pollutants": tuple(
            PollutantReading(
                pollutant=name,
                concentration=rng.uniform(0, 130),
                permit_limit=100.0,
            )
            for name in rng.sample(["SO2", "NOx", "PM", "COD"], rng.randint(0, 3))
        ),
        "vetoes": {item: rng.random() < 0.03 for item in VetoItem},
    }
    return DynamicTable(**data)


def _metrics(rng: random.Random, table: DynamicTable) -> dict[str, float] | None:
    if rng.random() < 0.15:
        return None
    out: dict[str, float] = {}
    to_metric = {name: code for code, name in METRIC_TO_FIELD.items()}
    for name, value in table.figures().items():
        if rng.random() < 0.7:
            out[to_metric.get(name, name)] = value * rng.choice([1.0, 1.0, 1.0, 1.3, 0.0])
    if table.energy_total_tce is not None:
        out["energy_total_tce"] = table.energy_total_tce * rng.choice([1.0, 1.0, 1.1])
    out["renewable_share"] = rng.uniform(0, 50)
    return out


def _previous(rng: random.Random, table: DynamicTable) -> DynamicTable | None:
    if rng.random() < 0.2:
        return None
    update: dict[str, Any] = {}
    for name in ("output_value_10k_yuan", "energy_total_tce", "co2_total_t"):
        value = getattr(table, name)
        update[name] = None if value is None else value * rng.choice([1.0, 0.9, 0.3, 2.5, 0.0])
    return table.model_copy(update=update)


def test_batch_checks_equal_the_per_table_checks() -> None:
    rng = random.Random(20251203)
    products = [(r.product, (r.level_1 + r.level_3) / 2) for r in quota_rows()]
    tables = [_table(rng, i, products) for i in range(3000)]  # type: ignore[arg-type]
    previous = [_previous(rng, t) for t in tables]
    metrics = [_metrics(rng, t) for t in tables]
    expected = [
        [f.as_dict() for f in check_table(t, previous=p, metrics=m)]
        for t, p, m in zip(tables, previous, metrics, strict=True)
    ]
    got = [
        [f.as_dict() for f in flags]
        for flags in check_tables(tables, previous=previous, metrics=metrics)
    ]
    assert got == expected
    flagged = {d["code"] for flags in expected for d in flags}
    assert flagged == {
        "rate_out_of_range",
        "parts_mismatch",
        "utilised_exceeds_generated",
        "permit_exceeded",
        "veto_declared",
        "yoy_jump",
        "implausible_intensity",
        "contradicts_accounting",
    }  # every single-table check is exercised
    assert sum(1 for flags in expected if not flags) > 0


def test_batch_checks_of_no_tables_and_of_consistent_tables() -> None:
    assert check_tables([]) == []
    rng = random.Random(7)
    products = [(r.product, (r.level_1 + r.level_3) / 2) for r in quota_rows()]
    table = _table(rng, 1, products)  # type: ignore[arg-type]
    assert check_tables([table]) == [check_table(table)]
