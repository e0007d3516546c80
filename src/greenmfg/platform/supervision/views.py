"""Dynamic-management pages: thin — parse, call one service or selector, render."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greenmfg.core.domain import VETO_LABELS, Role, VetoItem
from greenmfg.core.errors import GreenmfgError, ImportInvalidError
from greenmfg.core.supervision import calendar as cal
from greenmfg.core.supervision.checks import plausible_range
from greenmfg.core.supervision.data import removal_settings, support_catalogue
from greenmfg.core.supervision.removal import RemovalRule
from greenmfg.core.supervision.table import (
    FIELD_LABELS,
    NUMERIC_FIELDS,
    ChangeKind,
    DynamicTable,
)
from greenmfg.platform.accounts.scoping import actor_role, is_authority, scope_label
from greenmfg.platform.common.errors import error_message, issue_text
from greenmfg.platform.common.templatetags.gm_labels import label
from greenmfg.platform.registry.labels import region_name
from greenmfg.platform.registry.models import Listing
from greenmfg.platform.supervision import selectors, services
from greenmfg.platform.supervision.models import (
    ChangeDeclaration,
    DynamicFiling,
    Recheck,
    field_label,
)

ENTERPRISE_FIELDS = NUMERIC_FIELDS


def _own_unit(request: HttpRequest) -> Any:
    user: Any = request.user
    if actor_role(user) is not Role.ENTERPRISE:
        raise PermissionDenied(
            _("Only enterprise and park accounts file dynamic management tables.")
        )
    unit = user.enterprise or user.park
    if unit is None:
        raise PermissionDenied(_("Your account is not linked to an enterprise or park."))
    return unit


def _default_year() -> int:
    return timezone.localdate().year - 1


def _int(value: str | None, default: int) -> int:
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        return default
    # beyond what any column stores (and any year): the default, not a database overflow
    return number if -(2**31) < number < 2**31 else default


def _year(value: str | None, default: int) -> int:
    """A data year from a query or form; an impossible one (past 2199, before 1949) is
    the default rather than a date that cannot be built."""
    year = _int(value, default)
    return year if 1949 <= year < 2200 else default


def _fail(request: HttpRequest, err: GreenmfgError) -> None:
    messages.error(request, error_message(err))


@login_required
def home(request: HttpRequest) -> HttpResponse:
    year = _year(request.GET.get("year"), _default_year())
    context: dict[str, Any] = {
        "year": year,
        "authority": is_authority(request.user),
        "scope": scope_label(request.user),
    }
    if actor_role(request.user) is Role.ENTERPRISE:
        unit = _own_unit(request)
        context.update(
            unit=unit,
            filings=selectors.filing_list(actor=request.user),
            due_on=cal.filing_deadline(year, unit.adcode),
            removals=selectors.removal_list(actor=request.user),
            bar_until=selectors.removal_bar_until(unit),
        )
    elif is_authority(request.user):
        rows = selectors.filing_tracking(actor=request.user, year=year)
        counts: dict[str, int] = {}
        for row in rows:
            counts[row.state] = counts.get(row.state, 0) + 1
        context.update(
            tracking=rows,
            counts=counts,
            due_on=cal.filing_deadline(year, getattr(request.user, "adcode", "") or "110000"),
        )
    return render(request, "supervision/home.html", context)


# ---------------------------------------------------------------- filing form


def _parse_number(raw: str, key: str, errors: dict[str, list[str]]) -> float | None:
    """``raw`` as a number; otherwise a translated problem under the input's ``key``."""
    raw = raw.strip().replace(",", "")
    if raw == "":
        return None
    try:
        number = Decimal(raw)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        errors.setdefault(key, []).append(_("%(value)s is not a number.") % {"value": raw})
        return None
    return float(number)


def _fields_from_post(request: HttpRequest) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The table's fields from the form, and the problems by input name."""
    post = request.POST
    errors: dict[str, list[str]] = {}
    data: dict[str, Any] = {}
    for name in NUMERIC_FIELDS:
        value = _parse_number(post.get(f"f_{name}", ""), f"f_{name}", errors)
        if value is not None:
            data[name] = value
    for prefix, key in (("epp_", "energy_per_product"), ("cpp_", "co2_per_product")):
        values: dict[str, float] = {}
        for k in post:
            if k.startswith(prefix):
                v = _parse_number(post[k], k, errors)
                if v is not None:
                    values[k[len(prefix) :]] = v
        data[key] = values
    data["vetoes"] = {v.value: post.get(f"veto_{v.value}") == "yes" for v in VetoItem}
    pollutants = []
    for i in range(5):
        name = post.get(f"pol_name_{i}", "").strip()
        if not name:
            continue
        conc = _parse_number(post.get(f"pol_conc_{i}", ""), f"pol_conc_{i}", errors)
        limit = _parse_number(post.get(f"pol_limit_{i}", ""), f"pol_limit_{i}", errors)
        pollutants.append(
            {
                "pollutant": name,
                "concentration": conc,
                "permit_limit": limit,
                "unit": post.get(f"pol_unit_{i}", "mg/m3") or "mg/m3",
            }
        )
    data["pollutants"] = pollutants
    return data, errors


def _form_context(
    unit: Any, year: int, table: DynamicTable | dict[str, Any], filing: DynamicFiling | None
) -> dict[str, Any]:
    values = table.model_dump(mode="json") if isinstance(table, DynamicTable) else table
    rows = [
        {
            "name": n,
            "input": f"f_{n}",
            "zh": FIELD_LABELS[n][0],
            "en": FIELD_LABELS[n][1],
            "unit": FIELD_LABELS[n][2],
            "value": values.get(n),
        }
        for n in NUMERIC_FIELDS
    ]
    products = sorted(
        set(values.get("energy_per_product") or {}) | set(values.get("co2_per_product") or {})
    )
    product_rows = [
        {
            "code": p,
            "energy": (values.get("energy_per_product") or {}).get(p),
            "co2": (values.get("co2_per_product") or {}).get(p),
            "range": plausible_range(p),
        }
        for p in products
    ]
    pollutants = list(values.get("pollutants") or [])
    pollutants += [{}] * max(0, 3 - len(pollutants))
    vetoes = values.get("vetoes") or {}
    veto_rows = [
        {
            "code": v.value,
            "zh": VETO_LABELS[v][0],
            "en": VETO_LABELS[v][1],
            "value": bool(vetoes.get(v.value)),
        }
        for v in VetoItem
    ]
    due = cal.filing_deadline(year, unit.adcode)
    return {
        "unit": unit,
        "year": year,
        "rows": rows,
        "product_rows": product_rows,
        "pollutants": [(str(i), p) for i, p in enumerate(pollutants)],
        "veto_rows": veto_rows,
        "filing": filing,
        "due_on": due,
        "due_rule": cal.due_rule(unit.adcode),
        "is_late": timezone.localdate() > due,
    }


def _field_errors(err: ImportInvalidError) -> dict[str, list[str]]:
    """Translated problems by form field: ``energy_per_product.steel`` → ``epp_steel``;
    problems without a field go under ``""`` (shown above the form)."""
    prefixes = {"energy_per_product": "epp_", "co2_per_product": "cpp_"}
    out: dict[str, list[str]] = {}
    for issue in err.issues:
        parts = (issue.column or "").split(".")
        if parts[0] in NUMERIC_FIELDS:
            key = f"f_{parts[0]}"
        elif parts[0] in prefixes and len(parts) > 1:
            key = prefixes[parts[0]] + parts[1]
        elif parts[0] == "pollutants" and len(parts) > 1:
            key = f"pol_conc_{parts[1]}"
        else:
            key = ""
        out.setdefault(key, []).append(issue_text(issue))
    return out


@login_required
@require_http_methods(["GET", "POST"])
def filing_form(request: HttpRequest, year: int) -> HttpResponse:
    unit = _own_unit(request)
    filing = DynamicFiling.objects.filter(year=year, **services.unit_fields(unit)).first()
    if request.method == "POST":
        data, parse_errors = _fields_from_post(request)
        if parse_errors:
            context = _form_context(unit, year, data, filing)
            context["field_errors"] = parse_errors
            count = sum(len(v) for v in parse_errors.values())
            messages.error(
                request, _("%(count)d problem(s) found, nothing was saved.") % {"count": count}
            )
            return render(request, "supervision/filing_form.html", context, status=422)
        try:
            if request.POST.get("action") == "submit":
                filing = services.filing_submit(
                    actor=request.user,
                    unit=unit,
                    year=year,
                    fields=data,
                    late_reason=request.POST.get("late_reason", ""),
                )
                messages.success(
                    request,
                    _("The %(year)s dynamic management table was submitted.") % {"year": year},
                )
                return redirect("supervision:filing_detail", pk=filing.pk)
            filing = services.filing_save_draft(
                actor=request.user, unit=unit, year=year, fields=data
            )
            messages.success(request, _("Draft saved."))
            return redirect("supervision:filing_form", year=year)
        except ImportInvalidError as err:
            # Each problem is shown next to its field; the banner only counts them.
            context = _form_context(unit, year, data, filing)
            context["field_errors"] = _field_errors(err)
            messages.error(
                request,
                _("%(count)d problem(s) found, nothing was saved.") % {"count": len(err.issues)},
            )
            return render(request, "supervision/filing_form.html", context, status=422)
        except GreenmfgError as err:
            _fail(request, err)
            return render(
                request,
                "supervision/filing_form.html",
                _form_context(unit, year, data, filing),
                status=422,
            )
    try:
        if filing is not None and filing.data:
            table: DynamicTable | dict[str, Any] = DynamicTable.model_validate(filing.data)
        else:
            table = services.filing_prefill(unit=unit, year=year)
    except GreenmfgError as err:
        _fail(request, err)
        return redirect("supervision:home")
    context = _form_context(unit, year, table, filing)
    context["prefilled"] = filing is None
    return render(request, "supervision/filing_form.html", context)


@login_required
def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.filing_get(actor=request.user, pk=pk)
    table = DynamicTable.model_validate(filing.data)
    values = table.model_dump(mode="json")
    rows = [
        {
            "name": n,
            "input": f"f_{n}",
            "zh": FIELD_LABELS[n][0],
            "en": FIELD_LABELS[n][1],
            "unit": FIELD_LABELS[n][2],
            "value": values.get(n),
        }
        for n in NUMERIC_FIELDS
    ]
    context = {
        "filing": filing,
        "table": table,
        "rows": rows,
        "veto_rows": [
            (VETO_LABELS[v][0], VETO_LABELS[v][1], table.vetoes.get(v)) for v in VetoItem
        ],
        "key_rows": [(field_label(code), code, v) for code, v in table.key_indicators.items()],
        "flags": filing.flags.select_related("decided_by"),
        "audits": filing.audits.select_related("auditor"),
        "may_audit": is_authority(request.user),
        "identical_in_scope": selectors.identical_filings(actor=request.user, filing=filing)
        if is_authority(request.user)
        else [],
        "may_edit": actor_role(request.user) is Role.ENTERPRISE
        and filing.status in (DynamicFiling.Status.DRAFT, DynamicFiling.Status.RETURNED),
    }
    return render(request, "supervision/filing_detail.html", context)


@login_required
@require_POST
def flag_decide(request: HttpRequest, pk: int, flag_pk: int) -> HttpResponse:
    filing = selectors.filing_get(actor=request.user, pk=pk)
    flag = filing.flags.filter(pk=flag_pk).first()
    if flag is None:
        raise Http404("flag")
    try:
        services.flag_decide(
            actor=request.user,
            flag=flag,
            confirm=request.POST.get("decision") == "confirm",
            note=request.POST.get("note", ""),
        )
        messages.success(request, _("Flag decided."))
    except GreenmfgError as err:
        _fail(request, err)
    return redirect("supervision:filing_detail", pk=pk)


@login_required
@require_POST
def filing_audit(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.filing_get(actor=request.user, pk=pk)
    try:
        services.filing_audit(
            actor=request.user,
            filing=filing,
            approve=request.POST.get("decision") == "approve",
            comment=request.POST.get("comment", ""),
        )
        messages.success(request, _("Audit recorded."))
    except GreenmfgError as err:
        _fail(request, err)
    except ValidationError as err:  # a return without a comment (model constraint)
        messages.error(request, " ".join(err.messages))
    return redirect("supervision:filing_detail", pk=pk)


@login_required
def audit_queue(request: HttpRequest) -> HttpResponse:
    if not is_authority(request.user):
        raise PermissionDenied(_("Only authorities audit filings."))
    year = _year(request.GET.get("year"), _default_year())
    rows = selectors.filing_tracking(actor=request.user, year=year)
    state = request.GET.get("state", "")
    context = {
        "year": year,
        "queue": selectors.audit_queue(actor=request.user, year=year),
        "tracking": [r for r in rows if not state or r.state == state],
        "state": state,
        "scope": scope_label(request.user),
        "states": list(selectors.STATE_LABELS.items()),
    }
    return render(request, "supervision/audit_queue.html", context)


# ---------------------------------------------------------------- spot checks and rechecks


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


# ---------------------------------------------------------------- removals


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


# ---------------------------------------------------------------- changes


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
        "kinds": [(k.value, services.CHANGE_FIELDS[k][0]) for k in ChangeKind],
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


# ---------------------------------------------------------------- support measures


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


# ---------------------------------------------------------------- report PDF


@login_required
def report_pdf(request: HttpRequest, year: int) -> HttpResponse:
    unit = _own_unit(request)
    from greenmfg.platform.supervision.report import build_report_pdf

    try:
        pdf = build_report_pdf(unit=unit, year=year)
    except GreenmfgError as err:
        _fail(request, err)
        return redirect("supervision:home")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="green-low-carbon-report-{unit.uscc}-{year}.pdf"'
    )
    return response
