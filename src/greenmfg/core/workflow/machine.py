"""Declarative state machines of gradient cultivation (梯度培育) applications.

One table per application kind — green factory (绿色工厂), green industrial park
(绿色工业园区) and green supply-chain management enterprise (绿色供应链管理企业) — lists
the states (internal code, Chinese and English public name) and the transitions (the
roles allowed, the guards that must pass, the calendar deadline that applies and
whether a reason is required).  The platform's service commands are the only callers
of :meth:`Machine.check`; the table is the single place where the path is defined.

The path follows the Interim Measures (工信部节〔2024〕13号) Ch. 3 as digested in
``reference/green_system_rules.md`` §1.5 and §8: draft → submitted → municipal review
(→ municipal list, optional) → provincial review → provincial list → recommended to national (by 31 July, only from
the provincial list) → formal check → expert review (≥ 3 experts) → shortlisted →
publicity (15 days, objections) → listed; rejected with a reason from any review
step; withdrawn by the applicant before the national stage.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from greenmfg.core.domain import Role, UnitKind
from greenmfg.core.errors import PermissionDeniedError, TransitionNotAllowedError, UnknownCodeError


class State(StrEnum):
    """Internal state codes (stable: stored in the database and the audit chain)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    MUNICIPAL_REVIEW = "municipal_review"
    MUNICIPAL_LISTED = "municipal_listed"
    PROVINCIAL_REVIEW = "provincial_review"
    PROVINCIAL_LISTED = "provincial_listed"
    RECOMMENDED = "recommended"
    FORMAL_CHECK = "formal_check"
    EXPERT_REVIEW = "expert_review"
    SHORTLISTED = "shortlisted"
    PUBLICITY = "publicity"
    LISTED = "listed"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class StateInfo:
    code: State
    name_zh: str
    name_en: str
    terminal: bool = False
    # Who is expected to act next (drives inboxes and the stuck-application diagnostics).
    actor: Role | None = None
    # The calendar key by which the state should have been left (diagnostics).
    due: str | None = None


STATES: dict[State, StateInfo] = {
    s.code: s
    for s in (
        StateInfo(State.DRAFT, "草稿", "Draft", actor=Role.ENTERPRISE, due="application_deadline"),
        StateInfo(
            State.SUBMITTED, "已提交", "Submitted", actor=Role.MUNICIPAL, due="city_deadline"
        ),
        StateInfo(
            State.MUNICIPAL_REVIEW,
            "市级审核",
            "Municipal review",
            actor=Role.MUNICIPAL,
            due="city_deadline",
        ),
        StateInfo(
            State.MUNICIPAL_LISTED,
            "已列入市级名单",
            "On the municipal list",
            actor=Role.MUNICIPAL,
            due="city_deadline",
        ),
        StateInfo(
            State.PROVINCIAL_REVIEW,
            "省级审核",
            "Provincial review",
            actor=Role.PROVINCIAL,
            due="provincial_deadline",
        ),
        StateInfo(
            State.PROVINCIAL_LISTED,
            "已列入省级名单",
            "On the provincial list",
            actor=Role.PROVINCIAL,
            due="provincial_deadline",
        ),
        StateInfo(
            State.RECOMMENDED,
            "已推荐至国家",
            "Recommended to the national level",
            actor=Role.NATIONAL,
            due="review_start",
        ),
        StateInfo(
            State.FORMAL_CHECK, "形式审查", "Formal check", actor=Role.NATIONAL, due="review_start"
        ),
        StateInfo(
            State.EXPERT_REVIEW,
            "专家评审",
            "Expert review",
            actor=Role.EXPERT,
            due="publicity_start",
        ),
        StateInfo(
            State.SHORTLISTED, "拟入选", "Shortlisted", actor=Role.NATIONAL, due="publicity_start"
        ),
        StateInfo(
            State.PUBLICITY, "公示中", "In publicity", actor=Role.NATIONAL, due="list_publication"
        ),
        StateInfo(State.LISTED, "已入选国家名单", "On the national list", terminal=True),
        StateInfo(State.REJECTED, "未通过", "Rejected", terminal=True),
        StateInfo(State.WITHDRAWN, "已撤回", "Withdrawn", terminal=True),
    )
}


class Guard(StrEnum):
    """Guard names; the pure functions live in :mod:`greenmfg.core.workflow.guards`."""

    EVALUATION_ATTACHED = "evaluation_attached"
    VETO_CLEAR = "veto_clear"
    NOT_RECENTLY_REMOVED = "not_recently_removed"
    INSTITUTION_UNDER_CAP = "institution_under_cap"
    ON_PROVINCIAL_LIST = "on_provincial_list"
    PARK_CONDITIONS = "park_conditions"
    SUPPLIERS_GREEN = "suppliers_green"
    EXPERT_PANEL_COMPLETE = "expert_panel_complete"
    PUBLICITY_COMPLETE = "publicity_complete"
    OBJECTIONS_RESOLVED = "objections_resolved"


@dataclass(frozen=True)
class Transition:
    """One edge of the machine."""

    name: str
    source: frozenset[State]
    target: State
    roles: frozenset[Role]
    label_zh: str
    label_en: str
    guards: tuple[Guard, ...] = ()
    deadline: str | None = None  # calendar key: the transition is refused after this date
    not_before: str | None = None  # calendar key: the transition is refused before this date
    reason_required: bool = False
    kinds: frozenset[UnitKind] = field(
        default_factory=lambda: frozenset({UnitKind.FACTORY, UnitKind.PARK, UnitKind.SUPPLY_CHAIN})
    )


AUTHORITIES = frozenset({Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL})
REVIEW_STATES = frozenset(
    {
        State.SUBMITTED,
        State.MUNICIPAL_REVIEW,
        State.MUNICIPAL_LISTED,
        State.PROVINCIAL_REVIEW,
        State.PROVINCIAL_LISTED,
        State.RECOMMENDED,
        State.FORMAL_CHECK,
        State.EXPERT_REVIEW,
        State.SHORTLISTED,
        State.PUBLICITY,
    }
)

# Which authority may reject in which state (the level holding the application).
_REJECTERS: dict[State, Role] = {
    State.SUBMITTED: Role.MUNICIPAL,
    State.MUNICIPAL_REVIEW: Role.MUNICIPAL,
    State.MUNICIPAL_LISTED: Role.MUNICIPAL,
    State.PROVINCIAL_REVIEW: Role.PROVINCIAL,
    State.PROVINCIAL_LISTED: Role.PROVINCIAL,
    State.RECOMMENDED: Role.NATIONAL,
    State.FORMAL_CHECK: Role.NATIONAL,
    State.EXPERT_REVIEW: Role.NATIONAL,
    State.SHORTLISTED: Role.NATIONAL,
    State.PUBLICITY: Role.NATIONAL,
}

_SUBMIT_GUARDS: tuple[Guard, ...] = (
    Guard.EVALUATION_ATTACHED,
    Guard.VETO_CLEAR,
    Guard.NOT_RECENTLY_REMOVED,
    Guard.INSTITUTION_UNDER_CAP,
)


def _common(kind: UnitKind) -> list[Transition]:
    e, m, p, n = Role.ENTERPRISE, Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL
    recommend_guards: tuple[Guard, ...] = (Guard.ON_PROVINCIAL_LIST,)
    formal_guards: tuple[Guard, ...] = (Guard.VETO_CLEAR, Guard.NOT_RECENTLY_REMOVED)
    if kind is UnitKind.PARK:
        recommend_guards += (Guard.PARK_CONDITIONS,)
        formal_guards += (Guard.PARK_CONDITIONS,)
    if kind is UnitKind.SUPPLY_CHAIN:
        recommend_guards += (Guard.SUPPLIERS_GREEN,)
    table = [
        Transition(
            "submit",
            frozenset({State.DRAFT}),
            State.SUBMITTED,
            frozenset({e}),
            "提交申报",
            "Submit the application",
            guards=_SUBMIT_GUARDS,
            deadline="application_deadline",
            not_before="opening",
        ),
        Transition(
            "accept",
            frozenset({State.SUBMITTED}),
            State.MUNICIPAL_REVIEW,
            frozenset({m}),
            "受理",
            "Accept for municipal review",
        ),
        Transition(
            "list_municipal",
            frozenset({State.MUNICIPAL_REVIEW}),
            State.MUNICIPAL_LISTED,
            frozenset({m}),
            "列入市级名单",
            "Put on the municipal list",
        ),
        Transition(
            "recommend_to_province",
            frozenset({State.MUNICIPAL_REVIEW, State.MUNICIPAL_LISTED}),
            State.PROVINCIAL_REVIEW,
            frozenset({m}),
            "推荐至省级",
            "Recommend to the province",
            deadline="city_deadline",
        ),
        Transition(
            "list_provincial",
            frozenset({State.PROVINCIAL_REVIEW}),
            State.PROVINCIAL_LISTED,
            frozenset({p}),
            "列入省级名单",
            "Put on the provincial list",
        ),
        Transition(
            "recommend_to_nation",
            frozenset({State.PROVINCIAL_LISTED}),
            State.RECOMMENDED,
            frozenset({p}),
            "推荐至国家",
            "Recommend to the national level",
            guards=recommend_guards,
            deadline="provincial_deadline",
        ),
        Transition(
            "start_formal_check",
            frozenset({State.RECOMMENDED}),
            State.FORMAL_CHECK,
            frozenset({n}),
            "开始形式审查",
            "Start the formal check",
        ),
        Transition(
            "pass_formal_check",
            frozenset({State.FORMAL_CHECK}),
            State.EXPERT_REVIEW,
            frozenset({n}),
            "形式审查通过",
            "Pass the formal check (to expert review)",
            guards=formal_guards,
        ),
        Transition(
            "shortlist",
            frozenset({State.EXPERT_REVIEW}),
            State.SHORTLISTED,
            frozenset({n}),
            "列入拟入选名单",
            "Shortlist",
            guards=(Guard.EXPERT_PANEL_COMPLETE,),
        ),
        Transition(
            "open_publicity",
            frozenset({State.SHORTLISTED}),
            State.PUBLICITY,
            frozenset({n}),
            "开始公示",
            "Open the publicity period",
        ),
        Transition(
            "list_national",
            frozenset({State.PUBLICITY}),
            State.LISTED,
            frozenset({n}),
            "列入国家名单",
            "Put on the national list",
            guards=(Guard.PUBLICITY_COMPLETE, Guard.OBJECTIONS_RESOLVED),
        ),
        Transition(
            "withdraw",
            frozenset({State.DRAFT, State.SUBMITTED, State.MUNICIPAL_REVIEW}),
            State.WITHDRAWN,
            frozenset({e}),
            "撤回",
            "Withdraw",
        ),
    ]
    for state, role in _REJECTERS.items():
        table.append(
            Transition(
                f"reject_{state.value}",
                frozenset({state}),
                State.REJECTED,
                frozenset({role}),
                "不予通过",
                "Reject",
                reason_required=True,
            )
        )
    return [t for t in table if kind in t.kinds]


@dataclass(frozen=True)
class Machine:
    """A declarative state machine for one application kind."""

    kind: UnitKind
    transitions: tuple[Transition, ...]
    initial: State = State.DRAFT

    def outgoing(self, state: State) -> list[Transition]:
        return [t for t in self.transitions if state in t.source]

    def find(self, source: State, target: State) -> Transition:
        """The transition from ``source`` to ``target``; raises if the table has none."""
        for t in self.transitions:
            if source in t.source and t.target is target:
                return t
        allowed = sorted({t.target.value for t in self.outgoing(source)})
        raise TransitionNotAllowedError(
            state=source.value, target=target.value, allowed=", ".join(allowed) or "none"
        )

    def check(self, *, role: Role, source: State, target: State) -> Transition:
        """Check that ``role`` may move an application from ``source`` to ``target``."""
        transition = self.find(source, target)
        if role not in transition.roles:
            raise PermissionDeniedError(
                action=transition.label_en.lower(),
                reason=f"only {', '.join(sorted(r.value for r in transition.roles))} may do this",
            )
        return transition

    def route(self, *, role: Role, source: State, target: State) -> list[Transition]:
        """The transitions ``role`` takes to move an application from ``source`` to
        ``target``: the direct one, or an implied chain of :data:`IMPLIED_STEPS` (each
        step checked like a direct transition).  Raises as :meth:`check` does."""
        via = IMPLIED_STEPS.get((source, target))
        if via is None or any(t.target is target for t in self.outgoing(source)):
            return [self.check(role=role, source=source, target=target)]
        route: list[Transition] = []
        here = source
        for step in (*via, target):
            route.append(self.check(role=role, source=here, target=step))
            here = step
        return route

    def states(self) -> list[State]:
        seen: list[State] = [self.initial]
        for t in self.transitions:
            for s in (*sorted(t.source), t.target):
                if s not in seen:
                    seen.append(s)
        return seen


# Decisions that imply an earlier step of the same authority: (from, to) → the states
# passed on the way.  A province recommends to the ministry only units on its provincial
# list (Measures Art. 11–12: "from the provincial list"), so recommending an application
# still in provincial review first puts it on the provincial list, as its own audited
# step with its own guards.
IMPLIED_STEPS: dict[tuple[State, State], tuple[State, ...]] = {
    (State.PROVINCIAL_REVIEW, State.RECOMMENDED): (State.PROVINCIAL_LISTED,),
}


MACHINES: dict[UnitKind, Machine] = {
    kind: Machine(kind=kind, transitions=tuple(_common(kind)))
    for kind in (UnitKind.FACTORY, UnitKind.PARK, UnitKind.SUPPLY_CHAIN)
}


def machine_for(kind: UnitKind | str) -> Machine:
    try:
        return MACHINES[UnitKind(kind)]
    except (KeyError, ValueError):
        raise UnknownCodeError(
            where="",
            kind="application kind",
            value=str(kind),
            expected=", ".join(k.value for k in MACHINES),
        ) from None


def state_info(state: State | str) -> StateInfo:
    return STATES[State(state)]
