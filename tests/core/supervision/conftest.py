from __future__ import annotations

from typing import Any

import pytest

from greenmfg.core.domain import ListLevel, UnitKind
from greenmfg.core.supervision.table import DynamicTable, UnitIdentity


def identity(
    uscc: str = "91320500MA1XXXXX01", name: str = "苏州示例水泥有限公司", **kw: Any
) -> UnitIdentity:
    data: dict[str, Any] = {
        "uscc": uscc,
        "name": name,
        "adcode": "320500",
        "industry": "3011",
        "kind": UnitKind.FACTORY,
        "level": ListLevel.NATIONAL,
        "listed_year": 2022,
    }
    data.update(kw)
    return UnitIdentity(**data)


def consistent_table(**overrides: Any) -> DynamicTable:
    """A table whose parts add up exactly (the arithmetic in the comments)."""
    data: dict[str, Any] = {
        "identity": identity(),
        "year": 2024,
        "output_value_10k_yuan": 120000.0,
        "value_added_10k_yuan": 31000.0,
        "energy_total_tce": 155000.0,
        # 155000 tce × 1000 / 31000 万元 = 5000 kgce/万元
        "energy_per_value_added": 5000.0,
        "energy_per_product": {"clinker": 105.0},
        "renewable_share_pct": 3.0,
        "co2_total_t": 1_000_000.0,
        "co2_scope1_t": 900_000.0,
        "co2_scope2_t": 100_000.0,
        # 1e6 t × 1000 / 31000 = 32258.06 kgCO2e/万元
        "co2_per_value_added": 1_000_000.0 * 1000 / 31000,
        "water_withdrawal_m3": 1_000_000.0,
        "water_reused_m3": 9_000_000.0,
        # 9e6 / (1e6 + 9e6) = 90 %
        "water_reuse_rate_pct": 90.0,
        "solid_waste_generated_t": 50_000.0,
        "solid_waste_utilised_t": 46_000.0,
        # 46000 / 50000 = 92 %
        "solid_waste_utilisation_rate_pct": 92.0,
    }
    data.update(overrides)
    return DynamicTable(**data)


@pytest.fixture
def table() -> DynamicTable:
    return consistent_table()


@pytest.fixture
def make_table() -> Any:
    return consistent_table


@pytest.fixture
def make_identity() -> Any:
    return identity
