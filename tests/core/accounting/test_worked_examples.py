"""Worked examples computed by hand: a cement plant, a steel works, an aluminium smelter.

Arithmetic in the comments; coefficients from core/data/factors (row ids named).
"""

from __future__ import annotations

import pytest

from greenmfg.core.accounting import account
from greenmfg.core.filing import Filing

C44 = 44 / 12


def _ent(adcode: str, industry: str) -> dict[str, str]:
    return {"uscc": "91000000MA00000001", "name": "例", "industry": industry, "adcode": adcode}


def test_cement_plant() -> None:
    f = Filing.from_dict({
        "enterprise": _ent("320500", "3011"), "year": 2024,
        "energy": [
            {"carrier": "bituminous_coal", "quantity": 180_000, "unit": "吨", "product": "clinker"},
            {"carrier": "electricity", "quantity": 6000, "unit": "万kWh", "product": "clinker"},
            {"carrier": "electricity", "quantity": 30_000, "unit": "MWh", "product": "cement"},
        ],
        "process": [{"material": "limestone", "quantity": 150, "unit": "万t", "product": "clinker"}],
        "products": [
            {"product": "clinker", "quantity": 120, "unit": "万t", "altitude": 50},
            {"product": "cement", "quantity": 150, "unit": "万t", "clinker_share": 70},
        ],
    })  # fmt: skip
    r = account(f, grid_scope="regional", method="ipcc")
    # Method ipcc: GB/T 32150 with IPCC Tier 1 CH4 / N2O, GWP AR5.
    # Coal: 180 000 t × 0.6677 kgce/kg (gbt2589.derived.bituminous_coal) = 120 186 tce.
    # Electricity: 90 000 MWh × 0.1229 = 11 061 tce.  Total 131 247 tce.
    assert r.equivalent_tce == pytest.approx(120_186 + 11_061, rel=1e-12)
    # Combustion: 180 000 t × 19.570 GJ/t = 3 522 600 GJ; × 0.0261 tC/GJ × 0.93 × 44/12
    # = 313 498.9 tCO2; CH4 3 522.6 TJ × 10 kg = 35.226 t × 28; N2O × 1.5 kg = 5.2839 t × 265.
    combustion = 3_522_600 * 0.0261 * 0.93 * C44 + 35.226 * 28 + 5.2839 * 265
    # Process: 1 500 000 t × 0.440 = 660 000 t.
    assert r.scope1_tco2e == pytest.approx(combustion + 660_000, rel=1e-12)
    # Scope 2: Suzhou (320500) → East China grid; 2024 uses data year 2022: 0.5617.
    assert r.scope2_tco2e == pytest.approx(90_000 * 0.5617, rel=1e-12)
    assert any("Regional grid 华东" in w for w in r.warnings)
    clinker, cement = r.products
    # Clinker: (120 186 + 60 000 × 0.1229 = 7 374) tce × 1000 / 1 200 000 t = 106.30 kgce/t
    # → level 2 (≤ 107), 6.30 kgce/t from level 1 (100).  Below 1500 m: no altitude correction.
    assert clinker.energy_kgce_per_t == pytest.approx(127_560 * 1000 / 1_200_000)
    assert clinker.quota is not None
    assert clinker.quota.level == 2
    assert clinker.quota.distance_to_next == pytest.approx(106.3 - 100)
    assert clinker.quota.thresholds == (100, 107, 117)
    # Clinker electricity 60 000 MWh / 1.2 Mt = 50 kWh/t; CO2 per t = (combustion + 660 000 + 60 000 × 0.5617) / 1.2e6.
    assert clinker.electricity_kwh_per_t == pytest.approx(50.0)
    assert clinker.co2e_t_per_t == pytest.approx(
        (combustion + 660_000 + 60_000 * 0.5617) / 1_200_000
    )
    # Cement at 70 % clinker: thresholds 80 − 5 × 1.10 = 74.5, 87 − 5 × 1.15 = 81.25, 94 − 5 × 1.20 = 88.
    assert cement.quota is not None
    assert cement.quota.thresholds == pytest.approx((74.5, 81.25, 88.0))
    # Cement grinding share: 30 000 × 0.1229 = 3 687 tce / 1.5 Mt = 2.458 kgce/t → level 1.
    assert cement.energy_kgce_per_t == pytest.approx(2.458)
    assert cement.quota.level == 1
    m = r.metrics()
    assert m["co2_per_product:clinker"] == pytest.approx(clinker.co2e_t_per_t)
    assert "water_per_product:clinker" not in m  # no water filed


def test_cement_clinker_altitude_correction() -> None:
    f = Filing.from_dict({
        "enterprise": _ent("540100", "3011"), "year": 2024,
        "energy": [{"carrier": "bituminous_coal", "quantity": 170_000, "unit": "t"}],
        "products": [{"product": "clinker", "quantity": 1_000_000, "unit": "t", "pressure": 65.0}],
    })  # fmt: skip
    r = account(f)
    q = r.products[0].quota
    assert q is not None
    # 170 000 × 0.6677 = 113 509 tce → 113.509 kgce/t.  P = 65 kPa: L3 × (1.179 − 0.211 × 65 000 / 101 325)
    # = 117 × 1.043645… = 122.107; L1, L2 unchanged → level 3, 6.509 from level 2.
    k = 1.179 - 0.211 * 65_000 / 101_325
    assert q.thresholds == pytest.approx((100, 107, 117 * k))
    assert q.level == 3
    assert q.distance_to_next == pytest.approx(113.509 - 107)


def test_steel_works() -> None:
    f = Filing.from_dict({
        "enterprise": _ent("130200", "3110"), "year": 2023,
        "energy": [
            {"carrier": "coke", "quantity": 40, "unit": "万t", "product": "hot_metal"},
            {"carrier": "electricity", "quantity": 50_000, "unit": "MWh", "product": "hot_metal"},
            {"carrier": "electricity", "quantity": 4000, "unit": "万kWh", "product": "crude_steel_bof"},
            {"carrier": "oxygen", "quantity": 6000, "unit": "万m3", "product": "crude_steel_bof"},
            {"carrier": "converter_gas", "quantity": 11_000, "unit": "10^4 Nm3", "origin": "exported", "product": "crude_steel_bof"},
        ],
        "process": [{"material": "dolomite", "quantity": 50_000, "unit": "t"}],
        "products": [
            {"product": "hot_metal", "quantity": 100, "unit": "万t", "iron_grade": 59},
            {"product": "crude_steel_bof", "quantity": 110, "unit": "万t", "scrap_ratio": 10},
        ],
    })  # fmt: skip
    r = account(f, grid_scope="provincial", method="ipcc")
    # Method ipcc (CH4 / N2O of combustion at AR5); the steel guideline's process sources apply.
    # Hot metal: coke 400 000 t × 0.9714 = 388 560 tce; electricity 50 000 × 0.1229 = 6 145 tce
    # → 394 705 tce / 1 000 000 t = 394.705 kgce/t.  Feed grade 59 %: 3 points × 3.61 = +10.83
    # → thresholds 371.83 / 380.83 / 425.83 → level 3, 13.875 from level 2.
    hm, bof = r.products
    assert hm.energy_kgce_per_t == pytest.approx(394.705)
    assert hm.quota is not None
    assert hm.quota.thresholds == pytest.approx((371.83, 380.83, 425.83))
    assert hm.quota.level == 3
    assert hm.quota.distance_to_next == pytest.approx(394.705 - 380.83)
    # BOF: electricity 40 000 MWh × 0.1229 = 4 916; oxygen 6e7 m3 × 0.4 kgce/m3 = 24 000;
    # converter gas exported 1.1e8 m3 × 0.2866 kgce/m3 = −31 526 → −2 610 tce / 1.1 Mt
    # = −2.3727 kgce/t.  Scrap 10 % × 0.23 = +2.3 → −27.7 / −25.7 / −9.7 → non-compliant, 7.33 above L3.
    assert bof.energy_kgce_per_t == pytest.approx(-2610 * 1000 / 1_100_000)
    assert bof.quota is not None
    assert bof.quota.thresholds == pytest.approx((-27.7, -25.7, -9.7))
    assert bof.quota.level == "non_compliant"
    assert bof.quota.next_level == 3
    assert bof.quota.distance_to_next == pytest.approx(-2610 / 1100 + 9.7)
    # Whole works: 388 560 + 6 145 + 4 916 + 24 000 − 31 526 = 392 095 tce.
    assert r.equivalent_tce == pytest.approx(392_095, rel=1e-12)
    # Scope 1: coke 400 000 × 28.435 GJ/t = 11 374 000 GJ × 0.0295 × 0.93 × 44/12, CH4 11 374 TJ
    # × 10 kg = 113.74 t × 28, N2O × 1.5 kg = 17.061 t × 265; dolomite 50 000 × 0.471 (steel
    # guideline 附录二) = 23 550.  Converter gas exported (外销): its CO2 is credited,
    # 11 000 × 84.00 GJ × 0.0496 tC/GJ × 0.99 × 44/12 = 166 363.6 t; carbon fixed in 1.1 Mt
    # crude steel × 0.0154 = 16 940 t deducted.
    coke_c = 11_374_000 * 0.0295 * 0.93 * C44 + 113.74 * 28 + 17.061 * 265
    ldg = 11_000 * 84.00 * 0.0496 * 0.99 * C44
    s1 = coke_c + 50_000 * 0.471 - ldg - 1_100_000 * 0.0154
    assert r.scope1_tco2e == pytest.approx(s1, rel=1e-12)
    # Scope 2: Hebei (13) provincial factor, data year 2021 (Y-2): 0.7901 × 90 000 MWh.
    assert r.scope2_tco2e == pytest.approx(90_000 * 0.7901, rel=1e-12)
    assert "grid.130000.location.2021" in {x.factor_id for x in r.factors_used}
    # The dolomite line is not tagged, so it is not in any product's CO2.
    assert hm.co2e_t_per_t == pytest.approx((coke_c + 50_000 * 0.7901) / 1_000_000)


def test_aluminium_smelter_market_basis_and_renewables() -> None:
    f = Filing.from_dict({
        "enterprise": _ent("150200", "3216"), "year": 2025,
        "energy": [
            {"carrier": "electricity", "quantity": 160, "unit": "亿kWh", "origin": "grid", "product": "aluminium_liquid"},
            {"carrier": "electricity", "quantity": 400_000, "unit": "MWh", "origin": "green", "product": "aluminium_liquid"},
            {"carrier": "electricity", "quantity": 10_000, "unit": "MWh", "origin": "self_renewable"},
            {"carrier": "natural_gas", "quantity": 2000, "unit": "万Nm3"},
        ],
        "products": [{"product": "aluminium_liquid", "quantity": 15, "unit": "万t"}],
        "economics": {"value_added": {"value": 2.0, "unit": "亿元"}},
    })  # fmt: skip
    r = account(f, grid_basis="market", method="ipcc")
    # 160 亿kWh = 1.6e10 kWh = 1.6e7 MWh.  Liquid aluminium: (1.6e7 + 4e5) MWh × 1000 / 150 000 t = 109 333.3 kWh/t → non-compliant.
    al = r.products[0]
    assert al.electricity_kwh_per_t == pytest.approx((1.6e7 + 4e5) * 1000 / 150_000)
    assert al.quota is not None and al.quota.level == "non_compliant" and al.quota.unit == "kWh/t"
    # Market basis, 2025 → data year 2023 national residual factor 0.6096; green power counts 0.
    assert r.scope2_tco2e == pytest.approx(1.6e7 * 0.6096, rel=1e-12)
    # Natural gas 2000 × 10^4 Nm3 × 389.31 GJ = 778 620 GJ × 0.0153 × 0.99 × 44/12 tCO2;
    # CH4 778.62 TJ × 1 kg = 0.77862 t × 28; N2O × 0.1 kg = 0.077862 t × 265.
    # PFC (aluminium guideline defaults, AR5 under ipcc): 150 000 t × (0.034 kg CF4 × 6630
    # + 0.0034 kg C2F6 × 11 100) / 1000 = 150 000 × 0.26316 = 39 474 tCO2e.
    assert r.scope1_tco2e == pytest.approx(
        778_620 * 0.0153 * 0.99 * C44 + 0.77862 * 28 + 0.077862 * 265 + 39_474, rel=1e-12
    )
    # Energy: electricity 1.641e7 MWh × 0.1229 = 2 016 789 tce; gas 2e7 m3 × 1.2143 = 24 286 tce.
    total = 1.641e7 * 0.1229 + 24_286
    assert r.equivalent_tce == pytest.approx(total, rel=1e-12)
    # Renewable: (400 000 + 10 000) × 0.1229 = 50 389 tce / total.
    assert r.renewable_share == pytest.approx(50_389 / total * 100)
    # natural gas coefficient 1.2143 is tagged unverified → counted.
    assert r.unverified_count >= 1
    # energy per 万元 value added: total × 1000 kgce / 20 000 万元.
    assert r.metrics()["energy_per_value_added"] == pytest.approx(total * 1000 / 20_000)


def test_aluminium_liquid_level_3() -> None:
    f = Filing.from_dict({
        "enterprise": _ent("150200", "3216"), "year": 2025,
        "energy": [{"carrier": "electricity", "quantity": 2_000_000, "unit": "MWh"}],
        "products": [{"product": "aluminium_liquid", "quantity": 150_000, "unit": "t"}],
    })  # fmt: skip
    q = account(f).products[0].quota
    # 2e6 MWh × 1000 / 150 000 t = 13 333.3 kWh/t → level 3 (≤ 13 350), 333.3 from level 2.
    assert q is not None and q.level == 3
    assert q.distance_to_next == pytest.approx(13_333.333333 - 13_000)
