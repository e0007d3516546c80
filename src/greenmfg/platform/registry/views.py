"""Registry pages: the public list search (with Excel export) and the unit page."""

from __future__ import annotations

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from greenmfg.platform.accounts.scoping import is_authority, region_prefix, scope_label
from greenmfg.platform.common.unit_sections import render_unit_sections
from greenmfg.platform.registry import selectors
from greenmfg.platform.registry.exports import export_limit, listings_workbook
from greenmfg.platform.registry.forms import ListingSearchForm
from greenmfg.platform.registry.models import Enterprise


def _search(request: HttpRequest) -> tuple[ListingSearchForm, selectors.ListingFilters]:
    form = ListingSearchForm(
        request.GET or None,
        years=selectors.listing_years(actor=request.user),
        region_prefix=(region_prefix(request.user) or "") if is_authority(request.user) else "",
    )
    return form, form.filters()


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    form, filters = _search(request)
    listings = selectors.listing_search(actor=request.user, filters=filters)
    page = Paginator(listings, settings.GREENMFG_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page_obj": page,
        "query": query.urlencode(),
        "scoped": is_authority(request.user),
        "scope_label": scope_label(request.user),
        "export_limit": export_limit(),
    }
    template = "registry/public_list.html"
    if getattr(request, "htmx", False):
        template += "#results"
    return render(request, template, context)


@require_GET
def public_list_export(request: HttpRequest) -> HttpResponse:
    _form, filters = _search(request)
    listings = selectors.listing_search(actor=request.user, filters=filters)
    content = listings_workbook(listings.iterator(chunk_size=2000))
    stamp = timezone.localdate().strftime("%Y%m%d")
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="greenmfg-list-{stamp}.xlsx"'
    return response


@require_GET
def unit_detail(request: HttpRequest, uscc: str) -> HttpResponse:
    unit = selectors.unit_get(actor=request.user, uscc=uscc)
    is_enterprise = isinstance(unit, Enterprise)
    context = {
        "unit": unit,
        "is_enterprise": is_enterprise,
        "listings": selectors.unit_listings(unit=unit),
        "show_details": selectors.unit_may_see_details(actor=request.user, unit=unit),
        "sections": render_unit_sections(unit, request),
    }
    return render(request, "registry/unit_detail.html", context)
