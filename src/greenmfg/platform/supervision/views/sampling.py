"""Spot checks (抽查) and rechecks (复核)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greenmfg.core.errors import GreenmfgError
from greenmfg.platform.accounts.scoping import is_authority
from greenmfg.platform.supervision import selectors, services
from greenmfg.platform.supervision.models import (
    Recheck,
)
from greenmfg.platform.supervision.views.base import _default_year, _fail, _int, _year


@login_required
@require_http_methods(["GET", "POST"])
def spot_checks(request: HttpRequest) -> HttpResponse:
    if not is_authority(request.user):
        raise PermissionDenied(_("Only authorities run spot checks."))
    year = _year(request.POST.get("year") or request.GET.get("year"), _default_year())
    if request.method == "POST":
        seed_raw = request.POST.get("seed", "").strip()
        try:
            seed = int(seed_raw) if seed_raw else None
        except ValueError:
            seed = None
        try:
            rate = float(request.POST.get("rate", "0.1") or 0.1)
            check = services.spot_check_draw(
                actor=request.user,
                year=year,
                seed=seed,
                rate=rate,
                risk_weighted=request.POST.get("risk_weighted") == "on",
                min_per_stratum=_int(request.POST.get("min_per_stratum"), 1),
                region_digits=_int(request.POST.get("region_digits"), 4),
            )
            messages.success(request, _("Sample drawn."))
            return redirect("supervision:spot_check_detail", pk=check.pk)
        except GreenmfgError as err:
            _fail(request, err)
        except ValueError:
            messages.error(request, _("The sampling rate must be a number between 0 and 1."))
    return render(
        request,
        "supervision/spot_checks.html",
        {
            "checks": selectors.spot_check_list(actor=request.user),
            "year": year,
            "form": request.POST,
        },
        status=422 if request.method == "POST" else 200,
    )


@login_required
def spot_check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check = selectors.spot_check_get(actor=request.user, pk=pk)
    from greenmfg.platform.registry.models import Listing

    listings = {
        item.pk: item
        for item in Listing.objects.filter(pk__in=check.sample).select_related("enterprise", "park")
    }
    reproduced = services.spot_check_reproduce(check)
    context = {
        "check": check,
        "sampled": [listings[pk] for pk in check.sample if pk in listings],
        "reproduced_ok": reproduced == check.sample,
        "strata_covered": sum(1 for s in check.strata if s.get("drawn")),
        "rechecks": check.rechecks.select_related("listing__enterprise", "listing__park"),
        "outcomes": Recheck.Outcome.choices,
        "today": timezone.localdate(),
    }
    return render(request, "supervision/spot_check_detail.html", context)


@login_required
@require_POST
def recheck_create(request: HttpRequest) -> HttpResponse:
    listing = selectors.listing_get(actor=request.user, pk=_int(request.POST.get("listing"), 0))
    check = None
    if request.POST.get("spot_check"):
        check = selectors.spot_check_get(
            actor=request.user, pk=_int(request.POST.get("spot_check"), 0)
        )
    try:
        checked_on = dt.date.fromisoformat(
            request.POST.get("checked_on", "") or timezone.localdate().isoformat()
        )
        services.recheck_record(
            actor=request.user,
            listing=listing,
            year=_year(request.POST.get("year"), _default_year()),
            findings=request.POST.get("findings", ""),
            outcome=request.POST.get("outcome", ""),
            checked_on=checked_on,
            spot_check=check,
        )
        messages.success(request, _("Recheck recorded."))
    except GreenmfgError as err:
        _fail(request, err)
    except ValueError as err:
        messages.error(request, str(err))
    return (
        redirect("supervision:spot_check_detail", pk=check.pk)
        if check
        else redirect("supervision:removals")
    )
