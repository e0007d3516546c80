"""Declared changes (变更申报) and support measures (支持政策)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from greenmfg.core.domain import Role
from greenmfg.core.errors import GreenmfgError
from greenmfg.core.supervision.data import support_catalogue
from greenmfg.core.supervision.table import (
    ChangeKind,
)
from greenmfg.platform.accounts.scoping import actor_role, is_authority, scope_label
from greenmfg.platform.supervision import selectors, services
from greenmfg.platform.supervision.models import (
    ChangeDeclaration,
)
from greenmfg.platform.supervision.views.base import _fail, _own_unit, _year

# The kinds of change (变更申报) by their names, never their codes ("rename (name)").
CHANGE_LABELS = {
    ChangeKind.RENAME: pgettext_lazy("registry change", "Rename"),
    ChangeKind.MERGER: pgettext_lazy("registry change", "Merger or acquisition"),
    ChangeKind.RELOCATION: pgettext_lazy("registry change", "Relocation"),
    ChangeKind.BOUNDARY: pgettext_lazy("registry change", "Boundary change"),
}


@login_required
@require_http_methods(["GET", "POST"])
def changes(request: HttpRequest) -> HttpResponse:
    enterprise_user = actor_role(request.user) is Role.ENTERPRISE
    if not enterprise_user and not is_authority(request.user):
        raise PermissionDenied(_("Your role may not do this."))
    if request.method == "POST" and enterprise_user:
        unit = _own_unit(request)
        kind = request.POST.get("kind", "")
        try:
            field = services.CHANGE_FIELDS[ChangeKind(kind)][0]
            services.change_declare(
                actor=request.user,
                unit=unit,
                kind=kind,
                description=request.POST.get("description", ""),
                new_values={field: request.POST.get("new_value", "")},
                effective_on=dt.date.fromisoformat(request.POST.get("effective_on", "")),
            )
            messages.success(request, _("Change declared; the authority will verify it."))
            return redirect("supervision:changes")
        except GreenmfgError as err:
            _fail(request, err)
        except ValueError:
            messages.error(
                request,
                _("Choose the kind of change and give the date it takes effect (YYYY-MM-DD)."),
            )
    context = {
        "declarations": selectors.change_list(actor=request.user),
        "enterprise_user": enterprise_user,
        "kinds": [(k.value, CHANGE_LABELS[k]) for k in ChangeKind],
        "kind_names": {k.value: CHANGE_LABELS[k] for k in ChangeKind},
        "may_verify": is_authority(request.user),
    }
    return render(request, "supervision/changes.html", context)


@login_required
@require_POST
def change_verify(request: HttpRequest, pk: int) -> HttpResponse:
    decl: ChangeDeclaration = selectors.change_get(actor=request.user, pk=pk)
    try:
        services.change_verify(
            actor=request.user,
            declaration=decl,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("Decision recorded."))
    except GreenmfgError as err:
        _fail(request, err)
    return redirect("supervision:changes")


@login_required
@require_http_methods(["GET", "POST"])
def support(request: HttpRequest) -> HttpResponse:
    year = _year(request.GET.get("year") or request.POST.get("year"), timezone.localdate().year)
    context: dict[str, Any] = {"year": year, "catalogue": support_catalogue()}
    if actor_role(request.user) is Role.ENTERPRISE:
        unit = _own_unit(request)
        from greenmfg.platform.supervision.sources import green_code_grade

        grade = request.GET.get("grade") or green_code_grade(unit)
        context.update(
            unit=unit,
            eligibility=selectors.support_for_unit(unit, year=year, green_code_grade=grade),
            grade=grade,
        )
    elif is_authority(request.user):
        if request.method == "POST":
            from greenmfg.platform.registry.selectors import unit_get

            try:
                unit = unit_get(
                    actor=request.user, uscc=request.POST.get("uscc", "").strip().upper()
                )
                amount_raw = request.POST.get("amount", "").strip()
                services.support_uptake_record(
                    actor=request.user,
                    unit=unit,
                    measure_code=request.POST.get("measure", ""),
                    year=year,
                    amount_10k_yuan=Decimal(amount_raw) if amount_raw else None,
                    green_code_grade=request.POST.get("grade") or None,
                )
                messages.success(request, _("Support recorded."))
                return redirect("supervision:support")
            except GreenmfgError as err:
                _fail(request, err)
            except (InvalidOperation, Http404):
                messages.error(request, _("Unknown unit or invalid amount."))
        context.update(
            uptake=selectors.uptake_by_region(actor=request.user, year=year),
            scope=scope_label(request.user),
        )
    else:
        raise PermissionDenied(_("Your role may not do this."))
    return render(request, "supervision/support.html", context)
