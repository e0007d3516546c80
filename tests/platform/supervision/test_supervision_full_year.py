"""A full year of dynamic management (data year 2024, deadline 2025-04-15) in Suzhou
(苏州 320500), through the real services, with exact counts:

- 20 national green factories (cement, 3011) u00–u19 and one municipal one (u20, 3120):
  u00–u09 file on time; u10–u11 file late (with a reason); u12–u13 never file;
  u14 files an implausible clinker energy; u15 and u16 file identical figures;
  u17 declares a veto item; u18 files on time and a recheck finds its data falsified;
  u19 files on time but is the lowest-scored of its group three years running;
  u20 (municipal list) files on time and then has a major accident.
- The province draws a stratified spot-check sample (reproduced from its seed).
- Removals under each rule; the bar blocks a new application.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from greenmfg.core.domain import ListLevel, VetoItem
from greenmfg.core.errors import GuardFailedError
from greenmfg.core.supervision.removal import RemovalRule
from greenmfg.platform.registry.models import Listing
from greenmfg.platform.supervision import selectors, services
from greenmfg.platform.supervision.models import (
    DynamicFiling,
    QualityFlag,
    Removal,
    RemovalProposal,
)
from tests.platform.supervision.conftest import fields

pytestmark = pytest.mark.django_db

ON_TIME = dt.date(2025, 4, 8)
LATE = dt.date(2025, 4, 25)
AFTER = dt.date(2025, 5, 1)


def figures(i: int, **kw: Any) -> dict[str, Any]:
    """Consistent figures that differ per unit: energy 150000 + 1000·i tce, CO2 = 9:1 split."""
    energy = 150000.0 + 1000 * i
    co2 = 1_000_000.0 + 10_000 * i
    return fields(
        energy_total_tce=energy,
        energy_per_value_added=energy * 1000 / 31000,
        co2_total_t=co2,
        co2_scope1_t=co2 * 0.9,
        co2_scope2_t=co2 * 0.1,
        **kw,
    )


@pytest.fixture
def year(
    listed: Any, suzhou_official: Any, jiangsu_official: Any, national_official: Any
) -> dict[str, Any]:
    units = [
        listed(level=ListLevel.NATIONAL, year=2023, name=f"苏州水泥{i:02d}有限公司")
        for i in range(20)
    ]
    units.append(
        listed(level=ListLevel.MUNICIPAL, year=2023, industry="3120", name="苏州钢铁20有限公司")
    )

    def submit(i: int, on: dt.date = ON_TIME, **kw: Any) -> DynamicFiling:
        ent, _, user = units[i]
        return services.filing_submit(
            actor=user, unit=ent, year=2024, fields=kw.pop("f", figures(i)), today=on, **kw
        )

    for i in range(10):
        submit(i)
    for i in (10, 11):
        submit(i, on=LATE, late_reason="ERP 系统切换")
    submit(14, f=figures(14, energy_per_product={"clinker": 30.0}))
    submit(15, f=figures(15))
    submit(16, f=figures(15))  # identical to u15
    vetoes = {v.value: False for v in VetoItem}
    vetoes[VetoItem.DISHONEST_DEBTOR.value] = True
    submit(17, f=figures(17, vetoes=vetoes))
    for i in (18, 19, 20):
        submit(i)
    return {"units": units}


def test_filings_tracking_and_flags(year: dict[str, Any], suzhou_official: Any) -> None:
    rows = selectors.filing_tracking(actor=suzhou_official, year=2024, today=AFTER)
    states: dict[str, int] = {}
    for r in rows:
        states[r.state] = states.get(r.state, 0) + 1
    assert states == {"on_time": 17, "late": 2, "missing": 2}
    assert DynamicFiling.objects.filter(year=2024, status=DynamicFiling.Status.LATE).count() == 2
    abnormal = [u for u, _, _ in year["units"] if selectors.filing_status(u, 2024).abnormal]
    assert [u.name for u in abnormal] == [
        "苏州水泥14有限公司",
        "苏州水泥15有限公司",
        "苏州水泥16有限公司",
        "苏州水泥17有限公司",
    ]
    assert sorted(QualityFlag.objects.values_list("code", flat=True)) == [
        "identical_figures",
        "identical_figures",
        "implausible_intensity",
        "veto_declared",
    ]
    # the city's queue: every submitted filing, the flagged ones first
    queue = list(selectors.audit_queue(actor=suzhou_official, year=2024))
    assert len(queue) == 19
    assert {f.unit_name for f in queue[:4]} == {u.name for u in abnormal}
    # green code view of the whole year in two queries
    statuses = selectors.filing_statuses(2024)
    assert len(statuses) == 19 and sum(s.abnormal for s in statuses.values()) == 4


def test_reminders_before_the_deadline(year: dict[str, Any]) -> None:
    # on 2025-04-08 the 30-, 14- and 7-day reminders are due for the two units not yet filed
    # (u12, u13) — the late filers u10, u11 had not filed yet either on that day, but they
    # have now, so they are not reminded.
    assert services.reminders_send(year=2024, today=dt.date(2025, 4, 8)) == 2 * 3
    assert services.reminders_send(year=2024, today=dt.date(2025, 4, 8)) == 0  # sent once
    assert services.reminders_send(year=2024, today=dt.date(2025, 4, 14)) == 2  # the 1-day one
    assert services.reminders_send(year=2024, today=AFTER) == 0  # past the deadline


def test_spot_check_sample_is_stratified_and_reproducible(
    year: dict[str, Any], jiangsu_official: Any
) -> None:
    check = services.spot_check_draw(actor=jiangsu_official, year=2024, seed=20250501, rate=0.2)
    assert check.population_size == 21
    assert [
        (s["region"], s["industry"], s["population"], len(s["drawn"])) for s in check.strata
    ] == [
        ("3205", "30", 20, 4),
        ("3205", "31", 1, 1),
    ]
    assert len(check.sample) == 5
    assert services.spot_check_reproduce(check) == check.sample
    again = services.spot_check_draw(actor=jiangsu_official, year=2024, seed=20250501, rate=0.2)
    assert again.sample == check.sample
    weighted = services.spot_check_draw(
        actor=jiangsu_official, year=2024, seed=20250501, rate=0.2, risk_weighted=True
    )
    assert services.spot_check_reproduce(weighted) == weighted.sample
    flagged = {f.listing_id: 1 for f in DynamicFiling.objects.filter(flags__isnull=False)}
    assert {
        row["unit_id"] for row in weighted.parameters["population"] if row["abnormal_flags"]
    } == {str(pk) for pk in flagged}


def test_removals_under_each_rule_and_the_bar(
    year: dict[str, Any], suzhou_official: Any, national_official: Any, make_round: Any
) -> None:
    units = year["units"]
    listing = {i: units[i][1] for i in range(21)}
    # scores (higher is better) for 2022–2024: u19 is the lowest of the 20 national cement
    # factories every year → floor(20 × 5 %) = 1 unit in the bottom 5 %.
    scores = {
        listing[i].pk: dict.fromkeys((2022, 2023, 2024), 10.0 if i == 19 else 50.0 + i)
        for i in range(20)
    }
    created = services.removals_propose_for_year(
        actor=suzhou_official, year=2024, today=AFTER, scores=scores
    )
    assert sorted((p.listing_id, p.rule) for p in created) == sorted(
        [
            (listing[12].pk, RemovalRule.NO_FILING.value),
            (listing[13].pk, RemovalRule.NO_FILING.value),
            (listing[17].pk, RemovalRule.VETO_EVENT.value),
            (listing[19].pk, RemovalRule.BOTTOM_FIVE_PERCENT.value),
        ]
    )
    # idempotent: running the rules again proposes nothing new
    assert (
        services.removals_propose_for_year(
            actor=suzhou_official, year=2024, today=AFTER, scores=scores
        )
        == []
    )
    services.recheck_record(
        actor=suzhou_official,
        listing=listing[18],
        year=2024,
        findings="电表读数与填报能耗不符,发票缺失",
        outcome="falsified",
        checked_on=dt.date(2025, 5, 10),
    )
    services.removal_propose(
        actor=suzhou_official,
        listing=listing[20],
        rule=RemovalRule.MAJOR_ACCIDENT,
        data_year=2025,
        params={"year": 2025, "detail": "重大安全生产事故"},
        today=dt.date(2025, 5, 12),
    )
    # the municipal list's owner (Suzhou) removed u20 at once; the national proposals wait
    assert RemovalProposal.objects.filter(status=RemovalProposal.Status.PROPOSED).count() == 5
    assert Removal.objects.count() == 1
    for proposal in RemovalProposal.objects.filter(status=RemovalProposal.Status.PROPOSED):
        services.removal_decide(
            actor=national_official, proposal=proposal, approve=True, removed_on=dt.date(2025, 6, 1)
        )
    assert Removal.objects.count() == 6
    assert sorted(Removal.objects.values_list("rule", flat=True)) == sorted(
        [
            "no_filing",
            "no_filing",
            "veto_event",
            "bottom_five_percent",
            "falsified_data",
            "major_accident",
        ]
    )
    assert Listing.objects.filter(removed_on__isnull=False).count() == 6
    assert selectors.removal_bar_until(units[20][0], on=dt.date(2026, 1, 1)) == dt.date(2028, 5, 12)
    assert selectors.removal_bar_until(units[12][0], on=dt.date(2026, 1, 1)) == dt.date(2028, 6, 1)
    assert selectors.removal_bar_until(units[0][0], on=dt.date(2026, 1, 1)) is None

    # the bar blocks a new application: workflow's guard, on the facts it reads from the
    # database, refuses it until the same day our selector gives.
    from greenmfg.core.workflow.guards import not_recently_removed
    from greenmfg.platform.workflow.services import (
        application_create,
        application_submit,
        gather_facts,
    )

    ent, _, user = units[12]
    app = application_create(
        actor=user,
        round=make_round(),
        enterprise=ent,
        evaluation_reference="EV-2026-0012",
        evaluation_hash="b" * 64,
        evaluation_score=Decimal("80"),
    )
    outcome = not_recently_removed(gather_facts(app, dt.date(2026, 1, 1)))
    assert outcome.blocks and outcome.code == "removal_bar"
    assert outcome.params["until"] == "2028-06-01"
    assert not_recently_removed(gather_facts(app, dt.date(2028, 6, 1))).passed
    # and the application itself cannot be submitted today (before 2028-06-01)
    with pytest.raises(GuardFailedError, match="2028-06-01"):
        application_submit(actor=user, application=app)
