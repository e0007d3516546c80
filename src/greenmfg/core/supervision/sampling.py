"""Spot-check sampling (抽查, 工信部节〔2024〕13号 Art. 17): stratified, seeded, optionally
risk-weighted, and reproducible.

Algorithm (deterministic for a given seed and population, whatever the input order):

1. A seed is required (an ``int``; ``None`` → :class:`SeedRequiredError`).
2. Strata: each candidate's key is (region, industry) = (the first ``region_digits`` of
   its adcode — 4 = city, 2 = province — and the first ``industry_digits`` of its
   GB/T 4754 code — 2 = division; a non-numeric industry such as ``park`` is its own
   stratum).  Strata are processed in sorted key order, and
   candidates inside a stratum in sorted ``unit_id`` order.
3. Allocation: stratum *h* with *N_h* candidates gets
   ``n_h = min(N_h, max(min_per_stratum, ceil(rate × N_h)))``.
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

    draws: list[StratumDraw] = []
    used_weights: dict[str, float] = {}
    for key in sorted(strata):
        members = sorted(strata[key], key=lambda c: c.unit_id)
        n = min(len(members), max(min_per_stratum, math.ceil(rate * len(members) - 1e-9)))
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
        "algorithm": "stratified; per-stratum Random(f'{seed}|{region}|{industry}'); "
        + ("Efraimidis-Spirakis weighted" if risk_weighted else "simple random sample"),
    }
    return SampleResult(seed=seed, parameters=parameters, strata=tuple(draws), weights=used_weights)
