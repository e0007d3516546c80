"""Review pages (评审): checklist, requests for material, queue, panels, scoring."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenmfg.core.domain import Role
from greenmfg.core.errors import GreenmfgError
from greenmfg.core.workflow.checklist import ItemResult
from greenmfg.core.workflow.review import review_sheet
from greenmfg.platform.accounts.models import User
from greenmfg.platform.accounts.scoping import actor_role, require_role
from greenmfg.platform.workflow import review_selectors, review_services, selectors, services
from greenmfg.platform.workflow.models import (
    ExpertAssignment,
    ExpertPanel,
    Objection,
)
from greenmfg.platform.workflow.views.base import _fail, _state_names

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
                cited_items=[c for c in request.POST.getlist("cite") if c],
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
        # batch decisions cite the checklist items they rest on, like single ones
        "cite_items": review_selectors.checklist_codes(
            kinds={app.kind for app in page}, role=actor_role(request.user)
        )
        if targets
        else [],
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
