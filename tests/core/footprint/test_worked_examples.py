"""Hand-computed footprints (GB/T 24067-2024), arithmetic in the comments.

Factors: electricity carbon-footprint factor 2023 0.6205 kgCO2e/kWh (MEE/NBS/NEA
announcement 2025 No. 3, verified) and 2024 0.5777 (announcement of 2025-09-28,
secondary); material and transport factors as written in each input or from the library
(GB/T 51366-2019 annexes, unverified).
"""

from __future__ import annotations

import copy
from typing import Any

import pytest

from greenmfg.core.footprint import compute, parse_input
from greenmfg.core.footprint.pact_export import pact_export

REL = 1e-12


def test_office_chair_issue_example(chair: dict[str, Any]) -> None:
    # The issue's chair: 10 000 pieces in 2025, cradle to gate.
    # raw materials (原材料获取), period totals in kgCO2e:
    #   钢材 120 000 kg × 2.1        = 252 000
    #   聚氨酯泡沫 15 000 kg × 4.2    =  63 000
    #   尼龙 PA6 10 000 kg × 6.5      =  65 000
    #   瓦楞纸箱 10 000 kg × 1.1      =  11 000
    #   inbound road 120 t × 500 km × 0.078 kgCO2e/(t·km) = 4 680
    #   sum 395 680 → ÷ 10 000 = 39.568 per piece
    # production (生产): 300 000 kWh × 0.6205 = 186 150 → 18.615 per piece
    # total 581 830 ÷ 10 000 = 58.183 kgCO2e per piece
    r = compute(parse_input(chair))
    assert r.total_kgco2e_per_unit == pytest.approx(58.183, rel=REL)
    assert r.by_stage["raw_materials"] == pytest.approx(39.568, rel=REL)
    assert r.by_stage["production"] == pytest.approx(18.615, rel=REL)
    assert r.by_stage["distribution"] == r.by_stage["use"] == r.by_stage["end_of_life"] == 0.0
    # primary data: the plant's own electricity only, 186 150 / 581 830 = 0.319939…
    assert r.primary_data_share == pytest.approx(186150 / 581830, rel=REL)
    data = r.to_dict()
    for key in ("total_kgco2e_per_unit", "by_stage", "primary_data_share", "factors_used"):
        assert key in data
    assert data["allocation"]["method"] == "none"
    ids = {f["factor_id"] for f in data["factors_used"]}
    assert ids == {
        "input:materials[1]",
        "input:materials[2]",
        "input:materials[3]",
        "input:materials[4]",
        "input:transport[1]",
        "input:energy[1].emission_factor",
    }


def test_electricity_without_factor_takes_the_library_footprint_factor(
    chair: dict[str, Any],
) -> None:
    # Same chair, electricity line without emission_factor, year 2025: the latest
    # published electricity carbon-footprint factor is the 2024 one, 0.5777 kgCO2e/kWh;
    # 300 000 × 0.5777 = 173 310 → 17.331 per piece; 江苏 has no provincial factor.
    del chair["energy"][0]["emission_factor"]
    r = compute(parse_input(chair))
    assert r.by_stage["production"] == pytest.approx(17.331, rel=REL)
    assert "elec.CN.2024" in {f["factor_id"] for f in r.factors_used}
    assert any("provincial" in w for w in r.warnings)
    # 2023 data year → the 2023 factor 0.6205: 18.615 per piece again
    chair["year"] = 2023
    r23 = compute(parse_input(chair))
    assert r23.by_stage["production"] == pytest.approx(18.615, rel=REL)
    assert "elec.CN.2023" in {f["factor_id"] for f in r23.factors_used}


def _plant(method: str, **allocation: Any) -> dict[str, Any]:
    # A plant makes 甲醇 (600 t, 300 万元) and 二甲醚 (400 t, 700 万元) from shared flows:
    #   原料煤 500 000 kg × 2.0 kgCO2e/kg = 1 000 000 kgCO2e (raw materials)
    #   electricity 1 000 000 kWh × 0.6205 = 620 500 kgCO2e (production)
    return {
        "product": {"name": "甲醇", "declared_unit": "t"},
        "enterprise": {
            "uscc": "91320200MA1XXXXX1X",
            "name": "无锡示例化工有限公司",
            "industry": "2614",
            "adcode": "320200",
        },
        "year": 2023,
        "quantity": 600,
        "materials": [
            {
                "name": "原料煤",
                "quantity": 500000,
                "unit": "kg",
                "factor": {"value": 2.0, "unit": "kgCO2e/kg"},
            }
        ],
        "energy": [
            {
                "carrier": "electricity",
                "quantity": 1000000,
                "unit": "kWh",
                "origin": "grid",
                "emission_factor": {"value": 0.6205, "unit": "kgCO2e/kWh"},
            }
        ],
        "allocation": {
            "method": method,
            "products": [
                {
                    "name": "甲醇",
                    "mass": {"value": 600, "unit": "t"},
                    "value": {"value": 300, "unit": "万元"},
                },
                {
                    "name": "二甲醚",
                    "mass": {"value": 400, "unit": "t"},
                    "value": {"value": 700, "unit": "万元"},
                },
            ],
            **allocation,
        },
    }


def test_two_product_plant_by_mass() -> None:
    # physical (mass) share of 甲醇 = 600 / (600 + 400) = 0.6
    # raw materials 1 000 000 × 0.6 / 600 t = 1000 kgCO2e/t
    # production      620 500 × 0.6 / 600 t = 620.5 kgCO2e/t;  total 1620.5 kgCO2e/t
    r = compute(parse_input(_plant("physical")))
    assert r.allocation["method"] == "physical"
    assert r.allocation["basis"] == "mass"
    assert r.allocation["share"] == pytest.approx(0.6, rel=REL)
    assert r.by_stage["raw_materials"] == pytest.approx(1000.0, rel=REL)
    assert r.by_stage["production"] == pytest.approx(620.5, rel=REL)
    assert r.total_kgco2e_per_unit == pytest.approx(1620.5, rel=REL)


def test_two_product_plant_by_economic_value() -> None:
    # economic share of 甲醇 = 300 / (300 + 700) = 0.3 (stated with its justification)
    # raw materials 1 000 000 × 0.3 / 600 = 500; production 620 500 × 0.3 / 600 = 310.25
    # total 810.25 kgCO2e/t
    why = "甲醇 and 二甲醚 come from one synthesis loop; no physical split is measurable"
    r = compute(parse_input(_plant("economic", justification=why)))
    assert r.allocation["method"] == "economic"
    assert why in r.allocation["statement"]
    assert r.by_stage["raw_materials"] == pytest.approx(500.0, rel=REL)
    assert r.by_stage["production"] == pytest.approx(310.25, rel=REL)
    assert r.total_kgco2e_per_unit == pytest.approx(810.25, rel=REL)


def test_subdivided_lines_are_not_allocated() -> None:
    # A process line measured at the 甲醇 unit only (subdivision, 细分): 12 t CO2 is
    # all 甲醇's: + 12 000 / 600 = 20 kgCO2e/t; a line of 二甲醚 counts 0 for 甲醇.
    data = _plant("physical")
    data["process"] = [
        {"name": "合成弛放气", "gas": "CO2", "quantity": 12, "unit": "t", "product": "甲醇"},
        {"name": "二甲醚精馏", "gas": "CO2", "quantity": 30, "unit": "t", "product": "二甲醚"},
    ]
    r = compute(parse_input(data))
    assert r.by_stage["production"] == pytest.approx(620.5 + 20.0, rel=REL)


def _steel_supplier() -> dict[str, Any]:
    # The supplier, a steel works in 无锡: 1000 t of 热轧卷板 in 2025.
    #   炼钢生铁 900 000 kg × 1.70 (library mat.pig_iron)  = 1 530 000 kgCO2e
    #   electricity 500 000 kWh × 0.5777 (2024 factor)      =   288 850 kgCO2e
    #   1 818 850 ÷ 1000 t = 1818.85 kgCO2e/t = 1.81885 kgCO2e/kg
    return {
        "product": {"name": "热轧卷板", "declared_unit": "t", "cpc": "4121"},
        "enterprise": {
            "uscc": "91320200MA1XXXXX2X",
            "name": "无锡示例钢铁有限公司",
            "industry": "3120",
            "adcode": "320200",
        },
        "year": 2025,
        "quantity": 1000,
        "materials": [
            {"name": "炼钢生铁", "quantity": 900000, "unit": "kg", "library": "mat.pig_iron"}
        ],
        "energy": [{"carrier": "electricity", "quantity": 500000, "unit": "kWh", "origin": "grid"}],
    }


def _leader(steel: dict[str, Any]) -> dict[str, Any]:
    # The leader's chair, 10 000 pieces in 2025, electricity at the 2024 factor:
    #   steel 120 000 kg (library mat.steel.carbon 2.05 → 246 000, or the supplier's)
    #   EPS 15 000 kg × 5.02 (library mat.eps_board) = 75 300
    #   electricity 300 000 kWh × 0.5777 = 173 310
    return {
        "product": {"name": "办公椅", "declared_unit": "piece"},
        "enterprise": {
            "uscc": "91320500MA1XXXXX0X",
            "name": "苏州示例家具有限公司",
            "industry": "2110",
            "adcode": "320500",
        },
        "year": 2025,
        "quantity": 10000,
        "materials": [
            {"name": "钢材", "quantity": 120000, "unit": "kg", **steel},
            {"name": "聚苯乙烯泡沫", "quantity": 15000, "unit": "kg", "library": "mat.eps_board"},
        ],
        "energy": [{"carrier": "electricity", "quantity": 300000, "unit": "kWh", "origin": "grid"}],
    }


def test_supplier_pact_footprint_replaces_the_library_factor() -> None:
    supplier = compute(parse_input(_steel_supplier()))
    assert supplier.total_kgco2e_per_unit == pytest.approx(1818.85, rel=REL)
    document = pact_export(supplier)
    # PACT declares per kilogram: 1000 kg per t, 1.81885 kgCO2e/kg
    assert document["pcf"]["declaredUnit"] == "kilogram"
    assert float(document["pcf"]["unitaryProductAmount"]) == 1000.0
    assert float(document["pcf"]["pCfExcludingBiogenic"]) == pytest.approx(1.81885, rel=REL)

    # with the library: (246 000 + 75 300 + 173 310) / 10 000 = 49.461 per piece;
    # primary = 173 310 / 494 610 = 0.350397…
    lib = compute(parse_input(_leader({"library": "mat.steel.carbon"})))
    assert lib.total_kgco2e_per_unit == pytest.approx(49.461, rel=REL)
    assert lib.primary_data_share == pytest.approx(173310 / 494610, rel=REL)

    # with the supplier's PACT footprint: steel 120 000 × 1.81885 = 218 262;
    # (218 262 + 75 300 + 173 310) / 10 000 = 46.6872 per piece;
    # primary = (218 262 + 173 310) / 466 872 = 0.838714…
    sup = compute(parse_input(_leader({"pact": copy.deepcopy(document)})))
    assert sup.total_kgco2e_per_unit == pytest.approx(46.6872, rel=REL)
    assert sup.by_stage["raw_materials"] == pytest.approx((218262 + 75300) / 10000, rel=REL)
    assert sup.primary_data_share == pytest.approx(391572 / 466872, rel=REL)
    used = {f["factor_id"]: f for f in sup.factors_used}
    assert f"supplier:{document['id']}" in used
    assert used[f"supplier:{document['id']}"]["status"] == "supplier"
    assert "mat.steel.carbon" not in used
