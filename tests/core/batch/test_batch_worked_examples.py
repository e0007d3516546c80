"""The batch path on figures computed by hand from the published factors (not only
against the per-filing engine): three cement plants accounted in one batch.

Factors (core/data/factors):
- clinker by the CaO / MgO method, 中国水泥生产企业温室气体排放核算方法与报告指南(试行):
  EF = (CaO − CaO非碳) × 44/56 + (MgO − MgO非碳) × 44/40
  (process.clinker.cao_method, process.clinker.mgo_method; computed in Polars by the batch);
- limestone 0.440 tCO2/t (the guideline's carbonate factor, as in
  tests/core/accounting/test_worked_examples.py);
- electricity 0.1229 kgce/kWh 当量值 (GB/T 2589-2020 附录A); 等价值 for 2024 uses 2022's
  供电标准煤耗 300.7 gce/kWh; East China grid 0.5617 tCO2/MWh (data year 2022, used for 2024).
"""

from __future__ import annotations

from typing import Any

import pytest

from greenmfg.core.batch.accounting import account_filings
from greenmfg.core.filing import Filing


def _plant(i: int, process: list[dict[str, Any]], clinker_t: float) -> Filing:
    return Filing.from_dict({
        "enterprise": {"uscc": f"9100000000000000{i:02d}", "name": f"水泥厂{i}", "industry": "3011",
                       "adcode": "320500"},
        "year": 2024,
        "energy": [{"carrier": "electricity", "quantity": 30_000, "unit": "MWh"}],
        "process": process,
        "products": [{"product": "clinker", "quantity": clinker_t, "unit": "t"}],
    })  # fmt: skip


def test_three_cement_plants_by_hand() -> None:
    filings = [
        # 100万t clinker, CaO 65 % (1 % non-carbonate), MgO 2 %:
        # EF = 0.64 × 44/56 + 0.02 × 44/40 = 0.502857142857 + 0.022 = 0.524857142857 t/t
        # → 1 000 000 t × 0.524857142857 = 524 857.142857 tCO2
        _plant(1, [{"material": "clinker", "quantity": 100, "unit": "万t", "cao": 0.65,
                    "mgo": 0.02, "cao_noncarb": 0.01}], 1_000_000),
        # 50万t clinker, CaO 66 %, MgO 1.5 %:
        # EF = 0.66 × 44/56 + 0.015 × 44/40 = 0.518571428571 + 0.0165 = 0.535071428571 t/t
        # → 500 000 t × 0.535071428571 = 267 535.714286 tCO2
        _plant(2, [{"material": "clinker", "quantity": 50, "unit": "万t", "cao": 0.66,
                    "mgo": 0.015}], 500_000),
        # 150万t limestone × 0.440 = 660 000 tCO2
        _plant(3, [{"material": "limestone", "quantity": 150, "unit": "万t"}], 1_200_000),
    ]  # fmt: skip
    results = account_filings(filings, grid_scope="regional")
    scope1 = [r["co2_scope1_t"] for r in results]
    assert scope1[0] == pytest.approx(1_000_000 * (0.64 * 44 / 56 + 0.02 * 44 / 40), rel=1e-12)
    assert scope1[0] == pytest.approx(524_857.142857, rel=1e-9)
    assert scope1[1] == pytest.approx(267_535.714286, rel=1e-9)
    assert scope1[2] == pytest.approx(660_000, rel=1e-12)
    for r, s1, clinker_t in zip(results, scope1, (1_000_000, 500_000, 1_200_000), strict=True):
        # 30 000 MWh × 0.1229 tce/MWh = 3 687 tce; × 0.3007 tce/MWh 等价值 = 9 021 tce
        assert r["energy_total_tce"] == pytest.approx(3_687, rel=1e-12)
        assert r["energy_total_equal_value_tce"] == pytest.approx(9_021, rel=1e-12)
        # scope 2: 30 000 MWh × 0.5617 = 16 851 tCO2
        assert r["co2_scope2_t"] == pytest.approx(16_851, rel=1e-12)
        assert r["co2_total_t"] == pytest.approx(s1 + 16_851, rel=1e-12)
        # the only product carries the whole filing
        assert r["co2_per_product:clinker"] == pytest.approx((s1 + 16_851) / clinker_t, rel=1e-12)
        assert r["energy_per_product:clinker"] == pytest.approx(3_687 * 1000 / clinker_t, rel=1e-12)
