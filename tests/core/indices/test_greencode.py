from __future__ import annotations

import pytest

from greenmfg.core.errors import InvalidValueError
from greenmfg.core.indices.greencode import (
    Exclusion,
    Grade,
    GreenCodeInput,
    grade_history,
    grade_units,
    midrank_percentiles,
    peer_groups,
)
from greenmfg.core.indices.methods import green_code_method
from tests.core.indices.indices_synth import make_units, uscc

FULL = {m.metric: 1.0 for m in green_code_method().indicators}


@pytest.mark.parametrize("n", [20, 40, 100, 1000])
def test_grade_shares_are_exactly_5_35_60_for_multiples_of_20(n: int) -> None:
    run = grade_units(make_units(n, seed=n, nonfilers=3, abnormal=2))
    counts = run.grade_counts()
    assert counts[Grade.A_PLUS] * 100 == 5 * n
    assert counts[Grade.A] * 100 == 35 * n
    assert counts[Grade.B] * 100 == 60 * n


@pytest.mark.parametrize(
    ("n", "expected"), [(1, (0, 0, 1)), (10, (1, 3, 6)), (37, (2, 13, 22)), (30, (2, 10, 18))]
)
def test_grade_counts_round_half_up(n: int, expected: tuple[int, int, int]) -> None:
    assert tuple(c for _, c in green_code_method().grade_counts(n)) == expected


def test_non_filers_and_abnormal_filings_get_no_code() -> None:
    units = make_units(40, seed=1, nonfilers=4, abnormal=3)
    run = grade_units(units)
    excluded = run.excluded_counts()
    assert excluded[Exclusion.NOT_FILED] == 4
    assert excluded[Exclusion.ABNORMAL] == 3
    for unit, result in zip(units, run.results, strict=True):
        assert unit.uscc == result.uscc
        if not unit.filed or unit.abnormal:
            assert result.grade is None and result.score is None and result.rank_overall is None


def test_too_few_indicators_means_insufficient_data() -> None:
    units = [
        GreenCodeInput(uscc(1), "3011", filed=True, metrics={"water_reuse_rate": 90.0}),
        GreenCodeInput(uscc(2), "3011", filed=True, metrics=FULL),
    ]
    run = grade_units(units).by_uscc()
    assert run[uscc(1)].excluded is Exclusion.INSUFFICIENT_DATA
    assert run[uscc(2)].grade is Grade.B  # one unit: 5 % and 40 % of 1 round to 0


def test_ties_are_broken_by_uscc() -> None:
    # 20 identical units: same score, so the order is the USCC order.
    units = [GreenCodeInput(uscc(i), "3011", filed=True, metrics=FULL) for i in reversed(range(20))]
    run = grade_units(units).by_uscc()
    assert run[uscc(0)].grade is Grade.A_PLUS
    assert run[uscc(0)].rank_overall == 1
    assert [run[uscc(i)].grade for i in range(1, 8)] == [Grade.A] * 7
    assert run[uscc(8)].grade is Grade.B
    assert {run[uscc(i)].score for i in range(20)} == {50.0}


def test_better_values_score_higher_and_ranks_within_industry() -> None:
    units = []
    for i in range(6):
        metrics = {
            "energy_per_value_added": 100.0 - i,  # lower is better
            "co2_per_value_added": 200.0 - i,
            "water_reuse_rate": 50.0 + i,  # higher is better
        }
        units.append(GreenCodeInput(uscc(i), "3011", filed=True, metrics=metrics))
    units.append(
        GreenCodeInput(
            uscc(99),
            "1713",
            filed=True,
            metrics={
                "energy_per_value_added": 1.0,
                "co2_per_value_added": 1.0,
                "water_reuse_rate": 1.0,
            },
        )
    )
    run = grade_units(units).by_uscc()
    assert run[uscc(5)].score == 100.0
    assert run[uscc(0)].score == 0.0
    assert run[uscc(5)].rank_industry == 1 and run[uscc(5)].industry_size == 6
    assert run[uscc(0)].rank_industry == 6
    # the lone 1713 unit is compared with everyone (class and division too small): p = 0 or 1
    assert run[uscc(99)].peer_group == "*"
    assert run[uscc(99)].rank_industry == 1 and run[uscc(99)].industry_size == 1


def test_midrank_percentile_formula() -> None:
    p = midrank_percentiles({"a": 1.0, "b": 2.0, "c": 2.0, "d": 3.0}, higher_is_better=True)
    assert p == {"a": 0.0, "b": 0.5, "c": 0.5, "d": 1.0}
    q = midrank_percentiles({"a": 1.0, "b": 2.0, "c": 3.0}, higher_is_better=False)
    assert q == {"a": 1.0, "b": 0.5, "c": 0.0}
    assert midrank_percentiles({"a": 7.0}, higher_is_better=True) == {"a": 0.5}


def test_peer_groups_widen_small_classes() -> None:
    industries = {f"u{i}": "3011" for i in range(5)} | {"x": "3012", "y": "1713"}
    groups = peer_groups(industries, min_peers=5)
    assert groups["u0"] == "3011"
    assert groups["x"] == "30"
    assert groups["y"] == "*"


def test_bad_input_names_the_unit_and_field() -> None:
    with pytest.raises(InvalidValueError, match="energy_per_value_added"):
        grade_units(
            [GreenCodeInput(uscc(1), "3011", filed=True, metrics={"energy_per_value_added": -1.0})]
        )
    with pytest.raises(InvalidValueError, match="industry"):
        grade_units([GreenCodeInput(uscc(1), "30", filed=True)])
    with pytest.raises(InvalidValueError, match="once per grading"):
        grade_units([GreenCodeInput(uscc(1), "3011", filed=False)] * 2)


def test_grade_history_directions() -> None:
    history = grade_history({2025: Grade.A_PLUS, 2024: Grade.A, 2026: None})
    assert [h.year for h in history] == [2024, 2025, 2026]
    assert [h.direction for h in history] == [1, 1, -1]
