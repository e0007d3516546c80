"""Removal rules of dynamic management (动态调整/移出) and the three-year bar.

Rules (``data/supervision/removal-*.yaml`` gives each its source and status):

* ``veto_event`` — an Art. 15 veto event happened (declared, or found by the authority);
* ``no_filing`` — the annual table was not filed;
* ``falsified_data`` — data found falsified (a confirmed flag or a recheck finding);
* ``bottom_five_percent`` — in the bottom 5 % of its group three years running;
* ``major_accident`` — a major accident or Class-II+ environmental incident: immediate.

A removal starts a bar: the unit cannot apply for any list until ``bar_until`` (the
same calendar day ``bar_years`` later; 29 Feb → 28 Feb).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any

from greenmfg.core.domain import VetoItem
from greenmfg.core.supervision.data import RemovalSettings, removal_settings


class RemovalRule(StrEnum):
    VETO_EVENT = "veto_event"  # 否决项情形
    NO_FILING = "no_filing"  # 未填报
    FALSIFIED_DATA = "falsified_data"  # 弄虚作假
    BOTTOM_FIVE_PERCENT = "bottom_five_percent"  # 连续三年后5%
    MAJOR_ACCIDENT = "major_accident"  # 重大事故, 立即移出


REASON_TEMPLATES: dict[RemovalRule, str] = {
    RemovalRule.VETO_EVENT: "Veto event in %(year)s: %(items)s (Art. 15).",
    RemovalRule.NO_FILING: "No dynamic management table filed for %(year)s.",
    RemovalRule.FALSIFIED_DATA: "Data of the %(year)s filing found falsified: %(detail)s.",
    RemovalRule.BOTTOM_FIVE_PERCENT: (
        "In the bottom %(share_pct)s %% of group %(group)s in each of %(years)s."
    ),
    RemovalRule.MAJOR_ACCIDENT: "Major accident in %(year)s: %(detail)s (immediate removal).",
}


@dataclass(frozen=True, slots=True)
class UnitYear:
    """What dynamic management knows about one listed unit in one data year."""

    unit_id: str
    year: int
    group: str  # the comparison group for the bottom-5 % rule (e.g. kind + industry)
    filed: bool = True
    veto_events: tuple[VetoItem, ...] = ()
    falsified: str | None = None  # what was found falsified, if anything
    major_accident: str | None = None  # what happened, if anything
    score: float | None = None  # higher is better; None = not ranked


@dataclass(frozen=True, slots=True)
class RemovalProposal:
    unit_id: str
    rule: RemovalRule
    immediate: bool
    params: dict[str, Any] = field(default_factory=dict)
    source: str = ""
    status: str = ""

    @property
    def template(self) -> str:
        return REASON_TEMPLATES[self.rule]

    @property
    def reason(self) -> str:
        return self.template % self.params


def bottom_share_units(
    scores: Mapping[str, float], *, share: float, rounding: str = "floor"
) -> set[str]:
    """Units in the bottom ``share`` of one group: k = floor(n × share) (or ceil) lowest
    scores, ties broken by unit id (ascending) so the result is deterministic."""
    n = len(scores)
    raw = n * share
    k = math.floor(raw + 1e-9) if rounding == "floor" else math.ceil(raw - 1e-9)
    ordered = sorted(scores.items(), key=lambda kv: (kv[1], kv[0]))
    return {uid for uid, _ in ordered[:k]}


def _bottom_by_year(records: Iterable[UnitYear], settings: RemovalSettings) -> dict[int, set[str]]:
    groups: dict[tuple[int, str], dict[str, float]] = defaultdict(dict)
    for r in records:
        if r.score is not None:
            groups[(r.year, r.group)][r.unit_id] = r.score
    out: dict[int, set[str]] = defaultdict(set)
    for (year, _group), scores in groups.items():
        out[year] |= bottom_share_units(
            scores, share=settings.bottom_share, rounding=settings.bottom_rounding
        )
    return out


def propose_removals(
    records: Sequence[UnitYear], *, year: int, settings: RemovalSettings | None = None
) -> list[RemovalProposal]:
    """Removal proposals for data year ``year``, one per (unit, rule) that applies,
    sorted by unit id then rule.  ``records`` may hold earlier years (for the bottom-5 %
    rule); a unit with no record for ``year`` is not considered (the caller lists every
    listed unit, with ``filed=False`` where no table came in)."""
    s = settings or removal_settings()
    current = {r.unit_id: r for r in records if r.year == year}
    bottom = _bottom_by_year(records, s)
    years = list(range(year - s.bottom_years + 1, year + 1))
    out: list[RemovalProposal] = []

    def add(uid: str, rule: RemovalRule, params: dict[str, Any]) -> None:
        d = s.rule(rule.value)
        out.append(RemovalProposal(uid, rule, d.immediate, params, d.source, d.status))

    for uid in sorted(current):
        r = current[uid]
        if r.major_accident:
            add(uid, RemovalRule.MAJOR_ACCIDENT, {"year": year, "detail": r.major_accident})
        if r.veto_events:
            add(
                uid,
                RemovalRule.VETO_EVENT,
                {"year": year, "items": ", ".join(v.value for v in r.veto_events)},
            )
        if not r.filed:
            add(uid, RemovalRule.NO_FILING, {"year": year})
        if r.falsified:
            add(uid, RemovalRule.FALSIFIED_DATA, {"year": year, "detail": r.falsified})
        if all(uid in bottom.get(y, set()) for y in years):
            add(
                uid,
                RemovalRule.BOTTOM_FIVE_PERCENT,
                {
                    "share_pct": f"{100 * s.bottom_share:g}",
                    "group": r.group,
                    "years": ", ".join(str(y) for y in years),
                },
            )
    return out


def bar_until(removed_on: date, *, years: int | None = None) -> date:
    """The first day a removed unit may apply again (removal date + ``bar_years``)."""
    n = removal_settings().bar_years if years is None else years
    try:
        return removed_on.replace(year=removed_on.year + n)
    except ValueError:  # 29 February in a non-leap target year
        return removed_on.replace(year=removed_on.year + n, day=28)


def is_barred(removed_on: date, on: date, *, years: int | None = None) -> bool:
    return on < bar_until(removed_on, years=years)
