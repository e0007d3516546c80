"""Spot-check sampling (抽查, 工信部节〔2024〕13号 Art. 17): stratified, seeded, optionally
risk-weighted, and reproducible.

Algorithm (deterministic for a given seed and population, whatever the input order):

1. A seed is required (an ``int``; ``None`` → :class:`SeedRequiredError`).
2. Strata: each candidate's key is (region, industry) = (the first ``region_digits`` of
   its adcode — 4 = city, 2 = province — and the first ``industry_digits`` of its
   GB/T 4754 code — 2 = division; a non-numeric industry such as ``park`` is its own
   stratum).  Strata are processed in sorted key order, and
   candidates inside a stratum in sorted ``unit_id`` order.
3. Allocation (``allocation="proportional"``, the default): the sample size is
   ``n = ceil(rate × N)`` over the whole population, so a 10 % check draws 10 % of the
   units, however many strata there are.  When ``min_per_stratum × H ≤ n`` (H strata),
   every stratum first gets ``min(N_h, min_per_stratum)`` units and the rest of ``n`` is
   shared in proportion to the units each stratum has left; otherwise (more strata than
   the sample can cover) the whole ``n`` is shared in proportion to ``N_h`` and some
   strata get none — the minimum per stratum is a wish the rate cannot always pay for,
   and the result says which strata were not covered.  Shares are rounded by largest
   remainder (Hamilton); equal remainders are ordered by ``Random(f"{seed}|allocation")``
   so that no region is favoured by its code.
   The former rule (``allocation="minimum_per_stratum"``:
   ``n_h = min(N_h, max(min_per_stratum, ceil(rate × N_h)))``) is kept only to reproduce
   draws recorded with it; with many small strata it takes most of the population.
4. Each stratum has its own generator, ``random.Random(f"{seed}|{region}|{industry}")``
   (Python seeds a string through SHA-512, so this is stable across runs and machines),
   so the draw in one stratum does not change when another stratum changes.
5. Simple draw: ``rng.sample(sorted_ids, n_h)``.  Risk-weighted draw (Efraimidis–Spirakis
   weighted sampling without replacement): each candidate gets
   ``w = 1 + a·abnormal_flags + b·objections + c·complaints + d·[score < low_score]``
   and the key ``u^(1/w)`` with ``u = rng.random()`` drawn in sorted-id order; the
   ``n_h`` largest keys are taken.  A higher risk raises the chance of selection but
   every unit can be drawn.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from greenmfg.core.errors import InvalidValueError, SeedRequiredError

DEFAULT_RISK_WEIGHTS: dict[str, float] = {
    "abnormal_flags": 2.0,
    "objections": 1.5,
    "complaints": 1.5,
    "low_score": 2.0,
}
DEFAULT_LOW_SCORE = 70.0


@dataclass(frozen=True, slots=True)
class Candidate:
    unit_id: str
    adcode: str
    industry: str
    abnormal_flags: int = 0
    objections: int = 0
    complaints: int = 0
    score: float | None = None


@dataclass(frozen=True, slots=True)
class StratumDraw:
    region: str
    industry: str
    population: int
    drawn: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SampleResult:
    seed: int
    parameters: dict[str, Any]
    strata: tuple[StratumDraw, ...]
    weights: dict[str, float] = field(default_factory=dict)

    @property
    def selected(self) -> tuple[str, ...]:
        return tuple(uid for s in self.strata for uid in s.drawn)

    def as_dict(self) -> dict[str, Any]:
        return {
            "seed": self.seed,
            "parameters": dict(self.parameters),
            "strata": [
                {
                    "region": s.region,
                    "industry": s.industry,
                    "population": s.population,
                    "drawn": list(s.drawn),
                }
                for s in self.strata
            ],
            "weights": dict(self.weights),
            "selected": list(self.selected),
        }


ALLOCATIONS = ("proportional", "minimum_per_stratum")


def allocate(
    sizes: Sequence[int], *, rate: float, min_per_stratum: int, rng: random.Random
) -> list[int]:
    """How many units each stratum gives to a sample of ``ceil(rate × N)`` (module
    docstring, step 3).  Worked example: strata of 5, 3, 1 and 1 units at 10 %: n =
    ceil(0.1 × 10) = 1 < 4 strata, so the one unit goes by proportion: quotas 0.5, 0.3,
    0.1, 0.1 → floors 0, remainders 0.5 largest → (1, 0, 0, 0)."""
    total = sum(sizes)
    if total == 0:
        return [0 for _ in sizes]
    n = min(total, max(1, math.ceil(rate * total - 1e-9)))
    base = [0 for _ in sizes]
    if min_per_stratum * len(sizes) <= n:
        base = [min(size, min_per_stratum) for size in sizes]
    room = [size - b for size, b in zip(sizes, base, strict=True)]
    left = n - sum(base)
    capacity = sum(room)
    if left <= 0 or capacity == 0:
        return base
    quotas = [left * r / capacity for r in room]
    shares = [math.floor(q) for q in quotas]
    tiebreak = list(range(len(sizes)))
    rng.shuffle(tiebreak)
    order = sorted(
        range(len(sizes)), key=lambda i: (-(quotas[i] - shares[i]), -sizes[i], tiebreak[i])
    )
    for i in order[: left - sum(shares)]:
        shares[i] += 1
    return [b + s for b, s in zip(base, shares, strict=True)]


def risk_weight(c: Candidate, weights: dict[str, float], low_score: float) -> float:
    w = 1.0
    w += weights.get("abnormal_flags", 0.0) * c.abnormal_flags
    w += weights.get("objections", 0.0) * c.objections
    w += weights.get("complaints", 0.0) * c.complaints
    if c.score is not None and c.score < low_score:
        w += weights.get("low_score", 0.0)
    return w


def draw_sample(
    population: Sequence[Candidate],
    *,
    seed: int | None,
    rate: float,
    min_per_stratum: int = 1,
    region_digits: int = 4,
    industry_digits: int = 2,
    risk_weighted: bool = False,
    risk_weights: dict[str, float] | None = None,
    low_score: float = DEFAULT_LOW_SCORE,
    allocation: str = "proportional",
) -> SampleResult:
    """Draw a stratified spot-check sample; see the module docstring for the algorithm."""
    if seed is None or isinstance(seed, bool) or not isinstance(seed, int):
        raise SeedRequiredError(what="A spot-check sample")
    if not 0 < rate <= 1:
        raise InvalidValueError(where="", field="rate", value=rate, expected="a fraction in (0, 1]")
    if min_per_stratum < 0:
        raise InvalidValueError(
            where="", field="min_per_stratum", value=min_per_stratum, expected="0 or more"
        )
    if region_digits not in (2, 4, 6):
        raise InvalidValueError(
            where="", field="region_digits", value=region_digits, expected="2, 4 or 6"
        )
    if industry_digits not in (1, 2, 3, 4):
        raise InvalidValueError(
            where="", field="industry_digits", value=industry_digits, expected="1 to 4"
        )
    if allocation not in ALLOCATIONS:
        raise InvalidValueError(
            where="", field="allocation", value=allocation, expected=" or ".join(ALLOCATIONS)
        )
    ids = [c.unit_id for c in population]
    if len(set(ids)) != len(ids):
        raise InvalidValueError(
            where="", field="population", value=len(ids), expected="unique unit ids"
        )
    weights = dict(DEFAULT_RISK_WEIGHTS if risk_weights is None else risk_weights)

    strata: dict[tuple[str, str], list[Candidate]] = defaultdict(list)
    for c in population:
        industry = c.industry[:industry_digits] if c.industry.isdigit() else c.industry
        strata[(c.adcode[:region_digits], industry)].append(c)

    keys = sorted(strata)
    if allocation == "proportional":
        sizes = allocate(
            [len(strata[k]) for k in keys],
            rate=rate,
            min_per_stratum=min_per_stratum,
            rng=random.Random(f"{seed}|allocation"),
        )
    else:
        sizes = [
            min(len(strata[k]), max(min_per_stratum, math.ceil(rate * len(strata[k]) - 1e-9)))
            for k in keys
        ]
    draws: list[StratumDraw] = []
    used_weights: dict[str, float] = {}
    for key, n in zip(keys, sizes, strict=True):
        members = sorted(strata[key], key=lambda c: c.unit_id)
        rng = random.Random(f"{seed}|{key[0]}|{key[1]}")
        if risk_weighted:
            keyed: list[tuple[float, str]] = []
            for c in members:
                w = risk_weight(c, weights, low_score)
                used_weights[c.unit_id] = w
                keyed.append((rng.random() ** (1.0 / w), c.unit_id))
            keyed.sort(key=lambda kv: (-kv[0], kv[1]))
            drawn = tuple(sorted(uid for _, uid in keyed[:n]))
        else:
            drawn = tuple(sorted(rng.sample([c.unit_id for c in members], n)))
        draws.append(
            StratumDraw(region=key[0], industry=key[1], population=len(members), drawn=drawn)
        )

    parameters: dict[str, Any] = {
        "rate": rate,
        "min_per_stratum": min_per_stratum,
        "region_digits": region_digits,
        "industry_digits": industry_digits,
        "risk_weighted": risk_weighted,
        "risk_weights": weights if risk_weighted else {},
        "low_score": low_score,
        "allocation": allocation,
        "algorithm": "weighted" if risk_weighted else "simple",
    }
    return SampleResult(seed=seed, parameters=parameters, strata=tuple(draws), weights=used_weights)
