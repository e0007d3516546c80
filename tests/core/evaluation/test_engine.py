from __future__ import annotations

import pytest

from greenmfg.core.errors import EvaluationInputInvalidError
from greenmfg.core.evaluation import IndicatorSet, evaluate, load_standard, what_if

NO_VETO = {f"V{i}": False for i in range(1, 7)}


@pytest.fixture(scope="module")
def gbt2025() -> IndicatorSet:
    return load_standard("GB/T 36132-2025")


def test_missing_metric_is_no_data_not_zero(gbt2025: IndicatorSet) -> None:
    result = evaluate(gbt2025, metrics={}, answers={}, vetoes=NO_VETO)
    el3 = result.indicator("EL3")
    assert el3.state == "no_data"
    assert el3.earned is None
    assert "renewable_share" in result.missing_metrics
    # a value of zero is data: it scores (here 0 points) and is not "no data"
    zero = evaluate(gbt2025, metrics={"renewable_share": 0.0}, answers={}, vetoes=NO_VETO)
    assert zero.indicator("EL3").state == "scored"
    assert zero.indicator("EL3").earned == 0.0


def test_undeclared_vetoes_make_the_factory_ineligible(gbt2025: IndicatorSet) -> None:
    result = evaluate(gbt2025, metrics={}, answers={}, vetoes={"V1": False})
    assert result.eligible is False
    assert result.vetoes_undeclared == ["V2", "V3", "V4", "V5", "V6"]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"answers": {"X99": True}}, "answers.X99"),
        ({"answers": {"B1": 1.0}}, "answers.B1"),
        ({"answers": {"RE1-1": 9.0}}, "answers.RE1-1"),
        ({"answers": {"EL4": True}}, "answers.EL4"),
        ({"vetoes": {"V9": True}}, "vetoes.V9"),
        ({"vetoes": {"V1": "no"}}, "vetoes.V1"),
        ({"metrics": {"made_up": 1.0}}, "metrics.made_up"),
        ({"metrics": {"renewable_share": float("nan")}}, "metrics.renewable_share"),
        (
            {"metrics": {"renewable_share": 10.0}, "answers": {"EL3": 12.0}},
            "answers.EL3",
        ),
    ],
)
def test_bad_input_names_the_field(gbt2025: IndicatorSet, kwargs: dict, field: str) -> None:
    args = {"metrics": {}, "answers": {}, "vetoes": {}, **kwargs}
    with pytest.raises(EvaluationInputInvalidError) as info:
        evaluate(gbt2025, **args)
    assert info.value.params["field"] == field


def test_quantitative_answer_fills_an_absent_metric(gbt2025: IndicatorSet) -> None:
    result = evaluate(gbt2025, metrics={}, answers={"EL3": 17.5}, vetoes=NO_VETO)
    assert result.indicator("EL3").input_source == "answer"
    assert result.indicator("EL3").earned == pytest.approx(4.0)


def test_partial_item_points(gbt2025: IndicatorSet) -> None:
    result = evaluate(gbt2025, metrics={}, answers={"CP1-1": 3.0}, vetoes=NO_VETO)
    assert result.indicator("CP1").earned == 3.0
    gap = next(g for g in result.gaps if g.item == "CP1-1")
    # 3 missing points of CP's 16, CP weighs 15 of 100
    assert gap.points_gained == pytest.approx(3 / 16 * 15)


def test_gap_gives_the_value_to_reach(gbt2025: IndicatorSet) -> None:
    result = evaluate(gbt2025, metrics={"water_reuse_rate": 90.0}, answers={}, vetoes=NO_VETO)
    gap = next(g for g in result.gaps if g.indicator == "RE4")
    assert gap.current_value == 90.0
    assert gap.target_value == 95.0
    assert gap.baseline == 85.0
    # 90 is half-way from 85 to 95: 3 of 6 points left, RE = 25 % over 26 points
    assert gap.points_gained == pytest.approx(3 / 26 * 25)
    ranked = [g.points_gained for g in result.gaps]
    assert ranked == sorted(ranked, reverse=True)


def test_what_if_changes_the_score(gbt2025: IndicatorSet) -> None:
    change = what_if(
        gbt2025,
        metrics={"renewable_share": 5.0},
        answers={},
        vetoes=NO_VETO,
        change_metrics={"renewable_share": 30.0},
    )
    assert change.before.indicator("EL3").earned == 0.0
    assert change.after.indicator("EL3").earned == 8.0
    assert change.total_change == pytest.approx(8 / 30 * 35)
    assert change.changed_indicators == ["EL3"]


def test_unverified_inputs_are_listed(gbt2025: IndicatorSet) -> None:
    result = evaluate(gbt2025, metrics={}, answers={}, vetoes=NO_VETO)
    paths = {u.path for u in result.unverified_inputs}
    assert "pass_rule.threshold" in paths
    assert "categories.EL.weight" in paths
    assert "indicators.EL4.points" not in paths  # R4's weight parameter is secondary
    assert result.threshold_status == "unverified"
