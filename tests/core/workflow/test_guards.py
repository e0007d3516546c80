from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from greenmfg.core.domain import ListLevel, UnitKind, VetoItem
from greenmfg.core.errors import GuardFailedError
from greenmfg.core.workflow.guards import (
    ApplicationFacts,
    Severity,
    SupplierFact,
    enforce,
    evaluation_attached,
    expert_panel_complete,
    institution_under_cap,
    not_recently_removed,
    objections_resolved,
    on_provincial_list,
    park_conditions,
    publicity_complete,
    run_guards,
    suppliers_green,
    veto_clear,
)
from greenmfg.core.workflow.machine import Guard, State, machine_for

TODAY = date(2025, 5, 10)


def facts(**kw: object) -> ApplicationFacts:
    base: dict[str, object] = {"kind": UnitKind.FACTORY, "today": TODAY}
    base.update(kw)
    return ApplicationFacts(**base)  # type: ignore[arg-type]


def test_evaluation_must_be_attached_and_a_third_party_report_signed() -> None:
    assert evaluation_attached(facts()).code == "no_evaluation"
    assert evaluation_attached(facts(evaluation_attached=True)).passed
    unsigned = evaluation_attached(facts(evaluation_attached=True, third_party=True))
    assert unsigned.code == "report_unsigned"
    assert evaluation_attached(
        facts(evaluation_attached=True, third_party=True, evaluation_signed=True)
    ).passed


def test_veto_lists_every_condition_hit_with_its_evidence() -> None:
    out = veto_clear(
        facts(
            vetoes={
                VetoItem.DISHONEST_DEBTOR: "Credit China 2024-03",
                VetoItem.NOT_OPERATING: "halted 14 months",
            }
        )
    )
    assert not out.passed and out.blocks
    assert out.params["codes"] == ["dishonest_debtor", "not_operating"]
    assert "halted 14 months" in out.message and "dishonest judgment debtor" in out.message
    assert veto_clear(facts()).passed


@pytest.mark.parametrize(
    ("removed", "passed"),
    [
        (date(2022, 5, 11), False),
        (date(2022, 5, 10), True),
        (date(2024, 1, 1), False),
        (None, True),
    ],
)
def test_a_unit_removed_in_the_past_three_years_cannot_apply(
    removed: date | None, passed: bool
) -> None:
    out = not_recently_removed(facts(last_removed_on=removed))
    assert out.passed is passed
    if not passed:
        assert out.code == "removal_bar" and "may not apply again before" in out.message


def test_the_removal_bar_handles_29_february() -> None:
    out = not_recently_removed(facts(last_removed_on=date(2024, 2, 29), today=date(2027, 2, 27)))
    assert out.params["until"] == "2027-02-28"


def test_institution_cap_counts_per_legal_representative() -> None:
    at_cap = institution_under_cap(
        facts(
            third_party=True,
            institution_projects_this_year=15,
            institution_legal_representative="王某",
        )
    )
    assert (
        at_cap.code == "institution_cap" and "王某" in at_cap.message and "cap 15" in at_cap.message
    )
    assert institution_under_cap(facts(third_party=True, institution_projects_this_year=14)).passed
    assert institution_under_cap(facts(third_party=False, institution_projects_this_year=99)).passed


def test_a_sanctioned_institution_cannot_take_projects() -> None:
    out = institution_under_cap(
        facts(third_party=True, institution_sanctioned_until=date(2025, 12, 31))
    )
    assert out.code == "institution_sanctioned"


def test_national_candidate_must_be_on_the_provincial_list() -> None:
    assert on_provincial_list(facts()).code == "not_on_provincial_list"
    assert on_provincial_list(facts(on_provincial_list=True)).passed


def test_park_conditions_report_every_unmet_condition() -> None:
    out = park_conditions(
        facts(
            kind=UnitKind.PARK,
            park_level=ListLevel.MUNICIPAL,
            park_value_added_share=Decimal("0.5"),
        )
    )
    assert not out.passed
    text = out.message
    assert "provincial-level or higher" in text
    assert "50.0 %" in text
    assert "cultivation plan" in text
    ok = park_conditions(
        facts(
            kind=UnitKind.PARK,
            park_level=ListLevel.PROVINCIAL,
            park_value_added_share=Decimal("0.62"),
            park_plan_published=True,
        )
    )
    assert ok.passed
    assert park_conditions(facts(kind=UnitKind.FACTORY)).passed


def test_non_green_suppliers_warn_but_do_not_block() -> None:
    out = suppliers_green(
        facts(
            kind=UnitKind.SUPPLY_CHAIN,
            suppliers=(
                SupplierFact("91110000000000001X", "甲厂", True),
                SupplierFact("91110000000000002X", "乙厂", False),
            ),
        )
    )
    assert not out.passed and out.severity is Severity.WARNING and not out.blocks
    assert "1 of 2" in out.message and "乙厂" in out.message
    transition = machine_for("supply_chain").find(State.PROVINCIAL_LISTED, State.RECOMMENDED)
    report = enforce(
        transition,
        facts(
            kind=UnitKind.SUPPLY_CHAIN,
            on_provincial_list=True,
            suppliers=(SupplierFact("91110000000000002X", "乙厂", False),),
        ),
    )
    assert report.passed and [w.guard for w in report.warnings] == [Guard.SUPPLIERS_GREEN]


def test_expert_panel_needs_three_experts_who_all_scored() -> None:
    assert (
        expert_panel_complete(facts(experts_assigned=2, experts_scored=2)).code == "too_few_experts"
    )
    assert (
        expert_panel_complete(facts(experts_assigned=3, experts_scored=2)).code == "scores_missing"
    )
    assert expert_panel_complete(facts(experts_assigned=3, experts_scored=3)).passed


def test_publicity_must_have_ended_and_objections_be_resolved() -> None:
    assert publicity_complete(facts()).code == "no_publicity"
    assert publicity_complete(facts(publicity_end=TODAY)).code == "publicity_running"
    assert publicity_complete(facts(publicity_end=date(2025, 5, 9))).passed
    assert objections_resolved(facts(open_objections=1)).code == "objections_open"
    assert objections_resolved(facts()).passed


def test_enforce_raises_with_every_blocking_reason() -> None:
    submit = machine_for("factory").find(State.DRAFT, State.SUBMITTED)
    with pytest.raises(GuardFailedError) as err:
        enforce(
            submit,
            facts(
                vetoes={VetoItem.ACCIDENT_OR_TAX: "2024 fire"},
                last_removed_on=date(2024, 1, 1),
            ),
        )
    assert err.value.params["codes"] == ["no_evaluation", "veto", "removal_bar"]
    assert "2024 fire" in str(err.value)


def test_run_guards_runs_all_guards() -> None:
    report = run_guards(list(Guard), facts())
    assert len(report.outcomes) == len(Guard)
