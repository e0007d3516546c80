"""Third-party institutions (第三方评价机构) and API tokens."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from greenmfg.core.domain import Role
from greenmfg.core.errors import GreenmfgError, InvalidValueError
from greenmfg.platform.accounts.scoping import require_role
from greenmfg.platform.workflow import selectors, services
from greenmfg.platform.workflow.models import (
    Application,
    InstitutionRecord,
)
from greenmfg.platform.workflow.views.base import _fail


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
