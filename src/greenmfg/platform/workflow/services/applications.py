"""Applications (申报): creation, the state machine's transitions, reports, batches."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone

from greenmfg.core.domain import ListLevel, Role, UnitKind, VetoItem
from greenmfg.core.errors import (
    ConflictError,
    DeadlinePassedError,
    DuplicateError,
    GreenmfgError,
    GuardFailedError,
    InvalidValueError,
    MissingValueError,
    PermissionDeniedError,
    TransitionNotAllowedError,
)
from greenmfg.core.workflow.guards import (
    PUBLICITY_DAYS,
    ApplicationFacts,
    SupplierFact,
    enforce,
)
from greenmfg.core.workflow.machine import STATES, State, Transition, machine_for
from greenmfg.core.workflow.review import aggregate
from greenmfg.platform.accounts.scoping import actor_role
from greenmfg.platform.evaluations.models import Report
from greenmfg.platform.registry.models import (
    Enterprise,
    EvaluationInstitution,
    Listing,
    Park,
    SupplierLink,
)
from greenmfg.platform.registry.services import listing_create
from greenmfg.platform.workflow.models import (
    Application,
    CultivationPlan,
    InstitutionRecord,
    Objection,
    Round,
)
from greenmfg.platform.workflow.services.base import (
    _applicant_users,
    _audit,
    _batch_error,
    _check_actor_on,
    _lock,
    _notify,
    _today,
    _users_to_act,
)
from greenmfg.platform.workflow.services.rounds import round_date

# Final states of each stage and the list (名单) level a unit enters on reaching them.
LISTED_LEVEL = {
    State.MUNICIPAL_LISTED: ListLevel.MUNICIPAL,
    State.PROVINCIAL_LISTED: ListLevel.PROVINCIAL,
    State.LISTED: ListLevel.NATIONAL,
}


NATIONAL_STAGE = [
    State.RECOMMENDED,
    State.FORMAL_CHECK,
    State.EXPERT_REVIEW,
    State.SHORTLISTED,
    State.PUBLICITY,
    State.LISTED,
]


def _notify_transition(app: Application, target: State) -> None:
    info = STATES[target]
    unit = app.unit
    message = f"{unit.name if unit else app.pk}: {info.name_zh} / {info.name_en}"
    _notify(_applicant_users(app), app, "info", message)
    if info.actor is not None and info.actor is not Role.ENTERPRISE:
        _notify(_users_to_act(app, target), app, "action", message)


def _check_own_unit(actor: Any, *, enterprise: Enterprise | None, park: Park | None) -> None:
    if actor_role(actor) is not Role.ENTERPRISE:
        raise PermissionDeniedError(
            action="apply", reason="only an enterprise or park account applies"
        )
    if enterprise is not None and getattr(actor, "enterprise_id", None) == enterprise.pk:
        return
    if park is not None and getattr(actor, "park_id", None) == park.pk:
        return
    raise PermissionDeniedError(
        action="apply", reason="an account applies only for its own enterprise or park"
    )


@transaction.atomic
def application_create(
    *,
    actor: Any,
    round: Round,
    enterprise: Enterprise | None = None,
    park: Park | None = None,
    evaluation_kind: str = "self",
    evaluation_reference: str = "",
    evaluation_hash: str = "",
    evaluation_score: Decimal | None = None,
    evaluation_signed: bool = False,
    institution: EvaluationInstitution | None = None,
    summary: str = "",
    park_value_added_share: Decimal | None = None,
    veto_findings: Mapping[str, str] | None = None,
    evaluation_report: Report | None = None,
) -> Application:
    """Start a draft application of the actor's own enterprise or park in a round.

    With ``evaluation_report`` (a report of the evaluations app) the evaluation fields are
    taken from the report: its content hash, signature, kind, institution and score; the
    Art. 15 veto conditions its evaluation declares join the application's veto findings,
    so the veto guard sees them at submission and at the formal check.
    """
    _check_own_unit(actor, enterprise=enterprise, park=park)
    if evaluation_report is not None:
        evaluation = evaluation_report.evaluation
        if enterprise is None or evaluation.enterprise_id != enterprise.pk:
            raise InvalidValueError(
                where="",
                field="evaluation_report",
                value=evaluation_report.content_hash[:12],
                expected="a report of the applying enterprise",
            )
        if evaluation_report.state == Report.State.FAILED:
            raise InvalidValueError(
                where="",
                field="evaluation_report",
                value=evaluation_report.get_state_display(),
                expected="a report whose PDF was built (its hash is fixed at creation)",
            )
        evaluation_kind = evaluation.kind
        evaluation_reference = f"report-{evaluation_report.pk}"
        evaluation_hash = evaluation_report.content_hash
        evaluation_signed = evaluation_report.signed
        evaluation_score = (
            Decimal(str(evaluation.total)).quantize(Decimal("0.01"))
            if evaluation.total is not None
            else None
        )
        institution = evaluation.institution or institution
        from greenmfg.platform.evaluations.selectors import art15_declarations

        declared = art15_declarations(evaluation)
        veto_findings = {
            **{item.value: evidence for item, evidence in declared.items()},
            **(veto_findings or {}),
        }
    if not round.is_open:
        raise ConflictError(detail=f"The round {round.name} is closed.")
    kind = UnitKind(round.kind)
    if (kind is UnitKind.PARK) != (park is not None):
        raise InvalidValueError(
            where="",
            field="unit",
            value=str(enterprise or park),
            expected=f"a {'park' if kind is UnitKind.PARK else 'enterprise'} for a {kind.value} round",
        )
    if park_value_added_share is not None and kind is not UnitKind.PARK:
        # a park's share of industrial value added (园区) has no meaning for a factory or
        # a supply-chain enterprise: the form shows the field by the round's carrier type
        raise InvalidValueError(
            where="",
            field="park_value_added_share",
            value=str(park_value_added_share),
            expected="nothing: the field belongs to green industrial park rounds",
        )
    if evaluation_kind == "third_party" and institution is None:
        raise MissingValueError(
            where="",
            field="institution",
            expected="the third-party institution that signed the report",
        )
    findings = {}
    for code, evidence in (veto_findings or {}).items():
        try:
            findings[VetoItem(code).value] = str(evidence)
        except ValueError:
            raise InvalidValueError(
                where="",
                field="veto_findings",
                value=code,
                expected=", ".join(v.value for v in VetoItem),
            ) from None
    unit = enterprise or park
    assert unit is not None
    live = Application.objects.filter(round=round).exclude(
        state__in=[State.WITHDRAWN.value, State.REJECTED.value]
    )
    if live.filter(Q(enterprise=enterprise) if enterprise else Q(park=park)).exists():
        raise DuplicateError(kind="Application", key=str(unit), detail=f" in round {round.name}")
    app = Application(
        round=round,
        kind=kind.value,
        enterprise=enterprise,
        park=park,
        adcode=unit.adcode,
        evaluation_kind=evaluation_kind,
        evaluation_report=evaluation_report,
        evaluation_reference=evaluation_reference.strip(),
        evaluation_hash=evaluation_hash.strip(),
        evaluation_score=evaluation_score,
        evaluation_signed=evaluation_signed,
        institution=institution,
        summary=summary.strip(),
        park_value_added_share=park_value_added_share,
        veto_findings=findings,
        created_by=actor,
    )
    app.full_clean()
    app.save()
    _audit(
        app,
        actor=actor,
        event="create",
        from_state=State.DRAFT.value,
        to_state=State.DRAFT.value,
        reason="",
    )
    return app


def national_projects(
    *, legal_representative: str, year: int, exclude_pk: int | None = None
) -> int:
    """The national projects of a round year counted against the cap of 15 per legal
    representative (Art. 20, Annex 1; §1.7 [V: P2, P37]): applications of national rounds
    evaluated by an institution of that representative, beyond draft and withdrawn."""
    qs = Application.objects.filter(
        institution__legal_representative=legal_representative,
        round__year=year,
        round__level=ListLevel.NATIONAL.value,
    ).exclude(state__in=[State.DRAFT.value, State.WITHDRAWN.value])
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    return qs.count()


def gather_facts(app: Application, today: dt.date) -> ApplicationFacts:
    """The plain facts the core guards need, read from the database."""
    kind = UnitKind(app.kind)
    unit_q = Q(enterprise_id=app.enterprise_id) if app.enterprise_id else Q(park_id=app.park_id)
    listings = Listing.objects.filter(unit_q)
    last_removed = listings.filter(removed_on__isnull=False).aggregate(m=Max("removed_on"))["m"]
    on_provincial = listings.filter(
        kind=kind.value, level=ListLevel.PROVINCIAL.value, removed_on__isnull=True
    ).exists()
    park_level: str | None = None
    plan_published = False
    if app.park_id is not None and app.park is not None:
        raw = app.park.park_level
        park_level = (
            "national"
            if raw.startswith("national")
            else ("provincial" if raw == "provincial" else raw)
        )
        plan_published = CultivationPlan.objects.filter(
            park_id=app.park_id, published_on__isnull=False
        ).exists()
    suppliers: tuple[SupplierFact, ...] = ()
    if kind is UnitKind.SUPPLY_CHAIN and app.enterprise_id:
        links = SupplierLink.objects.filter(
            leader_id=app.enterprise_id, until__isnull=True
        ).select_related("supplier")
        green = set(
            Listing.objects.filter(
                kind=UnitKind.FACTORY.value,
                level=ListLevel.NATIONAL.value,
                removed_on__isnull=True,
                enterprise_id__in=[link.supplier_id for link in links],
            ).values_list("enterprise_id", flat=True)
        )
        suppliers = tuple(
            SupplierFact(link.supplier.uscc, link.supplier.name, link.supplier_id in green)
            for link in links
        )
    third_party = app.evaluation_kind == Application.EvaluationKind.THIRD_PARTY
    projects = 0
    representative = None
    sanctioned_until = None
    if third_party and app.institution is not None:
        representative = app.institution.legal_representative
        projects = national_projects(
            legal_representative=representative, year=app.round.year, exclude_pk=app.pk
        )
        sanctioned_until = InstitutionRecord.objects.filter(
            institution=app.institution, kind=InstitutionRecord.Kind.SANCTION
        ).aggregate(m=Max("refused_until"))["m"]
    assignments = list(app.assignments.all())
    return ApplicationFacts(
        kind=kind,
        today=today,
        evaluation_attached=bool(app.evaluation_reference and app.evaluation_hash),
        evaluation_signed=app.evaluation_signed,
        third_party=third_party,
        vetoes={VetoItem(k): v for k, v in (app.veto_findings or {}).items()},
        last_removed_on=last_removed,
        on_provincial_list=on_provincial,
        park_level=park_level,
        park_value_added_share=app.park_value_added_share,
        park_plan_published=plan_published,
        suppliers=suppliers,
        institution_legal_representative=representative,
        institution_projects_this_year=projects,
        institution_sanctioned_until=sanctioned_until,
        experts_assigned=len(assignments),
        experts_scored=sum(1 for a in assignments if a.submitted_at is not None),
        publicity_end=app.publicity_end,
        open_objections=app.objections.filter(status=Objection.Status.OPEN).count(),
    )


@transaction.atomic
def application_transition(
    *,
    actor: Any,
    application: Application | int,
    to: State | str,
    reason: str = "",
    expected_version: int | None = None,
    today: dt.date | None = None,
    cited_items: Sequence[str] = (),
) -> Application:
    """Move an application to state ``to``: permission → guard → write → audit record.

    ``cited_items`` are the formal-check items the decision rests on (recorded on the
    reviewer's checklist); the audit record's reason names them.

    A decision that implies an earlier step of the same authority (the machine's
    ``route``, e.g. a province recommending an application still in provincial review
    puts it on the provincial list first) takes every step in this one transaction, each
    with its own guards and audit record; any refusal leaves the application unchanged.
    """
    today = today or _today()
    app = _lock(application)
    source, target = State(app.state), State(to)
    role = actor_role(actor)
    if role is None:
        raise PermissionDeniedError(action="change an application", reason="please log in first")
    _check_actor_on(actor, app, "change this application")
    if expected_version is not None and expected_version != app.version:
        raise ConflictError(
            detail=(
                f"The application changed since the form was loaded (version {expected_version}, "
                f"now {app.version}: {STATES[source].name_en}); reload and try again."
            )
        )
    route = machine_for(app.kind).route(role=role, source=source, target=target)
    if cited_items:
        from greenmfg.platform.workflow.review_services import cited_reason, reviewer_level

        reason = cited_reason(app, reviewer_level(actor, app), list(cited_items), reason)
    for transition in route:
        app = _transition_step(
            actor=actor,
            app=app,
            transition=transition,
            reason=reason if transition is route[-1] else "",
            today=today,
        )
    return app


def _transition_step(
    *, actor: Any, app: Application, transition: Transition, reason: str, today: dt.date
) -> Application:
    """One checked transition of a locked application (inside the caller's transaction)."""
    source, target = State(app.state), transition.target
    reason = reason.strip()
    if transition.reason_required and not reason:
        raise MissingValueError(where="", field="reason", expected="the reason for this decision")
    if target is State.PROVINCIAL_REVIEW and app.round.level == ListLevel.MUNICIPAL.value:
        raise TransitionNotAllowedError(
            state=source.value,
            target=target.value,
            allowed="(this round ends at the municipal list)",
        )
    if target is State.RECOMMENDED and app.round.level != ListLevel.NATIONAL.value:
        raise TransitionNotAllowedError(
            state=source.value,
            target=target.value,
            allowed="(this round ends at the provincial list)",
        )
    if transition.not_before:
        d = round_date(app.round, transition.not_before, app.adcode)
        if today < d.date:
            raise GuardFailedError(
                transition=transition.label_en,
                reasons=f"the {app.round.year} round opens on {d.date.isoformat()}",
                codes=["not_open"],
                guards=["opening"],
            )
    if transition.deadline:
        d = round_date(app.round, transition.deadline, app.adcode)
        if today > d.date:
            raise DeadlinePassedError(
                deadline=transition.deadline.replace("_", " "),
                date=d.date.isoformat(),
                region=d.region,
                year=app.round.year,
                today=today.isoformat(),
            )
    report = enforce(transition, gather_facts(app, today))
    # -- write
    now = timezone.now()
    app.state = target.value
    app.version += 1
    app.state_changed_at = now
    fields = ["state", "version", "state_changed_at"]
    if target is State.SUBMITTED:
        app.submitted_at = now
        fields.append("submitted_at")
    if target is State.REJECTED:
        app.rejection_reason = reason
        fields.append("rejection_reason")
    if target is State.PUBLICITY:
        app.publicity_start = today
        app.publicity_end = today + timedelta(days=PUBLICITY_DAYS - 1)
        fields += ["publicity_start", "publicity_end"]
    if target is State.SHORTLISTED:
        totals = [a.total for a in app.assignments.all() if a.total is not None]
        app.panel_mean = aggregate(totals).mean
        fields.append("panel_mean")
    app.save(update_fields=fields)
    unit = app.unit
    assert unit is not None
    listed_level = LISTED_LEVEL.get(target)
    if listed_level is not None:
        listing_create(
            actor=actor,
            kind=app.kind,
            level=listed_level,
            year=app.round.year,
            unit=unit,
            listed_on=today,
            batch=app.round.name,
        )
    warnings = "; ".join(f"warning: {w.message}" for w in report.warnings)
    _audit(
        app,
        actor=actor,
        event=transition.name,
        from_state=source.value,
        to_state=target.value,
        reason="\n".join(p for p in (reason, warnings) if p),
    )
    _notify_transition(app, target)
    return app


@transaction.atomic
def application_attach_report(
    *, actor: Any, application: Application | int, report: Report
) -> Application:
    """The applicant attaches a report of the platform to its draft (e.g. the report its
    engaged third-party institution signed): the evaluation fields are taken from the
    report, as in :func:`application_create`; the report's declared vetoes join the
    application's findings."""
    app = _lock(application)
    if actor_role(actor) is not Role.ENTERPRISE:
        raise PermissionDeniedError(
            action="attach a report", reason="only the applicant attaches its report"
        )
    _check_actor_on(actor, app, "attach a report")
    if app.state != State.DRAFT.value:
        raise ConflictError(detail="Only a draft's report can be changed.")
    evaluation = report.evaluation
    if app.enterprise_id is None or evaluation.enterprise_id != app.enterprise_id:
        raise InvalidValueError(
            where="",
            field="evaluation_report",
            value=report.content_hash[:12],
            expected="a report of the applying enterprise",
        )
    if report.state == Report.State.FAILED:
        raise InvalidValueError(
            where="",
            field="evaluation_report",
            value=report.get_state_display(),
            expected="a report whose PDF was built (its hash is fixed at creation)",
        )
    from greenmfg.platform.evaluations.selectors import art15_declarations

    app.evaluation_report = report
    app.evaluation_kind = evaluation.kind
    app.evaluation_reference = f"report-{report.pk}"
    app.evaluation_hash = report.content_hash
    app.evaluation_signed = report.signed
    app.evaluation_score = (
        Decimal(str(evaluation.total)).quantize(Decimal("0.01"))
        if evaluation.total is not None
        else None
    )
    app.institution = evaluation.institution
    app.veto_findings = {
        **{item.value: evidence for item, evidence in art15_declarations(evaluation).items()},
        **(app.veto_findings or {}),
    }
    app.version += 1
    app.full_clean()
    app.save()
    _audit(
        app,
        actor=actor,
        event="report_attached",
        from_state=app.state,
        to_state=app.state,
        reason=f"{evaluation.get_kind_display()} {report.content_hash}",
    )
    return app


def application_submit(
    *,
    actor: Any,
    application: Application | int,
    expected_version: int | None = None,
    today: dt.date | None = None,
) -> Application:
    """The applicant submits its draft (guards: evaluation, veto, removal bar, institution cap)."""
    return application_transition(
        actor=actor,
        application=application,
        to=State.SUBMITTED,
        expected_version=expected_version,
        today=today,
    )


@dataclass(frozen=True)
class BatchResult:
    application_id: int
    ok: bool
    message: str


def application_transition_batch(
    *,
    actor: Any,
    applications: Iterable[int],
    to: State | str,
    reason: str = "",
    today: dt.date | None = None,
    cited_items: Sequence[str] = (),
) -> list[BatchResult]:
    """The same decision on many applications; each is its own transaction.

    ``cited_items`` are the formal-check items the decision rests on, as for one
    decision: each application must have them recorded on its checklist at the
    reviewer's level, or that application is refused with the reason."""
    results = []
    for pk in applications:
        try:
            application_transition(
                actor=actor,
                application=int(pk),
                to=to,
                reason=reason,
                today=today,
                cited_items=cited_items,
            )
            results.append(BatchResult(int(pk), True, ""))
        except (GreenmfgError, PermissionDenied) as err:
            results.append(BatchResult(int(pk), False, _batch_error(err)))
    return results
