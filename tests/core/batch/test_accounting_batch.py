"""The batch (Polars) path agrees with the per-filing path: the same metrics, every float
to 12 significant digits (:mod:`tests.core.batch.figures`)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from greenmfg.core.accounting import account
from greenmfg.core.batch.accounting import account_filings
from greenmfg.core.filing import Filing
from tests.core.batch.figures import close, differences

ADCODES = ["110100", "130200", "150700", "320500", "440300", "510100", "530100", "650100", "540100"]
FUELS: list[tuple[str, list[str]]] = [
    ("raw_coal", ["t", "万t", "吨"]), ("bituminous_coal", ["t", "kg"]), ("anthracite", ["t"]),
    ("coke", ["t", "万t"]), ("diesel", ["t", "kg"]), ("natural_gas", ["万Nm3", "Nm3", "m3"]),
    ("lpg", ["t"]), ("coke_oven_gas", ["万Nm3"]), ("blast_furnace_gas", ["万Nm3", "亿Nm3"]),
    ("lng", ["t"]), ("hydrogen", ["万Nm3"]), ("converter_gas", ["10^4 Nm3"]),
]  # fmt: skip
OTHERS: list[tuple[str, list[str]]] = [
    ("heat", ["GJ", "MJ", "万GJ"]), ("steam", ["t"]), ("fresh_water", ["t", "m3", "万t"]),
    ("oxygen", ["m3", "万m3"]), ("compressed_air", ["万m3"]),
]  # fmt: skip
PRODUCTS = [
    "clinker",
    "cement",
    "hot_metal",
    "crude_steel_bof",
    "aluminium_liquid",
    "caustic_soda_30",
    "generic",
]


def _measured(rng: random.Random, lo: float, hi: float, unit: str) -> dict[str, Any]:
    return {"value": rng.uniform(lo, hi), "unit": unit}


def generate(n: int, seed: int = 7) -> list[Filing]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        products = rng.sample(PRODUCTS, rng.choice([0, 1, 1, 1, 2, 3]))
        tag = products and rng.random() < 0.5
        energy: list[dict[str, Any]] = []
        for _ in range(rng.randint(0, 12)):
            r = rng.random()
            if r < 0.45:
                carrier, units = rng.choice(FUELS)
                line: dict[str, Any] = {
                    "carrier": carrier,
                    "quantity": rng.uniform(0, 5e4),
                    "unit": rng.choice(units),
                }
                if rng.random() < 0.2:
                    line["ncv"] = (
                        _measured(rng, 15, 30, "GJ/t")
                        if units[0] in ("t", "万t")
                        else _measured(rng, 100, 400, "GJ/万Nm3")
                    )
                if rng.random() < 0.15:
                    line["carbon_content"] = _measured(rng, 15, 30, "tC/TJ")
                if rng.random() < 0.15:
                    line["oxidation"] = rng.uniform(0.85, 1.0)
                if rng.random() < 0.1:
                    line["emission_factor"] = {
                        "value": rng.uniform(1, 3),
                        "unit": f"tCO2/{units[0]}",
                    }
                if rng.random() < 0.1:
                    line["origin"] = "exported"
            elif r < 0.8:
                line = {"carrier": "electricity", "quantity": rng.uniform(0, 1e5), "unit": rng.choice(["MWh", "kWh", "万kWh"]),
                        "origin": rng.choice(["grid", "purchased", "green", "self_renewable", "exported"])}  # fmt: skip
                if rng.random() < 0.15:
                    line["emission_factor"] = {
                        "value": rng.uniform(0.3, 0.9),
                        "unit": rng.choice(["tCO2/MWh", "kgCO2/kWh"]),
                    }
            else:
                carrier, units = rng.choice(OTHERS)
                line = {
                    "carrier": carrier,
                    "quantity": rng.uniform(0, 1e5),
                    "unit": rng.choice(units),
                }
                if carrier in ("heat", "steam") and rng.random() < 0.2:
                    line["origin"] = "exported"
            if tag and rng.random() < 0.7:
                line["product"] = rng.choice(products)
            energy.append(line)
        process: list[dict[str, Any]] = []
        for _ in range(rng.randint(0, 2)):
            mat = rng.choice(["limestone", "dolomite", "magnesite", "clinker"])
            p: dict[str, Any] = {
                "material": mat,
                "quantity": rng.uniform(0, 1e6),
                "unit": rng.choice(["t", "万t"]),
            }
            if mat == "clinker":
                p.update(
                    cao=rng.uniform(0.6, 0.67),
                    mgo=rng.uniform(0.01, 0.03),
                    cao_noncarb=rng.choice([0.0, 0.01]),
                )
            elif rng.random() < 0.3:
                p["purity"] = rng.uniform(0.8, 1.0)
            if tag and rng.random() < 0.5:
                p["product"] = rng.choice(products)
            process.append(p)
        filing: dict[str, Any] = {
            "enterprise": {
                "uscc": f"91{i:016d}",
                "name": f"e{i}",
                "industry": "3011",
                "adcode": rng.choice(ADCODES),
            },
            "year": rng.randint(2019, 2030),
            "energy": energy,
            "process": process,
            "products": [
                {"product": p, "quantity": rng.uniform(1, 1e6), "unit": rng.choice(["t", "万t"])}
                for p in products
            ],
        }
        if rng.random() < 0.8:
            filing["economics"] = {"output_value": {"value": rng.uniform(1e3, 1e6), "unit": rng.choice(["万元", "亿元"])},
                                   "value_added": {"value": rng.uniform(1e2, 1e5), "unit": "万元"}, "employees": rng.randint(0, 5000)}  # fmt: skip
        if rng.random() < 0.8:
            filing["resources"] = {"water_withdrawal": {"value": rng.uniform(0, 1e6), "unit": rng.choice(["m3", "t", "万m3"])},
                                   "water_reused": {"value": rng.uniform(0, 1e7), "unit": "m3"},
                                   "solid_waste_generated": {"value": rng.uniform(0, 1e5), "unit": "t"},
                                   "solid_waste_utilised": {"value": rng.uniform(0, 1e5), "unit": "t"},
                                   "land_area": {"value": rng.uniform(1e4, 1e6), "unit": rng.choice(["m2", "hectare"])},
                                   "floor_area": {"value": rng.uniform(1e4, 1e6), "unit": "m2"},
                                   "building_footprint_area": {"value": rng.uniform(1e3, 1e5), "unit": "m2"}}  # fmt: skip
        out.append(Filing.from_dict(filing))
    return out


@pytest.mark.parametrize(
    ("seed", "options"),
    [
        (1, {}),
        (2, {"gwp_set": "SAR", "grid_scope": "provincial"}),
        (3, {"gwp_set": "AR6", "grid_scope": "regional", "grid_basis": "market"}),
        (4, {"grid_basis": "ets", "include_non_co2": False}),
    ],
)
def test_batch_equals_per_filing_on_1000_filings(seed: int, options: dict[str, Any]) -> None:
    filings = generate(1000, seed=seed)
    batch = account_filings(filings, **options)
    assert len(batch) == 1000
    mismatches = []
    for i, f in enumerate(filings):
        expected = account(f, **options).metrics()
        if not close(expected, batch[i]):
            mismatches.append((i, differences(expected, batch[i])))
    assert not mismatches, mismatches[:3]


def test_generated_filings_cover_the_features() -> None:
    filings = generate(1000)
    lines = [ln for f in filings for ln in f.energy]
    assert {ln.origin for ln in lines} == {
        "purchased",
        "grid",
        "green",
        "self_renewable",
        "exported",
    }
    assert (
        any(ln.ncv for ln in lines)
        and any(ln.emission_factor for ln in lines)
        and any(ln.product for ln in lines)
    )
    assert any(p.material == "clinker" for f in filings for p in f.process)


def test_line_order_across_filings_does_not_matter() -> None:
    """Shuffled rows give the same figures."""
    from greenmfg.core.batch.accounting import (
        BatchFrames,
        account_frames,
        frames_from_filings,
        metrics_by_filing,
    )

    filings = generate(300, seed=11)
    frames = frames_from_filings(filings)
    shuffled = BatchFrames(
        frames.filings,
        frames.energy.sample(fraction=1.0, shuffle=True, seed=3),
        frames.process,
        frames.products,
    )
    assert close(
        metrics_by_filing(*account_frames(shuffled)), metrics_by_filing(*account_frames(frames))
    )
    assert close(
        metrics_by_filing(*account_frames(frames)), [account(f).metrics() for f in filings]
    )


def test_bad_lines_in_a_batch_are_named() -> None:
    import polars as pl

    from greenmfg.core.batch.accounting import BatchFrames, account_frames, frames_from_filings
    from greenmfg.core.errors import UnitMismatchError, UnknownCodeError

    frames = frames_from_filings(generate(20, seed=5))
    bad_row = pl.col("r") == 3
    energy = (
        frames.energy.with_row_index("r")
        .with_columns(
            carrier=pl.when(bad_row).then(pl.lit("coke")).otherwise(pl.col("carrier")),
            unit=pl.when(bad_row).then(pl.lit("kWh")).otherwise(pl.col("unit")),
            ncv_value=pl.lit(None, pl.Float64),
            ef_value=pl.lit(None, pl.Float64),
        )
        .drop("r")
    )
    with pytest.raises(UnitMismatchError) as err:
        account_frames(BatchFrames(frames.filings, energy, frames.process, frames.products))
    assert "energy line" in str(err.value) and "filing" in str(err.value)
    unknown = frames.energy.with_columns(carrier=pl.lit("moonbeams"))
    with pytest.raises(UnknownCodeError):
        account_frames(BatchFrames(frames.filings, unknown, frames.process, frames.products))


@pytest.mark.parametrize(
    "options", [{}, {"gwp_set": "SAR", "include_non_co2": False}, {"grid_basis": "market"}]
)
def test_batch_equals_per_filing_without_measured_values(options: dict[str, Any]) -> None:
    """Without any measured NCV, carbon content or oxidation the batch takes its
    per-combination shortcut; the figures stay the same."""
    filings = []
    for f in generate(500, seed=21):
        data = f.to_dict()
        for line in data.get("energy", []):
            for key in ("ncv", "carbon_content", "oxidation"):
                line.pop(key, None)
        filings.append(Filing.from_dict(data))
    batch = account_filings(filings, **options)
    assert close(batch, [account(f, **options).metrics() for f in filings])


def test_batch_refuses_an_unknown_grid_scope_like_the_engine() -> None:
    from greenmfg.core.batch.accounting import account_frames, frames_from_filings
    from greenmfg.core.errors import InvalidValueError

    with pytest.raises(InvalidValueError) as err:
        account_frames(frames_from_filings(generate(3, seed=5)), grid_scope="provincal")
    assert err.value.params["field"] == "grid_scope"
