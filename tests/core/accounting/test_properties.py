"""Property tests: totals are sums of parts, units do not matter, exports never raise."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenmfg.core.accounting import account
from greenmfg.core.filing import Filing

# carrier → (unit, the same unit restated, multiplier from the first to the second)
RESTATE: dict[str, tuple[str, str, float]] = {
    "bituminous_coal": ("t", "kg", 1000.0),
    "coke": ("万t", "t", 1e4),
    "diesel": ("t", "kg", 1000.0),
    "natural_gas": ("万Nm3", "Nm3", 1e4),
    "electricity": ("MWh", "kWh", 1000.0),
    "heat": ("GJ", "MJ", 1000.0),
    "steam": ("t", "kg", 1000.0),
    "fresh_water": ("t", "m3", 1.0),
    "compressed_air": ("万m3", "m3", 1e4),
}

line_st = st.fixed_dictionaries(
    {
        "carrier": st.sampled_from(sorted(RESTATE)),
        "quantity": st.floats(min_value=0, max_value=1e6, allow_nan=False),
        "origin": st.sampled_from(["purchased", "exported"]),
    }
)


def _filing(
    lines: list[dict[str, Any]], restate: bool = False, extra: list[dict[str, Any]] | None = None
) -> Filing:
    energy = []
    for ln in lines:
        unit, other, mult = RESTATE[ln["carrier"]]
        energy.append({
            "carrier": ln["carrier"],
            "quantity": ln["quantity"] * mult if restate else ln["quantity"],
            "unit": other if restate else unit,
            "origin": ln["origin"],
        })  # fmt: skip
    return Filing.from_dict({
        "enterprise": {"uscc": "91000000MA00000001", "name": "p", "industry": "3011", "adcode": "320500"},
        "year": 2024,
        "energy": energy + (extra or []),
        "process": [{"material": "limestone", "quantity": 1000, "unit": "t"}],
        "products": [{"product": "clinker", "quantity": 1000, "unit": "t"}],
    })  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(st.lists(line_st, min_size=1, max_size=12))
def test_total_is_the_sum_of_its_parts(lines: list[dict[str, Any]]) -> None:
    r = account(_filing(lines))
    assert r.total_tco2e == r.scope1_tco2e + r.scope2_tco2e
    assert sum(r.by_source().values()) == pytest.approx(r.total_tco2e, rel=1e-9, abs=1e-6)
    assert sum(x.tce_equivalent for x in r.energy_lines) == pytest.approx(
        r.equivalent_tce, rel=1e-9, abs=1e-9
    )
    by_carrier = r.by_carrier()
    assert sum(v["tce_equal_value"] for v in by_carrier.values()) == pytest.approx(
        r.equal_value_tce, rel=1e-9, abs=1e-9
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(line_st, min_size=1, max_size=12))
def test_restating_a_quantity_in_another_unit_changes_nothing(lines: list[dict[str, Any]]) -> None:
    a = account(_filing(lines)).metrics()
    b = account(_filing(lines, restate=True)).metrics()
    assert a.keys() == b.keys()
    for key in a:
        assert b[key] == pytest.approx(a[key], rel=1e-9, abs=1e-9), key


@settings(max_examples=60, deadline=None)
@given(
    st.lists(line_st, min_size=0, max_size=8),
    st.sampled_from(sorted(RESTATE)),
    st.floats(min_value=0, max_value=1e6, allow_nan=False),
)
def test_exporting_energy_never_raises_a_total(
    lines: list[dict[str, Any]], carrier: str, qty: float
) -> None:
    before = account(_filing(lines))
    unit = RESTATE[carrier][0]
    after = account(
        _filing(
            lines, extra=[{"carrier": carrier, "quantity": qty, "unit": unit, "origin": "exported"}]
        )
    )
    assert after.equivalent_tce <= before.equivalent_tce + 1e-9
    assert after.equal_value_tce <= before.equal_value_tce + 1e-9
    assert after.total_tco2e <= before.total_tco2e + 1e-9
