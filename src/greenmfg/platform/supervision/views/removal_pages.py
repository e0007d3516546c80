"""Removal proposals and decisions (撤销名单)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greenmfg.core.errors import GreenmfgError
from greenmfg.core.supervision.data import removal_settings
from greenmfg.core.supervision.removal import RemovalRule
from greenmfg.platform.accounts.scoping import is_authority
from greenmfg.platform.common.templatetags.gm_labels import label
from greenmfg.platform.registry.labels import region_name
from greenmfg.platform.registry.models import Listing
from greenmfg.platform.supervision import selectors, services
from greenmfg.platform.supervision.views.base import _default_year, _fail, _year


@login_required
@require_http_methods(["GET", "POST"])
def removals(request: HttpRequest) -> HttpResponse:
    if not is_authority(request.user):
        raise PermissionDenied(_("Only authorities propose removals."))
    year = _year(request.POST.get("year") or request.GET.get("year"), _default_year())
    if request.method == "POST":
        try:
            if request.POST.get("action") == "run_rules":
                created = services.removals_propose_for_year(actor=request.user, year=year)
                messages.success(
                    request, _("%(n)s removal proposal(s) created.") % {"n": len(created)}
                )
            else:
                listing = selectors.active_listing_by_uscc(
                    actor=request.user,
                    uscc=request.POST.get("uscc", ""),
                    level=request.POST.get("level", ""),
                )
                services.removal_propose(
                    actor=request.user,
                    listing=listing,
                    rule=request.POST.get("rule", ""),
                    data_year=year,
                    reason=request.POST.get("reason", ""),
                )
                messages.success(request, _("Removal proposed."))
            return redirect("supervision:removals")
        except GreenmfgError as err:
            _fail(request, err)
        except Http404:
            messages.error(
                request, _("No active listing of this unit at this level in your region.")
            )
        except ValueError:
            messages.error(request, _("Choose a removal rule."))
    rules = removal_settings().rules
    province = (getattr(request.user, "adcode", "") or "")[:2]
    rule_rows = []
    for rule in rules:
        note = ""
        if rule.source_province and rule.source_province != province:
            note = _(
                "Quoted from %(province)s's implementation rules, which mirror the national "
                "Measures; your province's own implementation rules are not on file."
            ) % {"province": region_name(rule.source_province + "0000")}
        rule_rows.append({"rule": rule, "note": note})
    context = {
        "year": year,
        "proposals": selectors.proposal_list(actor=request.user),
        "removals": selectors.removal_list(actor=request.user),
        "rules": rules,
        "rule_rows": rule_rows,
        "rule_names": {r.code: label(r) for r in rules},
        "rule_codes": [r.value for r in RemovalRule],
        "settings": removal_settings(),
        "levels": Listing.Level.choices,
    }
    return render(request, "supervision/removals.html", context)


@login_required
@require_POST
def removal_decide(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_get(actor=request.user, pk=pk)
    try:
        services.removal_decide(
            actor=request.user,
            proposal=proposal,
            approve=request.POST.get("decision") == "approve",
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("Decision recorded."))
    except GreenmfgError as err:
        _fail(request, err)
    return redirect("supervision:removals")
