"""The demo step on the synthetic data set (greenmfg.synth, small scale): the last data
year's tables go through the real services, some late, some missing, and every filing the
generator made abnormal on purpose is flagged by the checks."""

from __future__ import annotations

import io
import math
from typing import Any

import pytest

from greenmfg.platform.registry.demo_data import load_demo_data
from greenmfg.platform.supervision import selectors
from greenmfg.platform.supervision.demo import LATE_BELOW, MISSING_BELOW, _bucket, load_filings
from greenmfg.platform.supervision.models import DynamicFiling, QualityFlag, RemovalProposal
from greenmfg.platform.supervision.services import active_listing

pytestmark = pytest.mark.django_db


def test_demo_year_on_synthetic_data() -> None:
    dataset = load_demo_data(seed=7, scale=0.01, stdout=io.StringIO())
    year = max(int(f["year"]) for f in dataset.filings)
    out = io.StringIO()
    load_filings(dataset, out)
    assert "rejected 0" in out.getvalue(), out.getvalue()
    counts = {
        k: int(v)
        for k, v in (
            part.split(" ") for part in out.getvalue().splitlines()[0].split(": ", 1)[1].split(", ")
        )
    }

    from greenmfg.platform.registry.models import Enterprise

    filers = [
        f["enterprise"]["uscc"]
        for f in dataset.filings
        if f["year"] == year
        and (e := Enterprise.objects.filter(uscc=f["enterprise"]["uscc"]).first()) is not None
        and (lst := active_listing(e, year)) is not None
        and lst.kind in ("factory", "supply_chain")
    ]
    expected_late = sum(1 for u in filers if _bucket(u, year) < LATE_BELOW)
    expected_missing = sum(1 for u in filers if LATE_BELOW <= _bucket(u, year) < MISSING_BELOW)
    assert counts["late"] == expected_late > 0
    assert counts["missing"] == expected_missing > 0
    assert counts["on_time"] == len(filers) - expected_late - expected_missing
    assert DynamicFiling.objects.filter(year=year).count() == counts["on_time"] + counts["late"]
    # one no-filing proposal per deliberately missing unit
    assert (
        RemovalProposal.objects.filter(rule="no_filing", data_year=year).count() == expected_missing
    )

    # every deliberately abnormal filing of that year that was filed carries a flag
    filed = {
        f.enterprise.uscc: f
        for f in DynamicFiling.objects.filter(year=year).select_related("enterprise")
    }
    abnormal = [a for a in dataset.abnormal_filings if a.year == year and a.uscc in filed]
    assert abnormal, "the generator makes some filings abnormal"
    for a in abnormal:
        st = selectors.filing_status(filed[a.uscc].enterprise, year)
        assert st.abnormal, (
            a,
            list(QualityFlag.objects.filter(filing=filed[a.uscc]).values_list("code", flat=True)),
        )


def test_spot_check_on_the_demo_year_is_stratified_and_reproducible(national_official: Any) -> None:
    from greenmfg.platform.supervision.services import spot_check_draw, spot_check_reproduce

    dataset = load_demo_data(seed=7, scale=0.01, stdout=io.StringIO())
    load_filings(dataset, io.StringIO())
    year = max(int(f["year"]) for f in dataset.filings)

    plain = spot_check_draw(actor=national_official, year=year, seed=20250415, rate=0.1)
    weighted = spot_check_draw(
        actor=national_official, year=year, seed=20250415, rate=0.1, risk_weighted=True
    )
    again = spot_check_draw(actor=national_official, year=year, seed=20250415, rate=0.1)
    other_seed = spot_check_draw(actor=national_official, year=year, seed=1, rate=0.1)

    population = plain.parameters["population"]
    strata = {(row["adcode"][:4], row["industry"][:2]) for row in population}
    assert len(population) > 50 and len(strata) > 10
    # a 10 % check draws 10 % of the units (ceil), not one per stratum: with more strata
    # than sampled units the old "at least one per stratum" rule took most of the population
    assert len(plain.sample) == math.ceil(0.1 * len(population))
    assert len(strata) > len(plain.sample)
    # the same seed draws the same units; the record alone reproduces the draw
    assert again.sample == plain.sample
    assert spot_check_reproduce(plain) == plain.sample
    assert spot_check_reproduce(weighted) == weighted.sample
    assert other_seed.sample != plain.sample


def test_removals_under_each_rule_on_the_demo_year(national_official: Any, make_user: Any) -> None:
    """On the synthetic year: no filing (from the demo step), bottom 5 % three years
    running, a veto event, falsified data found by a recheck and a major accident (removed
    at once by the city that keeps the list) — with exact counts."""
    import datetime as dt
    from collections import defaultdict

    from greenmfg.core.domain import Role
    from greenmfg.core.supervision import calendar as cal
    from greenmfg.core.supervision.removal import RemovalRule
    from greenmfg.platform.supervision import services
    from greenmfg.platform.supervision.models import Removal

    dataset = load_demo_data(seed=7, scale=0.01, stdout=io.StringIO())
    load_filings(dataset, io.StringIO())
    year = max(int(f["year"]) for f in dataset.filings)
    after = cal.filing_deadline(year, "110000") + dt.timedelta(days=30)
    missing = RemovalProposal.objects.filter(rule=RemovalRule.NO_FILING.value).count()
    assert missing > 0

    active = list(services.active_listings(year).filter(removed_on__isnull=True))
    filed = set(
        DynamicFiling.objects.filter(year=year)
        .exclude(status=DynamicFiling.Status.DRAFT)
        .values_list("enterprise_id", "park_id")
    )
    # every listed unit without a table for the year, whether deliberately or for lack of data
    non_filers = [item for item in active if (item.enterprise_id, item.park_id) not in filed]
    assert len(non_filers) > missing
    groups: dict[tuple[str, str, str], list[Any]] = defaultdict(list)
    for listing in active:
        division = (getattr(listing.enterprise, "industry", "") or "park")[:2]
        groups[(listing.kind, listing.level, division)].append(listing)
    largest = sorted(max(groups.values(), key=len), key=lambda item: item.pk)
    assert len(largest) >= 40  # so the bottom 5 % holds at least two units
    # distinct scores, the same three years running: the first floor(n × 5 %) are last
    scores = {
        item.pk: dict.fromkeys(range(year - 2, year + 1), 50.0 + rank)
        for rank, item in enumerate(largest)
    }
    created = services.removals_propose_for_year(
        actor=national_official, year=year, today=after, scores=scores
    )
    bottom = sorted(p.listing_id for p in created if p.rule == RemovalRule.BOTTOM_FIVE_PERCENT)
    assert bottom == [item.pk for item in largest[: len(largest) * 5 // 100]]
    # the deliberate non-filers were proposed by the demo step already, and only once
    assert len([p for p in created if p.rule == RemovalRule.NO_FILING]) == len(non_filers) - missing

    veto_unit, falsified_unit, accident_unit = largest[-1], largest[-2], largest[-3]
    services.removal_propose(
        actor=national_official,
        listing=veto_unit,
        rule=RemovalRule.VETO_EVENT,
        data_year=year,
        params={"year": year, "items": "失信被执行人 (Credit China)"},
        today=after,
    )
    services.recheck_record(
        actor=national_official,
        listing=falsified_unit,
        year=year,
        findings="电表读数与填报能耗不符 (meter readings contradict the filed energy)",
        outcome="falsified",
        checked_on=after,
    )
    city = make_user(Role.MUNICIPAL, accident_unit.adcode)
    services.removal_propose(
        actor=city,
        listing=accident_unit,
        rule=RemovalRule.MAJOR_ACCIDENT,
        data_year=year,
        params={"year": year, "detail": "重大安全生产事故"},
        today=after,
    )

    counts = {
        rule.value: RemovalProposal.objects.filter(rule=rule.value).count() for rule in RemovalRule
    }
    assert counts == {
        "veto_event": 1,
        "no_filing": len(non_filers),
        "falsified_data": 1,
        "bottom_five_percent": len(largest) * 5 // 100,
        "major_accident": 1,
    }
    # the major accident was removed at once by the municipal list's keeper, with the bar
    removal = Removal.objects.get(rule=RemovalRule.MAJOR_ACCIDENT.value)
    assert removal.listing_id == accident_unit.pk and removal.removed_on == after
    assert selectors.removal_bar_until(accident_unit.enterprise, on=after) == removal.bar_until
