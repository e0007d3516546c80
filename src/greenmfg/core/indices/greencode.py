"""Enterprise green code (企业绿码): score, ranks and A+ / A / B grades.

Method (greenmfg's own; the official algorithm is not published [U]):

1. **Population.**  The national green factories of one grading year.  A unit that did
   not file (未填报) or whose filing is flagged abnormal (数据异常) gets no code; so does
   a unit with fewer than ``min_indicators`` of the method's metrics (insufficient data).
2. **Peer group.**  Each eligible unit is compared with the eligible units of its
   GB/T 4754 4-digit class (行业小类); a class with fewer than ``min_peers`` eligible units
   is widened to its 2-digit division (大类), and that, if still too small, to all units.
3. **Percentile per indicator.**  Among the ``m`` peers that have the metric, a unit's
   percentile is ``p = (b + (e − 1) / 2) / (m − 1)`` where ``b`` is the number of peers
   strictly worse and ``e`` the number with the same value (itself included): the mid-rank
   percentile, 0 = worst, 1 = best; with ``m = 1``, ``p = 0.5``.
4. **Score.**  ``Σ (100·wᵢ)·pᵢ / Σ wᵢ`` (0–100) over the indicators the unit has (weights
   as data); summed in the order of the method file, one division at the end, so the
   batch path agrees bit for bit.
5. **Ranks.**  Overall rank: all eligible units ordered by score (higher first), ties
   broken by USCC (ascending, i.e. the stable public key).  Industry rank: the same order
   restricted to the unit's 4-digit class.
6. **Grades.**  From the overall order: the first ``round_half_up(n × 5 %)`` get A+, up to
   ``round_half_up(n × 40 %)`` get A, the rest B (see
   :meth:`GreenCodeMethod.grade_counts`).  The shares are exact when ``n`` is a
   multiple of 20.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from greenmfg.core.errors import InvalidValueError
from greenmfg.core.indices.methods import GreenCodeMethod, green_code_method


class Grade(StrEnum):
    A_PLUS = "A+"
    A = "A"
    B = "B"


class Exclusion(StrEnum):
    """Why a unit gets no green code."""

    NOT_FILED = "not_filed"  # 未完成年度填报
    ABNORMAL = "abnormal"  # 填报数据异常
    INSUFFICIENT_DATA = "insufficient_data"  # 指标数据不足


@dataclass(frozen=True, slots=True)
class GreenCodeInput:
    """One national green factory's annual filing, as the green code sees it."""

    uscc: str
    industry: str  # GB/T 4754-2017 4-digit class
    filed: bool
    abnormal: bool = False
    metrics: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GreenCodeResult:
    uscc: str
    industry: str
    score: float | None = None
    rank_overall: int | None = None
    overall_size: int | None = None
    rank_industry: int | None = None
    industry_size: int | None = None
    grade: Grade | None = None
    peer_group: str | None = None  # the 4-digit class, a 2-digit division or "*"
    percentiles: Mapping[str, float] = field(default_factory=dict)
    excluded: Exclusion | None = None

    @property
    def has_code(self) -> bool:
        return self.grade is not None


@dataclass(frozen=True, slots=True)
class GradingRun:
    method_version: str
    results: tuple[GreenCodeResult, ...]

    def by_uscc(self) -> dict[str, GreenCodeResult]:
        return {r.uscc: r for r in self.results}

    def grade_counts(self) -> dict[Grade, int]:
        counts = dict.fromkeys(Grade, 0)
        for r in self.results:
            if r.grade is not None:
                counts[r.grade] += 1
        return counts

    def excluded_counts(self) -> dict[Exclusion, int]:
        counts = dict.fromkeys(Exclusion, 0)
        for r in self.results:
            if r.excluded is not None:
                counts[r.excluded] += 1
        return counts


ALL_PEERS = "*"


def validate_units(units: Sequence[GreenCodeInput], method: GreenCodeMethod) -> None:
    """Refuse duplicate units, bad industry classes and non-finite or negative metrics."""
    seen: set[str] = set()
    for index, unit in enumerate(units):
        where = f"unit {index + 1} ({unit.uscc}): "
        if unit.uscc in seen:
            raise InvalidValueError(
                where=where, field="uscc", value=unit.uscc, expected="each unit once per grading"
            )
        seen.add(unit.uscc)
        if len(unit.industry) != 4 or not unit.industry.isdigit():
            raise InvalidValueError(
                where=where,
                field="industry",
                value=unit.industry,
                expected="a GB/T 4754-2017 4-digit class",
            )
        for indicator in method.indicators:
            value = unit.metrics.get(indicator.metric)
            if value is not None and (value != value or value in (float("inf"), float("-inf"))):
                raise InvalidValueError(
                    where=where, field=indicator.metric, value=value, expected="a finite number"
                )
            if value is not None and value < 0:
                raise InvalidValueError(
                    where=where, field=indicator.metric, value=value, expected="a value ≥ 0"
                )


def peer_groups(industries: Mapping[str, str], min_peers: int) -> dict[str, str]:
    """The peer group of each unit (uscc → 4-digit class, 2-digit division or ``*``)."""
    class_counts: dict[str, int] = defaultdict(int)
    division_counts: dict[str, int] = defaultdict(int)
    for industry in industries.values():
        class_counts[industry] += 1
        division_counts[industry[:2]] += 1
    groups: dict[str, str] = {}
    for uscc, industry in industries.items():
        if class_counts[industry] >= min_peers:
            groups[uscc] = industry
        elif division_counts[industry[:2]] >= min_peers:
            groups[uscc] = industry[:2]
        else:
            groups[uscc] = ALL_PEERS
    return groups


def midrank_percentiles(values: Mapping[str, float], higher_is_better: bool) -> dict[str, float]:
    """``p = (b + (e − 1)/2) / (m − 1)`` for each key (see the module docstring)."""
    m = len(values)
    if m == 0:
        return {}
    if m == 1:
        return dict.fromkeys(values, 0.5)
    ordered = sorted(values.values())
    out: dict[str, float] = {}
    # counts of values strictly below / equal, by binary search on the sorted list
    from bisect import bisect_left, bisect_right

    for key, value in values.items():
        lo = bisect_left(ordered, value)
        hi = bisect_right(ordered, value)
        equal = hi - lo
        worse = lo if higher_is_better else m - hi
        out[key] = (worse + (equal - 1) / 2) / (m - 1)
    return out


def grade_units(
    units: Iterable[GreenCodeInput], method: GreenCodeMethod | None = None
) -> GradingRun:
    """Score, rank and grade one year's national green factories."""
    method = method or green_code_method()
    units = list(units)
    validate_units(units, method)

    results: dict[str, GreenCodeResult] = {}
    eligible: list[GreenCodeInput] = []
    for unit in units:
        present = sum(1 for i in method.indicators if unit.metrics.get(i.metric) is not None)
        if not unit.filed:
            results[unit.uscc] = GreenCodeResult(
                unit.uscc, unit.industry, excluded=Exclusion.NOT_FILED
            )
        elif unit.abnormal:
            results[unit.uscc] = GreenCodeResult(
                unit.uscc, unit.industry, excluded=Exclusion.ABNORMAL
            )
        elif present < method.min_indicators:
            results[unit.uscc] = GreenCodeResult(
                unit.uscc, unit.industry, excluded=Exclusion.INSUFFICIENT_DATA
            )
        else:
            eligible.append(unit)

    groups = peer_groups({u.uscc: u.industry for u in eligible}, method.min_peers)
    members: dict[str, list[GreenCodeInput]] = defaultdict(list)
    for unit in eligible:
        members[groups[unit.uscc]].append(unit)

    percentiles: dict[str, dict[str, float]] = {u.uscc: {} for u in eligible}
    for group_units in members.values():
        for indicator in method.indicators:
            values = {
                u.uscc: float(v)
                for u in group_units
                if (v := u.metrics.get(indicator.metric)) is not None
            }
            for uscc, p in midrank_percentiles(values, indicator.direction == "higher").items():
                percentiles[uscc][indicator.metric] = p

    scores: dict[str, float] = {}
    for unit in eligible:
        numerator = 0.0
        denominator = 0.0
        for indicator in method.indicators:
            pct = percentiles[unit.uscc].get(indicator.metric)
            if pct is None:
                continue
            numerator = numerator + (100 * indicator.weight) * pct
            denominator = denominator + indicator.weight
        scores[unit.uscc] = numerator / denominator

    # ties on the score as stored and shown (micro-points), then the credit code: two
    # mathematically equal scores summed from different percentiles differ in the last bits
    order = sorted(eligible, key=lambda u: (-round(scores[u.uscc] * 1e6), u.uscc))
    n = len(order)
    grade_of: list[Grade] = []
    for grade, count in method.grade_counts(n):
        grade_of.extend([Grade(grade)] * count)

    industry_sizes: dict[str, int] = defaultdict(int)
    for unit in eligible:
        industry_sizes[unit.industry] += 1
    industry_next: dict[str, int] = defaultdict(int)
    for position, unit in enumerate(order):
        industry_next[unit.industry] += 1
        results[unit.uscc] = GreenCodeResult(
            uscc=unit.uscc,
            industry=unit.industry,
            score=scores[unit.uscc],
            rank_overall=position + 1,
            overall_size=n,
            rank_industry=industry_next[unit.industry],
            industry_size=industry_sizes[unit.industry],
            grade=grade_of[position],
            peer_group=groups[unit.uscc],
            percentiles=percentiles[unit.uscc],
        )
    return GradingRun(
        method_version=method.version,
        results=tuple(results[u.uscc] for u in units),
    )


@dataclass(frozen=True, slots=True)
class GradeChange:
    year: int
    grade: Grade | None
    previous: Grade | None

    @property
    def direction(self) -> int:
        """+1 up, −1 down, 0 unchanged (no code counts as below B)."""
        rank = {None: 0, Grade.B: 1, Grade.A: 2, Grade.A_PLUS: 3}
        return (rank[self.grade] > rank[self.previous]) - (rank[self.grade] < rank[self.previous])


def grade_history(grades: Mapping[int, Grade | None]) -> list[GradeChange]:
    """A unit's grades by year, oldest first, each with the previous year's grade."""
    history: list[GradeChange] = []
    previous: Grade | None = None
    for year in sorted(grades):
        history.append(GradeChange(year=year, grade=grades[year], previous=previous))
        previous = grades[year]
    return history
