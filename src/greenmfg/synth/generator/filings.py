"""Synthetic annual filings (填报), including deliberately abnormal ones."""

from __future__ import annotations

import copy
import random
from typing import Any, Final

from greenmfg.core.domain import ListLevel, UnitKind
from greenmfg.synth.generator.base import ABNORMAL_SHARE, FILING_YEARS, Progress
from greenmfg.synth.generator.state import _Plant, _State
from greenmfg.synth.model import (
    AbnormalFiling,
    AbnormalKind,
    SynthEnterprise,
)
from greenmfg.synth.profiles import PROFILES
from greenmfg.synth.reference import coefficients, quota_bands

_HOT_METAL_MIX: Final = next(q.mix for q in PROFILES["3110"].quota if q.product == "hot_metal")


_FILING_PRODUCT_PRICE: Final = {"paper": 5200.0, "glass": 1900.0, "steel_products": 4300.0}


# --- filings ------------------------------------------------------------------------------
def _measured(value: float, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit}


def _mass_line(carrier: str, tonnes: float) -> dict[str, Any]:
    return {"carrier": carrier, **_amount(tonnes)}


def _amount(tonnes: float) -> dict[str, Any]:
    if tonnes >= 1e4:
        return {"quantity": round(tonnes / 1e4, 4), "unit": "万t"}
    return {"quantity": round(tonnes, 2), "unit": "t"}


def _year_intensity(rng: random.Random, product: str, base: float, t: int) -> float:
    """The plant's intensity in year ``2021 + t``: 2 % of the band better each year, noisy."""
    band = quota_bands()[product]
    span = band.level3 - band.level1
    return base - span * 0.02 * t + span * rng.gauss(0.0, 0.02)


def _energy_lines(
    plant: _Plant, year: int, kgce: float, mix: tuple[tuple[str, float], ...]
) -> list[dict[str, Any]]:
    coef = coefficients()
    lines: list[dict[str, Any]] = []
    for carrier, share in mix:
        part = kgce * share
        if part <= 0:
            continue
        if carrier in ("bituminous_coal", "raw_coal", "anthracite"):
            ncv = round(plant.ncv, 2)
            line = _mass_line(plant.coal, part / (ncv * 1000 / 29.3076))
            line["ncv"] = _measured(ncv, "GJ/t")
            lines.append(line)
        elif carrier == "electricity":
            kwh = part / (coef["electricity"].kgce_per_unit / 1e4)
            renewable = kwh * plant.self_renewable
            green = kwh * plant.green_share if year >= plant.green_from else 0.0
            exported = renewable * plant.export_share
            grid = kwh - renewable - green + exported
            lines.append(
                {
                    "carrier": "electricity",
                    "quantity": round(grid / 1e4, 4),
                    "unit": "万kWh",
                    "origin": "grid",
                }
            )
            if renewable > 0:
                lines.append(
                    {
                        "carrier": "electricity",
                        "quantity": round(renewable / 1e3, 3),
                        "unit": "MWh",
                        "origin": "self_renewable",
                    }
                )
            if green > 0:
                lines.append(
                    {
                        "carrier": "electricity",
                        "quantity": round(green / 1e3, 3),
                        "unit": "MWh",
                        "origin": "green",
                    }
                )
            if exported > 0:
                lines.append(
                    {
                        "carrier": "electricity",
                        "quantity": round(exported / 1e3, 3),
                        "unit": "MWh",
                        "origin": "exported",
                    }
                )
        elif carrier == "natural_gas":
            lines.append(
                {
                    "carrier": "natural_gas",
                    "quantity": round(part / coef["natural_gas"].kgce_per_unit, 4),
                    "unit": "万Nm3",
                }
            )
        elif carrier in ("coke", "diesel"):
            lines.append(_mass_line(carrier, part / coef[carrier].kgce_per_unit))
        elif carrier == "steam" and plant.buys_heat:
            lines.append(
                {
                    "carrier": "heat",
                    "quantity": round(part / coef["heat"].kgce_per_unit, 1),
                    "unit": "GJ",
                }
            )
        elif carrier == "steam":
            lines.append(
                {
                    "carrier": "steam",
                    "quantity": round(part / coef["steam"].kgce_per_unit, 1),
                    "unit": "t",
                }
            )
        elif carrier == "heat":
            lines.append(
                {
                    "carrier": "heat",
                    "quantity": round(part / coef["heat"].kgce_per_unit, 1),
                    "unit": "GJ",
                }
            )
        else:  # pragma: no cover - profiles only use the carriers above
            raise ValueError(f"no coefficient for carrier {carrier!r}")
    return lines


def _bfg_burnt_inside(rng: random.Random, hot_metal_t: float) -> dict[str, Any]:
    """Blast-furnace gas made and burnt inside the works (hot stoves, boilers: about
    1 400–1 700 Nm3 per t of hot metal), filed as a by-product (自产自用副产煤气): its
    carbon is in the coke and coal, so it carries no emission and is not counted again in
    the works' energy."""
    return {
        "carrier": "blast_furnace_gas",
        "quantity": round(hot_metal_t * rng.uniform(0.14, 0.17), 4),
        "unit": "万Nm3",
        "origin": "by_product",
        "note": "高炉煤气自产自用",
    }


def _filing(state: _State, enterprise: SynthEnterprise, plant: _Plant, year: int) -> dict[str, Any]:
    rng = state.rng
    profile = plant.profile
    t = year - FILING_YEARS[0]
    output = plant.output * (1 + plant.growth) ** t * rng.uniform(0.97, 1.03)
    products: list[dict[str, Any]] = []
    process: list[dict[str, Any]] = []
    if plant.quota is not None:
        quantity = plant.quantity * (1 + plant.growth) ** t * rng.uniform(0.97, 1.03)
        intensity = _year_intensity(rng, plant.quota.product, plant.intensity, t)
        product_line: dict[str, Any] = {"product": plant.quota.product, **_amount(quantity)}
        if plant.quota.product == "crude_steel_eaf":
            product_line["furnace_capacity"] = 100
        if plant.quota.product == "crude_steel_bof":
            # an integrated works (长流程): blast furnace + converter; every line is
            # assigned to its product, the converter recovers gas (exported, 外供)
            hot_metal = quantity * plant.hot_metal_ratio
            bf = _year_intensity(rng, "hot_metal", plant.hot_metal_intensity, t)
            products.append({"product": "hot_metal", **_amount(hot_metal)})
            products.append(product_line)
            energy = [
                {**line, "product": "hot_metal"}
                for line in _energy_lines(plant, year, bf * hot_metal, _HOT_METAL_MIX)
            ]
            consumed = 25.0 + 5.0 * rng.random()
            energy += [
                {**line, "product": "crude_steel_bof"}
                for line in _energy_lines(plant, year, consumed * quantity, plant.quota.mix)
            ]
            exported = (consumed - intensity) * quantity
            energy.append(
                {
                    "carrier": "converter_gas",
                    "quantity": round(exported / coefficients()["converter_gas"].kgce_per_unit, 4),
                    "unit": "万Nm3",
                    "origin": "exported",
                    "product": "crude_steel_bof",
                }
            )
            energy.append(_bfg_burnt_inside(rng, hot_metal))
        else:
            products.append(product_line)
            energy = _energy_lines(plant, year, intensity * quantity, plant.quota.mix)
            if plant.quota.product == "hot_metal":
                energy.append(_bfg_burnt_inside(rng, quantity))
        for material, per_t in plant.quota.process:
            process.append({"material": material, **_amount(quantity * per_t)})
    else:
        efficiency = (1 - 0.02 * t) * rng.uniform(0.95, 1.05)
        energy = _energy_lines(
            plant, year, output * profile.energy_per_output * efficiency, profile.mix
        )
        if profile.filing_product is not None:
            tonnes = output * 1e4 / _FILING_PRODUCT_PRICE[profile.filing_product]
            products.append({"product": profile.filing_product, **_amount(tonnes)})
    water = output * profile.water_per_output * rng.uniform(0.85, 1.15)
    waste = output * profile.waste_per_output * rng.uniform(0.85, 1.15)
    return {
        "enterprise": {
            "uscc": enterprise.uscc,
            "name": enterprise.name,
            "industry": enterprise.industry,
            "adcode": enterprise.adcode,
        },
        "year": year,
        "energy": energy,
        "process": process,
        "products": products,
        "economics": {
            "output_value": _measured(round(output, 2), "万元"),
            "value_added": _measured(
                round(output * profile.va_ratio * rng.uniform(0.9, 1.1), 2), "万元"
            ),
            "employees": max(1, round(plant.employees * rng.uniform(0.96, 1.04))),
        },
        "resources": {
            "water_withdrawal": _measured(round(water, 1), "m3"),
            "water_reused": _measured(
                round(water * profile.reuse_ratio * rng.uniform(0.8, 1.2), 1), "m3"
            ),
            "solid_waste_generated": _measured(round(waste, 2), "t"),
            "solid_waste_utilised": _measured(round(waste * rng.uniform(0.55, 1.0), 2), "t"),
            "land_area": _measured(round(plant.land, 1), "m2"),
            "floor_area": _measured(round(plant.floor, 1), "m2"),
            "building_footprint_area": _measured(round(plant.footprint, 1), "m2"),
        },
    }


def _filers(state: _State) -> list[SynthEnterprise]:
    wanted = {
        item.unit
        for item in state.listings
        if item.kind in (UnitKind.FACTORY, UnitKind.SUPPLY_CHAIN)
        and item.level in (ListLevel.PROVINCIAL, ListLevel.NATIONAL)
    }
    return [e for e in state.enterprises if e.uscc in wanted]


def _filings(
    state: _State, report: Progress
) -> tuple[tuple[dict[str, Any], ...], tuple[AbnormalFiling, ...]]:
    filers = _filers(state)
    out: list[dict[str, Any]] = []
    step = max(1, len(filers) // 50)
    for n, enterprise in enumerate(filers):
        if n % step == 0:
            report("filings", n, len(filers))
        plant = state.plants[enterprise.uscc]
        for year in FILING_YEARS:
            out.append(_filing(state, enterprise, plant, year))
    report("filings", len(filers), len(filers))
    abnormal = _make_abnormal(state, out)
    return tuple(out), abnormal


def _make_abnormal(state: _State, filings: list[dict[str, Any]]) -> tuple[AbnormalFiling, ...]:
    rng = state.rng
    candidates = [
        i
        for i, f in enumerate(filings)
        if f["year"] >= FILING_YEARS[1]
        and len(f["products"]) == 1
        and f["products"][0]["product"] in quota_bands()
        and quota_bands()[f["products"][0]["product"]].level1 > 0
    ]
    if not candidates:
        return ()
    count = max(3, round(len(filings) * ABNORMAL_SHARE))
    chosen = rng.sample(candidates, min(count, len(candidates)))
    peers: dict[tuple[int, str], list[int]] = {}
    for i in candidates:
        peers.setdefault((filings[i]["year"], filings[i]["products"][0]["product"]), []).append(i)
    taken: set[tuple[str, int]] = set()
    out: list[AbnormalFiling] = []
    kinds = list(AbnormalKind)
    for n, i in enumerate(chosen):
        filing = filings[i]
        key = (filing["enterprise"]["uscc"], filing["year"])
        if key in taken:
            continue
        kind = kinds[n % len(kinds)]
        product = filing["products"][0]["product"]
        band = quota_bands()[product]
        if kind is AbnormalKind.YOY_JUMP:
            for line in filing["energy"]:
                line["quantity"] = round(line["quantity"] * 10, 4)
            reason = (
                f"energy use 10× the {filing['year'] - 1} filing at about the same output "
                f"(a unit slip such as kWh filed as 万kWh)"
            )
            out.append(AbnormalFiling(key[0], key[1], kind, reason))
        elif kind is AbnormalKind.DUPLICATE:
            others = [
                j
                for j in peers[(filing["year"], product)]
                if j != i and (filings[j]["enterprise"]["uscc"], filings[j]["year"]) not in taken
            ]
            if not others:
                continue
            other = filings[rng.choice(others)]
            for part in ("energy", "process", "products"):
                filing[part] = copy.deepcopy(other[part])
            reason = (
                f"energy and production figures identical to the {filing['year']} filing of "
                f"{other['enterprise']['uscc']}"
            )
            out.append(AbnormalFiling(key[0], key[1], kind, reason, other["enterprise"]["uscc"]))
            taken.add((other["enterprise"]["uscc"], other["year"]))
        else:
            factor = 0.3 * band.level1 / filing_intensity(filing)
            for line in filing["energy"]:
                line["quantity"] = round(line["quantity"] * factor, 4)
            reason = (
                f"unit-product energy about 70 % below level 1 ({band.level1:g} kgce/t) "
                f"of {band.standard}"
            )
            out.append(AbnormalFiling(key[0], key[1], kind, reason))
        taken.add(key)
    return tuple(sorted(out, key=lambda a: (a.uscc, a.year)))


_TO_BASE: Final = {"t": 1.0, "万t": 1e4, "万kWh": 1e4, "MWh": 1e3, "万Nm3": 1.0, "GJ": 1.0}


def filing_intensity(filing: dict[str, Any], product: str | None = None) -> float:
    """kgce per t of one product of a generated filing (equivalent-value basis).

    ``product`` defaults to the first one.  Lines assigned to another product are left
    out; exported lines count negative.  Uses the generator's own coefficients
    (``synth/data/coefficients.csv``; coal by its NCV).
    """
    coef = coefficients()
    line_product = product or filing["products"][0]["product"]
    total = 0.0
    for line in filing["energy"]:
        if line.get("product", line_product) != line_product:
            continue
        if line.get("origin") == "by_product" and "product" not in line:
            continue  # made and burnt inside: not counted again (its energy is in the coke)
        quantity = line["quantity"] * _TO_BASE[line["unit"]]
        carrier = line["carrier"]
        if "ncv" in line:
            kgce = quantity * line["ncv"]["value"] * 1000 / 29.3076
        elif carrier == "electricity":
            kgce = quantity * coef["electricity"].kgce_per_unit / 1e4
        else:
            kgce = quantity * coef[carrier].kgce_per_unit
        total += -kgce if line.get("origin") == "exported" else kgce
    made = next(p for p in filing["products"] if p["product"] == line_product)
    return float(total / (made["quantity"] * _TO_BASE[made["unit"]]))
