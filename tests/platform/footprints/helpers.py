"""State for footprint tests, built through the apps' own services."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

from greenmfg.core.domain import Role

CHAIR = json.loads(
    (Path(__file__).parents[2] / "core" / "footprint" / "data" / "office_chair.json").read_text(
        encoding="utf-8"
    )
)


def chair_input(year: int = 2025) -> dict[str, Any]:
    data = copy.deepcopy(CHAIR)
    data.pop("enterprise")
    data["year"] = year
    return data


def steel_input(year: int = 2025) -> dict[str, Any]:
    # 炼钢生铁 900 000 kg × 1.70 + 500 000 kWh × 0.5777 (2024 factor) = 1 818 850 kgCO2e
    # for 1000 t → 1818.85 kgCO2e/t (tests/core/footprint/test_worked_examples.py)
    return {
        "product": {"name": "热轧卷板", "declared_unit": "t", "cpc": "4121"},
        "year": year,
        "quantity": 1000,
        "materials": [
            {"name": "炼钢生铁", "quantity": 900000, "unit": "kg", "library": "mat.pig_iron"}
        ],
        "energy": [{"carrier": "electricity", "quantity": 500000, "unit": "kWh", "origin": "grid"}],
    }


def product_with_user(
    make_enterprise: Any, make_user: Any, adcode: str = "320500", name: str = "办公椅"
) -> tuple[Any, Any, Any]:
    from greenmfg.platform.registry.services import product_create

    ent = make_enterprise(adcode=adcode, name=f"{name}企业-{adcode}")
    user = make_user(Role.ENTERPRISE, enterprise=ent)
    product = product_create(actor=user, enterprise=ent, name=name)
    return ent, user, product


def supplier_pair(make_enterprise: Any, make_user: Any) -> dict[str, Any]:
    """A leader (苏州 chair maker) with a current supplier (无锡 steel works)."""
    from greenmfg.platform.registry.services import supplier_link_create

    leader, leader_user, chair = product_with_user(make_enterprise, make_user, "320500", "办公椅")
    supplier, supplier_user, coil = product_with_user(
        make_enterprise, make_user, "320200", "热轧卷板"
    )
    supplier_link_create(actor=None, leader=leader, supplier=supplier, since=dt.date(2020, 1, 1))
    return {
        "leader": leader,
        "leader_user": leader_user,
        "chair": chair,
        "supplier": supplier,
        "supplier_user": supplier_user,
        "coil": coil,
    }
