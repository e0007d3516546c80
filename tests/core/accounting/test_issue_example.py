"""The JSON example of issue 3, accounted by hand."""

from __future__ import annotations

import pytest

from greenmfg.core.accounting import account
from greenmfg.core.filing import Filing

EXAMPLE = {
    "enterprise": {"uscc": "91320500MA1234567X", "name": "示例水泥", "industry": "3011", "adcode": "320500"},
    "year": 2023,
    "energy": [
        {"carrier": "bituminous_coal", "quantity": 15, "unit": "万t",
         "ncv": {"value": 20.9, "unit": "GJ/t"}, "carbon_content": {"value": 26.4, "unit": "tC/TJ"}, "oxidation": 0.94},
        {"carrier": "electricity", "quantity": 9000, "unit": "万kWh", "origin": "grid",
         "emission_factor": {"value": 0.5703, "unit": "tCO2/MWh"}},
        {"carrier": "electricity", "quantity": 500, "unit": "MWh", "origin": "exported"},
    ],
    "process": [{"material": "limestone", "quantity": 1400000, "unit": "t"}],
    "products": [{"product": "clinker", "quantity": 120, "unit": "万t"}],
    "economics": {"output_value": {"value": 1.2e5, "unit": "万元"}, "value_added": {"value": 3.1e4, "unit": "万元"}, "employees": 850},
    "resources": {"water_withdrawal": {"value": 1.1e6, "unit": "m3"}, "water_reused": {"value": 9.0e6, "unit": "m3"},
                  "solid_waste_generated": {"value": 5.0e4, "unit": "t"}, "solid_waste_utilised": {"value": 4.6e4, "unit": "t"},
                  "land_area": {"value": 6.0e5, "unit": "m2"}, "floor_area": {"value": 4.2e5, "unit": "m2"}},
}  # fmt: skip


def test_issue_example_by_hand() -> None:
    r = account(Filing.from_dict(EXAMPLE))
    # Coal: 150 000 t × 20.9 GJ/t = 3 135 000 GJ; ÷ 29.3076 GJ/tce = 106 968.84 tce.
    coal_tce = 150_000 * 20.9 / 29.3076
    # Electricity 当量值: (90 000 MWh − 500 MWh) × 0.1229 tce/MWh = 10 999.55 tce.
    elec_tce = (90_000 - 500) * 0.1229
    assert r.equivalent_tce == pytest.approx(coal_tce + elec_tce, rel=1e-12)
    # 等价值: electricity at the latest 供电标准煤耗 not after 2023: 300.7 gce/kWh (2022).
    assert r.equal_value_tce == pytest.approx(coal_tce + 89_500 * 0.3007, rel=1e-12)
    # Combustion CO2: 3 135 000 GJ × 26.4 tC/TJ (0.0264 tC/GJ) × 0.94 × 44/12 = 285 259.88 t.
    co2 = 3_135_000 * 0.0264 * 0.94 * 44 / 12
    # cn-guideline (the default): CO2 only for combustion, no CH4 / N2O.
    non_co2 = 0.0
    # Process: 1 400 000 t limestone × 0.440 = 616 000 t.
    assert r.scope1_tco2e == pytest.approx(co2 + non_co2 + 616_000, rel=1e-12)
    # Scope 2: 90 000 MWh × 0.5703 (the line's own factor) − 500 MWh exported × 0.5568
    # (national factor of data year Y-2 = 2021 for accounting year 2023).
    assert r.scope2_tco2e == pytest.approx(90_000 * 0.5703 - 500 * 0.5568, rel=1e-12)
    assert r.total_tco2e == pytest.approx(r.scope1_tco2e + r.scope2_tco2e)
    m = r.metrics()
    # Clinker (the only product, whole plant): tce × 1000 / 1 200 000 t.
    assert m["energy_per_product:clinker"] == pytest.approx(
        (coal_tce + elec_tce) * 1000 / 1_200_000
    )
    assert r.products[0].quota is not None and r.products[0].quota.level == 1  # 98.3 ≤ 100
    # Water reuse 9.0e6 / (9.0e6 + 1.1e6) = 89.11 %; waste 4.6e4 / 5.0e4 = 92 %.
    assert m["water_reuse_rate"] == pytest.approx(9.0e6 / 10.1e6 * 100)
    assert m["solid_waste_utilisation_rate"] == pytest.approx(92.0)
    assert m["floor_area_ratio"] == pytest.approx(0.7)
    assert m["output_per_land_area"] == pytest.approx(1.2e5 / 60)  # 60 hm2
    assert m["renewable_share"] == 0.0
    assert "building_coverage" not in m  # no footprint filed → absent, never 0
    ids = {f.factor_id for f in r.factors_used}
    assert {"gbt2589.electricity", "grid.CN.location.2021", "process.limestone"} <= ids
