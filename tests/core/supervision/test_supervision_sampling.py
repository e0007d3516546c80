from __future__ import annotations

import random

import pytest

from greenmfg.core.errors import InvalidValueError, SeedRequiredError
from greenmfg.core.supervision.sampling import Candidate, draw_sample


def population() -> list[Candidate]:
    out = []
    # Suzhou cement (30xx): 20 units; Suzhou chemicals (26xx): 10; Wuxi cement: 5
    for i in range(20):
        out.append(Candidate(f"sz-c-{i:02d}", "320500", "3011"))
    for i in range(10):
        out.append(Candidate(f"sz-h-{i:02d}", "320506", "2612"))
    for i in range(5):
        out.append(Candidate(f"wx-c-{i:02d}", "320200", "3021"))
    return out


def test_stratified_allocation_and_reproducibility() -> None:
    s = draw_sample(population(), seed=20250415, rate=0.1)
    # strata sorted by (city, division): (3202, 30) (3205, 26) (3205, 30)
    assert [(x.region, x.industry, x.population, len(x.drawn)) for x in s.strata] == [
        ("3202", "30", 5, 1),  # ceil(0.5) = 1
        ("3205", "26", 10, 1),  # ceil(1.0) = 1
        ("3205", "30", 20, 2),  # ceil(2.0) = 2
    ]
    assert len(s.selected) == 4
    again = draw_sample(list(reversed(population())), seed=20250415, rate=0.1)
    assert again.selected == s.selected
    assert again.as_dict() == s.as_dict()


def test_different_seed_different_sample() -> None:
    samples = {draw_sample(population(), seed=seed, rate=0.2).selected for seed in range(10)}
    assert len(samples) > 5


def test_stratum_draw_independent_of_other_strata() -> None:
    base = draw_sample(population(), seed=7, rate=0.2)
    extra = [*population(), Candidate("hz-0", "330100", "3011")]
    more = draw_sample(extra, seed=7, rate=0.2)
    assert [s.drawn for s in base.strata] == [s.drawn for s in more.strata if s.region != "3301"]


def test_no_seed_is_an_error() -> None:
    with pytest.raises(SeedRequiredError, match="seed"):
        draw_sample(population(), seed=None, rate=0.1)
    with pytest.raises(SeedRequiredError):
        draw_sample(population(), seed=True, rate=0.1)


def test_bad_parameters() -> None:
    with pytest.raises(InvalidValueError, match="rate"):
        draw_sample(population(), seed=1, rate=0)
    with pytest.raises(InvalidValueError, match="unique"):
        draw_sample(population() * 2, seed=1, rate=0.1)


def test_risk_weighting_raises_the_chance_of_risky_units() -> None:
    pop = [Candidate(f"u{i:03d}", "320500", "3011") for i in range(100)]
    risky = {f"u{i:03d}" for i in range(10)}
    pop = [
        Candidate(c.unit_id, c.adcode, c.industry, abnormal_flags=3, complaints=2)
        if c.unit_id in risky
        else c
        for c in pop
    ]
    hits_weighted = hits_plain = 0
    for seed in range(200):
        hits_weighted += len(
            risky & set(draw_sample(pop, seed=seed, rate=0.1, risk_weighted=True).selected)
        )
        hits_plain += len(risky & set(draw_sample(pop, seed=seed, rate=0.1).selected))
    # plain: 10 % of the risky units drawn on average (≈ 1 per draw); weighted w = 1 + 2·3 + 1.5·2 = 10
    assert hits_plain < 400
    assert hits_weighted > 3 * hits_plain
    s = draw_sample(pop, seed=1, rate=0.1, risk_weighted=True)
    assert s.weights["u000"] == 10.0 and s.weights["u050"] == 1.0
    assert s.parameters["risk_weighted"] is True


def test_low_score_weight() -> None:
    pop = [
        Candidate("a", "320500", "3011", score=50.0),
        Candidate("b", "320500", "3011", score=90.0),
    ]
    s = draw_sample(pop, seed=random.Random(3).randint(0, 10), rate=0.5, risk_weighted=True)
    assert s.weights == {"a": 3.0, "b": 1.0}


def test_a_ten_percent_check_draws_ten_percent_of_many_small_strata() -> None:
    """40 units in 20 strata of 2 (one per city): 10 % is ceil(0.1 × 40) = 4 units.  The
    old rule gave every stratum at least one and drew 20 units — half the population."""
    from greenmfg.core.supervision.sampling import Candidate, draw_sample

    population = [
        Candidate(unit_id=f"u{c:02d}{i}", adcode=f"32{c:02d}00", industry="3011")
        for c in range(1, 21)
        for i in range(2)
    ]
    result = draw_sample(population, seed=7, rate=0.1)
    assert len(result.selected) == 4
    assert sum(1 for s in result.strata if s.drawn) == 4
    old = draw_sample(population, seed=7, rate=0.1, allocation="minimum_per_stratum")
    assert len(old.selected) == 20


def test_the_minimum_per_stratum_holds_when_the_sample_can_pay_for_it() -> None:
    """3 strata of 10, 10 and 2 units at 50 %: n = ceil(0.5 × 22) = 11 ≥ 3 strata, so each
    stratum gets one, and the remaining 8 are shared by the units left (9, 9, 1 → 19):
    8 × 9/19 = 3.79, 3.79, 0.42 → floors 3, 3, 0 and the 2 left go to the largest
    remainders (0.79, 0.79) → 1+4, 1+4, 1+0 = 5, 5, 1."""
    import random

    from greenmfg.core.supervision.sampling import allocate

    assert allocate([10, 10, 2], rate=0.5, min_per_stratum=1, rng=random.Random(1)) == [5, 5, 1]
    # worked example of the docstring: 5, 3, 1, 1 at 10 % → one unit, to the largest stratum
    assert allocate([5, 3, 1, 1], rate=0.1, min_per_stratum=1, rng=random.Random(1)) == [1, 0, 0, 0]


def test_recorded_draws_reproduce_under_the_rule_they_were_drawn_with() -> None:
    from greenmfg.core.errors import InvalidValueError
    from greenmfg.core.supervision.sampling import draw_sample

    with pytest.raises(InvalidValueError):
        draw_sample([], seed=1, rate=0.1, allocation="guess")
