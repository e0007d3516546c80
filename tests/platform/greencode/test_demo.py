"""The demo steps on the synthetic data set (greenmfg.synth, small scale): the green codes
of the demo filings and the index snapshots."""

from __future__ import annotations

import io

import pytest

from greenmfg.core.indices.methods import green_code_method
from greenmfg.platform.dashboards.demo import snapshots_demo
from greenmfg.platform.dashboards.models import IndexSnapshot
from greenmfg.platform.greencode.demo import grade_demo
from greenmfg.platform.greencode.models import GradingRun, GreenCode, NoCode
from greenmfg.platform.registry.demo_data import load_demo_data
from greenmfg.platform.supervision.demo import simulate_year
from greenmfg.platform.supervision.selectors import filing_statuses

pytestmark = pytest.mark.django_db


def test_demo_grading_and_snapshots() -> None:
    dataset = load_demo_data(seed=7, scale=0.01, stdout=io.StringIO())
    year = max(int(f["year"]) for f in dataset.filings)
    simulate_year(list(dataset.filings), year, io.StringIO())
    out = io.StringIO()
    grade_demo(dataset, out)
    run = GradingRun.objects.get(year=year, current=True)
    n = run.graded
    assert n > 20
    # grade shares: exactly the documented rounding of 5 % / 40 % cumulative …
    expected = dict(green_code_method().grade_counts(n))
    assert run.counts == expected
    assert GreenCode.objects.filter(run=run, grade="A+").count() == (n * 5 + 50) // 100
    assert GreenCode.objects.filter(run=run, grade__in=["A+", "A"]).count() == (n * 40 + 50) // 100
    # … in the order of score, ties by credit code
    ordered = list(
        GreenCode.objects.filter(run=run)
        .order_by("rank_overall")
        .values_list("score", "enterprise__uscc", "grade")
    )
    assert ordered == sorted(ordered, key=lambda t: (-t[0], t[1]))
    grades = [g for _, _, g in ordered]
    assert grades == sorted(grades, key=["A+", "A", "B"].index)
    # no code for the units that did not file, or whose filing is flagged abnormal
    population = set(
        GreenCode.objects.filter(run=run).values_list("enterprise_id", flat=True)
    ) | set(NoCode.objects.filter(run=run).values_list("enterprise_id", flat=True))
    statuses = filing_statuses(year, list(population))
    reasons = dict(NoCode.objects.filter(run=run).values_list("enterprise_id", "reason"))
    assert run.excluded["not_filed"] > 0
    for enterprise_id in population:
        status = statuses.get(enterprise_id)
        if status is None or not status.filed:
            assert reasons.get(enterprise_id) == "not_filed"
        elif status.abnormal:
            assert reasons.get(enterprise_id) == "abnormal"
        else:
            assert enterprise_id not in reasons

    snapshots_demo(dataset, io.StringIO())
    country = IndexSnapshot.objects.get(level="country", year=year, current=True)
    assert country.payload["aggregate"]["units"] > 0
    ranked = IndexSnapshot.objects.filter(
        level="province", year=year, current=True, rank__isnull=False
    )
    assert ranked.count() > 10
