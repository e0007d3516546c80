"""Supervision home, the annual filing form (年度填报), flags, audit queue, report PDF."""

from __future__ import annotations

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
from greenmfg.core.supervision.table import (
    FIELD_LABELS,
    NUMERIC_FIELDS,
    DynamicTable,
)
from greenmfg.platform.accounts.scoping import actor_role, is_authority, scope_label
from greenmfg.platform.common.errors import issue_text
from greenmfg.platform.supervision import selectors, services
from greenmfg.platform.supervision.models import (
    DynamicFiling,
    field_label,
)
from greenmfg.platform.supervision.views.base import _default_year, _fail, _own_unit, _year

ENTERPRISE_FIELDS = NUMERIC_FIELDS


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
