"""The demo step on the synthetic data set (greenmfg.synth, small scale): the last data
year's tables go through the real services, some late, some missing, and every filing the
generator made abnormal on purpose is flagged by the checks."""

from __future__ import annotations

import io
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
    # at least one unit from every stratum (min_per_stratum = 1), and never the whole population
    assert len(strata) <= len(plain.sample) < len(population)
    # the same seed draws the same units; the record alone reproduces the draw
    assert again.sample == plain.sample
    assert spot_check_reproduce(plain) == plain.sample
    assert spot_check_reproduce(weighted) == weighted.sample
    assert other_seed.sample != plain.sample
