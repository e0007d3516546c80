from __future__ import annotations

from datetime import date

from greenmfg.core.domain import VetoItem
from greenmfg.core.supervision.removal import (
    RemovalRule,
    UnitYear,
    bar_until,
    bottom_share_units,
    is_barred,
    propose_removals,
)


def test_bottom_share_floor() -> None:
    scores = {f"u{i:02d}": float(i) for i in range(40)}
    assert bottom_share_units(scores, share=0.05) == {"u00", "u01"}  # floor(40 × 0.05) = 2
    assert bottom_share_units({f"u{i}": 1.0 for i in range(19)}, share=0.05) == set()  # floor(0.95)
    assert bottom_share_units({f"u{i}": 1.0 for i in range(19)}, share=0.05, rounding="ceil") == {
        "u0"
    }


def test_each_rule() -> None:
    records: list[UnitYear] = []
    for year in (2022, 2023, 2024):
        for i in range(20):
            # u00 is last of its group every year; u01 last only in 2024
            score = float(i)
            if i == 1 and year < 2024:
                score = 100.0
            if i == 0 and year == 2024:
                score = 0.5
            if i == 1 and year == 2024:
                score = 0.0
            records.append(UnitYear(f"u{i:02d}", year, "factory:30", score=score))
    records = [
        r for r in records if not (r.year == 2024 and r.unit_id in {"u02", "u03", "u04", "u05"})
    ]
    records += [
        UnitYear("u02", 2024, "factory:30", veto_events=(VetoItem.DISHONEST_DEBTOR,), score=10.0),
        UnitYear("u03", 2024, "factory:30", filed=False),
        UnitYear("u04", 2024, "factory:30", falsified="energy figures", score=10.0),
        UnitYear("u05", 2024, "factory:30", major_accident="explosion, 3 deaths", score=10.0),
    ]
    proposals = propose_removals(records, year=2024)
    assert [(p.unit_id, p.rule) for p in proposals] == [
        ("u02", RemovalRule.VETO_EVENT),
        ("u03", RemovalRule.NO_FILING),
        ("u04", RemovalRule.FALSIFIED_DATA),
        ("u05", RemovalRule.MAJOR_ACCIDENT),
    ]
    # with 19 scored units in 2024, floor(0.95) = 0: nobody is in the bottom 5 %.
    assert all(p.rule is not RemovalRule.BOTTOM_FIVE_PERCENT for p in proposals)
    accident = proposals[3]
    assert accident.immediate is True and accident.status == "secondary"
    assert "explosion" in accident.reason


def test_bottom_five_percent_three_years_running() -> None:
    records = [
        UnitYear(
            f"u{i:02d}", year, "factory:30", score=float(i) if (i != 1 or year == 2024) else 99.0
        )
        for year in (2022, 2023, 2024)
        for i in range(20)
    ]
    proposals = propose_removals(records, year=2024)
    # u00 lowest in all three years; u01 lowest-but-one only counts when floor(20×5%)=1 picks it — it never does
    assert [(p.unit_id, p.rule) for p in proposals] == [("u00", RemovalRule.BOTTOM_FIVE_PERCENT)]
    assert (
        proposals[0].reason == "In the bottom 5 % of group factory:30 in each of 2022, 2023, 2024."
    )
    # two years of data are not three years running
    assert propose_removals([r for r in records if r.year > 2022], year=2024) == []


def test_bar() -> None:
    assert bar_until(date(2025, 3, 1)) == date(2028, 3, 1)
    assert bar_until(date(2024, 2, 29)) == date(2027, 2, 28)
    assert is_barred(date(2025, 3, 1), date(2028, 2, 29))
    assert not is_barred(date(2025, 3, 1), date(2028, 3, 1))
