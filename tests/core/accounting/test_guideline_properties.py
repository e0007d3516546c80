"""Properties of the guideline accounting (hypothesis)."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from greenmfg.core.accounting import account
from greenmfg.core.filing import Filing

ENT = {"uscc": "91110000100000000X", "name": "钢铁厂", "industry": "3120", "adcode": "130200"}

quantity = st.floats(min_value=0.0, max_value=1e6, allow_nan=False, allow_infinity=False)
methods = st.sampled_from(["cn-guideline", "ipcc"])


def _works(extra: list[dict[str, Any]]) -> Filing:
    return Filing.from_dict(
        {
            "enterprise": ENT,
            "year": 2024,
            "energy": [
                {"carrier": "coke", "quantity": 1000, "unit": "t"},
                {"carrier": "electricity", "quantity": 5000, "unit": "MWh"},
                {"carrier": "steam", "quantity": 100, "unit": "t"},
                *extra,
            ],
            "process": [{"material": "limestone", "quantity": 100, "unit": "t"}],
            "products": [{"product": "crude_steel_bof", "quantity": 2000, "unit": "t"}],
        }
    )


@settings(max_examples=60, deadline=None)
@given(
    gas=st.sampled_from(["blast_furnace_gas", "converter_gas", "coke_oven_gas"]),
    q=quantity,
    method=methods,
)
def test_by_product_gas_burnt_inside_never_changes_co2(gas: str, q: float, method: str) -> None:
    before = account(_works([]), method=method)
    after = account(
        _works([{"carrier": gas, "quantity": q, "unit": "万Nm3", "origin": "by_product"}]),
        method=method,
    )
    assert after.scope1_tco2e == before.scope1_tco2e
    assert after.scope2_tco2e == before.scope2_tco2e
    assert after.equivalent_tce == before.equivalent_tce


@settings(max_examples=60, deadline=None)
@given(
    line=st.sampled_from(
        [
            ("converter_gas", "万Nm3", {}),
            ("coke_oven_gas", "Nm3", {}),
            ("electricity", "MWh", {}),
            ("steam", "t", {}),
            ("steam", "t", {"pressure": {"value": 1.0, "unit": "MPa"}}),
            ("heat", "GJ", {}),
        ]
    ),
    q=quantity,
    method=methods,
)
def test_exporting_never_raises_co2(
    line: tuple[str, str, dict[str, Any]], q: float, method: str
) -> None:
    carrier, unit, extra = line
    before = account(_works([]), method=method)
    after = account(
        _works([{"carrier": carrier, "quantity": q, "unit": unit, "origin": "exported", **extra}]),
        method=method,
    )
    assert after.total_tco2e <= before.total_tco2e


RESTATEMENTS = [
    ("t", "kg", 1000.0),
    ("t", "万t", 1e-4),
    ("万Nm3", "Nm3", 1e4),
    ("MWh", "kWh", 1000.0),
    ("MWh", "万kWh", 0.1),
]


@settings(max_examples=60, deadline=None)
@given(
    idx=st.integers(min_value=0, max_value=6),
    q=st.floats(min_value=1.0, max_value=1e6),
    method=methods,
)
def test_restating_a_quantity_in_another_unit_changes_nothing(
    idx: int, q: float, method: str
) -> None:
    base = {
        "enterprise": ENT,
        "year": 2024,
        "energy": [
            {"carrier": "coke", "quantity": q, "unit": "t"},
            {
                "carrier": "blast_furnace_gas",
                "quantity": q,
                "unit": "万Nm3",
                "origin": "by_product",
            },
            {"carrier": "converter_gas", "quantity": q / 10, "unit": "万Nm3", "origin": "exported"},
            {"carrier": "electricity", "quantity": q, "unit": "MWh"},
        ],
        "process": [{"material": "dolomite", "quantity": q, "unit": "t"}],
        "products": [{"product": "crude_steel_bof", "quantity": q * 2, "unit": "t"}],
    }
    sections = [("energy", 0), ("energy", 1), ("energy", 2), ("energy", 3), ("process", 0), ("products", 0), ("products", 0)]  # fmt: skip
    section, i = sections[idx]
    restated: dict[str, Any] = {**base, section: [dict(x) for x in base[section]]}
    ln = restated[section][i]
    for frm, to, mult in RESTATEMENTS:
        if ln["unit"] == frm:
            ln["unit"], ln["quantity"] = to, ln["quantity"] * mult
            break
    a = account(Filing.from_dict(base), method=method)
    b = account(Filing.from_dict(restated), method=method)
    assert b.total_tco2e == pytest.approx(a.total_tco2e, rel=1e-9)
    assert b.equivalent_tce == pytest.approx(a.equivalent_tce, rel=1e-9)
    for pa, pb in zip(a.products, b.products, strict=True):
        if pa.co2e_t_per_t is not None:
            assert pb.co2e_t_per_t == pytest.approx(pa.co2e_t_per_t, rel=1e-9)
