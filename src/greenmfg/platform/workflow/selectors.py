"""Reads of the workflow: every query is scoped to the actor; out-of-scope is a 404."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from greenmfg.core.domain import ListLevel, Role, UnitKind
from greenmfg.core.errors import GreenmfgError, NotFoundError
from greenmfg.core.workflow.machine import IMPLIED_STEPS, STATES, State, machine_for
from greenmfg.core.workflow.review import PanelResult, aggregate
from greenmfg.platform.accounts.scoping import NOTHING_Q, actor_role, region_q
from greenmfg.platform.evaluations.models import Report
from greenmfg.platform.registry.models import Enterprise, Listing, Park
from greenmfg.platform.workflow.models import (
    Application,
    AuditRecord,
    CultivationPlan,
    ExpertAssignment,
    Notification,
    Objection,
    Round,
)
from greenmfg.platform.workflow.services import round_date


def _visible_q(actor: Any) -> Q:
    role = actor_role(actor)
    if role is None:
        return NOTHING_Q
    if role is Role.ENTERPRISE:
        q = NOTHING_Q
        if getattr(actor, "enterprise_id", None):
            q = Q(enterprise_id=actor.enterprise_id)
        if getattr(actor, "park_id", None):
            q = q | Q(park_id=actor.park_id)
        return q
    if role is Role.EXPERT:
        return Q(assignments__expert=actor)
    if role is Role.EVALUATOR:
        return Q(institution_id=actor.institution_id) if actor.institution_id else NOTHING_Q
    return region_q(actor, "adcode")


def application_list(
    *, actor: Any, state: str | None = None, round_id: int | None = None
) -> QuerySet[Application]:
    qs = (
        Application.objects.filter(_visible_q(actor))
        .select_related("round", "enterprise", "park")
        .distinct()
    )
    if state:
        qs = qs.filter(state=state)
    if round_id:
        qs = qs.filter(round_id=round_id)
    return qs


def application_get(*, actor: Any, pk: int) -> Application:
    try:
        return application_list(actor=actor).get(pk=pk)
    except Application.DoesNotExist:
        raise Http404 from None


def review_queue(*, actor: Any) -> QuerySet[Application]:
    """Applications waiting for the actor's level (the states in which its role acts)."""
    role = actor_role(actor)
    if role not in (Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL):
        return Application.objects.none()
    states = set()
    for kind in ("factory", "park", "supply_chain"):
        for t in machine_for(kind).transitions:
            if role in t.roles and t.target is not State.REJECTED:
                states |= {s.value for s in t.source}
    return (
        application_list(actor=actor)
        .filter(state__in=sorted(states))
        .order_by("state_changed_at", "pk")
    )


def actions_for(*, actor: Any, app: Application) -> list[tuple[str, str, str, bool]]:
    """(target state, English label, Chinese label, reason required) the actor may take."""
    role = actor_role(actor)
    if role is None:
        return []
    machine = machine_for(app.kind)
    source = State(app.state)
    out = []
    for t in machine.outgoing(source):
        if role in t.roles:
            out.append((t.target.value, t.label_en, t.label_zh, t.reason_required))
    # decisions that take an implied step first (a province recommends from review)
    for (start, target), _via in IMPLIED_STEPS.items():
        if start is not source:
            continue
        try:
            route = machine.route(role=role, source=source, target=target)
        except GreenmfgError:
            continue
        last = route[-1]
        out.append((target.value, last.label_en, last.label_zh, last.reason_required))
    return out


@dataclass(frozen=True)
class StuckApplication:
    application: Application
    due_key: str
    due: dt.date
    days_over: int


def stuck_applications(*, actor: Any, today: dt.date) -> list[StuckApplication]:
    """Open applications still in a state whose deadline has passed (diagnostics)."""
    open_states = [s.value for s, info in STATES.items() if not info.terminal]
    out = []
    for app in application_list(actor=actor).filter(state__in=open_states):
        key = STATES[State(app.state)].due
        if key is None:
            continue
        try:
            due = round_date(app.round, key, app.adcode).date
        except NotFoundError:
            continue
        if due < today:
            out.append(StuckApplication(app, key, due, (today - due).days))
    return sorted(out, key=lambda s: -s.days_over)


def panel_result(app: Application) -> PanelResult:
    return aggregate([a.total for a in app.assignments.all() if a.total is not None])


def assignments_for_expert(*, actor: Any) -> QuerySet[ExpertAssignment]:
    if actor_role(actor) is not Role.EXPERT:
        return ExpertAssignment.objects.none()
    return ExpertAssignment.objects.filter(expert=actor).select_related(
        "application__enterprise", "application__park", "application__round"
    )


def publicity_list() -> QuerySet[Application]:
    """Public: units currently in publicity (公示)."""
    return (
        Application.objects.filter(state=State.PUBLICITY.value)
        .select_related("round", "enterprise", "park")
        .order_by("round__year", "kind", "pk")
    )


def publicity_get(pk: int) -> Application:
    try:
        return publicity_list().get(pk=pk)
    except Application.DoesNotExist:
        raise Http404 from None


def objections_for(*, actor: Any, status: str | None = None) -> QuerySet[Objection]:
    if actor_role(actor) is not Role.NATIONAL:
        return Objection.objects.none()
    qs = Objection.objects.select_related("application__enterprise", "application__park")
    return qs.filter(status=status) if status else qs


def published_list(
    *,
    level: str | None = None,
    year: int | None = None,
    province: str | None = None,
    kind: str | None = None,
) -> QuerySet[Listing]:
    """Public: active listings, filtered, in :data:`PUBLISHED_ORDER` (index
    ``registry_listing_public``)."""
    qs = Listing.objects.filter(removed_on__isnull=True).select_related(
        "enterprise", "park", "product", "product__enterprise"
    )
    if level:
        qs = qs.filter(level=level)
    if year:
        qs = qs.filter(year=year)
    if province:
        qs = qs.filter(adcode__startswith=province[:2])
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by(*PUBLISHED_ORDER)


PUBLISHED_ORDER = ("-year", "level", "kind", "adcode", "id")
"""The published list's order, which the partial index ``registry_listing_public`` holds:
pages and cursors read it without sorting."""
PUBLISHED_TYPES: tuple[type, ...] = (int, str, str, str, int)


def listing_history(unit: Enterprise | Park) -> QuerySet[Listing]:
    field = "enterprise" if isinstance(unit, Enterprise) else "park"
    return (
        Listing.objects.filter(**{field: unit})
        .select_related("enterprise", "park", "product", "product__enterprise")
        .order_by("year", "listed_on", "pk")
    )


def inbox(*, actor: Any) -> QuerySet[Notification]:
    if actor_role(actor) is None:
        return Notification.objects.none()
    return Notification.objects.filter(user=actor).select_related("application")


def open_rounds(*, actor: Any = None) -> QuerySet[Round]:
    """The open rounds; for an applicant, those of its carrier type (载体): a park
    account sees the park rounds, an enterprise account the factory and supply-chain
    rounds."""
    rounds = Round.objects.filter(is_open=True)
    if actor is not None and getattr(actor, "park_id", None):
        return rounds.filter(kind=UnitKind.PARK.value)
    if actor is not None and getattr(actor, "enterprise_id", None):
        return rounds.exclude(kind=UnitKind.PARK.value)
    return rounds


def rounds_applied(*, actor: Any) -> dict[int, Application]:
    """Round id → the actor's live application in it (withdrawn and rejected ones do not
    count: the unit may apply again), so the form can say where it already applied."""
    live = (
        application_list(actor=actor)
        .exclude(state__in=[State.WITHDRAWN.value, State.REJECTED.value])
        .filter(round__is_open=True)
        .order_by("pk")
    )
    return {app.round_id: app for app in live}


def attachable_reports(*, actor: Any) -> QuerySet[Report]:
    """The evaluation reports an enterprise account may attach to its application: the
    reports of its own enterprise's evaluations (its self-evaluations and those a
    third-party institution prepared for it), except failed builds."""
    enterprise_id = getattr(actor, "enterprise_id", None)
    if actor_role(actor) is not Role.ENTERPRISE or not enterprise_id:
        return Report.objects.none()
    return (
        Report.objects.filter(evaluation__enterprise_id=enterprise_id)
        .exclude(state=Report.State.FAILED)
        .select_related("evaluation", "evaluation__institution")
        .order_by("-created_at")
    )


def attachable_report(*, actor: Any, pk: int) -> Report:
    try:
        return attachable_reports(actor=actor).get(pk=pk)
    except Report.DoesNotExist:
        raise Http404 from None


def plans_for(*, actor: Any) -> QuerySet[CultivationPlan]:
    role = actor_role(actor)
    if role is Role.ENTERPRISE:
        q = NOTHING_Q
        if actor.enterprise_id:
            q = Q(leader_id=actor.enterprise_id)
        if actor.park_id:
            q = q | Q(park_id=actor.park_id)
        return CultivationPlan.objects.filter(q)
    if role in (Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL):
        return CultivationPlan.objects.filter(
            region_q(actor, "park__adcode") | region_q(actor, "leader__adcode")
        )
    return CultivationPlan.objects.none()


LEVEL_RANK = {
    ListLevel.MUNICIPAL.value: 1,
    ListLevel.PROVINCIAL.value: 2,
    ListLevel.NATIONAL.value: 3,
}


def plan_progress(plan: CultivationPlan) -> dict[str, Any]:
    """Members at each level per year, and each target's current highest level."""
    years = list(range(plan.start_year, plan.end_year + 1))
    targets = list(plan.targets.select_related("enterprise"))
    ids = [t.enterprise_id for t in targets]
    listings = list(
        Listing.objects.filter(enterprise_id__in=ids, kind="factory").values(
            "enterprise_id", "level", "year", "removed_on"
        )
    )
    by_year = {y: dict.fromkeys(LEVEL_RANK, 0) for y in years}
    rows = []
    for t in targets:
        mine = [entry for entry in listings if entry["enterprise_id"] == t.enterprise_id]
        for y in years:
            held = [
                entry["level"]
                for entry in mine
                if entry["year"] <= y
                and (entry["removed_on"] is None or entry["removed_on"].year > y)
            ]
            if held:
                top = max(held, key=lambda lvl: LEVEL_RANK[lvl])
                by_year[y][top] += 1
        current = [entry["level"] for entry in mine if entry["removed_on"] is None]
        top_now = max(current, key=lambda lvl: LEVEL_RANK[lvl]) if current else None
        rows.append(
            {
                "target": t,
                "current": top_now,
                "met": top_now is not None and LEVEL_RANK[top_now] >= LEVEL_RANK[t.target_level],
            }
        )
    return {"years": years, "by_year": by_year, "rows": rows}


@dataclass(frozen=True)
class InstitutionRow:
    institution: Any
    projects_this_year: (
        int  # national projects of every institution of the same legal representative
    )
    own_projects: int
    refused_until: dt.date | None
    latest_qualification: Any


def institution_overview(*, actor: Any, year: int, today: dt.date) -> list[InstitutionRow]:
    """Third-party institutions in the actor's region with their yearly load and sanctions."""
    from django.db.models import Count, Max

    from greenmfg.platform.registry.models import EvaluationInstitution
    from greenmfg.platform.workflow.models import InstitutionRecord

    if actor_role(actor) not in (Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL):
        return []
    institutions = list(
        EvaluationInstitution.objects.filter(region_q(actor, "adcode")).order_by("name")
    )
    national = Application.objects.filter(
        round__year=year, round__level=ListLevel.NATIONAL.value, institution__isnull=False
    ).exclude(state__in=[State.DRAFT.value, State.WITHDRAWN.value])
    per_rep = dict(
        national.values("institution__legal_representative")
        .annotate(n=Count("pk"))
        .values_list("institution__legal_representative", "n")
    )
    per_inst = dict(
        national.values("institution_id").annotate(n=Count("pk")).values_list("institution_id", "n")
    )
    sanctions = dict(
        InstitutionRecord.objects.filter(
            kind=InstitutionRecord.Kind.SANCTION, refused_until__gte=today
        )
        .values("institution_id")
        .annotate(m=Max("refused_until"))
        .values_list("institution_id", "m")
    )
    rows = []
    for inst in institutions:
        qualification = (
            InstitutionRecord.objects.filter(
                institution=inst, kind=InstitutionRecord.Kind.QUALIFICATION
            )
            .order_by("-recorded_on")
            .first()
        )
        rows.append(
            InstitutionRow(
                institution=inst,
                projects_this_year=per_rep.get(inst.legal_representative, 0),
                own_projects=per_inst.get(inst.pk, 0),
                refused_until=sanctions.get(inst.pk),
                latest_qualification=qualification,
            )
        )
    return rows


def institution_get(*, actor: Any, pk: int) -> Any:
    from greenmfg.platform.registry.models import EvaluationInstitution

    if actor_role(actor) not in (Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL):
        raise Http404
    try:
        return EvaluationInstitution.objects.filter(region_q(actor, "adcode")).get(pk=pk)
    except EvaluationInstitution.DoesNotExist:
        raise Http404 from None


def conflict_declarations(*, actor: Any) -> QuerySet[Any]:
    from greenmfg.platform.workflow.models import ConflictDeclaration

    if actor_role(actor) is not Role.EXPERT:
        return ConflictDeclaration.objects.none()
    return ConflictDeclaration.objects.filter(expert=actor).order_by("-declared_at")


def audit_records_since(*, actor: Any, since: dt.datetime) -> QuerySet[AuditRecord]:
    """Events on the applications the actor sees, after ``since``, by someone else."""
    return (
        AuditRecord.objects.filter(
            application__in=application_list(actor=actor).values("pk"), at__gt=since
        )
        .exclude(actor=actor)
        .order_by("-at")
    )
