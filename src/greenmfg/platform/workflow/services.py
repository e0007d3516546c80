"""Writes of the gradient-cultivation workflow.

Every state change goes through :func:`application_transition` (``application_submit``
is the applicant's shorthand): inside one transaction it locks the application row
(``select_for_update``), then checks permission (role from the state machine, region
scope, own unit), the optimistic version a form carried, the reason, the round's
deadline and the guards; only then it writes the new state, its side effects (listing
rows, publicity dates, panel mean), the audit record of the hash chain and the inbox
notifications.  Anything raised before the commit leaves no trace.
"""

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
from django.utils.translation import gettext_noop

from greenmfg.core.domain import ListLevel, Role, UnitKind, VetoItem
from greenmfg.core.errors import (
    ConflictError,
    DeadlinePassedError,
    DuplicateError,
    GreenmfgError,
    GuardFailedError,
    InvalidValueError,
    MissingValueError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    TransitionNotAllowedError,
)
from greenmfg.core.workflow import audit as chain
from greenmfg.core.workflow.calendar import CALENDAR_KEYS, calendar_for
from greenmfg.core.workflow.guards import (
    PUBLICITY_DAYS,
    ApplicationFacts,
    SupplierFact,
    enforce,
)
from greenmfg.core.workflow.machine import STATES, State, Transition, machine_for
from greenmfg.core.workflow.review import aggregate, review_sheet
from greenmfg.platform.accounts.models import User
from greenmfg.platform.accounts.scoping import actor_role, in_region
from greenmfg.platform.audit import services as audit_chains
from greenmfg.platform.common.errors import error_message
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
    AuditRecord,
    ConflictDeclaration,
    CultivationPlan,
    ExpertAssignment,
    ExpertPanel,
    ExpertScore,
    InstitutionAnnualReport,
    InstitutionRecord,
    Notification,
    Objection,
    PlanTarget,
    Round,
)

OBJECTIONS_PER_HOUR = 3  # per client address; platform setting
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


def _today() -> dt.date:
    return timezone.localdate()


# ---------------------------------------------------------------- rounds and calendar


@dataclass(frozen=True)
class RoundDate:
    key: str
    date: dt.date
    source: str
    status: str
    region: str


# The source of a date the platform operator set for one round without citing a notice
# (a msgid: pages show it with ``{% translate %}``); such dates stay unverified.
OPERATOR_SET = gettext_noop("set for this round by the platform operator")


def round_date(round: Round, key: str, adcode: str = "000000") -> RoundDate:
    """A date of the round for a region: the round's override, else the packaged calendar."""
    override = (round.date_overrides or {}).get(key)
    if override:
        return RoundDate(
            key=key,
            date=dt.date.fromisoformat(str(override)),
            source=round.override_source or OPERATOR_SET,
            status="verified" if round.override_source else "unverified",
            region="round",
        )
    resolved = calendar_for(round.year).resolve(key, adcode)
    return RoundDate(
        key=key,
        date=resolved.value.date,
        source=resolved.value.source,
        status=resolved.value.status,
        region=resolved.region_name,
    )


def round_dates(round: Round, adcode: str = "000000") -> list[RoundDate]:
    out = []
    for key in CALENDAR_KEYS:
        try:
            out.append(round_date(round, key, adcode))
        except NotFoundError:
            continue
    return out


@transaction.atomic
def round_create(
    *,
    actor: Any,
    year: int,
    kind: UnitKind | str,
    level: ListLevel | str = ListLevel.NATIONAL,
    name: str = "",
    date_overrides: Mapping[str, str] | None = None,
    override_source: str = "",
) -> Round:
    """Open an annual round (national authority or admin; ``actor=None`` on the command line)."""
    if actor is not None and actor_role(actor) not in (Role.NATIONAL, Role.ADMIN):
        raise PermissionDeniedError(
            action="open a round", reason="only the national authority opens rounds"
        )
    kind = UnitKind(kind)
    if kind is UnitKind.PRODUCT:
        raise InvalidValueError(
            where="", field="kind", value=kind.value, expected="factory, park or supply_chain"
        )
    overrides = {str(k): str(v) for k, v in (date_overrides or {}).items()}
    for key, value in overrides.items():
        if key not in CALENDAR_KEYS:
            raise InvalidValueError(
                where="", field="date_overrides", value=key, expected=", ".join(CALENDAR_KEYS)
            )
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise InvalidValueError(
                where="", field=key, value=value, expected="a date YYYY-MM-DD"
            ) from None
    missing = []
    for key in CALENDAR_KEYS:
        if key in overrides:
            continue
        try:
            calendar_for(year).resolve(key)
        except NotFoundError:
            missing.append(key)
    if missing:
        raise MissingValueError(
            where="",
            field=", ".join(missing),
            expected=f"dates for {year} (no packaged calendar for that year)",
        )
    if Round.objects.filter(year=year, kind=kind.value, level=ListLevel(level).value).exists():
        raise DuplicateError(kind="Round", key=f"{year} {kind.value}", detail="")
    rnd = Round(
        year=year,
        kind=kind.value,
        level=ListLevel(level).value,
        name=name or f"{year} {kind.value}",
        date_overrides=overrides,
        override_source=override_source,
    )
    rnd.full_clean()
    rnd.save()
    return rnd


# ---------------------------------------------------------------- content and audit


def application_content(app: Application) -> dict[str, Any]:
    """The content the audit chain hashes at each event."""
    unit = app.unit
    return {
        "id": app.pk,
        "round": app.round_id,
        "kind": app.kind,
        "unit": getattr(unit, "uscc", ""),
        "adcode": app.adcode,
        "state": app.state,
        "version": app.version,
        "evaluation": [
            app.evaluation_kind,
            app.evaluation_reference,
            app.evaluation_hash,
            str(app.evaluation_score) if app.evaluation_score is not None else None,
            app.evaluation_signed,
            app.institution_id,
        ],
        "veto_findings": app.veto_findings,
        "park_value_added_share": str(app.park_value_added_share)
        if app.park_value_added_share is not None
        else None,
        "summary": app.summary,
        "rejection_reason": app.rejection_reason,
        "panel_mean": str(app.panel_mean) if app.panel_mean is not None else None,
        "publicity": [
            app.publicity_start.isoformat() if app.publicity_start else None,
            app.publicity_end.isoformat() if app.publicity_end else None,
        ],
    }


def _audit(
    app: Application, *, actor: Any, event: str, from_state: str, to_state: str, reason: str
) -> AuditRecord:
    head = audit_chains.workflow_head_lock(app.chain_id)
    last = AuditRecord.objects.filter(application=app).order_by("-sequence").first()
    previous = to_core_record(last) if last is not None else None
    actor_name = getattr(actor, "username", "") or "system"
    sealed = chain.seal(
        chain_id=app.chain_id,
        previous=previous,
        actor=actor_name,
        at=timezone.now(),
        event=event,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        content_hash=chain.content_hash(application_content(app)),
    )
    record_seal = audit_chains.workflow_head_advance(
        head, sequence=sealed.sequence, record_hash=sealed.hash, owner=app
    )
    return AuditRecord.objects.create(
        application=app,
        seal=record_seal,
        sequence=sealed.sequence,
        actor=actor if isinstance(actor, User) else None,
        actor_name=actor_name,
        at=sealed.at,
        event=event,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        content_hash=sealed.content_hash,
        previous_hash=sealed.previous_hash,
        hash=sealed.hash,
    )


def to_core_record(record: AuditRecord) -> chain.AuditRecord:
    return chain.AuditRecord(
        chain_id=f"application-{record.application_id}",
        sequence=record.sequence,
        actor=record.actor_name,
        at=record.at,
        event=record.event,
        from_state=record.from_state,
        to_state=record.to_state,
        reason=record.reason,
        content_hash=record.content_hash,
        previous_hash=record.previous_hash,
        hash=record.hash,
    )


# ---------------------------------------------------------------- notifications


def _users_to_act(app: Application, state: State) -> list[User]:
    role = STATES[state].actor
    if role is None:
        return []
    users = User.objects.filter(is_active=True, role=role.value)
    if role is Role.ENTERPRISE:
        return _applicant_users(app)
    if role in (Role.MUNICIPAL, Role.PROVINCIAL):
        return [
            u for u in users.filter(adcode__startswith=app.adcode[:2]) if in_region(u, app.adcode)
        ]
    if role is Role.EXPERT:
        return [
            a.expert
            for a in app.assignments.filter(submitted_at__isnull=True).select_related("expert")
        ]
    return list(users)


def _applicant_users(app: Application) -> list[User]:
    return list(
        User.objects.filter(is_active=True, role=Role.ENTERPRISE.value).filter(
            Q(enterprise_id=app.enterprise_id, enterprise__isnull=False)
            | Q(park_id=app.park_id, park__isnull=False)
        )
    )


def _notify(
    users: Iterable[User], app: Application | None, kind: str, message: str, dedupe_key: str = ""
) -> int:
    created = 0
    for user in users:
        if dedupe_key and Notification.objects.filter(user=user, dedupe_key=dedupe_key).exists():
            continue
        Notification.objects.create(
            user=user, application=app, kind=kind, message=message[:300], dedupe_key=dedupe_key
        )
        created += 1
    return created


def _notify_transition(app: Application, target: State) -> None:
    info = STATES[target]
    unit = app.unit
    message = f"{unit.name if unit else app.pk}: {info.name_zh} / {info.name_en}"
    _notify(_applicant_users(app), app, "info", message)
    if info.actor is not None and info.actor is not Role.ENTERPRISE:
        _notify(_users_to_act(app, target), app, "action", message)


@transaction.atomic
def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    if notification.user_id != getattr(actor, "pk", None):
        raise PermissionDenied
    notification.read_at = timezone.now()
    notification.save(update_fields=["read_at"])
    return notification


def reminders_create(*, today: dt.date | None = None, days_ahead: int = 7) -> int:
    """Remind whoever must act on an open application of its state's deadline.

    Idempotent: one reminder per user, application, state and deadline.
    """
    today = today or _today()
    created = 0
    open_states = [s.value for s, info in STATES.items() if not info.terminal]
    for app in Application.objects.filter(state__in=open_states).select_related(
        "round", "enterprise", "park"
    ):
        state = State(app.state)
        due_key = STATES[state].due
        if due_key is None:
            continue
        try:
            due = round_date(app.round, due_key, app.adcode).date
        except NotFoundError:
            continue
        if not today <= due <= today + timedelta(days=days_ahead):
            continue
        users = (
            _users_to_act(app, state)
            if STATES[state].actor is not Role.ENTERPRISE
            else _applicant_users(app)
        )
        unit = app.unit
        message = (
            f"{unit.name if unit else app.pk}: {STATES[state].name_zh} 截止 {due.isoformat()} / "
            f"{STATES[state].name_en} due {due.isoformat()}"
        )
        with transaction.atomic():
            created += _notify(
                users,
                app,
                "reminder",
                message,
                dedupe_key=f"reminder:{app.pk}:{state.value}:{due.isoformat()}",
            )
    return created


# ---------------------------------------------------------------- applications


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


def _check_actor_on(actor: Any, app: Application, action: str) -> None:
    role = actor_role(actor)
    if role is Role.ENTERPRISE:
        if not (
            (
                app.enterprise_id is not None
                and getattr(actor, "enterprise_id", None) == app.enterprise_id
            )
            or (app.park_id is not None and getattr(actor, "park_id", None) == app.park_id)
        ):
            raise PermissionDeniedError(action=action, reason="this is not your unit's application")
        return
    if not in_region(actor, app.adcode):
        raise PermissionDeniedError(action=action, reason="the application is outside your region")


def _lock(application: Application | int) -> Application:
    pk = application if isinstance(application, int) else application.pk
    try:
        return (
            Application.objects.select_for_update(of=("self",))
            .select_related("round", "enterprise", "park", "institution")
            .get(pk=pk)
        )
    except Application.DoesNotExist:
        raise NotFoundError(kind="Application", key=str(pk)) from None


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


def _batch_error(err: GreenmfgError | PermissionDenied) -> str:
    return error_message(err) if isinstance(err, GreenmfgError) else str(err)


def application_transition_batch(
    *,
    actor: Any,
    applications: Iterable[int],
    to: State | str,
    reason: str = "",
    today: dt.date | None = None,
) -> list[BatchResult]:
    """The same decision on many applications; each is its own transaction."""
    results = []
    for pk in applications:
        try:
            application_transition(
                actor=actor, application=int(pk), to=to, reason=reason, today=today
            )
            results.append(BatchResult(int(pk), True, ""))
        except (GreenmfgError, PermissionDenied) as err:
            results.append(BatchResult(int(pk), False, _batch_error(err)))
    return results


# ---------------------------------------------------------------- expert review


def _require(actor: Any, *roles: Role, action: str) -> Role:
    role = actor_role(actor)
    if role not in roles:
        raise PermissionDeniedError(
            action=action, reason=f"only {', '.join(r.value for r in roles)} may do this"
        )
    assert role is not None
    return role


@transaction.atomic
def expert_panel_create(
    *, actor: Any, round: Round, name: str, experts: Iterable[User]
) -> ExpertPanel:
    _require(actor, Role.NATIONAL, action="build an expert panel")
    members = list(experts)
    bad = [u.username for u in members if u.role != Role.EXPERT.value]
    if bad:
        raise InvalidValueError(
            where="",
            field="experts",
            value=", ".join(bad),
            expected="accounts with the expert role",
        )
    panel = ExpertPanel(round=round, name=name.strip())
    panel.full_clean()
    panel.save()
    panel.members.set(members)
    return panel


@transaction.atomic
def expert_conflict_declare(*, actor: Any, uscc: str, relation: str) -> ConflictDeclaration:
    _require(actor, Role.EXPERT, action="declare a conflict of interest")
    if not relation.strip():
        raise MissingValueError(
            where="", field="relation", expected="how you are linked to the unit"
        )
    decl, _ = ConflictDeclaration.objects.update_or_create(
        expert=actor, uscc=uscc.strip().upper(), defaults={"relation": relation.strip()}
    )
    return decl


def expert_conflicts(expert: User, app: Application) -> list[str]:
    """Why ``expert`` may not review ``app`` (empty: no conflict)."""
    reasons = []
    if expert.adcode and app.adcode and expert.adcode[:4] == app.adcode[:4]:
        reasons.append(f"same region ({expert.adcode})")
    if (
        app.institution is not None
        and expert.organisation
        and expert.organisation.strip() == app.institution.name
    ):
        reasons.append(f"same institution ({app.institution.name})")
    unit = app.unit
    if (
        unit is not None
        and ConflictDeclaration.objects.filter(expert=expert, uscc=unit.uscc).exists()
    ):
        reasons.append("declared link with the unit")
    return reasons


@transaction.atomic
def expert_assign(
    *, actor: Any, application: Application | int, expert: User, panel: ExpertPanel | None = None
) -> ExpertAssignment:
    """Assign an expert to an application in formal check or expert review, avoiding conflicts."""
    _require(actor, Role.NATIONAL, action="assign experts")
    app = _lock(application)
    if app.state not in (State.FORMAL_CHECK.value, State.EXPERT_REVIEW.value):
        raise TransitionNotAllowedError(
            state=app.state, target="expert assignment", allowed="formal_check, expert_review"
        )
    if expert.role != Role.EXPERT.value or not expert.is_active:
        raise InvalidValueError(
            where="", field="expert", value=expert.username, expected="an active expert account"
        )
    conflicts = expert_conflicts(expert, app)
    if conflicts:
        raise GuardFailedError(
            transition="Assign an expert",
            reasons=f"{expert.username}: conflict of interest — {'; '.join(conflicts)}",
            codes=["conflict_of_interest"],
            guards=["conflict_of_interest"],
        )
    if ExpertAssignment.objects.filter(application=app, expert=expert).exists():
        raise DuplicateError(
            kind="Expert assignment", key=expert.username, detail=f" for application {app.pk}"
        )
    assignment = ExpertAssignment.objects.create(application=app, expert=expert, panel=panel)
    _audit(
        app,
        actor=actor,
        event="expert_assigned",
        from_state=app.state,
        to_state=app.state,
        reason=expert.username,
    )
    unit = app.unit
    _notify([expert], app, "action", f"{unit.name if unit else app.pk}: 请评审 / please review")
    return assignment


def expert_assign_batch(
    *,
    actor: Any,
    applications: Iterable[int],
    experts: Iterable[User] = (),
    panel: ExpertPanel | None = None,
) -> list[BatchResult]:
    """Assign every expert (or every member of ``panel``) to every application; conflicts
    and duplicates are reported, not fatal."""
    results = []
    expert_list = list(experts)
    if panel is not None:
        expert_list += [m for m in panel.members.order_by("username") if m not in expert_list]
    for pk in applications:
        for expert in expert_list:
            try:
                expert_assign(actor=actor, application=int(pk), expert=expert, panel=panel)
                results.append(BatchResult(int(pk), True, expert.username))
            except (GreenmfgError, PermissionDenied) as err:
                results.append(BatchResult(int(pk), False, _batch_error(err)))
    return results


@transaction.atomic
def expert_score_submit(
    *,
    actor: Any,
    assignment: ExpertAssignment,
    scores: Mapping[str, Decimal],
    comments: Mapping[str, str] | None = None,
    comment: str = "",
    no_conflict: bool = False,
) -> ExpertAssignment:
    """An expert's independent scores on the review sheet (final once submitted)."""
    _require(actor, Role.EXPERT, action="score an application")
    if assignment.expert_id != actor.pk:
        raise PermissionDeniedError(
            action="score this application", reason="it is assigned to another expert"
        )
    app = _lock(assignment.application_id)
    assignment = ExpertAssignment.objects.select_for_update().get(pk=assignment.pk)
    if app.state != State.EXPERT_REVIEW.value:
        raise TransitionNotAllowedError(
            state=app.state, target="expert scoring", allowed="expert_review"
        )
    if assignment.submitted_at is not None:
        raise ConflictError(detail="Your scores for this application were already submitted.")
    if not no_conflict:
        raise MissingValueError(
            where="",
            field="no_conflict",
            expected="your declaration that you have no conflict of interest",
        )
    sheet = review_sheet(app.kind)
    total = sheet.validate(scores)
    by_code = {i.code: i for i in sheet.items}
    for code, points in scores.items():
        ExpertScore.objects.create(
            assignment=assignment,
            indicator=code,
            points=points,
            max_points=by_code[code].max_points,
            comment=(comments or {}).get(code, "").strip(),
        )
    assignment.total = total
    assignment.comment = comment.strip()
    assignment.no_conflict_declared = True
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["total", "comment", "no_conflict_declared", "submitted_at"])
    _audit(
        app,
        actor=actor,
        event="expert_scored",
        from_state=app.state,
        to_state=app.state,
        reason=f"total {total}",
    )
    return assignment


# ---------------------------------------------------------------- publicity and objections


@transaction.atomic
def objection_file(
    *,
    application: Application | int,
    name: str,
    contact: str,
    content: str,
    client_ip: str | None,
    today: dt.date | None = None,
) -> Objection:
    """Anyone files an objection during publicity (rate-limited per address)."""
    today = today or _today()
    app = _lock(application)
    if app.state != State.PUBLICITY.value:
        raise TransitionNotAllowedError(state=app.state, target="objection", allowed="publicity")
    assert app.publicity_end is not None
    if today > app.publicity_end:
        raise DeadlinePassedError(
            deadline="publicity period",
            date=app.publicity_end.isoformat(),
            region="national",
            year=app.round.year,
            today=today.isoformat(),
        )
    for field, value, expected in (
        ("content", content, "what the objection is about"),
        ("name", name, "your name or organisation"),
        ("contact", contact, "a phone number or e-mail address to reach you"),
    ):
        if not value.strip():
            raise MissingValueError(where="", field=field, expected=expected)
    if len(content) > 5000:
        raise InvalidValueError(
            where="",
            field="content",
            value=f"{len(content)} characters",
            expected="at most 5000 characters",
        )
    if client_ip:
        since = timezone.now() - timedelta(hours=1)
        recent = Objection.objects.filter(client_ip=client_ip, filed_at__gte=since).order_by(
            "filed_at"
        )
        if recent.count() >= OBJECTIONS_PER_HOUR:
            first = recent.first()
            assert first is not None
            retry = int((first.filed_at + timedelta(hours=1) - timezone.now()).total_seconds()) + 1
            raise RateLimitedError(what="objections", retry_after=max(retry, 1))
    objection = Objection(
        application=app,
        name=name.strip(),
        contact=contact.strip(),
        content=content.strip(),
        client_ip=client_ip,
    )
    objection.full_clean()
    objection.save()
    _audit(
        app,
        actor=None,
        event="objection_filed",
        from_state=app.state,
        to_state=app.state,
        reason=f"objection #{objection.pk}",
    )
    _notify(
        _users_to_act(app, State.PUBLICITY),
        app,
        "action",
        f"{app.unit}: 新异议 / new objection #{objection.pk}",
    )
    return objection


@transaction.atomic
def objection_resolve(
    *, actor: Any, objection: Objection, status: str, resolution: str
) -> Objection:
    """The national authority records how an objection was resolved."""
    _require(actor, Role.NATIONAL, action="resolve objections")
    app = _lock(objection.application_id)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != Objection.Status.OPEN:
        raise ConflictError(detail=f"Objection #{objection.pk} was already resolved.")
    if status not in (Objection.Status.UPHELD, Objection.Status.DISMISSED):
        raise InvalidValueError(
            where="", field="status", value=status, expected="upheld or dismissed"
        )
    if not resolution.strip():
        raise MissingValueError(
            where="", field="resolution", expected="how the objection was resolved"
        )
    objection.status = status
    objection.resolution = resolution.strip()
    objection.resolved_by = actor
    objection.resolved_at = timezone.now()
    objection.full_clean()
    objection.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
    _audit(
        app,
        actor=actor,
        event="objection_resolved",
        from_state=app.state,
        to_state=app.state,
        reason=f"objection #{objection.pk} {status}: {objection.resolution}",
    )
    return objection


# ---------------------------------------------------------------- cultivation plans


@transaction.atomic
def cultivation_plan_create(
    *,
    actor: Any,
    title: str,
    start_year: int,
    end_year: int,
    park: Park | None = None,
    leader: Enterprise | None = None,
    text: str = "",
    publish: bool = True,
    targets: Iterable[tuple[Enterprise, str, int]] = (),
) -> CultivationPlan:
    """A park's plan for its member firms, or a supply-chain leader's for its suppliers."""
    if actor is not None:
        ok = actor_role(actor) is Role.ENTERPRISE and (
            (park is not None and actor.park_id == park.pk)
            or (leader is not None and actor.enterprise_id == leader.pk)
        )
        if not ok:
            raise PermissionDeniedError(
                action="publish a cultivation plan",
                reason="only the park or the chain leader itself",
            )
    if not title.strip():
        raise MissingValueError(where="", field="title", expected="a title")
    plan = CultivationPlan(
        park=park,
        leader=leader,
        title=title.strip(),
        start_year=start_year,
        end_year=end_year,
        text=text,
        published_on=_today() if publish else None,
    )
    plan.full_clean()
    plan.save()
    for enterprise, level, year in targets:
        if (
            park is not None
            and not park.memberships.filter(enterprise=enterprise, left_on__isnull=True).exists()
        ):
            raise InvalidValueError(
                where="",
                field="targets",
                value=enterprise.name,
                expected="a current member of the park",
            )
        if (
            leader is not None
            and not SupplierLink.objects.filter(
                leader=leader, supplier=enterprise, until__isnull=True
            ).exists()
        ):
            raise InvalidValueError(
                where="",
                field="targets",
                value=enterprise.name,
                expected="a current supplier of the leader",
            )
        target = PlanTarget(
            plan=plan, enterprise=enterprise, target_level=ListLevel(level).value, target_year=year
        )
        target.full_clean()
        target.save()
    return plan


# ---------------------------------------------------------------- third-party institutions


@transaction.atomic
def institution_annual_report_file(
    *,
    actor: Any,
    year: int,
    staff_total: int,
    senior_titles: int,
    intermediate_titles: int,
    summary: str,
) -> InstitutionAnnualReport:
    """The evaluator files its institution's annual work report for ``year``; the number
    of national projects is the platform's own count, not typed."""
    _require(actor, Role.EVALUATOR, action="file an institution's annual report")
    institution = actor.institution
    if institution is None:
        raise PermissionDeniedError(
            action="file an institution's annual report",
            reason="the account is not linked to an institution",
        )
    if not 2016 <= year <= _today().year:
        raise InvalidValueError(
            where="", field="year", value=year, expected="a past or current year"
        )
    if senior_titles + intermediate_titles > staff_total:
        raise InvalidValueError(
            where="",
            field="staff",
            value=f"{senior_titles} + {intermediate_titles} > {staff_total}",
            expected="titled staff within the full-time staff",
        )
    if not summary.strip():
        raise MissingValueError(where="", field="summary", expected="a summary of the year's work")
    if InstitutionAnnualReport.objects.filter(institution=institution, year=year).exists():
        raise DuplicateError(kind="Annual report", key=str(year), detail="")
    report = InstitutionAnnualReport(
        institution=institution,
        year=year,
        national_projects=national_projects(
            legal_representative=institution.legal_representative, year=year
        ),
        staff_total=staff_total,
        senior_titles=senior_titles,
        intermediate_titles=intermediate_titles,
        summary=summary.strip(),
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def institution_record_create(
    *,
    actor: Any,
    institution: EvaluationInstitution,
    kind: str,
    recorded_on: dt.date,
    finding: str = "",
    senior_titles: int | None = None,
    intermediate_titles: int | None = None,
    refused_until: dt.date | None = None,
) -> InstitutionRecord:
    """Authorities record an institution's qualification, a supervision finding or a sanction."""
    _require(actor, Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL, action="supervise institutions")
    if not in_region(actor, institution.adcode):
        raise PermissionDeniedError(
            action="supervise this institution", reason="it is outside your region"
        )
    record = InstitutionRecord(
        institution=institution,
        kind=kind,
        recorded_on=recorded_on,
        finding=finding.strip(),
        senior_titles=senior_titles,
        intermediate_titles=intermediate_titles,
        refused_until=refused_until,
        recorded_by=actor,
    )
    record.full_clean()
    record.save()
    return record


# ---------------------------------------------------------------- audit verification


@dataclass(frozen=True)
class AuditVerification:
    chains: int
    records: int
    broken: chain.BrokenLink | None


def audit_verify(*, application_ids: Iterable[int] | None = None) -> AuditVerification:
    """Verify every application's chain; stop at the first broken link."""
    apps = Application.objects.order_by("pk").values_list("pk", flat=True)
    if application_ids is not None:
        apps = apps.filter(pk__in=list(application_ids))
    total = 0
    count = 0
    for pk in apps.iterator():
        count += 1
        records = [
            to_core_record(r)
            for r in AuditRecord.objects.filter(application_id=pk).order_by("sequence")
        ]
        report = chain.verify_chain(records, chain_id=f"application-{pk}")
        total += report.checked
        if not report.ok:
            return AuditVerification(chains=count, records=total, broken=report.broken)
    return AuditVerification(chains=count, records=total, broken=None)
