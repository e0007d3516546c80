"""An evaluation input may name the filing's accounting method."""

from __future__ import annotations

from greenmfg.core.evaluation.inputs import parse_input

FILING = {
    "enterprise": {
        "uscc": "91110000100000000X",
        "name": "x",
        "industry": "3011",
        "adcode": "320500",
    },
    "year": 2024,
    "energy": [{"carrier": "bituminous_coal", "quantity": 1000, "unit": "t"}],
}


def test_the_method_key_is_accepted_and_used() -> None:
    cn = parse_input(dict(FILING))
    ipcc = parse_input({**FILING, "method": "ipcc"})
    assert cn.accounting is not None and ipcc.accounting is not None
    assert (cn.accounting.method, ipcc.accounting.method) == ("cn-guideline", "ipcc")
    # 1000 t × 19.570 GJ/t = 19.57 TJ: CH4 0.1957 t × 28 + N2O 0.029355 t × 265 under ipcc
    diff = ipcc.metrics["co2_total_t"] - cn.metrics["co2_total_t"]
    assert abs(diff - (0.1957 * 28 + 0.029355 * 265)) < 1e-9
