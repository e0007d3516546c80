"""Dashboard pages (ECharts) and their per-chart Excel downloads."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from greenmfg.core.domain import Role
from greenmfg.platform.accounts.scoping import actor_role
from greenmfg.platform.common.pagecache import public_page
from greenmfg.platform.dashboards import pages, selectors
from greenmfg.platform.dashboards.exports import chart_workbook


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year", "")
    return int(raw) if raw.isdigit() else None


def _render(
    request: HttpRequest,
    page: pages.Page,
    template: str = "dashboards/page.html",
    page_key: str = "",
) -> HttpResponse:
    return render(
        request,
        template,
        {"page": page, "years": selectors.snapshot_years(), "page_key": page_key},
    )


def _snapshot_page(*parts: Any, build: Callable[[], pages.Page]) -> tuple[pages.Page, str]:
    """A page built from the index snapshots alone (national, provincial, the index
    publication), cached per snapshot generation, language and ``parts`` (scope, region,
    year, and whether the filings' figures are shown); with its key, which also names the
    cached charts' HTML (``{% cache %}`` in the template)."""
    key = ":".join(["dashboard-page", get_language(), *map(str, parts)])
    return selectors.kept(key, build), f"{selectors.snapshots_version()}:{key}"


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Send each user to the view of their own scope; a visitor to the public national
    dashboard."""
    user: Any = request.user
    if not user.is_authenticated:
        return redirect("dashboards:national")
    role = actor_role(user)
    if role in (Role.NATIONAL, Role.ADMIN):
        return redirect("dashboards:national")
    if role is Role.PROVINCIAL and user.adcode:
        return redirect("dashboards:province", adcode=user.adcode)
    if role is Role.MUNICIPAL and user.adcode:
        return redirect("dashboards:city", adcode=user.adcode)
    if role is Role.ENTERPRISE and getattr(user, "enterprise_id", None):
        return redirect("dashboards:enterprise", uscc=user.enterprise.uscc)
    if role is Role.ENTERPRISE and getattr(user, "park_id", None):
        return redirect("dashboards:park", uscc=user.park.uscc)
    return redirect("dashboards:index")


@require_GET
@public_page(selectors.snapshots_version)
def national(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    page, key = _snapshot_page(
        "national",
        selectors.is_national(request.user),
        year,
        build=lambda: pages.national(actor=request.user, year=year),
    )
    return _render(request, page, page_key=key)


@require_GET
@public_page(selectors.snapshots_version)
def province(request: HttpRequest, adcode: str) -> HttpResponse:
    year = _year(request)
    page, key = _snapshot_page(
        "province",
        adcode,
        selectors.covers_region(request.user, adcode[:2]),
        year,
        build=lambda: pages.province(actor=request.user, adcode=adcode, year=year),
    )
    return _render(request, page, page_key=key)


@login_required
@require_GET
def city(request: HttpRequest, adcode: str) -> HttpResponse:
    return _render(request, pages.city(actor=request.user, adcode=adcode, year=_year(request)))


@login_required
@require_GET
def park(request: HttpRequest, uscc: str) -> HttpResponse:
    return _render(request, pages.park(actor=request.user, uscc=uscc))


@login_required
@require_GET
def enterprise(request: HttpRequest, uscc: str) -> HttpResponse:
    return _render(request, pages.enterprise(actor=request.user, uscc=uscc))


@require_GET
@public_page(selectors.snapshots_version)
def index_publication(request: HttpRequest) -> HttpResponse:
    """The public regional index publication: ranking, trend, regions compared."""
    year = _year(request)
    page, key = _snapshot_page("index", year, build=lambda: pages.index_publication(year=year))
    return _render(request, page, "dashboards/index.html", page_key=key)


@require_GET
def export(request: HttpRequest, scope: str, key: str, chart: str) -> HttpResponse:
    """One chart's data as an Excel workbook (same access rules as its page)."""
    if scope not in ("index", "national", "province") and not request.user.is_authenticated:
        raise Http404
    page = pages.build(scope, key, actor=request.user, year=_year(request))
    found = next((c for c in page.charts if c.id == chart), None)
    if found is None:
        raise Http404
    response = HttpResponse(
        chart_workbook(page, found),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = f"greenmfg-{scope}-{key if key != '-' else 'all'}-{found.id}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
