"""Inbox, cultivation plans, rounds (批次) and conflict declarations."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greenmfg.core.domain import Role
from greenmfg.core.errors import GreenmfgError, InvalidValueError
from greenmfg.platform.accounts.models import User
from greenmfg.platform.accounts.scoping import actor_role, require_role
from greenmfg.platform.workflow import selectors, services
from greenmfg.platform.workflow.models import (
    Round,
)
from greenmfg.platform.workflow.views.base import _fail


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
