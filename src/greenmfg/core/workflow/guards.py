"""Guards of the gradient-cultivation workflow as pure functions.

Each guard takes :class:`ApplicationFacts` (plain data the platform gathers from the
database) and returns a :class:`GuardOutcome`: passed or not, a stable reason code, the
reason's parameters and its severity.  A *block* stops the transition; a *warning* is
recorded in the audit trail but lets it pass (the supply-chain supplier check is a
warning by design: the Measures say leaders *should* buy from green factories).

Sources (see ``reference/green_system_rules.md``):
- Art. 15 veto conditions (一票否决): §1.4 [S: R2; V: P6, P7, P33];
- national candidates from the provincial list, recommended by 31 July: §1.5 [S: R1];
- national parks provincial-level or above, value added > 50 %, cultivation plan: §1.3 [S: P5, P32];
- SCM leaders should buy from green factories: §1.8 [V: P3];
- three-year bar after removal: §1.4 item 3 and §1.6 [V: P24];
- third-party cap of 15 national projects a year per legal representative: §1.7 [V: P2, P37].
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from greenmfg.core.domain import VETO_LABELS, ListLevel, UnitKind, VetoItem
from greenmfg.core.errors import GuardFailedError
from greenmfg.core.workflow.machine import Guard, Transition

INSTITUTION_NATIONAL_CAP = 15  # §1.7 [V: P2, P37]
REMOVAL_BAR_YEARS = 3  # §1.4 item 3, §1.6 [V: P24]
MIN_EXPERTS = 3  # DESIGN.md "Workflow model"; the Measures say "expert review" [S: R1]
PUBLICITY_DAYS = 15  # §1.5 step 4 [S: R1]
PARK_MIN_VALUE_ADDED_SHARE = Decimal("0.5")  # §1.3 park: industrial value added > 50 % [S: P5]


class Severity(StrEnum):
    BLOCK = "block"
    WARNING = "warning"


@dataclass(frozen=True)
class SupplierFact:
    uscc: str
    name: str
    national_green_factory: bool


@dataclass(frozen=True)
class ApplicationFacts:
    """Everything the guards need, gathered by the platform; no database access here."""

    kind: UnitKind
    today: date
    evaluation_attached: bool = False
    evaluation_signed: bool = False
    third_party: bool = False
    vetoes: Mapping[VetoItem, str] = field(default_factory=dict)  # condition -> evidence
    last_removed_on: date | None = None
    on_provincial_list: bool = False
    provincial_list_year: int | None = None
    park_level: ListLevel | str | None = None  # the park's own approval level (省级及以上)
    park_value_added_share: Decimal | None = None
    park_plan_published: bool = False
    suppliers: tuple[SupplierFact, ...] = ()
    institution_legal_representative: str | None = None
    institution_projects_this_year: int = 0
    institution_sanctioned_until: date | None = None
    experts_assigned: int = 0
    experts_scored: int = 0
    publicity_end: date | None = None
    open_objections: int = 0


@dataclass(frozen=True)
class GuardOutcome:
    guard: Guard
    passed: bool
    code: str = ""
    params: Mapping[str, Any] = field(default_factory=dict)
    severity: Severity = Severity.BLOCK
    message: str = ""

    @property
    def blocks(self) -> bool:
        return not self.passed and self.severity is Severity.BLOCK


def _ok(guard: Guard) -> GuardOutcome:
    return GuardOutcome(guard=guard, passed=True)


def _fail(
    guard: Guard,
    code: str,
    message: str,
    severity: Severity = Severity.BLOCK,
    **params: Any,
) -> GuardOutcome:
    return GuardOutcome(
        guard=guard,
        passed=False,
        code=code,
        params=params,
        severity=severity,
        message=message % params,
    )


def evaluation_attached(f: ApplicationFacts) -> GuardOutcome:
    g = Guard.EVALUATION_ATTACHED
    if not f.evaluation_attached:
        return _fail(g, "no_evaluation", "no evaluation report (self or third-party) is attached")
    if f.third_party and not f.evaluation_signed:
        return _fail(g, "report_unsigned", "the third-party evaluation report is not signed")
    return _ok(g)


def veto_clear(f: ApplicationFacts) -> GuardOutcome:
    g = Guard.VETO_CLEAR
    if not f.vetoes:
        return _ok(g)
    hits = sorted(f.vetoes)
    names = "; ".join(f"{VETO_LABELS[v][1]} ({f.vetoes[v]})" for v in hits)
    return _fail(
        g,
        "veto",
        "Art. 15 veto condition(s) in the past 3 years: %(conditions)s",
        conditions=names,
        codes=[v.value for v in hits],
    )


def not_recently_removed(f: ApplicationFacts) -> GuardOutcome:
    g = Guard.NOT_RECENTLY_REMOVED
    if f.last_removed_on is None:
        return _ok(g)
    until = _add_years(f.last_removed_on, REMOVAL_BAR_YEARS)
    if f.today < until:
        return _fail(
            g,
            "removal_bar",
            "the unit was removed from a list on %(removed_on)s and may not apply again before %(until)s",
            removed_on=f.last_removed_on.isoformat(),
            until=until.isoformat(),
        )
    return _ok(g)


def institution_under_cap(f: ApplicationFacts) -> GuardOutcome:
    g = Guard.INSTITUTION_UNDER_CAP
    if not f.third_party:
        return _ok(g)
    if f.institution_sanctioned_until is not None and f.today <= f.institution_sanctioned_until:
        return _fail(
            g,
            "institution_sanctioned",
            "the evaluation institution's reports are refused until %(until)s",
            until=f.institution_sanctioned_until.isoformat(),
        )
    if f.institution_projects_this_year >= INSTITUTION_NATIONAL_CAP:
        return _fail(
            g,
            "institution_cap",
            "institutions under legal representative %(representative)s already have %(count)d "
            "national projects this year (cap %(cap)d)",
            representative=f.institution_legal_representative or "?",
            count=f.institution_projects_this_year,
            cap=INSTITUTION_NATIONAL_CAP,
        )
    return _ok(g)


def on_provincial_list(f: ApplicationFacts) -> GuardOutcome:
    g = Guard.ON_PROVINCIAL_LIST
    if not f.on_provincial_list:
        return _fail(
            g,
            "not_on_provincial_list",
            "a national candidate must be on the provincial list",
        )
    return _ok(g)


_PARK_LEVELS_OK = {ListLevel.PROVINCIAL.value, ListLevel.NATIONAL.value}


def park_conditions(f: ApplicationFacts) -> GuardOutcome:
    g = Guard.PARK_CONDITIONS
    problems: list[str] = []
    if f.kind is not UnitKind.PARK:
        return _ok(g)
    if f.park_level is None or str(f.park_level) not in _PARK_LEVELS_OK:
        problems.append(
            f"the park is {f.park_level or 'of unknown level'}; national rounds take provincial-level or higher parks"
        )
    if f.park_value_added_share is None:
        problems.append("the industrial value-added share is not given")
    elif f.park_value_added_share <= PARK_MIN_VALUE_ADDED_SHARE:
        problems.append(
            f"industrial value added is {f.park_value_added_share * 100:.1f} % of the total (must exceed 50 %)"
        )
    if not f.park_plan_published:
        problems.append("no green-factory cultivation plan has been published")
    if problems:
        return _fail(g, "park_conditions", "%(problems)s", problems="; ".join(problems))
    return _ok(g)


def suppliers_green(f: ApplicationFacts) -> GuardOutcome:
    g = Guard.SUPPLIERS_GREEN
    if f.kind is not UnitKind.SUPPLY_CHAIN:
        return _ok(g)
    if not f.suppliers:
        return _fail(
            g, "no_suppliers", "no recommended suppliers are recorded", severity=Severity.WARNING
        )
    others = [s for s in f.suppliers if not s.national_green_factory]
    if others:
        return _fail(
            g,
            "suppliers_not_green",
            "%(count)d of %(total)d recommended suppliers are not national green factories: %(names)s",
            severity=Severity.WARNING,
            count=len(others),
            total=len(f.suppliers),
            names=", ".join(f"{s.name} ({s.uscc})" for s in others),
        )
    return _ok(g)


def expert_panel_complete(f: ApplicationFacts) -> GuardOutcome:
    g = Guard.EXPERT_PANEL_COMPLETE
    if f.experts_assigned < MIN_EXPERTS:
        return _fail(
            g,
            "too_few_experts",
            "%(assigned)d expert(s) assigned; at least %(minimum)d are required",
            assigned=f.experts_assigned,
            minimum=MIN_EXPERTS,
        )
    if f.experts_scored < f.experts_assigned:
        return _fail(
            g,
            "scores_missing",
            "%(scored)d of %(assigned)d experts have submitted their scores",
            scored=f.experts_scored,
            assigned=f.experts_assigned,
        )
    return _ok(g)


def publicity_complete(f: ApplicationFacts) -> GuardOutcome:
    g = Guard.PUBLICITY_COMPLETE
    if f.publicity_end is None:
        return _fail(g, "no_publicity", "the unit has not been in a publicity period")
    if f.today <= f.publicity_end:
        return _fail(
            g,
            "publicity_running",
            "the publicity period runs until %(end)s",
            end=f.publicity_end.isoformat(),
        )
    return _ok(g)


def objections_resolved(f: ApplicationFacts) -> GuardOutcome:
    g = Guard.OBJECTIONS_RESOLVED
    if f.open_objections:
        return _fail(
            g,
            "objections_open",
            "%(count)d objection(s) have not been resolved",
            count=f.open_objections,
        )
    return _ok(g)


GUARDS: dict[Guard, Callable[[ApplicationFacts], GuardOutcome]] = {
    Guard.EVALUATION_ATTACHED: evaluation_attached,
    Guard.VETO_CLEAR: veto_clear,
    Guard.NOT_RECENTLY_REMOVED: not_recently_removed,
    Guard.INSTITUTION_UNDER_CAP: institution_under_cap,
    Guard.ON_PROVINCIAL_LIST: on_provincial_list,
    Guard.PARK_CONDITIONS: park_conditions,
    Guard.SUPPLIERS_GREEN: suppliers_green,
    Guard.EXPERT_PANEL_COMPLETE: expert_panel_complete,
    Guard.PUBLICITY_COMPLETE: publicity_complete,
    Guard.OBJECTIONS_RESOLVED: objections_resolved,
}


@dataclass(frozen=True)
class GuardReport:
    outcomes: tuple[GuardOutcome, ...]

    @property
    def blocks(self) -> list[GuardOutcome]:
        return [o for o in self.outcomes if o.blocks]

    @property
    def warnings(self) -> list[GuardOutcome]:
        return [o for o in self.outcomes if not o.passed and o.severity is Severity.WARNING]

    @property
    def passed(self) -> bool:
        return not self.blocks


def run_guards(guards: Iterable[Guard], facts: ApplicationFacts) -> GuardReport:
    """Run every guard (not just until the first failure) so the user sees all reasons."""
    return GuardReport(tuple(GUARDS[g](facts) for g in guards))


def enforce(transition: Transition, facts: ApplicationFacts) -> GuardReport:
    """Run the transition's guards; raise :class:`GuardFailedError` listing every block."""
    report = run_guards(transition.guards, facts)
    if not report.passed:
        raise GuardFailedError(
            transition=transition.label_en,
            reasons="; ".join(o.message for o in report.blocks),
            codes=[o.code for o in report.blocks],
            guards=[o.guard.value for o in report.blocks],
        )
    return report


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)
