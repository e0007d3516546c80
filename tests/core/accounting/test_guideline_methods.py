"""Worked examples of the ``cn-guideline`` and ``ipcc`` methods, computed by hand from the
guidelines' published defaults (clause in each comment), and the bad-input cases."""

from __future__ import annotations

from typing import Any

import pytest

from greenmfg.core.accounting import account
from greenmfg.core.errors import GreenmfgError, InvalidValueError, UnitMismatchError
from greenmfg.core.filing import Filing

C44 = 44 / 12


def _ent(adcode: str, industry: str) -> dict[str, str]:
    return {
        "uscc": "91110000100000000X",
        "name": "测试企业",
        "industry": industry,
        "adcode": adcode,
    }


def _steel(extra_energy: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {
        "enterprise": _ent("130200", "3110"), "year": 2024,
        "energy": [
            {"carrier": "coke", "quantity": 400_000, "unit": "t"},
            {"carrier": "bituminous_coal", "quantity": 150_000, "unit": "t"},
            {"carrier": "blast_furnace_gas", "quantity": 1_500_000, "unit": "万Nm3", "origin": "by_product"},
            {"carrier": "coke_oven_gas", "quantity": 20_000, "unit": "万Nm3", "origin": "by_product"},
            {"carrier": "converter_gas", "quantity": 10_000, "unit": "万Nm3", "origin": "exported"},
            {"carrier": "electricity", "quantity": 500_000, "unit": "MWh", "origin": "grid"},
            *(extra_energy or []),
        ],
        "process": [
            {"material": "limestone", "quantity": 100_000, "unit": "t"},
            {"material": "dolomite", "quantity": 40_000, "unit": "t"},
            {"material": "electrode", "quantity": 1_000, "unit": "t"},
        ],
        "products": [
            {"product": "hot_metal", "quantity": 1_000_000, "unit": "t"},
            {"product": "crude_steel_bof", "quantity": 1_100_000, "unit": "t"},
        ],
    }  # fmt: skip


def test_bf_bof_works_by_the_steel_guideline() -> None:
    r = account(Filing.from_dict(_steel()))
    assert r.method == "cn-guideline"
    assert r.method_info["guideline"] == "cn-steel"
    assert r.gwp_set == "SAR"
    # 中国钢铁生产企业温室气体排放核算方法与报告指南(试行) (NDRC 2013):
    # combustion CO2 only, AD × NCV × CC × OF × 44/12 with GB/T 32151.22-2024 表C.1 defaults:
    #   coke 400 000 t × 28.435 GJ/t × 0.0295 tC/GJ × 0.93 × 44/12 = 1 144 167.53 t
    #   bituminous coal (PCI) 150 000 t × 19.570 × 0.0261 × 0.93 × 44/12 = 261 262.44 t
    # blast-furnace and coke-oven gas made and burnt inside: 0 (their carbon is in the coke
    # and coal above).  Converter gas delivered off site (外销) is credited:
    #   − 10 000 万Nm3 × 84.00 GJ × 0.0496 tC/GJ × 0.99 × 44/12 = − 151 240.32 t
    # Fluxes and electrodes (附录二 表2.3): limestone 100 000 × 0.440 = 44 000;
    # dolomite 40 000 × 0.471 = 18 840; electrodes 1 000 × 3.663 = 3 663.
    # Carbon fixed in crude steel (固碳产品): − 1 100 000 t × 0.0154 = − 16 940.
    s1 = 1_144_167.53 + 261_262.4355 - 151_240.32 + 44_000 + 18_840 + 3_663 - 16_940
    assert r.scope1_tco2e == pytest.approx(s1, rel=1e-9)
    # Scope 2: 500 000 MWh × 0.5366 (national factor of data year 2022 for 2024).
    assert r.scope2_tco2e == pytest.approx(500_000 * 0.5366, rel=1e-12)
    # Energy (GB/T 2589): coke 400 000 × 0.9714 = 388 560; coal 150 000 × 0.6677 = 100 155;
    # exported converter gas − 1e8 m3 × 0.2866 kgce/m3 = − 28 660; electricity 500 000 ×
    # 0.1229 = 61 450; by-product gas burnt inside is not counted again → 521 505 tce.
    assert r.equivalent_tce == pytest.approx(521_505, rel=1e-12)
    src = r.by_source()
    assert src["exported_fuel"] == pytest.approx(-151_240.32, rel=1e-9)
    assert src["fixed_carbon"] == pytest.approx(-16_940)


def test_by_product_gas_in_an_industry_without_one_is_refused() -> None:
    f = Filing.from_dict({
        "enterprise": _ent("320500", "3011"), "year": 2024,
        "energy": [{"carrier": "blast_furnace_gas", "quantity": 10, "unit": "万Nm3", "origin": "by_product"}],
    })  # fmt: skip
    with pytest.raises(InvalidValueError) as exc:
        account(f)
    assert "energy line 1" in str(exc.value) and "origin" in str(exc.value)


def _smelter(**anode: Any) -> Filing:
    line: dict[str, Any] = {"material": "prebaked_anode", "quantity": 60_000, "unit": "t", **anode}
    return Filing.from_dict({
        "enterprise": _ent("150200", "3216"), "year": 2024,
        "energy": [{"carrier": "electricity", "quantity": 2_000_000, "unit": "MWh", "origin": "grid"}],
        "process": [line],
        "products": [{"product": "aluminium_liquid", "quantity": 150_000, "unit": "t"}],
    })  # fmt: skip


def test_aluminium_smelter_anode_and_pfc() -> None:
    r = account(_smelter(sulfur={"value": 1.8, "unit": "percent"}, ash={"value": 0.5, "unit": "%"}))
    # 中国电解铝生产企业温室气体排放核算方法与报告指南(试行): anode CO2 = net anode consumption
    # × (1 − S − A) × 44/12 = 60 000 × (1 − 0.018 − 0.005) × 44/12 = 214 940 t.
    # PFC (default factors, kg per t liquid aluminium, GWP SAR as the guideline prescribes):
    # 150 000 t × (0.034 × 6500 + 0.0034 × 9200) / 1000 = 150 000 × 0.25228 = 37 842 tCO2e.
    assert r.by_source()["anode"] == pytest.approx(214_940, rel=1e-12)
    assert r.by_source()["pfc"] == pytest.approx(37_842, rel=1e-12)
    assert r.scope1_tco2e == pytest.approx(214_940 + 37_842, rel=1e-12)
    assert r.scope2_tco2e == pytest.approx(2_000_000 * 0.5366, rel=1e-12)
    assert r.gwp_set == "SAR" and r.to_dict()["emissions"]["method"]["gwp_set"] == "SAR"
    ids = {x.factor_id for x in r.factors_used}
    assert {"al2013.pfc.cf4", "al2013.pfc.c2f6", "gwp.SAR.CF4", "gwp.SAR.C2F6"} <= ids


def test_aluminium_anode_defaults_and_slope_method() -> None:
    r = account(_smelter())
    # S and ash missing: guideline defaults 2 % and 0.4 % → 60 000 × 0.976 × 44/12 = 214 720.
    assert r.by_source()["anode"] == pytest.approx(214_720, rel=1e-12)
    assert {"al2013.anode.sulfur", "al2013.anode.ash"} <= {x.factor_id for x in r.factors_used}
    f = _smelter().model_copy(
        update={
            "products": (_smelter().products[0].model_copy(update={"anode_effect_minutes": 0.2}),)
        }
    )
    r2 = account(f)
    # Slope method (IPCC 2006 Vol.3 Table 4.16 CWPB): CF4 0.143 × 0.2 = 0.0286 kg/t,
    # C2F6 0.0286 × 0.121 = 0.0034606 kg/t → 150 000 × (0.0286 × 6500 + 0.0034606 × 9200)
    # / 1000 = 32 660.628 tCO2e.
    assert r2.by_source()["pfc"] == pytest.approx(32_660.628, rel=1e-9)
    # ipcc method: same sources, GWP AR5 (CF4 6630, C2F6 11 100).
    r3 = account(_smelter(), method="ipcc")
    assert r3.by_source()["pfc"] == pytest.approx(150_000 * (0.034 * 6630 + 0.0034 * 11_100) / 1000)


def test_clinker_plant_with_kiln_and_bypass_dust() -> None:
    f = Filing.from_dict({
        "enterprise": _ent("320500", "3011"), "year": 2024,
        "energy": [{"carrier": "bituminous_coal", "quantity": 150_000, "unit": "t"}],
        "process": [
            {"material": "clinker", "quantity": 100, "unit": "万t", "cao": 0.65, "mgo": 0.02, "cao_noncarb": 0.01,
             "kiln_dust": {"value": 5000, "unit": "t"}, "bypass_dust": {"value": 2_000_000, "unit": "kg"}},
            {"material": "raw_meal", "quantity": 1_550_000, "unit": "t"},
        ],
        "products": [{"product": "clinker", "quantity": 1_000_000, "unit": "t"}],
    })  # fmt: skip
    r = account(f)
    # 中国水泥生产企业温室气体排放核算方法与报告指南(试行): 原料碳酸盐分解
    # = (clinker + kiln dust + bypass dust) × EF_clinker,
    # EF = (0.65 − 0.01) × 44/56 + 0.02 × 44/40 = 0.524857 t/t; 1 007 000 t → 528 531.14 t.
    # 生料中非燃料碳煅烧 = 1 550 000 t × 0.1 % (default) × 44/12 = 5 683.33 t.
    # Coal 150 000 × 19.570 × 0.0261 × 0.93 × 44/12 = 261 262.44 t (CO2 only).
    s1 = 528_531.142857143 + 5_683.333333333 + 261_262.4355
    assert r.scope1_tco2e == pytest.approx(s1, rel=1e-9)
    assert r.method_info["guideline"] == "cn-cement"


def test_chlor_alkali_pvc_plant_buying_1_mpa_steam() -> None:
    f = Filing.from_dict({
        "enterprise": _ent("150300", "2612"), "year": 2024,
        "energy": [
            {"carrier": "electricity", "quantity": 800_000, "unit": "MWh", "product": "caustic_soda_30"},
            {"carrier": "steam", "quantity": 200_000, "unit": "t", "pressure": {"value": 1.0, "unit": "MPa"}},
        ],
        "process": [{"material": "calcium_carbide", "quantity": 150_000, "unit": "t", "product": "pvc_carbide"}],
        "products": [
            {"product": "caustic_soda_30", "quantity": 1_000_000, "unit": "t", "concentration": 32},
            {"product": "聚氯乙烯(电石法)", "quantity": 300_000, "unit": "t"},
        ],
    })  # fmt: skip
    r = account(f)
    # Saturated steam at 1.0 MPa (IAPWS-IF97): h'' = 2777.1 kJ/kg.  Heat = 200 000 t ×
    # (2777.1 − 83.74) / 1000 = 538 672 GJ × 0.11 tCO2/GJ = 59 254 t — not 200 000 ×
    # 3.763 GJ/t × 0.11 = 82 786 t (the coal-equivalent reference value, +40 %).
    assert r.by_source()["purchased_heat"] == pytest.approx(
        200_000 * (2777.1 - 83.74) / 1000 * 0.11, rel=1e-5
    )
    # Energy stays GB/T 2589: steam 200 000 t × 0.1286 = 25 720 tce.
    assert r.by_carrier()["steam"]["tce_equivalent"] == pytest.approx(25_720)
    # Calcium carbide is a feedstock: no energy, no process emission.
    assert "calcium_carbide" not in r.by_carrier()
    assert r.process_lines[0].co2e_t == 0.0
    # Caustic soda in 折百 tonnes: 1 000 000 t at 32 % = 320 000 t NaOH; electricity
    # 800 000 MWh × 0.1229 = 98 320 tce → 307.25 kgce/t → GB 21257 level 1 (≤ 308).
    soda, pvc = r.products
    assert soda.quantity == pytest.approx(320_000)
    assert soda.energy_kgce_per_t == pytest.approx(307.25)
    assert soda.quota is not None and soda.quota.level == 1
    assert pvc.product == "pvc_carbide"  # the catalogue's Chinese name files as its code


def test_pv_plant_exporting_part_of_its_output() -> None:
    f = Filing.from_dict({
        "enterprise": _ent("320500", "3311"), "year": 2024,
        "energy": [
            {"carrier": "electricity", "quantity": 10_000, "unit": "MWh", "origin": "grid"},
            {"carrier": "electricity", "quantity": 4_000, "unit": "MWh", "origin": "self_renewable"},
            {"carrier": "electricity", "quantity": 1_000, "unit": "MWh", "origin": "exported"},
            {"carrier": "natural_gas", "quantity": 100, "unit": "万Nm3"},
        ],
        "products": [{"product": "铸件", "quantity": 20_000, "unit": "t"}],
    })  # fmt: skip
    r = account(f)
    # 当量值: grid 10 000 × 0.1229 = 1 229; PV 4 000 × 0.1229 = 491.6; exported − 122.9;
    # gas 1e6 m3 × 1.2143 kgce/m3 = 1 214.3 → 2 812.0 tce.
    assert r.equivalent_tce == pytest.approx(2_812.0, rel=1e-12)
    # Renewable consumed on site = 491.6 − 122.9 = 368.7 tce → 13.11 % (not 491.6 → 17.48 %).
    assert r.renewable_share == pytest.approx(368.7 / 2_812.0 * 100, rel=1e-12)
    # 等价值: grid and exported at 300.7 gce/kWh (latest 供电标准煤耗, 2022), PV at 当量值:
    # 3 007 + 491.6 − 300.7 + 1 214.3 = 4 412.2 tce.
    assert r.equal_value_tce == pytest.approx(4_412.2, rel=1e-12)
    assert any("供电标准煤耗" in w for w in r.warnings)
    # CO2: gas 100 × 389.31 × 0.0153 × 0.99 × 44/12 = 2 162.19 t (CO2 only); grid net
    # (10 000 − 1 000) × 0.5366 = 4 829.4 t.
    assert r.scope1_tco2e == pytest.approx(2_162.188809, rel=1e-9)
    assert r.scope2_tco2e == pytest.approx(4_829.4, rel=1e-12)
    # a foundry files castings (铸件) by their Chinese name
    assert r.products[0].product == "castings"
    assert r.products[0].energy_kgce_per_t == pytest.approx(2_812.0 * 1000 / 20_000)


def test_any_product_in_pieces_and_square_metres() -> None:
    f = Filing.from_dict({
        "enterprise": _ent("320500", "3813"), "year": 2024,
        "energy": [{"carrier": "electricity", "quantity": 1_000, "unit": "MWh", "product": "电动机"}],
        "products": [
            {"product": "电动机", "quantity": 5, "unit": "万台"},
            {"product": "陶瓷砖", "quantity": 1_000_000, "unit": "平方米"},
            {"product": "机柜", "quantity": 2000, "unit": "套"},
        ],
    })  # fmt: skip
    r = account(f)
    motors, tiles, cabinets = r.products
    # 1 000 MWh × 0.1229 = 122.9 tce over 50 000 pieces = 2.458 kgce per piece.
    assert (motors.unit, motors.quantity) == ("piece", 50_000)
    assert motors.energy_kgce_per_t == pytest.approx(122.9 * 1000 / 50_000)
    assert (tiles.unit, tiles.quantity) == ("m2", 1_000_000)
    assert (cabinets.product, cabinets.unit, cabinets.quantity) == ("机柜", "piece", 2000)


def test_ipcc_method_adds_ch4_and_n2o() -> None:
    f = Filing.from_dict(_steel())
    cn, ipcc = account(f), account(f, method="ipcc")
    # IPCC Tier 1 (Table 2.3, manufacturing): coke 11 374 TJ × 10 kg CH4 × 28 +
    # 11 374 × 1.5 kg N2O × 265; coal 2 935.5 TJ × (10 × 28 + 1.5 × 265) / 1000.
    extra = (11_374 * 10 * 28 + 11_374 * 1.5 * 265 + 2_935.5 * (10 * 28 + 1.5 * 265)) / 1000
    dolomite_same = True  # the steel guideline's process sources apply under both methods
    assert dolomite_same
    # the guideline GWP set differs (SAR vs AR5) only for non-CO2 process gases: none here
    assert ipcc.scope1_tco2e - cn.scope1_tco2e == pytest.approx(extra, rel=1e-9)
    assert ipcc.method == "ipcc" and ipcc.gwp_set == "AR5"


def test_nitric_and_adipic_acid_n2o() -> None:
    f = Filing.from_dict({
        "enterprise": _ent("320500", "2614"), "year": 2024,
        "process": [
            {"material": "nitric_acid_dp", "quantity": 100_000, "unit": "t"},
            {"material": "adipic_acid", "quantity": 10_000, "unit": "t"},
        ],
    })  # fmt: skip
    r = account(f)
    # 化工 guideline: 双加压法 8.0 kg N2O/t, 己二酸 (硝酸氧化) 300 kg N2O/t, GWP SAR 310:
    # (100 000 × 8.0 + 10 000 × 300) / 1000 × 310 = 3 800 × 310 = 1 178 000 tCO2e.
    assert r.by_source()["n2o"] == pytest.approx(1_178_000, rel=1e-12)


@pytest.mark.parametrize(
    ("line", "field"),
    [
        ({"carrier": "steam", "quantity": 10, "unit": "t", "enthalpy": {"value": 83.74, "unit": "kJ/kg"}}, "enthalpy"),
        ({"carrier": "steam", "quantity": 10, "unit": "t", "enthalpy": {"value": 50, "unit": "kJ/kg"}}, "enthalpy"),
        ({"carrier": "steam", "quantity": 10, "unit": "t", "pressure": {"value": 30, "unit": "MPa"}}, "pressure"),
        ({"carrier": "steam", "quantity": 10, "unit": "t", "pressure": {"value": 150, "unit": "MPa"},
          "temperature": {"value": 400, "unit": "degC"}}, "pressure"),
        ({"carrier": "hot_water", "quantity": 10, "unit": "t", "temperature": {"value": 15, "unit": "℃"}}, "temperature"),
        ({"carrier": "calcium_carbide", "quantity": 10, "unit": "t"}, "carrier"),
    ],
)  # fmt: skip
def test_bad_heat_and_feedstock_lines_name_line_and_field(line: dict[str, Any], field: str) -> None:
    f = Filing.from_dict({
        "enterprise": _ent("320500", "2612"), "year": 2024,
        "energy": [{"carrier": "electricity", "quantity": 1, "unit": "MWh"}, line],
    })  # fmt: skip
    with pytest.raises(InvalidValueError) as exc:
        account(f)
    assert "energy line 2" in str(exc.value)
    assert exc.value.params["field"] == field


@pytest.mark.parametrize(
    ("anode", "field"),
    [
        ({"sulfur": {"value": 100, "unit": "percent"}}, "sulfur"),
        ({"ash": {"value": 120, "unit": "percent"}}, "ash"),
        ({"sulfur": {"value": 60, "unit": "percent"}, "ash": {"value": 45, "unit": "percent"}}, "sulfur + ash"),
    ],
)  # fmt: skip
def test_sulfur_or_ash_of_100_percent_is_refused(anode: dict[str, Any], field: str) -> None:
    with pytest.raises(InvalidValueError) as exc:
        account(_smelter(**anode))
    assert "process line 1" in str(exc.value)
    assert exc.value.params["field"] == field


def test_a_product_unit_that_cannot_be_converted_is_refused() -> None:
    f = Filing.from_dict({
        "enterprise": _ent("320500", "3011"), "year": 2024,
        "products": [{"product": "clinker", "quantity": 10, "unit": "件"}],
    })  # fmt: skip
    with pytest.raises(UnitMismatchError) as exc:
        account(f)
    assert "product 1" in str(exc.value)


def test_unknown_method_and_ascii_product_typo_are_refused() -> None:
    f = Filing.from_dict(_steel())
    with pytest.raises(InvalidValueError):
        account(f, method="ghg-protocol")
    bad = Filing.from_dict(
        {**_steel(), "products": [{"product": "clinkr", "quantity": 1, "unit": "t"}]}
    )
    with pytest.raises(GreenmfgError) as exc:
        account(bad)
    assert "product 1" in str(exc.value)


def test_by_product_gas_is_shown_apart_from_the_totals() -> None:
    r = account(Filing.from_dict(_steel()))
    assert "blast_furnace_gas" not in r.by_carrier()
    # 1.5e10 m3 × 0.1286 kgce/m3 = 1 929 000 tce made and burnt inside, shown apart
    assert r.by_product_tce()["blast_furnace_gas"] == pytest.approx(1_929_000)
    assert sum(v["tce_equivalent"] for v in r.by_carrier().values()) == pytest.approx(
        r.equivalent_tce
    )
