from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from greenmfg.core.errors import InvalidValueError
from greenmfg.platform.greencode.models import GradingRun, GreenCode, NoCode
from greenmfg.platform.greencode.services import green_codes_grade
from greenmfg.platform.greencode.sources import collect_inputs, metrics_from_table

YEAR = 2024


def test_grade_shares_exactly_5_35_60_and_no_code_for_nonfilers(population: Any) -> None:
    units, inputs = population(graded=60, nonfilers=4, abnormal=3)
    run = green_codes_grade(actor=None, year=YEAR, units=units, inputs=inputs)
    assert run.population == 67 and run.graded == 60
    assert run.counts == {"A+": 3, "A": 21, "B": 36}  # 5 / 35 / 60 % of 60
    assert run.excluded == {"not_filed": 4, "abnormal": 3, "insufficient_data": 0}
    codes = GreenCode.objects.filter(year=YEAR, current=True)
    assert codes.count() == 60
    assert NoCode.objects.filter(run=run).count() == 7
    coded = set(codes.values_list("enterprise__uscc", flat=True))
    for unit, inp in zip(units, inputs, strict=True):
        assert (unit.uscc in coded) == (inp.filed and not inp.abnormal)
    # ranks 1..n, ties broken by credit code: the ordering is (score desc, uscc asc)
    ordered = list(codes.order_by("rank_overall").values_list("score", "enterprise__uscc"))
    assert ordered == sorted(ordered, key=lambda t: (-t[0], t[1]))
    top = codes.order_by("rank_overall")
    assert [c.grade for c in top[:3]] == ["A+"] * 3 and top[3].grade == "A"
    first = top[0]
    assert first.valid_from == dt.date(YEAR + 1, 5, 15)
    assert first.valid_until == dt.date(YEAR + 2, 5, 14)


def test_regrading_keeps_history(population: Any) -> None:
    units, inputs = population(graded=20)
    first = green_codes_grade(actor=None, year=YEAR, units=units, inputs=inputs)
    second = green_codes_grade(actor=None, year=YEAR, units=units, inputs=inputs)
    first.refresh_from_db()
    assert not first.current and second.current
    assert GradingRun.objects.filter(year=YEAR).count() == 2
    assert GreenCode.objects.filter(year=YEAR).count() == 40
    assert GreenCode.objects.filter(year=YEAR, current=True).count() == 20
    green_codes_grade(actor=None, year=YEAR - 1, units=units, inputs=inputs)
    enterprise = units[0]
    assert list(
        GreenCode.objects.filter(enterprise=enterprise, current=True).values_list("year", flat=True)
    ) == [YEAR, YEAR - 1]


def test_only_national_authority_may_grade(
    population: Any, suzhou_official: Any, national_official: Any
) -> None:
    units, inputs = population(graded=5)
    with pytest.raises(PermissionDenied):
        green_codes_grade(actor=suzhou_official, year=YEAR, units=units, inputs=inputs)
    run = green_codes_grade(actor=national_official, year=YEAR, units=units, inputs=inputs)
    assert run.triggered_by == national_official
    with pytest.raises(InvalidValueError, match="year"):
        green_codes_grade(actor=None, year=1999, units=units, inputs=inputs)


def test_sources_take_only_active_national_factories(
    make_enterprise: Any, make_listing: Any
) -> None:
    from greenmfg.platform.registry.services import listing_remove

    national = make_enterprise()
    make_listing(national, year=2022)
    provincial = make_enterprise()
    make_listing(provincial, level="provincial", year=2022)
    removed = make_enterprise()
    listing = make_listing(removed, year=2020)
    listing_remove(actor=None, listing=listing, removed_on=dt.date(2023, 3, 1), reason="test")
    units, inputs = collect_inputs(YEAR)
    assert [u.uscc for u in units] == [national.uscc]
    assert inputs[0].filed is False  # no dynamic management filing → no code
    run = green_codes_grade(actor=None, year=YEAR)
    assert run.graded == 0 and run.excluded["not_filed"] == 1


def test_metrics_from_the_dynamic_management_table() -> None:
    metrics = metrics_from_table(
        {
            "energy_per_value_added": 120.5,
            "co2_per_value_added": 300,
            "water_reuse_rate_pct": 95.0,
            "solid_waste_utilisation_rate_pct": None,
            "renewable_share_pct": 12.0,
            "water_withdrawal_m3": 5000.0,
            "value_added_10k_yuan": 2500.0,
        }
    )
    assert metrics == {
        "energy_per_value_added": 120.5,
        "co2_per_value_added": 300.0,
        "water_reuse_rate": 95.0,
        "renewable_share": 12.0,
        "water_per_value_added": 2.0,
    }


def test_background_task_and_command(make_enterprise: Any, make_listing: Any) -> None:
    import io

    from django.core.management import call_command

    from greenmfg.platform.greencode.tasks import grade_year_task

    unit = make_enterprise()
    make_listing(unit, year=2022)
    result = grade_year_task.enqueue(YEAR)
    assert result.return_value["year"] == YEAR
    assert result.return_value["excluded"]["not_filed"] == 1
    from greenmfg.platform.dashboards.models import IndexSnapshot

    # the year's index snapshots follow the grading
    assert IndexSnapshot.objects.filter(year=YEAR, level="country", current=True).exists()
    out = io.StringIO()
    call_command("grade_green_codes", str(YEAR), stdout=out)
    assert "1 national green factories, 0 graded" in out.getvalue()
    assert GradingRun.objects.filter(year=YEAR, current=True).count() == 1


def test_grading_is_due_the_day_after_the_latest_filing_deadline() -> None:
    from greenmfg.platform.greencode.tasks import grading_due

    due = grading_due(2024)
    assert due.date() >= dt.date(2025, 4, 16)
    assert due.date() <= dt.date(2025, 5, 15)  # MIIT re-codes within a month of filing
    assert (due.hour, due.minute) == (2, 0)


def test_platform_grading_runs_the_batch_path_and_equals_the_per_unit_path(
    population: Any,
) -> None:
    """The platform grades through the Polars path (grade_frame); every stored code and
    no-code reason is what the per-unit path (grade_units) gives for the same inputs."""
    from greenmfg.core.indices.greencode import grade_units

    units, inputs = population(graded=45, nonfilers=3, abnormal=2)
    run = green_codes_grade(actor=None, year=YEAR, units=units, inputs=inputs)
    expected = grade_units(inputs).by_uscc()
    stored = {
        c.enterprise.uscc: c for c in GreenCode.objects.filter(run=run).select_related("enterprise")
    }
    reasons = dict(NoCode.objects.filter(run=run).values_list("enterprise__uscc", "reason"))
    for uscc, result in expected.items():
        if result.grade is None:
            assert reasons[uscc] == result.excluded
            continue
        code = stored[uscc]
        assert (code.grade, code.rank_overall, code.rank_industry, code.peer_group) == (
            result.grade.value,
            result.rank_overall,
            result.rank_industry,
            result.peer_group,
        )
        assert code.score == round(result.score or 0.0, 6)
