"""Pages of one application (申报): list, detail, actions, reports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenmfg.core.domain import VETO_LABELS, Role, UnitKind, VetoItem
from greenmfg.core.errors import GreenmfgError
from greenmfg.core.workflow.machine import STATES, State
from greenmfg.platform.accounts.models import User
from greenmfg.platform.accounts.scoping import actor_role, require_role
from greenmfg.platform.registry.models import EvaluationInstitution
from greenmfg.platform.workflow import review_selectors, review_services, selectors, services
from greenmfg.platform.workflow.views.base import _fail, _state_names
from greenmfg.platform.workflow.views.review import MATERIAL_ANSWER_DAYS


def _decimal_field(request: HttpRequest, name: str) -> Decimal | None:
    raw = request.POST.get(name, "").strip().replace(",", "")
    return Decimal(raw) if raw else None


def _posted_pk(request: HttpRequest, name: str) -> int | None:
    raw = request.POST.get(name, "").strip()
    return int(raw) if raw.isdigit() else None


@login_required
@require_http_methods(["GET", "POST"])
def my_applications(request: HttpRequest) -> HttpResponse:
    """The enterprise's (or park's) applications and the form that starts a new one.

    A refused form is shown again with what was typed and the specific reason: the
    service's error (duplicate, closed round, missing institution …), never a generic one.
    """
    require_role(request.user, Role.ENTERPRISE)
    user: Any = request.user
    posted: dict[str, Any] = {}
    status = 200
    open_rounds = selectors.open_rounds(actor=user)
    if request.method == "POST":
        posted = {**request.POST.dict()}
        report_pk = _posted_pk(request, "evaluation_report")
        # a report of this platform carries the veto declaration of its self-evaluation:
        # the form asks the veto questions only for a report from elsewhere (asked once)
        posted["vetoes"] = (
            set()
            if report_pk
            else {v.value for v in VetoItem if request.POST.get(f"veto_{v.value}")}
        )
        status = 422
        round_pk = _posted_pk(request, "round")
        rnd = open_rounds.filter(pk=round_pk).first() if round_pk else None
        institution_pk = _posted_pk(request, "institution")
        applied = selectors.rounds_applied(actor=user)
        if rnd is None:
            messages.error(request, _("Please choose a round."))
        elif rnd.pk in applied:
            messages.error(
                request,
                _(
                    "You already have application #%(pk)d in the round %(round)s; "
                    "continue it instead of starting another."
                )
                % {"pk": applied[rnd.pk].pk, "round": rnd.name},
            )
        else:
            try:
                app = services.application_create(
                    actor=user,
                    round=rnd,
                    enterprise=user.enterprise if rnd.kind != "park" else None,
                    park=user.park if rnd.kind == "park" else None,
                    evaluation_kind=request.POST.get("evaluation_kind", "self"),
                    evaluation_reference=request.POST.get("evaluation_reference", ""),
                    evaluation_hash=request.POST.get("evaluation_hash", ""),
                    evaluation_score=_decimal_field(request, "evaluation_score"),
                    evaluation_signed=bool(request.POST.get("evaluation_signed")),
                    institution=get_object_or_404(EvaluationInstitution, pk=institution_pk)
                    if institution_pk
                    else None,
                    summary=request.POST.get("summary", ""),
                    park_value_added_share=(share / 100)
                    if (share := _decimal_field(request, "park_value_added_share")) is not None
                    else None,
                    veto_findings={
                        v: request.POST.get(f"veto_{v}_evidence", "").strip() or _("declared")
                        for v in posted["vetoes"]
                    },
                    evaluation_report=selectors.attachable_report(actor=user, pk=report_pk)
                    if report_pk
                    else None,
                )
            except InvalidOperation:
                messages.error(request, _("Numbers must be written with digits, e.g. 86.5."))
            except GreenmfgError as err:
                _fail(request, err)
            except ValidationError as err:
                for message in err.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("The draft application was created."))
                return redirect("workflow:application_detail", pk=app.pk)
    context = {
        "applications": selectors.application_list(actor=user),
        "rounds": open_rounds,
        # fields by carrier type: the park's share of value added only on a park round
        "park_rounds": any(r.kind == UnitKind.PARK.value for r in open_rounds),
        "applied_rounds": selectors.rounds_applied(actor=user),
        "institutions": EvaluationInstitution.objects.order_by("name"),
        "reports": selectors.attachable_reports(actor=user),
        "vetoes": [(v.value, VETO_LABELS[v]) for v in VetoItem],
        "posted": posted,
    }
    return render(request, "workflow/my_applications.html", context, status=status)


@login_required
@require_GET
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(actor=request.user, pk=pk)
    role = actor_role(request.user)
    assignments = (
        list(app.assignments.select_related("expert"))
        if role in (Role.NATIONAL, Role.PROVINCIAL, Role.MUNICIPAL)
        else []
    )
    context: dict[str, Any] = {
        "app": app,
        "info": STATES[State(app.state)],
        "records": app.audit_records.order_by("sequence"),
        "actions": selectors.actions_for(actor=request.user, app=app),
        "dates": services.round_dates(app.round, app.adcode),
        "assignments": assignments,
        "panel": selectors.panel_result(app) if role is Role.NATIONAL else None,
        "experts": User.objects.filter(role=Role.EXPERT.value, is_active=True).order_by("username")
        if role is Role.NATIONAL
        else [],
        "objections": app.objections.all() if role is Role.NATIONAL else [],
        "states": _state_names(),
        "veto_names": {v.value: VETO_LABELS[v] for v in VetoItem},
    }
    reviewer = role in (Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL)
    level = None
    if reviewer:
        try:
            level = review_services.reviewer_level(request.user, app)
        except GreenmfgError:
            level = None
        context["materials"] = review_selectors.review_materials(app=app)
        context["checklists"] = review_selectors.checklists(app=app, editable_level=level)
    context["review_level"] = level
    context["material_requests"] = review_selectors.material_requests(app=app)
    context["may_answer"] = role is Role.ENTERPRISE
    context["cite_items"] = [
        row.item.code
        for lc in context.get("checklists", [])
        if lc.level is level
        for row in lc.rows
        if row.entry is not None
    ]
    context["default_due"] = timezone.localdate() + dt.timedelta(days=MATERIAL_ANSWER_DAYS)
    context["attachable"] = (
        selectors.attachable_reports(actor=request.user)
        if role is Role.ENTERPRISE and app.state == State.DRAFT.value
        else []
    )
    return render(request, "workflow/application_detail.html", context)


@login_required
@require_POST
def application_act(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(actor=request.user, pk=pk)
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        messages.error(request, _("The form is incomplete; reload the page and try again."))
        return redirect("workflow:application_detail", pk=app.pk)
    try:
        app = services.application_transition(
            actor=request.user,
            application=app,
            to=request.POST.get("to", ""),
            reason=request.POST.get("reason", ""),
            expected_version=version,
            cited_items=[c for c in request.POST.getlist("cite") if c],
        )
    except ValueError as err:
        if isinstance(err, GreenmfgError):
            _fail(request, err)
        else:
            messages.error(request, _("Unknown target state."))
    else:
        info = STATES[State(app.state)]
        messages.success(
            request,
            _("The application is now: %(state)s.")
            % {"state": info.name_zh if request.LANGUAGE_CODE.startswith("zh") else info.name_en},
        )
    try:
        return redirect(
            "workflow:application_detail",
            pk=selectors.application_get(actor=request.user, pk=pk).pk,
        )
    except Http404:
        return redirect("workflow:queue")


@login_required
@require_POST
def attach_report(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(actor=request.user, pk=pk)
    report_pk = _posted_pk(request, "evaluation_report")
    try:
        services.application_attach_report(
            actor=request.user,
            application=app,
            report=selectors.attachable_report(actor=request.user, pk=report_pk or 0),
        )
    except GreenmfgError as err:
        _fail(request, err)
    else:
        messages.success(request, _("The report was attached to the application."))
    return redirect("workflow:application_detail", pk=app.pk)
