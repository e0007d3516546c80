"""Registry pages: the public list search (with Excel export) and the unit page."""

from __future__ import annotations

import hashlib
from dataclasses import asdict
from uuid import UUID

from django.conf import settings
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from greenmfg.platform.accounts.scoping import is_authority, region_prefix, scope_label
from greenmfg.platform.common.pagecache import public_page
from greenmfg.platform.common.paging import SeekPaginator, cached_count
from greenmfg.platform.common.unit_sections import render_unit_sections
from greenmfg.platform.registry import selectors, services
from greenmfg.platform.registry.exports import export_limit, listings_workbook
from greenmfg.platform.registry.forms import ListingSearchForm
from greenmfg.platform.registry.models import Enterprise, ListExport
from greenmfg.platform.registry.snapshots import generation


def _search(request: HttpRequest) -> tuple[ListingSearchForm, selectors.ListingFilters]:
    form = ListingSearchForm(
        request.GET or None,
        years=selectors.listing_years(actor=request.user),
        region_prefix=(region_prefix(request.user) or "") if is_authority(request.user) else "",
    )
    return form, form.filters()


UNIT_PAGE_TTL = 60
"""A visitor's cached unit page follows registry writes at once and the sections of other
apps (green codes, annual filings, removals) within this many seconds."""


@require_GET
@public_page(generation)
def public_list(request: HttpRequest) -> HttpResponse:
    form, filters = _search(request)
    status = 200
    number = request.GET.get("page") or 1
    if form.is_bound and any(name in form.errors for name in ("name", "uscc")):
        # a name or credit code longer than any: say so, search nothing
        status = 400
        listings = selectors.listing_search(actor=request.user, filters=filters).none()
        number = 1
    else:
        listings = selectors.listing_search(actor=request.user, filters=filters)
    paginator = SeekPaginator(listings, settings.GREENMFG_PAGE_SIZE, version=generation())
    try:
        page = paginator.page(number)
    except PageNotAnInteger:
        return HttpResponseBadRequest(_("The page number must be a whole number from 1."))
    except EmptyPage:
        raise Http404(
            _("Page %(page)s is past the end: the search has %(pages)d page(s).")
            % {"page": request.GET.get("page"), "pages": paginator.num_pages}
        ) from None
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        # what the rendered form depends on besides the language (its cache key)
        "form_key": hashlib.sha256(
            "|".join(
                (
                    generation(),
                    str(region_prefix(request.user)) if is_authority(request.user) else "",
                    request.GET.urlencode(),
                )
            ).encode()
        ).hexdigest(),
        "page_obj": page,
        "query": query.urlencode(),
        "scoped": is_authority(request.user),
        "scope_label": scope_label(request.user),
        "export_limit": export_limit(),
    }
    template = "registry/public_list.html"
    if getattr(request, "htmx", False):
        template += "#results"
    return render(request, template, context, status=status)


INLINE_EXPORT_ROWS = 1_000
"""Exports up to this many rows (a fraction of a second to write) download at once;
larger ones are always written in the background, row by row, while a progress page
polls — never inside a web request (setting ``GREENMFG_EXPORT_INLINE_ROWS``)."""


@require_GET
def public_list_export(request: HttpRequest) -> HttpResponse:
    _form, filters = _search(request)
    listings = selectors.listing_search(actor=request.user, filters=filters)
    total = min(cached_count(listings, version=generation()), export_limit())
    if total > int(getattr(settings, "GREENMFG_EXPORT_INLINE_ROWS", INLINE_EXPORT_ROWS)):
        if not request.session.session_key:
            request.session.save()
        export = services.list_export_request(
            actor=request.user,
            session_key=request.session.session_key or "",
            filters=asdict(filters),
            total=total,
        )
        return redirect("registry:export_status", token=export.token)
    content = listings_workbook(listings.iterator(chunk_size=2000))
    stamp = timezone.localdate().strftime("%Y%m%d")
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="greenmfg-list-{stamp}.xlsx"'
    return response


@require_GET
def export_status(request: HttpRequest, token: UUID) -> HttpResponse:
    export = selectors.list_export_get(
        actor=request.user, session_key=request.session.session_key, token=token
    )
    template = "registry/export_status.html"
    if getattr(request, "htmx", False):
        template += "#progress"
    return render(request, template, {"export": export})


@require_POST
def export_retry(request: HttpRequest, token: UUID) -> HttpResponse:
    export = selectors.list_export_get(
        actor=request.user, session_key=request.session.session_key, token=token
    )
    services.list_export_retry(export=export)
    return redirect("registry:export_status", token=export.token)


@require_GET
def export_download(request: HttpRequest, token: UUID) -> FileResponse:
    export = selectors.list_export_get(
        actor=request.user, session_key=request.session.session_key, token=token
    )
    if export.status != ListExport.Status.DONE or not export.file:
        raise Http404("The export is not ready.")
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.file.name.rsplit("/", 1)[-1],
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@require_GET
@public_page(generation, ttl=UNIT_PAGE_TTL)
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
