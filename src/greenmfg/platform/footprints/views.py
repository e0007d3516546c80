"""Pages of the footprints app: thin — parse, call one service or selector, render."""

from __future__ import annotations

import json
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST

from greenmfg.core import jsonsafe
from greenmfg.core.domain import Role
from greenmfg.core.errors import FootprintInvalidError, GreenmfgError
from greenmfg.core.footprint import default_library
from greenmfg.platform.accounts.scoping import actor_role
from greenmfg.platform.common.errors import error_message, notice_text
from greenmfg.platform.footprints import selectors, services
from greenmfg.platform.footprints.models import FootprintRequest, ProductFootprint, UserFactor
from greenmfg.platform.registry.models import Enterprise, Product

STAGES = (
    ("raw_materials", "原材料获取", "Raw material acquisition"),
    ("production", "生产", "Production"),
    ("distribution", "分销", "Distribution"),
    ("use", "使用", "Use"),
    ("end_of_life", "寿命终止", "End of life"),
)


def _zh() -> bool:
    return (translation.get_language() or "zh-hans").startswith("zh")


def _own_enterprise(request: HttpRequest) -> Enterprise | None:
    user: Any = request.user
    if actor_role(user) is Role.ENTERPRISE:
        enterprise: Enterprise | None = user.enterprise
        return enterprise
    return None


def _int(value: str | None) -> int:
    """A posted id, or 0 (matches nothing) when it is not a number."""
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _stage_rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    by_stage = result.get("by_stage") or {}
    zh = _zh()
    return [
        {"code": code, "name": name_zh if zh else name_en, "value": by_stage.get(code, 0.0)}
        for code, name_zh, name_en in STAGES
        if by_stage
    ]


def _chart(result: dict[str, Any]) -> dict[str, Any]:
    rows = _stage_rows(result)
    return {"names": [r["name"] for r in rows], "values": [r["value"] for r in rows]}


@login_required
def product_list(request: HttpRequest) -> HttpResponse:
    products = list(selectors.product_list(actor=request.user))
    return render(
        request,
        "footprints/products.html",
        {"products": products, "enterprise": _own_enterprise(request)},
    )


@login_required
@require_POST
def product_create(request: HttpRequest) -> HttpResponse:
    from greenmfg.platform.registry.services import product_create as registry_product_create

    enterprise = _own_enterprise(request)
    if enterprise is None:
        raise PermissionDenied(_("Only an enterprise account adds its products."))
    name = request.POST.get("name", "").strip()
    if not name:
        messages.error(request, _("Give the product's name."))
        return redirect("footprints:products")
    try:
        product = registry_product_create(
            actor=request.user,
            enterprise=enterprise,
            name=name,
            model=request.POST.get("model", "").strip(),
            category=request.POST.get("category", "").strip(),
            standard_code=request.POST.get("standard_code", "").strip(),
        )
    except Exception as exc:  # ValidationError (duplicate) or a core error
        messages.error(request, error_message(exc) if isinstance(exc, GreenmfgError) else str(exc))
        return redirect("footprints:products")
    return redirect("footprints:product", pk=product.pk)


def _product_context(request: HttpRequest, product: Product, **extra: Any) -> dict[str, Any]:
    footprints = list(selectors.product_footprints(product))
    year = timezone.localdate().year - 1
    enterprise = _own_enterprise(request)
    manage = enterprise is not None and enterprise.pk == product.enterprise_id
    answered = (
        list(
            FootprintRequest.objects.filter(
                leader=product.enterprise, status=FootprintRequest.Status.ANSWERED
            ).select_related("supplier", "answer")
        )
        if manage
        else []
    )
    current = next((f for f in footprints if f.is_current), None)
    context = {
        "product": product,
        "footprints": footprints,
        "current": current,
        "manage": manage,
        "answered": answered,
        "input_text": json.dumps(
            services.example_input(product, year), ensure_ascii=False, indent=2
        ),
        "issues": [],
        "chart": _chart(current.result) if current else None,
    }
    context.update(extra)
    return context


@login_required
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    product = selectors.product_get(actor=request.user, pk=pk)
    return render(request, "footprints/product.html", _product_context(request, product))


@login_required
@require_POST
def footprint_compute(request: HttpRequest, pk: int) -> HttpResponse:
    product = selectors.product_get(actor=request.user, pk=pk)
    text = request.POST.get("input", "")
    upload = request.FILES.get("file")
    if upload is not None:
        text = upload.read(services.MAX_PACT_BYTES + 1).decode("utf-8", errors="replace")
    try:
        data = jsonsafe.loads(text)
        footprint = services.footprint_compute(actor=request.user, product=product, data=data)
    except (ValueError, GreenmfgError) as exc:
        issues: list[dict[str, Any]]
        if isinstance(exc, GreenmfgError):
            issues = exc.issues if isinstance(exc, FootprintInvalidError) else []
            issues = [i | {"text": issue_text(i)} for i in issues]
            message = error_message(exc)
        else:
            issues, message = [], _("The input is not valid JSON: %(error)s") % {"error": exc}
        context = _product_context(request, product, input_text=text, issues=issues, error=message)
        return render(request, "footprints/product.html", context, status=422)
    messages.success(request, _("The footprint was computed and stored."))
    return redirect("footprints:detail", pk=footprint.pk)


@login_required
@require_POST
def footprint_upload(request: HttpRequest, pk: int) -> HttpResponse:
    product = selectors.product_get(actor=request.user, pk=pk)
    upload = request.FILES.get("pact")
    if upload is None:
        messages.error(request, _("Choose a PACT JSON file."))
        return redirect("footprints:product", pk=pk)
    try:
        footprint = services.footprint_upload_pact(
            actor=request.user,
            product=product,
            content=upload.read(services.MAX_PACT_BYTES + 1),
            file_name=upload.name or "pact.json",
        )
    except GreenmfgError as exc:
        context = _product_context(request, product, error=error_message(exc))
        return render(request, "footprints/product.html", context, status=422)
    messages.success(request, _("The PACT footprint was validated and stored."))
    return redirect("footprints:detail", pk=footprint.pk)


SECTIONS = {
    "materials": ("原材料", "Material"),
    "energy": ("能源", "Energy"),
    "process": ("过程排放", "Process emission"),
    "transport": ("运输", "Transport"),
    "waste": ("废弃物处理", "Waste treatment"),
    "use": ("使用", "Use"),
    "end_of_life": ("寿命终止", "End of life"),
}
UNIT_NAMES = {"piece": ("件", "piece")}


def _lines(result: dict[str, Any]) -> list[dict[str, Any]]:
    zh = _zh()
    stage_names = {code: name_zh if zh else name_en for code, name_zh, name_en in STAGES}
    out = []
    for ln in result.get("lines") or []:
        zh_en = SECTIONS.get(ln.get("section", ""), (ln.get("section", ""),) * 2)
        out.append(
            ln
            | {
                "section_name": zh_en[0] if zh else zh_en[1],
                "stage_name": stage_names.get(ln.get("stage", ""), ln.get("stage", "")),
            }
        )
    return out


def _factors(result: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for f in result.get("factors_used") or []:
        if f.get("source_doc") == "given in the footprint input":
            f = f | {"source_doc": _("given in the footprint input")}
        out.append(f)
    return out


_WARNINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(
            r"^no provincial electricity carbon-footprint factor is published for (?P<province>\d+); the national factor is used$"
        ),
        gettext_noop(
            "No provincial electricity carbon-footprint factor is published for %(province)s; the national factor is used."
        ),
    ),
    (
        re.compile(
            r"^no electricity carbon-footprint factor for (?P<year>\d+) or earlier; the (?P<used>\d+) factor is used$"
        ),
        gettext_noop(
            "No electricity carbon-footprint factor for %(year)s or earlier; the %(used)s factor is used."
        ),
    ),
    (
        re.compile(
            r"^(?P<count>\d+) distribution / use / end-of-life line\(s\) lie outside the (?P<boundary>\w+) boundary and are not counted$"
        ),
        gettext_noop(
            "%(count)s distribution, use or end-of-life line(s) lie outside the boundary and are not counted."
        ),
    ),
    (
        re.compile(
            r"^gate-to-gate: materials and their inbound transport are outside the boundary$"
        ),
        gettext_noop(
            "Gate to gate: materials and their inbound transport are outside the boundary."
        ),
    ),
    (
        re.compile(
            r"^energy line (?P<line>\d+): self-generated renewable electricity counts 0 .*$"
        ),
        gettext_noop(
            "Energy line %(line)s: self-generated renewable electricity counts 0 unless the line gives its life-cycle factor."
        ),
    ),
)


def warning_text(text: str) -> str:
    """A core warning in the active language (known ones translated, others as they are)."""
    for pattern, template in _WARNINGS:
        m = pattern.match(text)
        if m:
            return _(template) % m.groupdict()
    return text


def _warnings(result: dict[str, Any]) -> list[str]:
    """The result's warnings in the active language: the accounting engine's by their
    template and params, the footprint engine's own by :func:`warning_text`."""
    messages = result.get("messages")
    if not messages:
        return [warning_text(w) for w in result.get("warnings") or []]
    return [notice_text(m) if m.get("params") else warning_text(m["template"]) for m in messages]


def issue_text(issue: dict[str, Any]) -> str:
    """One input problem with its section, line and field named in the active language."""
    message = str(issue.get("message", ""))
    detail = message.split(": ", 1)[1] if ": " in message else message
    names = SECTIONS.get(str(issue.get("section")))
    section = (names[0] if _zh() else names[1]) if names else str(issue.get("section"))
    if issue.get("line") is None:
        return _("%(section)s, field %(field)s: %(detail)s") % {
            "section": section,
            "field": issue.get("field"),
            "detail": detail,
        }
    return _("%(section)s line %(line)s, field %(field)s: %(detail)s") % {
        "section": section,
        "line": issue.get("line"),
        "field": issue.get("field"),
        "detail": detail,
    }


def unit_label(unit: str) -> str:
    names = UNIT_NAMES.get(unit)
    return unit if names is None else names[0 if _zh() else 1]


def _detail_context(footprint: ProductFootprint) -> dict[str, Any]:
    result = footprint.result
    return {
        "unit_label": unit_label(footprint.declared_unit),
        "footprint": footprint,
        "product": footprint.product,
        "result": result,
        "stages": _stage_rows(result),
        "chart": _chart(result),
        "lines": _lines(result),
        "factors": _factors(result),
        "allocation": result.get("allocation") or {},
        "warnings": _warnings(result),
        "share_pct": None
        if footprint.primary_data_share is None
        else footprint.primary_data_share * 100.0,
    }


@login_required
def footprint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    footprint = selectors.footprint_get(actor=request.user, pk=pk)
    context = _detail_context(footprint)
    enterprise = _own_enterprise(request)
    context["manage"] = enterprise is not None and enterprise.pk == footprint.product.enterprise_id
    previous = selectors.previous_footprint(footprint)
    context["previous"] = previous
    context["change"] = (
        None
        if previous is None
        else footprint.total_kgco2e_per_unit - previous.total_kgco2e_per_unit
    )
    return render(request, "footprints/detail.html", context)


@login_required
@require_POST
def footprint_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    footprint = selectors.footprint_get(actor=request.user, pk=pk)
    try:
        new = services.footprint_recompute(actor=request.user, footprint=footprint)
    except (ValueError, GreenmfgError) as exc:
        messages.error(request, error_message(exc) if isinstance(exc, GreenmfgError) else str(exc))
        return redirect("footprints:detail", pk=pk)
    messages.success(request, _("The footprint was computed again with today's factors."))
    return redirect("footprints:detail", pk=new.pk)


@login_required
def footprint_pact(request: HttpRequest, pk: int) -> HttpResponse:
    footprint = selectors.footprint_get(actor=request.user, pk=pk)
    if not footprint.pact:
        raise Http404
    response = JsonResponse(footprint.pact, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Content-Disposition"] = f'attachment; filename="pact-{footprint.pk}.json"'
    return response


def statement_pdf(footprint: ProductFootprint, lang: str) -> bytes:
    """The footprint statement (产品碳足迹声明) as a PDF in ``lang`` (zh or en)."""
    from weasyprint import HTML

    with translation.override("zh-hans" if lang == "zh" else "en"):
        context = _detail_context(footprint)
        context.update({"generated_at": timezone.now(), "lang": lang})
        html = render_to_string("footprints/statement.html", context)
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


@login_required
def footprint_statement(request: HttpRequest, pk: int) -> HttpResponse:
    footprint = selectors.footprint_get(actor=request.user, pk=pk)
    lang = "en" if request.GET.get("lang") == "en" else "zh"
    response = HttpResponse(statement_pdf(footprint, lang), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="footprint-{footprint.pk}-{lang}.pdf"'
    return response


@login_required
@require_POST
def footprint_publish(request: HttpRequest, pk: int) -> HttpResponse:
    footprint = selectors.footprint_get(actor=request.user, pk=pk)
    try:
        services.footprint_publish(
            actor=request.user, footprint=footprint, published=request.POST.get("published") == "1"
        )
    except GreenmfgError as exc:
        messages.error(request, error_message(exc))
    return redirect("footprints:detail", pk=pk)


def public_index(request: HttpRequest) -> HttpResponse:
    """Published footprints of green design products (绿色设计产品), for everyone."""
    footprints = list(selectors.public_footprints().order_by("product__name", "-year"))
    return render(request, "footprints/public_index.html", {"footprints": footprints})


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    footprint = selectors.footprint_public(pk=pk)
    context = _detail_context(footprint)
    context["public"] = True
    return render(request, "footprints/public.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def factors(request: HttpRequest) -> HttpResponse:
    enterprise = _own_enterprise(request)
    errors: list[str] = []
    if request.method == "POST":
        if enterprise is None:
            raise PermissionDenied(_("Only an enterprise account adds its own factors."))
        try:
            year = request.POST.get("data_year", "").strip()
            services.factor_add(
                actor=request.user,
                enterprise=enterprise,
                code=request.POST.get("code", "").strip(),
                kind=request.POST.get("kind", ""),
                name=request.POST.get("name", "").strip(),
                value=float(request.POST.get("value", "")),
                unit=request.POST.get("unit", "").strip(),
                source_doc=request.POST.get("source_doc", "").strip(),
                clause=request.POST.get("clause", "").strip(),
                data_year=int(year) if year else None,
            )
        except GreenmfgError as exc:
            errors.append(error_message(exc))
        except ValueError as exc:  # float()/int() or model validation
            errors.append(str(getattr(exc, "messages", exc)))
        else:
            messages.success(request, _("The factor was added."))
            return redirect("footprints:factors")
    own = list(selectors.user_factors(enterprise=enterprise)) if enterprise else []
    return render(
        request,
        "footprints/factors.html",
        {
            "library": default_library().rows,
            "own": own,
            "enterprise": enterprise,
            "kinds": UserFactor.Kind.choices,
            "errors": errors,
        },
        status=422 if errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def requests(request: HttpRequest) -> HttpResponse:
    enterprise = _own_enterprise(request)
    errors: list[str] = []
    if request.method == "POST":
        if enterprise is None:
            raise PermissionDenied(_("Only an enterprise account asks its suppliers."))
        supplier = Enterprise.objects.filter(
            pk=_int(request.POST.get("supplier")),
            customer_links__leader=enterprise,
        ).first()
        try:
            if supplier is None:
                raise Http404
            services.request_create(
                actor=request.user,
                leader=enterprise,
                supplier=supplier,
                product_name=request.POST.get("product_name", ""),
                year=int(request.POST.get("year") or 0),
                message=request.POST.get("message", ""),
            )
        except GreenmfgError as exc:
            errors.append(error_message(exc))
        except ValueError as exc:
            errors.append(str(getattr(exc, "messages", exc)))
        else:
            messages.success(request, _("The request was sent to the supplier."))
            return redirect("footprints:requests")
    rows = list(selectors.request_list(actor=request.user))
    suppliers = (
        list(
            Enterprise.objects.filter(customer_links__leader=enterprise).distinct().order_by("name")
        )
        if enterprise
        else []
    )
    own_footprints = (
        list(
            ProductFootprint.objects.filter(
                product__enterprise=enterprise, is_current=True, pact__isnull=False
            ).select_related("product")
        )
        if enterprise
        else []
    )
    return render(
        request,
        "footprints/requests.html",
        {
            "sent": [r for r in rows if enterprise and r.leader_id == enterprise.pk],
            "received": [r for r in rows if enterprise and r.supplier_id == enterprise.pk],
            "region": rows if enterprise is None else [],
            "enterprise": enterprise,
            "suppliers": suppliers,
            "own_footprints": own_footprints,
            "errors": errors,
            "year": timezone.localdate().year - 1,
        },
        status=422 if errors else 200,
    )


@login_required
@require_POST
def request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    req = selectors.request_get(actor=request.user, pk=pk)
    footprint = ProductFootprint.objects.filter(
        pk=_int(request.POST.get("footprint")), product__enterprise=req.supplier
    ).first()
    try:
        if footprint is None:
            raise Http404
        services.request_answer(
            actor=request.user,
            request=req,
            footprint=footprint,
            reply=request.POST.get("reply", ""),
        )
    except GreenmfgError as exc:
        messages.error(request, error_message(exc))
    else:
        messages.success(request, _("Your footprint was sent to the leader."))
    return redirect("footprints:requests")


@login_required
@require_POST
def request_decline(request: HttpRequest, pk: int) -> HttpResponse:
    req = selectors.request_get(actor=request.user, pk=pk)
    try:
        services.request_decline(
            actor=request.user, request=req, reply=request.POST.get("reply", "")
        )
    except GreenmfgError as exc:
        messages.error(request, error_message(exc))
    return redirect("footprints:requests")
