"""Pages of the filings app: thin — parse, call one service or selector, render."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from greenmfg.core.accounting import default_factor_set
from greenmfg.core.accounting.catalogue import CARRIERS, MATERIALS, PRODUCTS
from greenmfg.core.batch.accounting import figures_agree
from greenmfg.core.domain import Role
from greenmfg.core.errors import GreenmfgError, ImportInvalidError
from greenmfg.core.filing import Filing, Origin
from greenmfg.core.filing.columns import KV_FIELDS
from greenmfg.core.filing.reader import MAX_BYTES
from greenmfg.core.filing.template import ORIGIN_NAMES, write_template
from greenmfg.platform.accounts.scoping import actor_role, is_authority
from greenmfg.platform.common.errors import (
    error_message,
    quota_corrections,
    result_notices,
)
from greenmfg.platform.filings import selectors, services
from greenmfg.platform.filings.details import record_detail
from greenmfg.platform.filings.models import AnnualFiling, result_summary

SOURCE_LABELS = {
    "fuel_combustion": ("化石燃料燃烧", "Fuel combustion"),
    "process": ("工业生产过程", "Industrial processes"),
    "purchased_electricity": ("净购入电力", "Purchased electricity"),
    "purchased_heat": ("净购入热力", "Purchased heat"),
    "exported_electricity": ("输出电力", "Exported electricity"),
    "exported_heat": ("输出热力", "Exported heat"),
    "exported_fuel": ("外销燃料/副产煤气扣减", "Exported fuel and by-product gas (credited)"),
    "anode": ("炭阳极消耗", "Anode consumption"),
    "pfc": ("阳极效应全氟化碳", "Anode-effect PFC"),
    "n2o": ("硝酸/己二酸N2O", "Nitric / adipic acid N2O"),
    "fixed_carbon": ("固碳产品隐含排放扣减", "Carbon fixed in products (deducted)"),
    "feedstock": ("原料(无过程排放)", "Feedstock (no process emission)"),
}

# 核算方法: the named accounting methods offered on the form and the import page.
METHOD_CHOICES = [
    (
        "cn-guideline",
        "行业核算指南(默认,燃烧仅计CO2)",
        "Industry guideline (default, CO2-only combustion)",
    ),
    ("ipcc", "GB/T 32150 + IPCC(含CH4/N2O)", "GB/T 32150 + IPCC Tier 1 CH4/N2O"),
]


def _own_enterprise(request: HttpRequest) -> Any:
    user: Any = request.user
    if actor_role(user) is not Role.ENTERPRISE or user.enterprise is None:
        raise PermissionDenied(_("Only an enterprise account files annual energy data."))
    return user.enterprise


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


@login_required
def filing_list(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year")
    query = request.GET.get("q", "").strip()
    paginator = Paginator(
        selectors.filing_list(actor=request.user, year=_int(year, 0) or None, query=query), 50
    )
    page = paginator.get_page(request.GET.get("page"))
    rows = selectors.with_current(page.object_list)
    role = actor_role(request.user)
    version = default_factor_set().version
    stale = sum(1 for _f, r in rows if r is not None and r.factor_set_version != version)
    return render(
        request,
        "filings/list.html",
        {
            "rows": rows,
            "page": page,
            "year": year or "",
            "q": query,
            "is_enterprise": role is Role.ENTERPRISE,
            "is_authority": is_authority(request.user) or role is Role.ADMIN,
            "stale": stale,
            "current_version": version,
        },
    )


def _form_rows(data: dict[str, Any]) -> dict[str, Any]:
    energy = list(data.get("energy", []))
    process = list(data.get("process", []))
    products = list(data.get("products", []))
    energy += [{}] * max(3, 8 - len(energy))
    process += [{}] * max(1, 2 - len(process))
    products += [{}] * max(1, 3 - len(products))
    indicators = []
    for field, (section, zh, unit) in KV_FIELDS.items():
        value = (data.get(section) or {}).get(field)
        if isinstance(value, dict):
            indicators.append(
                {
                    "field": field,
                    "zh": zh,
                    "value": value.get("value"),
                    "unit": value.get("unit", unit),
                }
            )
        else:
            indicators.append({"field": field, "zh": zh, "value": value, "unit": unit})
    return {"energy": energy, "process": process, "products": products, "indicators": indicators}


def _number(text: str) -> Any:
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return text  # kept as text: validation reports it with its line


def _parse_form(post: Any, year: int) -> dict[str, Any]:
    data: dict[str, Any] = {
        "year": year,
        "method": post.get("method", "").strip() or None,
        "energy": [],
        "process": [],
        "products": [],
        "economics": {},
        "resources": {},
    }
    for i in range(60):
        carrier = post.get(f"energy-{i}-carrier", "").strip()
        qty = post.get(f"energy-{i}-quantity", "").strip()
        if f"energy-{i}-carrier" not in post:
            break
        if not carrier and not qty:
            continue
        line: dict[str, Any] = {
            "carrier": carrier,
            "quantity": _number(qty),
            "unit": post.get(f"energy-{i}-unit", "").strip(),
        }
        origin = post.get(f"energy-{i}-origin", "").strip()
        if origin:
            line["origin"] = origin
        product = post.get(f"energy-{i}-product", "").strip()
        if product:
            line["product"] = product
        data["energy"].append(line)
    for i in range(30):
        if f"process-{i}-material" not in post:
            break
        material = post.get(f"process-{i}-material", "").strip()
        qty = post.get(f"process-{i}-quantity", "").strip()
        if material or qty:
            data["process"].append(
                {
                    "material": material,
                    "quantity": _number(qty),
                    "unit": post.get(f"process-{i}-unit", "").strip() or "t",
                }
            )
    for i in range(30):
        if f"products-{i}-product" not in post:
            break
        product = post.get(f"products-{i}-product", "").strip()
        qty = post.get(f"products-{i}-quantity", "").strip()
        if product or qty:
            data["products"].append(
                {
                    "product": product,
                    "quantity": _number(qty),
                    "unit": post.get(f"products-{i}-unit", "").strip() or "t",
                }
            )
    for field, (section, _zh, unit) in KV_FIELDS.items():
        value = _number(post.get(f"ind-{field}", ""))
        if value is None:
            continue
        if field == "employees":
            data[section][field] = (
                int(value) if isinstance(value, float) and value.is_integer() else value
            )
        else:
            data[section][field] = {
                "value": value,
                "unit": post.get(f"ind-{field}-unit", "").strip() or unit,
            }
    return data


@login_required
@require_http_methods(["GET", "POST"])
def filing_form(request: HttpRequest) -> HttpResponse:
    enterprise = _own_enterprise(request)
    year = _int(request.POST.get("year") or request.GET.get("year"), timezone.localdate().year - 1)
    existing = AnnualFiling.objects.filter(enterprise=enterprise, year=year).first()
    data: dict[str, Any] = dict(existing.data) if existing else {}
    issues: list[Any] = []
    error = ""
    if request.method == "POST":
        data = _parse_form(request.POST, year)
        try:
            filing = services.filing_save(actor=request.user, enterprise=enterprise, data=data)
        except ImportInvalidError as err:
            issues = err.issues
            error = _("%(count)d problem(s) found, nothing was saved.") % {"count": len(err.issues)}
        except GreenmfgError as err:
            error = error_message(err)
        else:
            messages.success(request, _("The annual data were saved and accounted."))
            _flash_notices(request, filing)
            return redirect("filings:detail", pk=filing.pk)
    return render(
        request,
        "filings/form.html",
        {
            "enterprise": enterprise,
            "year": year,
            "rows": _form_rows(data),
            "carriers": list(CARRIERS.values()),
            "materials": list(MATERIALS.values()),
            "products": list(PRODUCTS.values()),
            "origins": [(str(o), *ORIGIN_NAMES[o]) for o in Origin],
            "methods": METHOD_CHOICES,
            "method": data.get("method") or "cn-guideline",
            "issues": issues,
            "error": error,
        },
        status=422 if issues or error else 200,
    )


def _flash_notices(request: HttpRequest, filing: AnnualFiling) -> None:
    """The accounting warnings of the filing just saved, as messages in the reader's
    language (they are listed again beside the factors used)."""
    record = selectors.current_record(filing)
    if record is not None:
        for text in result_notices(record.result):
            messages.warning(request, text)


@login_required
@require_http_methods(["GET", "POST"])
def filing_import(request: HttpRequest) -> HttpResponse:
    enterprise = _own_enterprise(request)
    issues: list[Any] = []
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("Choose a file to import.")
        elif upload.size is not None and upload.size > MAX_BYTES:
            error = _("The file is larger than 50 MB.")
        else:
            try:
                filing = services.filing_import(
                    actor=request.user,
                    enterprise=enterprise,
                    filename=upload.name or "upload",
                    content=upload.read(),
                    method=request.POST.get("method", "").strip() or None,
                )
            except ImportInvalidError as err:
                issues = err.issues
                error = _("%(count)d problem(s) found, nothing was imported.") % {
                    "count": len(err.issues)
                }
            except GreenmfgError as err:
                error = error_message(err)
            else:
                messages.success(request, _("The file was imported and accounted."))
                _flash_notices(request, filing)
                return redirect("filings:detail", pk=filing.pk)
    return render(
        request,
        "filings/import.html",
        {"enterprise": enterprise, "issues": issues, "error": error, "methods": METHOD_CHOICES},
        status=422 if issues or error else 200,
    )


@login_required
def template_download(request: HttpRequest) -> HttpResponse:
    """The filing template, prefilled with the signed-in enterprise's credit code, name,
    industry and region and last year as the data year."""
    enterprise = getattr(request.user, "enterprise", None)
    prefill = None
    if enterprise is not None:
        prefill = {
            "uscc": enterprise.uscc,
            "name": enterprise.name,
            "industry": enterprise.industry,
            "adcode": enterprise.adcode,
            "year": timezone.localdate().year - 1,
        }
    return _xlsx_response(None, "greenmfg-filing-template.xlsx", prefill=prefill)


def _xlsx_response(
    filing: Filing | None,
    name: str,
    result: dict[str, Any] | None = None,
    prefill: dict[str, Any] | None = None,
) -> HttpResponse:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "out.xlsx"
        first = ("结果 Results", _result_rows(result)) if result is not None else None
        write_template(path, filing, enterprise=prefill, first_sheet=first)
        body = path.read_bytes()
    response = HttpResponse(
        body, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _result_rows(result: dict[str, Any]) -> list[list[Any]]:
    """The accounting results as the rows of the export's first sheet."""
    rows: list[list[Any]] = [["指标 item", "数值 value", "单位 unit"]]
    e, m = result["energy"], result["emissions"]
    for label, value, unit in (
        ("综合能耗(当量值) energy, equivalent", e["equivalent_tce"], "tce"),
        ("综合能耗(等价值) energy, equal value", e["equal_value_tce"], "tce"),
        ("范围一 scope 1", m["scope1_tco2e"], "tCO2e"),
        ("范围二 scope 2", m["scope2_tco2e"], "tCO2e"),
        ("排放总量 total", m["total_tco2e"], "tCO2e"),
        ("可再生能源比例 renewable share", result["renewable_share"], "%"),
    ):
        rows.append([label, value, unit])
    rows.append([])
    rows.append(
        ["产品 product", "kgce/t", "kWh/t", "tCO2e/t", "限额等级 quota level", "标准 standard"]
    )
    for code, row in result["intensities"].items():
        q = result["quota"].get(code)
        rows.append(
            [
                code,
                row["energy_kgce_per_t"],
                row["electricity_kwh_per_t"],
                row["co2e_t_per_t"],
                q["level"] if q else None,
                q["standard"] if q else None,
            ]
        )
    rows.append([])
    rows.append(
        ["因子 factor_id", "数值 value", "单位 unit", "状态 status", "来源 source", "条款 clause"]
    )
    for f in result["factors_used"]:
        rows.append(
            [f["factor_id"], f["value"], f["unit"], f["status"], f["source_doc"], f["clause"]]
        )
    rows.append([])
    rows.append(["factor set", result["factor_set_version"]])
    return rows


@login_required
def filing_export(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.filing_get(actor=request.user, pk=pk)
    record = selectors.current_record(filing)
    return _xlsx_response(
        Filing.model_validate(filing.data),
        f"filing-{filing.enterprise.uscc}-{filing.year}.xlsx",
        record_detail(record) if record else None,
    )


@login_required
def filing_detail(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.filing_get(actor=request.user, pk=pk)
    record = selectors.current_record(filing)
    previous = selectors.previous_record(filing)
    result: dict[str, Any] = record_detail(record) if record else {}
    by_carrier = [
        {"code": code, "name": CARRIERS[code].name_zh if code in CARRIERS else code, **vals}
        for code, vals in (result.get("energy", {}).get("by_carrier", {}) or {}).items()
    ]
    by_source = [
        {
            "code": code,
            "zh": SOURCE_LABELS.get(code, (code, code))[0],
            "en": SOURCE_LABELS.get(code, (code, code))[1],
            "value": value,
        }
        for code, value in (result.get("emissions", {}).get("by_source", {}) or {}).items()
    ]
    products = []
    for code, row in (result.get("intensities") or {}).items():
        products.append(
            {
                "code": code,
                "name": PRODUCTS[code].name_zh if code in PRODUCTS else code,
                **row,
                "quota": (result.get("quota") or {}).get(code),
                "corrections": quota_corrections((result.get("quota") or {}).get(code)),
            }
        )
    years = selectors.enterprise_years(actor=request.user, filing=filing)
    year_rows = []
    prev_total: float | None = None
    for f, r in years:
        change = None
        if r is not None and prev_total:
            change = (r.total_tco2e - prev_total) / prev_total * 100.0
        year_rows.append({"filing": f, "record": r, "change_pct": change})
        prev_total = r.total_tco2e if r is not None else None
    comparison = None
    if previous is not None and record is not None:
        old, new = result_summary(previous), result_summary(record)
        comparison = [
            {
                "key": k,
                "old": old[k],
                "new": new[k],
                # the batch path and the per-filing engine agree to 12 digits, not the last bit
                "delta": 0.0 if figures_agree(new[k], old[k]) else new[k] - old[k],
            }
            for k in old
        ]
    chart = {
        "carriers": [
            {"name": f"{c['name']} {c['code']}", "value": round(c["tce_equivalent"], 3)}
            for c in by_carrier
            if c["tce_equivalent"] > 0
        ],
        "sources": {
            "labels": [s["zh"] for s in by_source],
            "values": [round(s["value"], 3) for s in by_source],
        },
        "years": {
            "labels": [str(f.year) for f, _r in years],
            "tce": [round(r.equivalent_tce, 3) if r else None for _f, r in years],
            "co2": [round(r.total_tco2e, 3) if r else None for _f, r in years],
        },
    }
    current_version = default_factor_set().version
    return render(
        request,
        "filings/detail.html",
        {
            "filing": filing,
            "record": record,
            "result": result,
            "notices": result_notices(result),
            "by_carrier": by_carrier,
            "by_source": by_source,
            "products": products,
            "years": year_rows,
            "comparison": comparison,
            "previous": previous,
            "chart": chart,
            "stale": record is not None and record.factor_set_version != current_version,
            "current_version": current_version,
            "may_recompute": services.may_recompute(request.user, filing),
            "may_edit": services.may_write(request.user, filing.enterprise)
            and actor_role(request.user) is Role.ENTERPRISE,
        },
    )


@login_required
@require_POST
def filings_recompute_stale(request: HttpRequest) -> HttpResponse:
    """An authority (or administrator) recomputes its region's stale results in the background."""
    if not (is_authority(request.user) or actor_role(request.user) is Role.ADMIN):
        raise PermissionDenied(_("Only authorities recompute a region's results."))
    from greenmfg.platform.filings.tasks import recompute_stale

    recompute_stale.enqueue(request.user.pk, None)
    messages.success(
        request, _("Recomputation of the results made with an older factor set has started.")
    )
    return redirect("filings:list")


@login_required
@require_POST
def filing_recompute(request: HttpRequest, pk: int) -> HttpResponse:
    filing = selectors.filing_get(actor=request.user, pk=pk)
    outcome = services.filing_recompute(actor=request.user, filing=filing)
    if outcome.changed:
        messages.success(
            request,
            _("Recomputed with the current factor set; old and new figures are shown below."),
        )
    else:
        messages.info(request, _("The figures already use the current factor set."))
    return redirect("filings:detail", pk=filing.pk)
