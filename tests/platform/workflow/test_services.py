from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest

from greenmfg.core.domain import ListLevel, Role
from greenmfg.core.errors import (
    ConflictError,
    DeadlinePassedError,
    DuplicateError,
    GuardFailedError,
    MissingValueError,
    PermissionDeniedError,
    RateLimitedError,
    TransitionNotAllowedError,
)
from greenmfg.core.workflow.machine import State
from greenmfg.platform.common.errors import error_message
from greenmfg.platform.registry.models import Listing
from greenmfg.platform.workflow import services as s
from greenmfg.platform.workflow.models import Application, AuditRecord, Notification, Objection
from tests.platform.tampering import tampering

pytestmark = pytest.mark.django_db


def test_the_whole_journey_lists_the_unit_and_keeps_an_intact_chain(
    draft: Any, advance: Callable[..., Any]
) -> None:
    app = advance(draft, State.PUBLICITY)
    objection = s.objection_file(
        application=app,
        name="张先生",
        contact="13800000000",
        content="排放数据有疑问",
        client_ip="10.0.0.1",
    )
    with pytest.raises(GuardFailedError, match="objection"):
        s.application_transition(
            actor=_national(),
            application=app,
            to=State.LISTED,
            today=app.publicity_end + dt.timedelta(days=1),
        )
    s.objection_resolve(
        actor=_national(), objection=objection, status="dismissed", resolution="核查数据无误"
    )
    app.refresh_from_db()
    app = s.application_transition(
        actor=_national(),
        application=app,
        to=State.LISTED,
        today=app.publicity_end + dt.timedelta(days=1),
    )
    assert app.state == "listed"
    levels = set(Listing.objects.filter(enterprise=app.enterprise).values_list("level", flat=True))
    assert levels == {ListLevel.PROVINCIAL.value, ListLevel.NATIONAL.value}
    assert app.panel_mean == Decimal("82.00")
    result = s.audit_verify()
    assert result.broken is None and result.records == AuditRecord.objects.count() >= 15


def _national() -> Any:
    from greenmfg.platform.accounts.models import User

    return User.objects.get(username="miit")


def test_a_city_official_cannot_act_on_another_citys_application(
    draft: Any, applicant: Any, wuxi_official: Any
) -> None:
    s.application_submit(actor=applicant, application=draft)
    with pytest.raises(PermissionDeniedError, match="outside your region"):
        s.application_transition(actor=wuxi_official, application=draft, to=State.MUNICIPAL_REVIEW)
    draft.refresh_from_db()
    assert draft.state == "submitted"


def test_double_submission_is_refused(draft: Any, applicant: Any) -> None:
    s.application_submit(actor=applicant, application=draft)
    with pytest.raises(TransitionNotAllowedError, match="cannot move to submitted"):
        s.application_submit(actor=applicant, application=draft)


def test_submission_after_the_deadline_is_refused(
    draft: Any, applicant: Any, today: dt.date
) -> None:
    with pytest.raises(DeadlinePassedError, match="application deadline"):
        s.application_submit(
            actor=applicant, application=draft, today=today + dt.timedelta(days=31)
        )
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.audit_records.count() == 1


def test_a_replayed_form_with_an_old_version_is_refused(
    draft: Any, applicant: Any, suzhou_official: Any
) -> None:
    s.application_submit(actor=applicant, application=draft, expected_version=0)
    with pytest.raises(ConflictError, match="changed since the form was loaded"):
        s.application_transition(
            actor=suzhou_official, application=draft, to=State.MUNICIPAL_REVIEW, expected_version=0
        )


def test_rejection_needs_a_reason_and_records_it(
    draft: Any, applicant: Any, suzhou_official: Any
) -> None:
    s.application_submit(actor=applicant, application=draft)
    with pytest.raises(MissingValueError, match="reason"):
        s.application_transition(
            actor=suzhou_official, application=draft, to=State.REJECTED, reason="  "
        )
    app = s.application_transition(
        actor=suzhou_official, application=draft, to=State.REJECTED, reason="材料不全"
    )
    assert app.rejection_reason == "材料不全"
    assert app.audit_records.last().reason == "材料不全"


def test_veto_at_submission_records_nothing(applicant: Any, make_round: Callable[..., Any]) -> None:
    app = s.application_create(
        actor=applicant,
        round=make_round(),
        enterprise=applicant.enterprise,
        evaluation_reference="EV-1",
        evaluation_hash="b" * 64,
        veto_findings={"dishonest_debtor": "信用中国 2025-01"},
    )
    with pytest.raises(GuardFailedError, match="dishonest judgment debtor"):
        s.application_submit(actor=applicant, application=app)
    app.refresh_from_db()
    assert app.state == "draft" and app.version == 0 and app.audit_records.count() == 1
    assert not Notification.objects.filter(application=app).exists()


def test_a_unit_removed_within_three_years_cannot_apply(
    applicant: Any, make_round: Callable[..., Any], make_listing: Callable[..., Any], today: dt.date
) -> None:
    from greenmfg.platform.registry.services import listing_remove

    listing = make_listing(applicant.enterprise, year=2022, listed_on=dt.date(2022, 12, 1))
    listing_remove(
        actor=None, listing=listing, removed_on=today - dt.timedelta(days=400), reason="未按时填报"
    )
    app = s.application_create(
        actor=applicant,
        round=make_round(),
        enterprise=applicant.enterprise,
        evaluation_reference="E",
        evaluation_hash="c" * 64,
    )
    with pytest.raises(GuardFailedError, match="may not apply again"):
        s.application_submit(actor=applicant, application=app)


def test_the_institution_cap_is_counted_per_legal_representative(
    make_round: Callable[..., Any],
    make_enterprise: Callable[..., Any],
    make_user: Callable[..., Any],
) -> None:
    from greenmfg.platform.registry.services import institution_create
    from tests.platform.conftest import make_uscc

    rnd = make_round()
    inst_a = institution_create(
        actor=None,
        name="评价机构甲",
        uscc=make_uscc("110000"),
        legal_representative="李四",
        adcode="110000",
        staff_total=20,
        evaluators=10,
    )
    inst_b = institution_create(
        actor=None,
        name="评价机构乙",
        uscc=make_uscc("110000"),
        legal_representative="李四",
        adcode="110000",
        staff_total=20,
        evaluators=10,
    )
    for i in range(16):
        user = make_user(Role.ENTERPRISE, enterprise=make_enterprise(adcode="320500"))
        app = s.application_create(
            actor=user,
            round=rnd,
            enterprise=user.enterprise,
            evaluation_kind="third_party",
            evaluation_reference=f"R{i}",
            evaluation_hash="d" * 64,
            evaluation_signed=True,
            institution=inst_a if i % 2 else inst_b,
        )
        if i < 15:
            s.application_submit(actor=user, application=app)
        else:
            with pytest.raises(GuardFailedError, match="already have 15 national projects"):
                s.application_submit(actor=user, application=app)


def test_national_candidate_must_be_on_the_provincial_list(
    draft: Any, advance: Callable[..., Any], jiangsu_official: Any
) -> None:
    app = advance(draft, State.PROVINCIAL_LISTED)
    Listing.objects.filter(enterprise=app.enterprise).update(
        removed_on=dt.date.today(), removal_reason="test"
    )
    with pytest.raises(GuardFailedError, match="must be on the provincial list"):
        s.application_transition(actor=jiangsu_official, application=app, to=State.RECOMMENDED)


def test_recommendation_after_31_july_is_refused(
    draft: Any, advance: Callable[..., Any], jiangsu_official: Any, today: dt.date
) -> None:
    app = advance(draft, State.PROVINCIAL_LISTED)
    with pytest.raises(DeadlinePassedError, match="provincial deadline"):
        s.application_transition(
            actor=jiangsu_official,
            application=app,
            to=State.RECOMMENDED,
            today=today + dt.timedelta(days=51),
        )


def test_a_transition_failing_half_way_leaves_no_trace(
    draft: Any, advance: Callable[..., Any], jiangsu_official: Any
) -> None:
    """The provincial listing fails after the state was written: everything rolls back."""
    app = advance(draft, State.PROVINCIAL_REVIEW)
    # Someone already put the unit on this year's provincial list: listing_create raises
    # after the application row was updated inside the transaction.
    from greenmfg.platform.registry.services import listing_create

    listing_create(
        actor=None,
        kind="factory",
        level="provincial",
        year=2026,
        unit=app.enterprise,
        listed_on=dt.date.today(),
    )
    records_before = AuditRecord.objects.count()
    notes_before = Notification.objects.count()
    with pytest.raises(DuplicateError):
        s.application_transition(
            actor=jiangsu_official, application=app, to=State.PROVINCIAL_LISTED
        )
    app.refresh_from_db()
    assert app.state == "provincial_review"
    assert AuditRecord.objects.count() == records_before
    assert Notification.objects.count() == notes_before


def test_experts_with_a_conflict_are_not_assigned(
    draft: Any,
    advance: Callable[..., Any],
    make_user: Callable[..., Any],
    national_official: Any,
    experts: list[Any],
) -> None:
    app = advance(draft, State.EXPERT_REVIEW)
    local = make_user(Role.EXPERT, "320500", username="local-expert")
    with pytest.raises(GuardFailedError, match="same region"):
        s.expert_assign(actor=national_official, application=app, expert=local)
    s.expert_conflict_declare(
        actor=experts[0], uscc=app.enterprise.uscc, relation="former consultant"
    )
    with pytest.raises(GuardFailedError, match="declared link") as refused:
        s.expert_assign(actor=national_official, application=app, expert=experts[0])
    results = s.expert_assign_batch(actor=national_official, applications=[app.pk], experts=experts)
    assert [r.ok for r in results] == [False, True, True]
    assert results[0].message == error_message(refused.value)


def test_shortlisting_needs_three_submitted_scores(
    draft: Any, advance: Callable[..., Any], national_official: Any, experts: list[Any]
) -> None:
    app = advance(draft, State.EXPERT_REVIEW)
    for e in experts[:2]:
        s.expert_assign(actor=national_official, application=app, expert=e)
    with pytest.raises(GuardFailedError, match="at least 3"):
        s.application_transition(actor=national_official, application=app, to=State.SHORTLISTED)


def test_expert_scores_are_validated_against_the_sheet(
    draft: Any, advance: Callable[..., Any], national_official: Any, experts: list[Any]
) -> None:
    from greenmfg.core.errors import InvalidValueError

    app = advance(draft, State.EXPERT_REVIEW)
    a = s.expert_assign(actor=national_official, application=app, expert=experts[0])
    with pytest.raises(InvalidValueError, match="EL"):
        s.expert_score_submit(
            actor=experts[0],
            assignment=a,
            scores={"EL": Decimal(36), "RE": 1, "CP": 1, "GP": 1, "LI": 1},
            no_conflict=True,
        )
    with pytest.raises(MissingValueError, match="no_conflict"):
        s.expert_score_submit(
            actor=experts[0], assignment=a, scores={"EL": 1, "RE": 1, "CP": 1, "GP": 1, "LI": 1}
        )
    with pytest.raises(PermissionDeniedError):
        s.expert_score_submit(actor=experts[1], assignment=a, scores={}, no_conflict=True)
    s.expert_score_submit(
        actor=experts[0],
        assignment=a,
        scores={"EL": 1, "RE": 1, "CP": 1, "GP": 1, "LI": 1},
        no_conflict=True,
    )
    with pytest.raises(ConflictError, match="already submitted"):
        s.expert_score_submit(
            actor=experts[0],
            assignment=a,
            scores={"EL": 1, "RE": 1, "CP": 1, "GP": 1, "LI": 1},
            no_conflict=True,
        )


def test_objections_need_content_and_are_rate_limited(
    draft: Any, advance: Callable[..., Any]
) -> None:
    app = advance(draft, State.PUBLICITY)
    with pytest.raises(MissingValueError, match="content"):
        s.objection_file(
            application=app, name="a", contact="b", content="   ", client_ip="10.0.0.2"
        )
    for _ in range(3):
        s.objection_file(application=app, name="a", contact="b", content="c", client_ip="10.0.0.2")
    with pytest.raises(RateLimitedError):
        s.objection_file(application=app, name="a", contact="b", content="c", client_ip="10.0.0.2")
    assert Objection.objects.count() == 3


def test_objection_outside_publicity_is_refused(draft: Any) -> None:
    with pytest.raises(TransitionNotAllowedError):
        s.objection_file(application=draft, name="a", contact="b", content="c", client_ip=None)


def test_park_applications_check_the_park_conditions(
    make_park: Callable[..., Any],
    make_user: Callable[..., Any],
    make_round: Callable[..., Any],
    make_listing: Callable[..., Any],
    jiangsu_official: Any,
) -> None:
    park = make_park(adcode="320500", park_level="other")
    user = make_user(Role.ENTERPRISE, park=park)
    app = s.application_create(
        actor=user,
        round=make_round(kind="park"),
        park=park,
        evaluation_reference="P",
        evaluation_hash="e" * 64,
        park_value_added_share=Decimal("0.45"),
    )
    make_listing(park, kind="park", level="provincial", year=2025)
    Application.objects.filter(pk=app.pk).update(state="provincial_listed")
    with pytest.raises(GuardFailedError) as err:
        s.application_transition(actor=jiangsu_official, application=app, to=State.RECOMMENDED)
    text = str(err.value)
    assert "provincial-level or higher" in text and "45.0 %" in text and "cultivation plan" in text


def test_reminders_are_created_once_before_the_deadline(
    draft: Any, applicant: Any, today: dt.date
) -> None:
    assert s.reminders_create(today=today + dt.timedelta(days=25)) == 1
    assert s.reminders_create(today=today + dt.timedelta(days=26)) == 0
    assert s.reminders_create(today=today) == 0
    assert Notification.objects.filter(user=applicant, kind="reminder").count() == 1


def test_the_next_actor_is_notified(
    draft: Any, applicant: Any, suzhou_official: Any, wuxi_official: Any
) -> None:
    s.application_submit(actor=applicant, application=draft)
    assert Notification.objects.filter(user=suzhou_official, kind="action").count() == 1
    assert not Notification.objects.filter(user=wuxi_official).exists()


def test_audit_verify_names_the_first_broken_link(draft: Any, advance: Callable[..., Any]) -> None:
    advance(draft, State.PROVINCIAL_REVIEW)
    with tampering():
        AuditRecord.objects.filter(application=draft, sequence=3).update(
            reason="edited in the database"
        )
    result = s.audit_verify()
    assert result.broken is not None
    assert (result.broken.chain_id, result.broken.sequence, result.broken.problem) == (
        f"application-{draft.pk}",
        3,
        "hash",
    )


def test_an_evaluation_report_is_attached_with_its_hash(
    applicant: Any, make_round: Callable[..., Any], make_enterprise: Callable[..., Any]
) -> None:
    from greenmfg.core.errors import InvalidValueError
    from greenmfg.platform.evaluations.demo import demo_answers
    from greenmfg.platform.evaluations.services import (
        evaluation_answer,
        evaluation_create,
        report_create,
    )
    from greenmfg.platform.evaluations.standards import platform_registry

    evaluation = evaluation_create(actor=applicant, enterprise=applicant.enterprise, year=2025)
    answers, vetoes = demo_answers(platform_registry().get(evaluation.standard_code), "seed")
    evaluation_answer(
        actor=applicant, evaluation=evaluation, answers=answers, vetoes=dict.fromkeys(vetoes, False)
    )
    report = report_create(actor=applicant, evaluation=evaluation, lang="zh", sign=False)
    app = s.application_create(
        actor=applicant,
        round=make_round(),
        enterprise=applicant.enterprise,
        evaluation_report=report,
    )
    assert (
        app.evaluation_hash == report.content_hash
        and app.evaluation_reference == f"report-{report.pk}"
    )
    assert app.evaluation_kind == "self" and not app.evaluation_signed
    s.application_submit(actor=applicant, application=app)
    other = make_enterprise(adcode="320500")
    from greenmfg.platform.accounts.services import user_create

    other_user = user_create(
        actor=None,
        username="other-ent",
        password="Gm-test-pass-2025!",
        role="enterprise",
        enterprise=other,
    )
    with pytest.raises(InvalidValueError, match="a report of the applying enterprise"):
        s.application_create(
            actor=other_user, round=app.round, enterprise=other, evaluation_report=report
        )


def test_a_municipal_round_ends_at_the_municipal_list(
    applicant: Any, make_round: Callable[..., Any], suzhou_official: Any
) -> None:
    app = s.application_create(
        actor=applicant,
        round=make_round(level="municipal"),
        enterprise=applicant.enterprise,
        evaluation_reference="M",
        evaluation_hash="a" * 64,
    )
    s.application_submit(actor=applicant, application=app)
    s.application_transition(actor=suzhou_official, application=app, to=State.MUNICIPAL_REVIEW)
    app = s.application_transition(
        actor=suzhou_official, application=app, to=State.MUNICIPAL_LISTED
    )
    listing = Listing.objects.get(enterprise=app.enterprise)
    assert (listing.level, listing.authority_adcode) == ("municipal", "320500")
    with pytest.raises(TransitionNotAllowedError, match="ends at the municipal list"):
        s.application_transition(actor=suzhou_official, application=app, to=State.PROVINCIAL_REVIEW)


def test_a_provincial_round_cannot_recommend_to_the_nation(
    draft: Any,
    advance: Callable[..., Any],
    applicant: Any,
    make_round: Callable[..., Any],
    jiangsu_official: Any,
    suzhou_official: Any,
) -> None:
    app = s.application_create(
        actor=applicant,
        round=make_round(level="provincial", year=2025),
        enterprise=applicant.enterprise,
        evaluation_reference="P",
        evaluation_hash="a" * 64,
    )
    s.application_submit(actor=applicant, application=app)
    s.application_transition(actor=suzhou_official, application=app, to=State.MUNICIPAL_REVIEW)
    s.application_transition(actor=suzhou_official, application=app, to=State.PROVINCIAL_REVIEW)
    s.application_transition(actor=jiangsu_official, application=app, to=State.PROVINCIAL_LISTED)
    with pytest.raises(TransitionNotAllowedError, match="ends at the provincial list"):
        s.application_transition(actor=jiangsu_official, application=app, to=State.RECOMMENDED)


def test_a_park_meeting_the_conditions_is_recommended(
    make_park: Callable[..., Any],
    make_user: Callable[..., Any],
    make_round: Callable[..., Any],
    make_listing: Callable[..., Any],
    jiangsu_official: Any,
) -> None:
    park = make_park(adcode="320500", park_level="provincial")
    user = make_user(Role.ENTERPRISE, park=park)
    s.cultivation_plan_create(
        actor=user, park=park, title="园区绿色工厂培育计划", start_year=2025, end_year=2027
    )
    app = s.application_create(
        actor=user,
        round=make_round(kind="park"),
        park=park,
        evaluation_reference="P",
        evaluation_hash="e" * 64,
        park_value_added_share=Decimal("0.62"),
    )
    make_listing(park, kind="park", level="provincial", year=2025)
    Application.objects.filter(pk=app.pk).update(state="provincial_listed")
    app = s.application_transition(actor=jiangsu_official, application=app, to=State.RECOMMENDED)
    assert app.state == "recommended"


def test_a_veto_declared_in_the_attached_evaluation_blocks_submission(
    applicant: Any, make_round: Callable[..., Any]
) -> None:
    from greenmfg.core.domain import VetoItem, veto_item_for_clause
    from greenmfg.core.errors import GuardFailedError
    from greenmfg.platform.evaluations.demo import demo_answers
    from greenmfg.platform.evaluations.services import (
        evaluation_answer,
        evaluation_create,
        report_create,
    )
    from greenmfg.platform.evaluations.standards import platform_registry

    evaluation = evaluation_create(actor=applicant, enterprise=applicant.enterprise, year=2025)
    standard = platform_registry().get(evaluation.standard_code)
    answers, vetoes = demo_answers(standard, "seed")
    declared = dict.fromkeys(vetoes, False)
    debtor = next(
        v.code
        for v in standard.vetoes
        if veto_item_for_clause(v.clause) is VetoItem.DISHONEST_DEBTOR
    )
    declared[debtor] = True  # 失信被执行人, declared in the self-evaluation
    evaluation_answer(actor=applicant, evaluation=evaluation, answers=answers, vetoes=declared)
    report = report_create(actor=applicant, evaluation=evaluation, lang="zh", sign=False)
    app = s.application_create(
        actor=applicant,
        round=make_round(),
        enterprise=applicant.enterprise,
        evaluation_report=report,
    )
    assert VetoItem.DISHONEST_DEBTOR.value in app.veto_findings
    with pytest.raises(GuardFailedError, match="dishonest judgment debtor"):
        s.application_submit(actor=applicant, application=app)
