"""Properties: splitting a material line in two, or restating units, changes nothing."""

from __future__ import annotations

import copy
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from greenmfg.core.footprint import compute, parse_input

from .conftest import load

CHAIR = load("office_chair.json")
REL = 1e-9


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= REL * max(abs(a), abs(b), 1e-12)


@settings(max_examples=40, deadline=None)
@given(index=st.integers(0, 3), part=st.floats(0.0, 1.0))
def test_splitting_a_material_line_changes_nothing(index: int, part: float) -> None:
    base = compute(parse_input(CHAIR))
    data: dict[str, Any] = copy.deepcopy(CHAIR)
    line = data["materials"][index]
    first = copy.deepcopy(line)
    second = copy.deepcopy(line)
    first["quantity"] = line["quantity"] * part
    second["quantity"] = line["quantity"] - first["quantity"]
    data["materials"][index : index + 1] = [first, second]
    split = compute(parse_input(data))
    assert _close(split.total_kgco2e_per_unit, base.total_kgco2e_per_unit)
    for stage, value in base.by_stage.items():
        assert _close(split.by_stage[stage], value)
    assert base.primary_data_share is not None and split.primary_data_share is not None
    assert _close(split.primary_data_share, base.primary_data_share)


RESTATE = {
    # (quantity unit, multiplier to that unit from kg), factor unit, factor multiplier
    "t": (1e-3, "kgCO2e/t", 1e3),
    "g": (1e3, "kgCO2e/g", 1e-3),
    "kg": (1.0, "tCO2e/t", 1.0),
}


@settings(max_examples=20, deadline=None)
@given(
    index=st.integers(0, 3),
    restate=st.sampled_from(sorted(RESTATE)),
    energy_in_mwh=st.booleans(),
    transport_in_kg_and_m=st.booleans(),
)
def test_restating_units_changes_nothing(
    index: int, restate: str, energy_in_mwh: bool, transport_in_kg_and_m: bool
) -> None:
    base = compute(parse_input(CHAIR))
    data: dict[str, Any] = copy.deepcopy(CHAIR)
    q_mult, f_unit, f_mult = RESTATE[restate]
    line = data["materials"][index]
    line["quantity"] = line["quantity"] * q_mult
    line["unit"] = restate
    line["factor"] = {"value": line["factor"]["value"] * f_mult, "unit": f_unit}
    if energy_in_mwh:
        e = data["energy"][0]
        e["quantity"], e["unit"] = e["quantity"] / 1000, "MWh"
        e["emission_factor"] = {"value": 0.6205, "unit": "tCO2e/MWh"}
    if transport_in_kg_and_m:
        t = data["transport"][0]
        t["mass"] = {"value": 120000, "unit": "kg"}
        t["distance"] = {"value": 500000, "unit": "m"}
    restated = compute(parse_input(data))
    assert _close(restated.total_kgco2e_per_unit, base.total_kgco2e_per_unit)
    for stage, value in base.by_stage.items():
        assert _close(restated.by_stage[stage], value)
