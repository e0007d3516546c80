"""GB/T 36132-2025 EL1 (单位产品综合能耗) per product against the product's GB energy quota,
worked by hand.

Rule [S: R4, the GB/T 36132-2025 form copied from MIIT's; green_system_rules.md §2.3]:
where a GB energy-quota standard covers a filed product, EL1 compares the per-product
energy with the quota, level 1 = 引领值 (leading), level 2 = 基准值 (baseline); otherwise
energy per 10,000 yuan of value added.  Scoring as for every quantitative indicator
(GB/T 36132-2025 ch. 5 as reported by P15; interpolation unverified):

    share  = clamp((value − 基准值) × 1 / (引领值 − 基准值), 0, 1)
    earned = 8 × share   (EL1 points 8, R4 "8/8/8/6"; 0 above 基准值)

Several products with a quota: each is scored, EL1 takes the lowest (a product above its
基准值 leaves the mandatory EL1 unmet).  Coefficients: GB/T 2589-2020 当量值 — electricity
0.1229 kgce/kWh, coke 0.9714 kgce/kg, bituminous coal 0.6677 kgce/kg (NCV 19.570 GJ/t),
converter gas 0.2866 kgce/m3 (NCV 84.00 GJ/10^4 Nm3).
"""

from __future__ import annotations

from typing import Any

import pytest

from greenmfg.core.evaluation.engine import EvaluationResult, evaluate
from greenmfg.core.evaluation.inputs import parse_input
from greenmfg.core.evaluation.loader import default_registry

GENERIC = "GB/T 36132-2025"


def _run(data: dict[str, Any], code: str = GENERIC) -> EvaluationResult:
    inp = parse_input(data)
    standard = default_registry().get(code)
    return evaluate(
        standard,
        metrics=inp.metrics,
        answers={},
        vetoes={},
        quotas=inp.quotas(standard),
    )


def _filing(
    industry: str, energy: list[dict[str, Any]], products: list[dict[str, Any]], **extra: Any
) -> dict[str, Any]:
    return {
        "enterprise": {
            "uscc": "91320500MA1XXXXXX0",
            "name": "示例",
            "industry": industry,
            "adcode": "320500",
        },
        "year": 2024,
        "energy": energy,
        "products": products,
        **extra,
    }


CEMENT = _filing(
    "3011",
    [
        {"carrier": "bituminous_coal", "quantity": 145000, "unit": "t"},
        {"carrier": "electricity", "quantity": 5000, "unit": "万kWh", "origin": "grid"},
    ],
    [{"product": "clinker", "quantity": 100, "unit": "万t"}],
)


@pytest.mark.parametrize("code", [GENERIC, "GF-CEMENT-2025"])
def test_cement_plant_clinker_against_gb16780(code: str) -> None:
    # coal 145 000 t × 1000 × 0.6677 = 96 816 500 kgce; power 5 000 万kWh = 5.0e7 kWh ×
    # 0.1229 = 6 145 000 kgce; total 102 961 500 kgce ÷ 1 000 000 t = 102.9615 kgce/t.
    # GB 16780-2021 表1 熟料: level 1 = 100, level 2 = 107 (no correction below 1500 m).
    # share = (102.9615 − 107) / (100 − 107) = 4.0385 / 7 = 0.576929; earned = 8 × 0.576929 = 4.61543
    el1 = _run(CEMENT, code).indicator("EL1")
    assert el1.threshold_source == "quota"
    assert el1.value == pytest.approx(102.9615)
    assert (el1.leading, el1.baseline, el1.unit) == (100, 107, "kgce/t")
    assert el1.share == pytest.approx(4.0385 / 7)
    assert el1.earned == pytest.approx(8 * 4.0385 / 7)
    assert el1.meets_baseline is True
    (q,) = el1.quota_products
    assert (q.product, q.quota, q.standard, q.clause, q.status) == (
        "clinker",
        "gb16780.clinker",
        "GB 16780-2021",
        "表1",
        "secondary",
    )
    assert el1.quota_rule is not None and el1.quota_rule.status == "secondary"
    assert "R4" in el1.quota_rule.source and el1.quota_rule.clause == "能源低碳化 EL1"


STEEL = _filing(
    "3120",
    [
        {"carrier": "coke", "quantity": 40000, "unit": "t", "product": "sinter"},
        {
            "carrier": "electricity",
            "quantity": 4000,
            "unit": "万kWh",
            "origin": "grid",
            "product": "sinter",
        },
        {"carrier": "coke", "quantity": 300000, "unit": "t", "product": "hot_metal"},
        {
            "carrier": "electricity",
            "quantity": 2000,
            "unit": "万kWh",
            "origin": "grid",
            "product": "crude_steel_bof",
        },
        {
            "carrier": "converter_gas",
            "quantity": 9000,
            "unit": "万m3",
            "origin": "exported",
            "product": "crude_steel_bof",
        },
    ],
    [
        {"product": "sinter", "quantity": 100, "unit": "万t"},
        {"product": "hot_metal", "quantity": 80, "unit": "万t", "iron_grade": 60},
        {"product": "crude_steel_bof", "quantity": 90, "unit": "万t", "scrap_ratio": 10},
    ],
)


def test_bf_bof_works_every_process_against_gb21256() -> None:
    # GB 21256-2025 表1, each product's own energy (lines tagged to it):
    # sinter: 40 000 t coke × 0.9714 = 38 856 000 + 4.0e7 kWh × 0.1229 = 4 916 000
    #   → 43 772 000 kgce ÷ 1 000 000 t = 43.772; levels 43 / 46
    #   → share (43.772 − 46)/(43 − 46) = 0.742667, earned 5.941333
    # hot metal: 300 000 t coke × 0.9714 = 291 420 000 kgce ÷ 800 000 t = 364.275; feed grade
    #   60 % is 2 points below 62 % → + 3.61 × 2 = 7.22 on every level → 368.22 / 377.22
    #   → share (364.275 − 377.22)/(368.22 − 377.22) = 1.4383 → 1, earned 8
    # BOF: 2.0e7 kWh × 0.1229 = 2 458 000 − exported converter gas 9.0e7 m3 × 0.2866 =
    #   25 794 000 → −23 336 000 kgce ÷ 900 000 t = −25.928889; scrap ratio 10 % → + 0.23 × 10
    #   = 2.3 → −27.7 / −25.7 → share (−25.928889 + 25.7)/(−27.7 + 25.7) = 0.114444, earned 0.915556
    # EL1 takes the lowest: the BOF, 0.915556 points.
    el1 = _run(STEEL).indicator("EL1")
    scores = {q.product: q for q in el1.quota_products}
    assert scores["sinter"].value == pytest.approx(43.772)
    assert scores["sinter"].earned == pytest.approx(8 * 2.228 / 3)
    assert scores["hot_metal"].value == pytest.approx(364.275)
    assert (scores["hot_metal"].leading, scores["hot_metal"].baseline) == pytest.approx(
        (368.22, 377.22)
    )
    assert scores["hot_metal"].corrections == ("feed grade 60 %: +7.22",)
    # the same correction as a template + params, which the platform translates
    assert scores["hot_metal"].correction_messages == (
        {
            "template": "feed grade %(grade)s %%: +%(amount)s",
            "params": {"grade": "60", "amount": "7.22"},
        },
    )
    assert scores["hot_metal"].earned == 8.0
    bof = scores["crude_steel_bof"]
    assert bof.value == pytest.approx(-23_336_000 / 900_000)
    assert (bof.leading, bof.baseline) == pytest.approx((-27.7, -25.7))
    assert bof.binding and not scores["sinter"].binding
    assert el1.earned == pytest.approx(8 * (0.228889 / 2), rel=1e-5)
    assert el1.value == bof.value and el1.baseline == bof.baseline
    assert el1.name_zh == "单位产品综合能耗"  # not "per value added" when scored by quota
    assert all(q.standard == "GB 21256-2025" for q in el1.quota_products)


def test_steel_set_scores_hot_metal_only() -> None:
    # GF-STEEL-2025 limits the rule to hot metal: 364.275 at or below 引领值 368.22 → 8 points
    el1 = _run(STEEL, "GF-STEEL-2025").indicator("EL1")
    assert [q.product for q in el1.quota_products] == ["hot_metal"]
    assert el1.earned == 8.0
    assert {s.product: s.reason for s in el1.quota_skipped} == {
        "sinter": "not_in_rule",
        "crude_steel_bof": "not_in_rule",
    }


def test_product_above_its_baseline_leaves_el1_unmet() -> None:
    # hot metal without the feed-grade correction: 364.275 ≤ 370 passes; with 310 000 t coke
    # 310 000 000 × 0.9714 / 800 000 = 376.41 > 370 (level 2) → 0 points, EL1 (mandatory) unmet
    data = _filing(
        "3110",
        [{"carrier": "coke", "quantity": 310000, "unit": "t"}],
        [{"product": "hot_metal", "quantity": 80, "unit": "万t"}],
    )
    result = _run(data)
    el1 = result.indicator("EL1")
    assert el1.value == pytest.approx(376.4175)
    assert el1.earned == 0.0 and el1.meets_baseline is False
    assert any(
        u.indicator == "EL1" and u.reason == "below_baseline" for u in result.unmet_mandatory
    )


ALUMINIUM = _filing(
    "3216",
    [{"carrier": "electricity", "quantity": 129700, "unit": "万kWh", "origin": "grid"}],
    [{"product": "aluminium_liquid", "quantity": 10, "unit": "万t"}],
)


def test_aluminium_smelter_ac_power_against_gb21346() -> None:
    # 129 700 万kWh = 1.297e9 kWh ÷ 100 000 t = 12 970 kWh/t.  GB 21346-2022 表1 铝液交流电耗
    # (the only quota of liquid aluminium, in kWh/t): level 1 = 12 950, level 2 = 13 000.
    # share = (12 970 − 13 000)/(12 950 − 13 000) = 30/50 = 0.6; earned = 8 × 0.6 = 4.8
    el1 = _run(ALUMINIUM).indicator("EL1")
    assert el1.threshold_source == "quota"
    assert (el1.value, el1.unit) == (pytest.approx(12970.0), "kWh/t")
    assert (el1.leading, el1.baseline) == (12950, 13000)
    assert el1.share == pytest.approx(0.6)
    assert el1.earned == pytest.approx(4.8)
    (q,) = el1.quota_products
    assert (q.quota, q.standard) == ("gb21346.aluminium_liquid", "GB 21346-2022")


FOUNDRY = _filing(
    "3391",
    [{"carrier": "electricity", "quantity": 500, "unit": "万kWh", "origin": "grid"}],
    [{"product": "铸件", "quantity": 10000, "unit": "t"}],
    economics={"value_added": {"value": 10000, "unit": "万元"}},
)


def test_product_without_quota_falls_back_to_energy_per_value_added() -> None:
    # no GB quota for castings → EL1 = energy per 10 000 yuan of value added:
    # 5.0e6 kWh × 0.1229 = 614 500 kgce ÷ 10 000 万元 = 61.45 kgce/万元; the generic set's
    # baseline 500, leading 200 → share (61.45 − 500)/(200 − 500) = 1.46 → 1 → 8 points
    el1 = _run(FOUNDRY).indicator("EL1")
    assert el1.threshold_source == "standard"
    assert el1.quota_fallback == "no_quota_product"
    assert [(s.product, s.reason) for s in el1.quota_skipped] == [("castings", "no_quota")]
    assert el1.value == pytest.approx(61.45)
    assert (el1.baseline, el1.leading, el1.unit) == (500, 200, "kgce/万元")
    assert el1.earned == 8.0


def test_without_filing_products_the_result_says_no_products() -> None:
    standard = default_registry().get(GENERIC)
    el1 = evaluate(
        standard, metrics={"energy_per_value_added": 350.0}, answers={}, vetoes={}
    ).indicator("EL1")
    # (350 − 500)/(200 − 500) = 0.5 → 4 points on the standard's own values
    assert el1.threshold_source == "standard" and el1.quota_fallback == "no_products"
    assert el1.earned == pytest.approx(4.0)
