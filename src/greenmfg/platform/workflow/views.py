"""Pages of the gradient-cultivation workflow (thin: parse, call one service, render)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal, InvalidOperation
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenmfg.core.domain import VETO_LABELS, ListLevel, Role, VetoItem
from greenmfg.core.errors import GreenmfgError, InvalidValueError, RateLimitedError
from greenmfg.core.workflow.checklist import ItemResult
from greenmfg.core.workflow.machine import STATES, State
from greenmfg.core.workflow.review import review_sheet
from greenmfg.platform.accounts.models import User
from greenmfg.platform.accounts.scoping import actor_role, require_role
from greenmfg.platform.common.errors import error_message
from greenmfg.platform.common.throttles import ObjectionThrottle
from greenmfg.platform.registry.exports import listings_workbook
from greenmfg.platform.registry.models import EvaluationInstitution
from greenmfg.platform.workflow import review_selectors, review_services, selectors, services
from greenmfg.platform.workflow.models import (
    Application,
    ExpertAssignment,
    ExpertPanel,
    InstitutionRecord,
    Objection,
    Round,
)


def _fail(request: HttpRequest, err: GreenmfgError) -> None:
    messages.error(request, error_message(err))


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _state_names() -> dict[str, Any]:
    return {s.value: info for s, info in STATES.items()}


# ------------------------------------------------------------------ applicants


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
    if request.method == "POST":
        posted = {**request.POST.dict()}
        posted["vetoes"] = {v.value for v in VetoItem if request.POST.get(f"veto_{v.value}")}
        status = 422
        round_pk = _posted_pk(request, "round")
        rnd = Round.objects.filter(pk=round_pk, is_open=True).first() if round_pk else None
        institution_pk = _posted_pk(request, "institution")
        report_pk = _posted_pk(request, "evaluation_report")
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
        "rounds": selectors.open_rounds(),
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


MATERIAL_ANSWER_DAYS = 10
"""Days proposed to the applicant to answer a request for material (a platform default
the reviewer may change; no official time limit was found)."""


@login_required
@require_POST
def checklist_record(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(actor=request.user, pk=pk)
    results: dict[str, ItemResult] = {}
    for key, value in request.POST.items():
        if key.startswith("item_") and value in ("pass", "fail"):
            code = key[len("item_") :]
            results[code] = ItemResult(
                passed=value == "pass", reason=request.POST.get(f"reason_{code}", "")
            )
    try:
        review_services.checklist_record(actor=request.user, application=app, results=results)
    except GreenmfgError as err:
        _fail(request, err)
    else:
        messages.success(request, _("The checklist was recorded."))
    return redirect(f"{reverse('workflow:application_detail', args=[app.pk])}#checklist")


@login_required
@require_POST
def material_request(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.application_get(actor=request.user, pk=pk)
    raw_due = request.POST.get("due_on", "").strip()
    try:
        due = dt.date.fromisoformat(raw_due) if raw_due else None
    except ValueError:
        messages.error(request, _("The date must be written as YYYY-MM-DD."))
        return redirect(f"{reverse('workflow:application_detail', args=[app.pk])}#materials")
    try:
        review_services.material_request_create(
            actor=request.user,
            application=app,
            message=request.POST.get("message", ""),
            item=request.POST.get("item", ""),
            due_on=due,
        )
    except GreenmfgError as err:
        _fail(request, err)
    else:
        messages.success(request, _("The applicant was asked for the material."))
    return redirect(f"{reverse('workflow:application_detail', args=[app.pk])}#requests")


@login_required
@require_POST
def material_answer(request: HttpRequest, pk: int) -> HttpResponse:
    req = review_selectors.material_request_get(actor=request.user, pk=pk)
    try:
        review_services.material_request_answer(
            actor=request.user,
            request=req,
            answer=request.POST.get("answer", ""),
            upload=request.FILES.get("file"),
        )
    except GreenmfgError as err:
        _fail(request, err)
    else:
        messages.success(request, _("Your answer was sent to the reviewer."))
    return redirect(f"{reverse('workflow:application_detail', args=[req.application_id])}#requests")


@login_required
@require_GET
def material_file(request: HttpRequest, pk: int) -> FileResponse:
    req = review_selectors.material_request_get(actor=request.user, pk=pk)
    if not req.answer_file:
        raise Http404
    return FileResponse(
        req.answer_file.open("rb"), as_attachment=True, filename=req.answer_file_name or "material"
    )


# ------------------------------------------------------------------ authorities


@login_required
@require_http_methods(["GET", "POST"])
def queue(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL)
    if request.method == "POST":
        ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
        if not ids:
            messages.error(request, _("Select at least one application."))
        else:
            results = services.application_transition_batch(
                actor=request.user,
                applications=ids,
                to=request.POST.get("to", ""),
                reason=request.POST.get("reason", ""),
            )
            done = sum(1 for r in results if r.ok)
            if done:
                messages.success(
                    request,
                    _("%(done)d of %(total)d applications moved.")
                    % {"done": done, "total": len(results)},
                )
            else:
                messages.error(
                    request,
                    _("None of the %(total)d selected applications was moved.")
                    % {"total": len(results)},
                )
            for r in results:
                if not r.ok:
                    messages.error(
                        request,
                        _("Application #%(pk)d: %(message)s")
                        % {"pk": r.application_id, "message": r.message},
                    )
        return redirect("workflow:queue")
    apps = selectors.review_queue(actor=request.user)
    state = request.GET.get("state")
    if state:
        apps = apps.filter(state=state)
    page = Paginator(apps, settings.GREENMFG_PAGE_SIZE).get_page(request.GET.get("page"))
    targets: dict[str, tuple[str, str]] = {}
    for app in page:
        for target, label_en, label_zh, _reason in selectors.actions_for(
            actor=request.user, app=app
        ):
            targets[target] = (label_en, label_zh)
    context = {
        "page_obj": page,
        "experts": User.objects.filter(role=Role.EXPERT.value, is_active=True).order_by("username")
        if actor_role(request.user) is Role.NATIONAL
        else [],
        "panels": ExpertPanel.objects.select_related("round").prefetch_related("members")
        if actor_role(request.user) is Role.NATIONAL
        else [],
        "states": _state_names(),
        "targets": sorted(targets.items()),
        "state": state or "",
    }
    return render(request, "workflow/queue.html", context)


@login_required
@require_GET
def diagnostics(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL)
    today = timezone.localdate()
    return render(
        request,
        "workflow/diagnostics.html",
        {
            "stuck": selectors.stuck_applications(actor=request.user, today=today),
            "today": today,
            "states": _state_names(),
        },
    )


@login_required
@require_POST
def assign_experts(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, Role.NATIONAL)
    ids = [int(i) for i in request.POST.getlist("experts") if i.isdigit()]
    app_ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()] or [pk]
    experts = list(User.objects.filter(pk__in=ids, role=Role.EXPERT.value))
    if not experts:
        messages.error(request, _("Select at least one expert."))
    else:
        results = services.expert_assign_batch(
            actor=request.user, applications=app_ids, experts=experts
        )
        for r in results:
            if r.ok:
                messages.success(request, _("Assigned %(expert)s.") % {"expert": r.message})
            else:
                messages.error(request, r.message)
    return redirect("workflow:application_detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def objections(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.NATIONAL)
    if request.method == "POST":
        objection = get_object_or_404(Objection, pk=int(request.POST.get("objection", "0") or 0))
        try:
            services.objection_resolve(
                actor=request.user,
                objection=objection,
                status=request.POST.get("status", ""),
                resolution=request.POST.get("resolution", ""),
            )
        except GreenmfgError as err:
            _fail(request, err)
        else:
            messages.success(request, _("The objection was resolved."))
        return redirect("workflow:objections")
    return render(
        request,
        "workflow/objections.html",
        {"objections": selectors.objections_for(actor=request.user)},
    )


# ------------------------------------------------------------------ experts


@login_required
@require_GET
def expert_home(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.EXPERT)
    return render(
        request,
        "workflow/expert_home.html",
        {
            "assignments": selectors.assignments_for_expert(actor=request.user),
            "declarations": selectors.conflict_declarations(actor=request.user),
            "states": _state_names(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def expert_score(request: HttpRequest, pk: int) -> HttpResponse:
    require_role(request.user, Role.EXPERT)
    assignment = get_object_or_404(
        ExpertAssignment.objects.select_related(
            "application__round", "application__enterprise", "application__park"
        ),
        pk=pk,
        expert=request.user,
    )
    app = assignment.application
    sheet = review_sheet(app.kind)
    if request.method == "POST":
        scores: dict[str, Decimal] = {}
        comments: dict[str, str] = {}
        bad = []
        for item in sheet.items:
            raw = request.POST.get(f"score_{item.code}", "").strip()
            comments[item.code] = request.POST.get(f"comment_{item.code}", "")
            if raw:
                try:
                    scores[item.code] = Decimal(raw)
                except InvalidOperation:
                    bad.append(item.code)
        if bad:
            messages.error(
                request, _("Scores must be numbers: %(items)s.") % {"items": ", ".join(bad)}
            )
        else:
            try:
                services.expert_score_submit(
                    actor=request.user,
                    assignment=assignment,
                    scores=scores,
                    comments=comments,
                    comment=request.POST.get("comment", ""),
                    no_conflict=bool(request.POST.get("no_conflict")),
                )
            except GreenmfgError as err:
                _fail(request, err)
            else:
                messages.success(request, _("Your scores were submitted."))
                return redirect("workflow:expert_home")
    context = {
        "assignment": assignment,
        "app": app,
        "sheet": sheet,
        "scores": {s.indicator: s for s in assignment.scores.all()},
        "posted": request.POST if request.method == "POST" else {},
    }
    return render(request, "workflow/expert_score.html", context)


# ------------------------------------------------------------------ public


@require_GET
def publicity(request: HttpRequest) -> HttpResponse:
    return render(request, "workflow/publicity.html", {"apps": selectors.publicity_list()})


@require_http_methods(["GET", "POST"])
def objection_form(request: HttpRequest, pk: int) -> HttpResponse:
    app = selectors.publicity_get(pk)
    if request.method == "POST":
        throttle = ObjectionThrottle()
        if not throttle.allow_request(request):
            messages.error(
                request,
                _("Too many objections from this address; try again in %(minutes)d minutes.")
                % {"minutes": max(1, round((throttle.wait() or 60) / 60))},
            )
            response = render(
                request,
                "workflow/objection_form.html",
                {"app": app, "posted": request.POST},
                status=429,
            )
            response["Retry-After"] = str(int(throttle.wait() or 60))
            return response
        try:
            services.objection_file(
                application=app,
                name=request.POST.get("name", ""),
                contact=request.POST.get("contact", ""),
                content=request.POST.get("content", ""),
                client_ip=_client_ip(request),
            )
        except GreenmfgError as err:
            _fail(request, err)
            return render(
                request,
                "workflow/objection_form.html",
                {"app": app, "posted": request.POST},
                status=429 if isinstance(err, RateLimitedError) else 422,
            )
        messages.success(request, _("Your objection was received. The authority will examine it."))
        return redirect("workflow:publicity")
    return render(request, "workflow/objection_form.html", {"app": app, "posted": {}})


def _annual_filters(request: HttpRequest) -> dict[str, Any]:
    year_raw = request.GET.get("year", "")
    level = request.GET.get("level") or ListLevel.NATIONAL.value
    if level not in {lvl.value for lvl in ListLevel}:
        level = ListLevel.NATIONAL.value
    return {
        "level": level,
        "year": int(year_raw) if year_raw.isdigit() else None,
        "province": request.GET.get("province", "")[:2] or None,
        "kind": request.GET.get("kind") or None,
    }


@require_GET
def annual_list(request: HttpRequest) -> HttpResponse:
    filters = _annual_filters(request)
    if filters["year"] is None:
        latest = (
            selectors.published_list(level=filters["level"]).values_list("year", flat=True).first()
        )
        filters["year"] = latest
    rows = selectors.published_list(**filters)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    query["year"] = str(filters["year"] or "")
    query["level"] = filters["level"]
    return render(
        request,
        "workflow/annual_list.html",
        {"page_obj": page, "filters": filters, "query": query.urlencode()},
    )


@require_GET
def annual_list_xlsx(request: HttpRequest) -> HttpResponse:
    rows = selectors.published_list(**_annual_filters(request))
    response = HttpResponse(
        listings_workbook(rows.iterator(chunk_size=2000)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="greenmfg-annual-list-{request.GET.get("year", "all")}.xlsx"'
    )
    return response


@require_GET
def annual_list_pdf(request: HttpRequest) -> HttpResponse:
    from weasyprint import HTML

    filters = _annual_filters(request)
    rows = list(selectors.published_list(**filters)[:5000])
    html = render_to_string(
        "workflow/annual_list_notice.html",
        {"rows": rows, "filters": filters, "today": timezone.localdate()},
        request=request,
    )
    buffer = io.BytesIO()
    HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf(buffer)
    response = HttpResponse(buffer.getvalue(), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="greenmfg-notice-{filters["year"] or "all"}.pdf"'
    )
    return response


# ------------------------------------------------------------------ inbox, plans


@login_required
@require_http_methods(["GET", "POST"])
def inbox(request: HttpRequest) -> HttpResponse:
    items = selectors.inbox(actor=request.user)
    if request.method == "POST":
        for note in items.filter(
            pk__in=[int(i) for i in request.POST.getlist("ids") if i.isdigit()],
            read_at__isnull=True,
        ):
            services.notification_mark_read(actor=request.user, notification=note)
        return redirect("workflow:inbox")
    page = Paginator(items, 50).get_page(request.GET.get("page"))
    return render(request, "workflow/inbox.html", {"page_obj": page})


@login_required
@require_http_methods(["GET", "POST"])
def plans(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    role = actor_role(user)
    if role not in (Role.ENTERPRISE, Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL):
        raise PermissionDenied
    candidates: list[Any] = []
    if role is Role.ENTERPRISE and user.park_id:
        candidates = [
            m.enterprise
            for m in user.park.memberships.filter(left_on__isnull=True).select_related("enterprise")
        ]
    elif role is Role.ENTERPRISE and user.enterprise_id:
        candidates = [
            link.supplier
            for link in user.enterprise.supplier_links.filter(until__isnull=True).select_related(
                "supplier"
            )
        ]
    if request.method == "POST":
        try:
            start, end = (
                int(request.POST.get("start_year", "0")),
                int(request.POST.get("end_year", "0")),
            )
            chosen = {str(e.pk): e for e in candidates}
            targets = [
                (
                    chosen[i],
                    request.POST.get(f"level_{i}", "provincial"),
                    int(request.POST.get(f"year_{i}") or end),
                )
                for i in request.POST.getlist("targets")
                if i in chosen
            ]
            unknown = [i for i in request.POST.getlist("targets") if i not in chosen]
            if unknown:
                raise InvalidValueError(
                    where="",
                    field="targets",
                    value=", ".join(unknown),
                    expected="current members of the park or suppliers of the leader",
                )
            services.cultivation_plan_create(
                actor=user,
                title=request.POST.get("title", ""),
                start_year=start,
                end_year=end,
                park=user.park if user.park_id else None,
                leader=user.enterprise if not user.park_id else None,
                text=request.POST.get("text", ""),
                targets=targets,
            )
        except ValueError as err:
            if isinstance(err, GreenmfgError):
                _fail(request, err)
            else:
                messages.error(request, _("Years must be whole numbers, e.g. 2026."))
        else:
            messages.success(request, _("The cultivation plan was published."))
            return redirect("workflow:plans")
    plan_rows = [
        (plan, selectors.plan_progress(plan))
        for plan in selectors.plans_for(actor=user).select_related("park", "leader")
    ]
    return render(
        request,
        "workflow/plans.html",
        {
            "plans": plan_rows,
            "candidates": candidates,
            "can_create": role is Role.ENTERPRISE,
            "this_year": timezone.localdate().year,
        },
    )


# ------------------------------------------------------------------ third-party institutions


@login_required
@require_GET
def institutions(request: HttpRequest) -> HttpResponse:
    require_role(request.user, Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL)
    today = timezone.localdate()
    year = int(request.GET["year"]) if request.GET.get("year", "").isdigit() else today.year
    from greenmfg.core.workflow.guards import INSTITUTION_NATIONAL_CAP

    rows = selectors.institution_overview(actor=request.user, year=year, today=today)
    return render(
        request,
        "workflow/institutions.html",
        {"rows": rows, "year": year, "cap": INSTITUTION_NATIONAL_CAP},
    )


@login_required
@require_http_methods(["GET", "POST"])
def institution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    institution = selectors.institution_get(actor=request.user, pk=pk)
    if request.method == "POST":

        def _int(name: str) -> int | None:
            raw = request.POST.get(name, "").strip()
            return int(raw) if raw.isdigit() else None

        def _date(name: str) -> dt.date | None:
            raw = request.POST.get(name, "").strip()
            return dt.date.fromisoformat(raw) if raw else None

        try:
            services.institution_record_create(
                actor=request.user,
                institution=institution,
                kind=request.POST.get("kind", ""),
                recorded_on=_date("recorded_on") or timezone.localdate(),
                finding=request.POST.get("finding", ""),
                senior_titles=_int("senior_titles"),
                intermediate_titles=_int("intermediate_titles"),
                refused_until=_date("refused_until"),
            )
        except GreenmfgError as err:
            _fail(request, err)
        except ValidationError as err:
            messages.error(request, " ".join(err.messages))
        except ValueError:
            messages.error(request, _("Dates must be written as YYYY-MM-DD."))
        else:
            messages.success(request, _("The record was saved."))
            return redirect("workflow:institution_detail", pk=institution.pk)
    context = {
        "institution": institution,
        "records": institution.workflow_records.select_related("recorded_by"),
        "projects": Application.objects.filter(institution=institution)
        .select_related("round", "enterprise", "park")
        .order_by("-round__year", "pk"),
        "kinds": InstitutionRecord.Kind.choices,
        "annual_reports": institution.annual_reports.all(),
    }
    return render(request, "workflow/institution_detail.html", context)


# ------------------------------------------------------------------ rounds


@login_required
@require_http_methods(["GET", "POST"])
def rounds(request: HttpRequest) -> HttpResponse:
    """Rounds and their calendar; the national authority opens a round."""
    require_role(request.user, Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL)
    if request.method == "POST" and request.POST.get("panel_round"):
        require_role(request.user, Role.NATIONAL)
        rnd = get_object_or_404(
            Round,
            pk=int(request.POST["panel_round"]) if request.POST["panel_round"].isdigit() else 0,
        )
        members = User.objects.filter(
            pk__in=[int(i) for i in request.POST.getlist("members") if i.isdigit()]
        )
        try:
            services.expert_panel_create(
                actor=request.user,
                round=rnd,
                name=request.POST.get("panel_name", ""),
                experts=members,
            )
        except GreenmfgError as err:
            _fail(request, err)
        except ValidationError as err:
            messages.error(request, " ".join(err.messages))
        else:
            messages.success(request, _("The expert panel was built."))
        return redirect("workflow:rounds")
    if request.method == "POST":
        require_role(request.user, Role.NATIONAL)
        overrides = {
            k: v for k in request.POST if k.startswith("date_") and (v := request.POST.get(k, ""))
        }
        try:
            services.round_create(
                actor=request.user,
                year=int(request.POST.get("year", "0")),
                kind=request.POST.get("kind", ""),
                level=request.POST.get("level", "national"),
                name=request.POST.get("name", ""),
                date_overrides={k.removeprefix("date_"): v for k, v in overrides.items()},
                override_source=request.POST.get("override_source", ""),
            )
        except ValueError as err:
            if isinstance(err, GreenmfgError):
                _fail(request, err)
            else:
                messages.error(request, _("The year must be a whole number, e.g. 2027."))
        else:
            messages.success(request, _("The round was opened."))
            return redirect("workflow:rounds")
    adcode = getattr(request.user, "adcode", "") or "000000"
    from greenmfg.core.workflow.calendar import CALENDAR_KEYS

    rows = [
        (r, services.round_dates(r, adcode))
        for r in Round.objects.prefetch_related("panels__members")
    ]
    return render(
        request,
        "workflow/rounds.html",
        {
            "rows": rows,
            "keys": CALENDAR_KEYS,
            "this_year": timezone.localdate().year,
            "experts": User.objects.filter(role=Role.EXPERT.value, is_active=True).order_by(
                "username"
            ),
        },
    )


@login_required
@require_POST
def conflict_declare(request: HttpRequest) -> HttpResponse:
    try:
        services.expert_conflict_declare(
            actor=request.user,
            uscc=request.POST.get("uscc", ""),
            relation=request.POST.get("relation", ""),
        )
    except GreenmfgError as err:
        _fail(request, err)
    else:
        messages.success(
            request, _("Your declaration was recorded; you will not be assigned to this unit.")
        )
    return redirect("workflow:expert_home")


@login_required
@require_POST
def batch_assign(request: HttpRequest) -> HttpResponse:
    """Assign the selected experts to every selected application (conflicts are skipped)."""
    require_role(request.user, Role.NATIONAL)
    app_ids = [int(i) for i in request.POST.getlist("ids") if i.isdigit()]
    experts = list(
        User.objects.filter(
            pk__in=[int(i) for i in request.POST.getlist("experts") if i.isdigit()],
            role=Role.EXPERT.value,
        )
    )
    panel_id = request.POST.get("panel", "")
    panel = get_object_or_404(ExpertPanel, pk=int(panel_id)) if panel_id.isdigit() else None
    if not app_ids or not (experts or panel):
        messages.error(request, _("Select at least one application and one expert."))
        return redirect("workflow:queue")
    results = services.expert_assign_batch(
        actor=request.user, applications=app_ids, experts=experts, panel=panel
    )
    done = sum(1 for r in results if r.ok)
    messages.success(
        request,
        _("%(done)d of %(total)d assignments made.") % {"done": done, "total": len(results)},
    )
    for r in results:
        if not r.ok:
            messages.error(request, f"#{r.application_id}: {r.message}")
    return redirect("workflow:queue")


# ------------------------------------------------------------------ API tokens


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The user's own API tokens (machine clients: ERP, bank, provincial systems)."""
    from greenmfg.platform.api.auth import api_token_create, api_token_revoke
    from greenmfg.platform.api.models import ApiToken

    new_token = None
    if request.method == "POST" and request.POST.get("revoke", "").isdigit():
        token = get_object_or_404(ApiToken, pk=int(request.POST["revoke"]), user=request.user)
        api_token_revoke(actor=request.user, token=token)
        messages.success(request, _("The token was revoked."))
        return redirect("workflow:api_tokens")
    if request.method == "POST":
        try:
            _row, new_token = api_token_create(
                actor=request.user, user=request.user, name=request.POST.get("name", "")
            )
        except GreenmfgError as err:
            _fail(request, err)
    # login_required: the user is authenticated, so it has a primary key.
    tokens = ApiToken.objects.filter(user_id=cast(int, request.user.pk))
    return render(request, "workflow/api_tokens.html", {"tokens": tokens, "new_token": new_token})


@login_required
@require_http_methods(["GET", "POST"])
def institution_report(request: HttpRequest) -> HttpResponse:
    """The evaluator files its institution's annual work report (年度工作报告)."""
    require_role(request.user, Role.EVALUATOR)
    user: Any = request.user
    posted: dict[str, str] = {}
    if request.method == "POST":
        posted = request.POST.dict()

        def _number(name: str) -> int:
            raw = request.POST.get(name, "").strip()
            if not raw.isdigit():
                raise InvalidValueError(
                    where="", field=name, value=raw or "—", expected="a whole number"
                )
            return int(raw)

        try:
            services.institution_annual_report_file(
                actor=user,
                year=_number("year"),
                staff_total=_number("staff_total"),
                senior_titles=_number("senior_titles"),
                intermediate_titles=_number("intermediate_titles"),
                summary=request.POST.get("summary", ""),
            )
        except GreenmfgError as err:
            _fail(request, err)
        else:
            messages.success(request, _("The annual work report was filed."))
            return redirect("workflow:institution_report")
    institution = user.institution
    return render(
        request,
        "workflow/institution_report.html",
        {
            "institution": institution,
            "reports": institution.annual_reports.all() if institution else [],
            "posted": posted,
            "default_year": timezone.localdate().year - 1,
        },
    )
