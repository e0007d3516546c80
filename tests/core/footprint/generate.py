"""Random footprint inputs (seeded) for the batch-equality test and the benchmark."""

from __future__ import annotations

import random
from typing import Any

ADCODES = ("320500", "320200", "330100", "110105", "510100")
LIBRARY_MATERIALS = ("mat.steel.carbon", "mat.aluminium.primary", "mat.eps_board", "mat.pvc_pipe")


def footprint_dict(rng: random.Random, i: int) -> dict[str, Any]:
    """One plausible input: materials (factor / library / supplier), electricity with or
    without its own factor, a fuel, a process gas, inbound and outbound transport, waste,
    and for some a co-product split by mass or by value."""
    unit = rng.choice(["kg", "t"])
    materials: list[dict[str, Any]] = []
    for k in range(rng.randint(1, 4)):
        qty = rng.uniform(1, 5e5)
        src = rng.random()
        line: dict[str, Any] = {
            "name": f"m{k}",
            "quantity": qty if unit == "kg" else qty / 1000,
            "unit": unit,
        }
        if src < 0.4:
            line["factor"] = {
                "value": rng.uniform(0.1, 10),
                "unit": rng.choice(["kgCO2e/kg", "tCO2e/t", "kgCO2e/t"]),
            }
        elif src < 0.7:
            line["library"] = rng.choice(LIBRARY_MATERIALS)
        else:
            line["supplier"] = {"value": rng.uniform(0.5, 5), "unit": "kgCO2e/kg", "company": "S"}
        materials.append(line)
    energy: list[dict[str, Any]] = [
        {
            "carrier": "electricity",
            "quantity": rng.uniform(1e3, 1e7),
            "unit": rng.choice(["kWh", "MWh", "万kWh"]),
            "origin": "grid",
        }
    ]
    if rng.random() < 0.5:
        energy[0]["emission_factor"] = {"value": rng.uniform(0.3, 0.9), "unit": "kgCO2e/kWh"}
    if rng.random() < 0.5:
        energy.append({"carrier": "natural_gas", "quantity": rng.uniform(1e3, 1e6), "unit": "Nm3"})
    data: dict[str, Any] = {
        "product": {"name": f"P{i}", "declared_unit": rng.choice(["piece", "kg", "t"])},
        "enterprise": {
            "uscc": f"U{i}",
            "name": f"E{i}",
            "industry": "3311",
            "adcode": rng.choice(ADCODES),
        },
        "year": rng.choice([2023, 2024, 2025]),
        "quantity": rng.uniform(10, 1e5),
        "materials": materials,
        "energy": energy,
        "process": [
            {
                "name": "g",
                "gas": rng.choice(["CO2", "CH4", "N2O"]),
                "quantity": rng.uniform(0, 50),
                "unit": "t",
            }
        ],
        "transport": [
            {
                "mass": {"value": rng.uniform(1, 500), "unit": "t"},
                "distance": {"value": rng.uniform(1, 2000), "unit": "km"},
                "mode": rng.choice(["road", "rail", "water"]),
            },
            {
                "mass": {"value": rng.uniform(1, 500), "unit": "t"},
                "distance": {"value": rng.uniform(1, 2000), "unit": "km"},
                "mode": "road",
                "stage": "distribution",
            },
        ],
        "waste": [
            {
                "name": "w",
                "quantity": rng.uniform(0, 1e4),
                "unit": "kg",
                "treatment": "landfill",
                "factor": {"value": 0.05, "unit": "kgCO2e/kg"},
            }
        ],
    }
    if rng.random() < 0.3:
        method = rng.choice(["physical", "economic"])
        data["allocation"] = {
            "method": method,
            "justification": "joint process",
            "products": [
                {
                    "name": f"P{i}",
                    "mass": {"value": rng.uniform(1, 100), "unit": "t"},
                    "value": {"value": rng.uniform(1, 100), "unit": "万元"},
                },
                {
                    "name": "co",
                    "mass": {"value": rng.uniform(1, 100), "unit": "t"},
                    "value": {"value": rng.uniform(1, 100), "unit": "万元"},
                },
            ],
        }
    return data
