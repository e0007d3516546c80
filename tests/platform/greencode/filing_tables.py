"""Dynamic management tables whose parts add up (accepted by the supervision checks)."""

from __future__ import annotations

from typing import Any

from greenmfg.core.domain import VetoItem


def _fields(**overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "output_value_10k_yuan": 120000.0,
        "value_added_10k_yuan": 31000.0,
        "energy_total_tce": 155000.0,
        "energy_per_value_added": 5000.0,
        "renewable_share_pct": 3.0,
        "co2_total_t": 1_000_000.0,
        "co2_scope1_t": 900_000.0,
        "co2_scope2_t": 100_000.0,
        "co2_per_value_added": 1_000_000.0 * 1000 / 31000.0,
        "water_withdrawal_m3": 1_000_000.0,
        "water_reused_m3": 9_000_000.0,
        "water_reuse_rate_pct": 90.0,
        "solid_waste_generated_t": 50_000.0,
        "solid_waste_utilised_t": 46_000.0,
        "solid_waste_utilisation_rate_pct": 92.0,
        "vetoes": {v.value: False for v in VetoItem},
    }
    data.update(overrides)
    return data


AMOUNTS = (
    "output_value_10k_yuan",
    "value_added_10k_yuan",
    "energy_total_tce",
    "co2_total_t",
    "co2_scope1_t",
    "co2_scope2_t",
    "water_withdrawal_m3",
    "water_reused_m3",
    "solid_waste_generated_t",
    "solid_waste_utilised_t",
)


def _scaled(factor: float, **overrides: Any) -> dict[str, Any]:
    """A table of a unit twice the size (same intensities; not "identical figures")."""
    data = _fields(**overrides)
    for key in AMOUNTS:
        data[key] = data[key] * factor
    return data
