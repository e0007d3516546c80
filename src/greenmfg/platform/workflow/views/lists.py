"""Publicity (公示), objections and the annual lists (年度名单)."""

from __future__ import annotations

import io
from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from greenmfg.core.domain import ListLevel
from greenmfg.core.errors import GreenmfgError, RateLimitedError
from greenmfg.platform.common.throttles import ObjectionThrottle
from greenmfg.platform.registry.exports import listings_workbook
from greenmfg.platform.workflow import selectors, services
from greenmfg.platform.workflow.views.base import _fail


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


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
