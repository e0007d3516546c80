"""The batch path gives the per-filing path's figures for every sector's guideline rules
(to 12 significant digits, :mod:`tests.core.batch.figures`)."""

from __future__ import annotations

import random
from typing import Any

import pytest

from greenmfg.core.accounting import account
from greenmfg.core.batch.accounting import account_filings
from greenmfg.core.filing import Filing
from tests.core.batch.figures import close, differences

SECTORS = ["3110", "3120", "2520", "3216", "3011", "2612", "2614", "3311", "3813"]


def _pct(rng: random.Random, hi: float) -> dict[str, Any]:
    return {"value": rng.uniform(0, hi), "unit": "percent"}


def _energy(rng: random.Random, industry: str) -> list[dict[str, Any]]:
    lines: list[dict[str, Any]] = [
        {"carrier": "coke", "quantity": rng.uniform(0, 1e5), "unit": rng.choice(["t", "万t"])},
        {
            "carrier": "electricity",
            "quantity": rng.uniform(0, 1e5),
            "unit": "MWh",
            "origin": "grid",
        },
    ]
    if rng.random() < 0.5:
        lines.append({"carrier": "electricity", "quantity": rng.uniform(0, 5e3), "unit": "MWh", "origin": "self_renewable"})  # fmt: skip
    if rng.random() < 0.5:
        lines.append({"carrier": "electricity", "quantity": rng.uniform(0, 8e3), "unit": "kWh", "origin": "exported"})  # fmt: skip
    if rng.random() < 0.5:
        lines.append({"carrier": "natural_gas", "quantity": rng.uniform(0, 1e3), "unit": "万Nm3", "origin": rng.choice(["purchased", "exported"])})  # fmt: skip
    if industry.startswith("31"):
        for gas in ("blast_furnace_gas", "converter_gas", "coke_oven_gas"):
            lines.append({"carrier": gas, "quantity": rng.uniform(0, 1e5), "unit": "万Nm3", "origin": rng.choice(["by_product", "exported"])})  # fmt: skip
    if industry.startswith("252"):
        lines.append({"carrier": "coke_oven_gas", "quantity": rng.uniform(0, 1e4), "unit": "万Nm3", "origin": "by_product"})  # fmt: skip
    steam: dict[str, Any] = {"carrier": "steam", "quantity": rng.uniform(0, 1e4), "unit": "t"}
    r = rng.random()
    if r < 0.3:
        steam["pressure"] = {"value": rng.uniform(0.2, 10), "unit": "MPa"}
    elif r < 0.5:
        steam["pressure"] = {"value": rng.uniform(0.5, 5), "unit": "MPa"}
        steam["temperature"] = {"value": rng.uniform(300, 500), "unit": "degC"}
    elif r < 0.7:
        steam["enthalpy"] = {"value": rng.uniform(200, 3400), "unit": "kJ/kg"}
    if rng.random() < 0.2:
        steam["origin"] = "exported"
    lines.append(steam)
    if rng.random() < 0.4:
        lines.append({"carrier": "hot_water", "quantity": rng.uniform(0, 1e4), "unit": "t", "temperature": {"value": rng.uniform(40, 95), "unit": "℃"}})  # fmt: skip
    return lines


def _process(rng: random.Random, industry: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    if industry.startswith("31"):
        out += [
            {"material": "limestone", "quantity": rng.uniform(0, 1e5), "unit": "t"},
            {"material": "dolomite", "quantity": rng.uniform(0, 1e5), "unit": "t"},
            {"material": "electrode", "quantity": rng.uniform(0, 1e3), "unit": "t"},
            {"material": rng.choice(["pig_iron", "ferrochrome", "dri"]), "quantity": rng.uniform(0, 1e4), "unit": "t"},
            {"material": "pig_iron_sold", "quantity": rng.uniform(0, 1e4), "unit": "t", **({"carbon": _pct(rng, 5)} if rng.random() < 0.5 else {})},
        ]  # fmt: skip
    elif industry == "3216":
        line: dict[str, Any] = {
            "material": "prebaked_anode",
            "quantity": rng.uniform(0, 1e5),
            "unit": "t",
        }
        if rng.random() < 0.5:
            line["sulfur"] = _pct(rng, 3)
        if rng.random() < 0.5:
            line["ash"] = _pct(rng, 1)
        out.append(line)
    elif industry == "3011":
        clinker: dict[str, Any] = {"material": "clinker", "quantity": rng.uniform(1, 1e6), "unit": "t",
                                   "cao": rng.uniform(0.6, 0.67), "mgo": rng.uniform(0.01, 0.03)}  # fmt: skip
        if rng.random() < 0.6:
            clinker["kiln_dust"] = {"value": rng.uniform(0, 1e4), "unit": "t"}
        if rng.random() < 0.4:
            clinker["bypass_dust"] = {"value": rng.uniform(0, 1e4), "unit": "t"}
        out += [clinker, {"material": "raw_meal", "quantity": rng.uniform(0, 1.6e6), "unit": "t"}]
    elif industry.startswith("26"):
        out += [
            {"material": "calcium_carbide", "quantity": rng.uniform(0, 1e5), "unit": "t"},
            {"material": rng.choice(["nitric_acid_dp", "nitric_acid_hp", "adipic_acid"]), "quantity": rng.uniform(0, 1e4), "unit": "t"},
        ]  # fmt: skip
    return out


def _products(rng: random.Random, industry: str) -> list[dict[str, Any]]:
    if industry.startswith("31"):
        return [{"product": "hot_metal", "quantity": rng.uniform(1, 1e6), "unit": "t"},
                {"product": "转炉粗钢", "quantity": rng.uniform(1, 1e6), "unit": "万t"}]  # fmt: skip
    if industry == "3216":
        p: dict[str, Any] = {
            "product": "aluminium_liquid",
            "quantity": rng.uniform(1, 2e5),
            "unit": "t",
        }
        if rng.random() < 0.5:
            p["anode_effect_minutes"] = rng.uniform(0, 1)
        return [p]
    if industry == "3011":
        return [{"product": "clinker", "quantity": rng.uniform(1, 1e6), "unit": "t"}]
    if industry.startswith("26"):
        return [{"product": "caustic_soda_30", "quantity": rng.uniform(1, 1e6), "unit": "t", "concentration": rng.uniform(30, 50)}]  # fmt: skip
    name, unit = rng.choice(
        [("铸件", "t"), ("铸件", "kg"), ("电动机", "台"), ("机柜", "套"), ("陶瓷砖", "平方米")]
    )
    return [{"product": name, "quantity": rng.uniform(1, 1e5), "unit": unit}]


def generate(n: int, seed: int) -> list[Filing]:
    rng = random.Random(seed)
    out: list[Filing] = []
    for i in range(n):
        industry = SECTORS[i % len(SECTORS)]
        data: dict[str, Any] = {
            "enterprise": {"uscc": "91110000100000000X", "name": "企业", "industry": industry, "adcode": "130200"},
            "year": rng.choice([2021, 2023, 2024, 2025]),
            "energy": _energy(rng, industry),
            "process": _process(rng, industry),
            "products": _products(rng, industry),
        }  # fmt: skip
        if rng.random() < 0.3:
            data["method"] = rng.choice(["cn-guideline", "ipcc"])
        out.append(Filing.from_dict(data))
    return out


@pytest.mark.parametrize(
    ("seed", "options"),
    [(1, {}), (2, {"method": "ipcc"}), (3, {"method": "cn-guideline", "grid_basis": "market"})],
)
def test_batch_equals_per_filing_for_every_sector(seed: int, options: dict[str, Any]) -> None:
    filings = generate(270, seed)
    batch = account_filings(filings, **options)
    for i, f in enumerate(filings):
        expected = account(f, **options).metrics()
        assert close(expected, batch[i]), (
            i,
            f.enterprise.industry,
            differences(expected, batch[i]),
        )


def test_generated_sector_filings_cover_every_rule() -> None:
    sources: set[str] = set()
    origins: set[str] = set()
    for f in generate(90, 5):
        r = account(f)
        sources |= {k for k, v in r.by_source().items() if v != 0}
        origins |= {e.origin for e in r.energy_lines}
    assert {"anode", "pfc", "n2o", "fixed_carbon", "exported_fuel", "process"} <= sources
    assert {"by_product", "exported", "self_renewable"} <= origins


def test_a_batch_without_products_or_process_lines() -> None:
    f = Filing.from_dict(
        {
            "enterprise": {
                "uscc": "91110000100000000X",
                "name": "企业",
                "industry": "3311",
                "adcode": "130200",
            },
            "year": 2024,
            "energy": [{"carrier": "coke", "quantity": 10, "unit": "t"}],
        }
    )
    assert close(account_filings([f, f]), [account(f).metrics()] * 2)
