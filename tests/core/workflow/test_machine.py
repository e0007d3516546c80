from __future__ import annotations

import pytest

from greenmfg.core.domain import Role, UnitKind
from greenmfg.core.errors import PermissionDeniedError, TransitionNotAllowedError, UnknownCodeError
from greenmfg.core.workflow.machine import (
    MACHINES,
    STATES,
    Guard,
    State,
    machine_for,
)

HAPPY_PATH = [
    (Role.ENTERPRISE, State.DRAFT, State.SUBMITTED),
    (Role.MUNICIPAL, State.SUBMITTED, State.MUNICIPAL_REVIEW),
    (Role.MUNICIPAL, State.MUNICIPAL_REVIEW, State.PROVINCIAL_REVIEW),
    (Role.PROVINCIAL, State.PROVINCIAL_REVIEW, State.PROVINCIAL_LISTED),
    (Role.PROVINCIAL, State.PROVINCIAL_LISTED, State.RECOMMENDED),
    (Role.NATIONAL, State.RECOMMENDED, State.FORMAL_CHECK),
    (Role.NATIONAL, State.FORMAL_CHECK, State.EXPERT_REVIEW),
    (Role.NATIONAL, State.EXPERT_REVIEW, State.SHORTLISTED),
    (Role.NATIONAL, State.SHORTLISTED, State.PUBLICITY),
    (Role.NATIONAL, State.PUBLICITY, State.LISTED),
]


@pytest.mark.parametrize("kind", list(MACHINES))
def test_the_happy_path_exists_for_every_kind(kind: UnitKind) -> None:
    machine = machine_for(kind)
    for role, source, target in HAPPY_PATH:
        assert machine.check(role=role, source=source, target=target).target is target


@pytest.mark.parametrize("kind", list(MACHINES))
def test_exactly_the_listed_role_may_take_each_transition(kind: UnitKind) -> None:
    machine = machine_for(kind)
    for transition in machine.transitions:
        for source in transition.source:
            for role in Role:
                if role in transition.roles:
                    machine.check(role=role, source=source, target=transition.target)
                else:
                    with pytest.raises(PermissionDeniedError):
                        machine.check(role=role, source=source, target=transition.target)


def test_every_state_has_a_public_name_in_both_languages() -> None:
    for kind in MACHINES:
        for state in machine_for(kind).states():
            info = STATES[state]
            assert info.name_zh and info.name_en


def test_a_transition_not_in_the_table_names_the_allowed_targets() -> None:
    with pytest.raises(TransitionNotAllowedError) as err:
        machine_for("factory").check(role=Role.NATIONAL, source=State.DRAFT, target=State.LISTED)
    assert err.value.params["allowed"] == "submitted, withdrawn"


def test_terminal_states_have_no_way_out() -> None:
    machine = machine_for(UnitKind.FACTORY)
    for state in (State.LISTED, State.REJECTED, State.WITHDRAWN):
        assert STATES[state].terminal
        assert machine.outgoing(state) == []


def test_every_review_state_can_be_rejected_with_a_reason_by_the_holding_level() -> None:
    machine = machine_for(UnitKind.FACTORY)
    for state in (State.SUBMITTED, State.PROVINCIAL_REVIEW, State.FORMAL_CHECK, State.PUBLICITY):
        t = machine.find(state, State.REJECTED)
        assert t.reason_required
    assert machine.find(State.SUBMITTED, State.REJECTED).roles == {Role.MUNICIPAL}
    assert machine.find(State.PROVINCIAL_LISTED, State.REJECTED).roles == {Role.PROVINCIAL}
    assert machine.find(State.EXPERT_REVIEW, State.REJECTED).roles == {Role.NATIONAL}


def test_the_applicant_may_withdraw_only_before_the_province_takes_it() -> None:
    machine = machine_for(UnitKind.FACTORY)
    machine.check(role=Role.ENTERPRISE, source=State.MUNICIPAL_REVIEW, target=State.WITHDRAWN)
    with pytest.raises(TransitionNotAllowedError):
        machine.check(role=Role.ENTERPRISE, source=State.PROVINCIAL_REVIEW, target=State.WITHDRAWN)


def test_guards_and_deadlines_are_attached_where_the_rules_put_them() -> None:
    factory, park, scm = (machine_for(k) for k in ("factory", "park", "supply_chain"))
    submit = factory.find(State.DRAFT, State.SUBMITTED)
    assert Guard.VETO_CLEAR in submit.guards and Guard.NOT_RECENTLY_REMOVED in submit.guards
    assert Guard.INSTITUTION_UNDER_CAP in submit.guards
    assert submit.deadline == "application_deadline" and submit.not_before == "opening"
    recommend = factory.find(State.PROVINCIAL_LISTED, State.RECOMMENDED)
    assert recommend.guards == (Guard.ON_PROVINCIAL_LIST,)
    assert recommend.deadline == "provincial_deadline"
    assert Guard.PARK_CONDITIONS in park.find(State.PROVINCIAL_LISTED, State.RECOMMENDED).guards
    assert Guard.SUPPLIERS_GREEN in scm.find(State.PROVINCIAL_LISTED, State.RECOMMENDED).guards
    assert Guard.VETO_CLEAR in factory.find(State.FORMAL_CHECK, State.EXPERT_REVIEW).guards
    assert factory.find(State.EXPERT_REVIEW, State.SHORTLISTED).guards == (
        Guard.EXPERT_PANEL_COMPLETE,
    )


def test_products_have_no_application_machine() -> None:
    with pytest.raises(UnknownCodeError):
        machine_for("product")
