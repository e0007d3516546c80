"""Pages of the evaluations app: the self-evaluation wizard, results with gap analysis,
reports, public report verification and the standards (with provincial uploads).

Views parse the request, call one service or selector, and render."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from greenmfg.core import jsonsafe
from greenmfg.core.domain import Role, UnitKind
from greenmfg.core.errors import GreenmfgError, UnknownCodeError
from greenmfg.core.evaluation.engine import EvaluationResult
from greenmfg.platform.accounts.scoping import actor_role, has_role, require_role
from greenmfg.platform.common.errors import error_message
from greenmfg.platform.evaluations import selectors, services
from greenmfg.platform.evaluations.models import Report
from greenmfg.platform.evaluations.standards import platform_registry
from greenmfg.platform.evaluations.templatetags.evaluation_tags import bi
from greenmfg.platform.registry.models import Enterprise

MAX_FILING_BYTES = 5 * 1024 * 1024


@login_required
@require_GET
def evaluation_list(request: HttpRequest) -> HttpResponse:
    role = actor_role(request.user)
    return render(
        request,
        "evaluations/list.html",
        {
            "evaluations": selectors.evaluation_list(actor=request.user)[:200],
            "can_create": role in services.EVALUATION_CREATE_ROLES,
            "can_bulk": role is Role.PROVINCIAL,
            "bulk_runs": selectors.bulk_runs(actor=request.user)[:10],
            "this_year": timezone.localdate().year,
        },
    )


@login_required
@require_POST
def bulk_request(request: HttpRequest) -> HttpResponse:
    """A provincial official starts the self-assessment of all the province's listed units."""
    from greenmfg.platform.evaluations.bulk import bulk_evaluation_request

    try:
        year = _int(request.POST.get("year", ""), "year")
        run = bulk_evaluation_request(actor=request.user, year=year)
    except GreenmfgError as err:
        messages.error(request, error_message(err))
        return redirect("evaluations:list")
    return redirect("evaluations:bulk_run", pk=run.pk)


@login_required
@require_GET
def bulk_run(request: HttpRequest, pk: int) -> HttpResponse:
    """A bulk evaluation: progress while it runs, then every unit's result."""
    run = selectors.bulk_run_get(actor=request.user, pk=pk)
    template = "evaluations/bulk_run.html"
    if getattr(request, "htmx", False) and run.status in ("queued", "running"):
        template += "#progress"
    rows = list(selectors.bulk_rows(run)[:500]) if run.status == "done" else []
    return render(request, template, {"run": run, "rows": rows})


def _factory_standards(user: Any) -> list[Any]:
    """Standards an enterprise is evaluated against: green factory and green supply-chain
    management (parks and products are not enterprises); an enterprise is offered only
    the national ones and its own province's implementation rules."""
    kinds = (UnitKind.FACTORY, UnitKind.SUPPLY_CHAIN)
    enterprise = getattr(user, "enterprise", None)
    return [
        s
        for s in platform_registry().all()
        if s.metadata.kind in kinds
        and (enterprise is None or selectors.standard_applies(s.metadata.code, enterprise.adcode))
    ]


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_create(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    role = require_role(user, *services.EVALUATION_CREATE_ROLES)
    context: dict[str, Any] = {
        "standards": _factory_standards(user),
        "own_enterprise": user.enterprise if role is Role.ENTERPRISE else None,
        "values": request.POST if request.method == "POST" else request.GET,
    }
    if request.method == "POST":
        try:
            enterprise = _enterprise_from(request, role)
            year = _int(request.POST.get("year", ""), "year")
            filing = _filing_from(request)
            evaluation = services.evaluation_create(
                actor=user,
                enterprise=enterprise,
                year=year,
                standard_code=request.POST.get("standard") or None,
                filing=filing,
            )
        except GreenmfgError as err:
            context["error"] = error_message(err)
            return render(request, "evaluations/create.html", context, status=422)
        return redirect("evaluations:wizard", pk=evaluation.pk)
    return render(request, "evaluations/create.html", context)


def _enterprise_from(request: HttpRequest, role: Role | None) -> Enterprise:
    user: Any = request.user
    if role is Role.ENTERPRISE:
        if user.enterprise is None:
            raise PermissionDenied(_("Your account is not linked to an enterprise."))
        enterprise: Enterprise = user.enterprise
        return enterprise
    uscc = request.POST.get("uscc", "").strip().upper()
    found = Enterprise.objects.filter(uscc=uscc).first()
    if found is None:
        raise UnknownCodeError(
            where="", kind="enterprise credit", value=uscc, expected="a registered enterprise"
        )
    return found


def _int(value: str, field: str) -> int:
    from greenmfg.core.errors import InvalidValueError

    try:
        return int(value)
    except ValueError:
        raise InvalidValueError(
            where="", field=field, value=value, expected="a whole number"
        ) from None


def _filing_from(request: HttpRequest) -> dict[str, Any] | None:
    from greenmfg.core.errors import EvaluationInputInvalidError, FileTooLargeError

    upload = request.FILES.get("filing_file")
    text = request.POST.get("filing_json", "").strip()
    if upload is not None:
        if (upload.size or 0) > MAX_FILING_BYTES:
            raise FileTooLargeError(
                file=upload.name,
                size_mb=(upload.size or 0) / 2**20,
                limit_mb=MAX_FILING_BYTES // 2**20,
            )
        name = upload.name or "filing.json"
        if name.lower().endswith((".xlsx", ".xlsm", ".csv")):
            from greenmfg.core.filing.reader import read_filing_bytes

            # the accounting importer: every problem with its sheet, row and column
            return read_filing_bytes(upload.read(), name).to_dict()
        text = upload.read().decode("utf-8", errors="replace")
    if not text:
        return None
    try:
        data = jsonsafe.loads(text)
    except json.JSONDecodeError as err:
        raise EvaluationInputInvalidError(
            where="filing: ", field=f"line {err.lineno}", reason=f"not valid JSON: {err.msg}"
        ) from None
    if not isinstance(data, dict):
        raise EvaluationInputInvalidError(where="filing: ", field="(root)", reason="a JSON object")
    return data


def _wizard_context(
    evaluation: Any, *, answers: dict[str, Any], vetoes: dict[str, Any]
) -> dict[str, Any]:
    standard = platform_registry().get(evaluation.standard_code)
    evidence: dict[str, list[Any]] = {}
    for item in evaluation.evidence.all():
        evidence.setdefault(item.code, []).append(item)
    quantitative = []
    for indicator in standard.indicators:
        if indicator.type != "quantitative":
            continue
        from_accounting = indicator.metric is not None and indicator.metric in evaluation.metrics
        quantitative.append(
            {
                "indicator": indicator,
                "accounted": evaluation.metrics.get(indicator.metric) if from_accounting else None,
                "from_accounting": from_accounting,
                "answer": answers.get(indicator.code),
            }
        )
    from greenmfg.platform.evaluations.sources import table_vetoes

    declared, table_year = table_vetoes(
        enterprise=evaluation.enterprise, year=evaluation.year, standard=standard
    )
    return {
        "evaluation": evaluation,
        "standard": standard,
        "answers": answers,
        "vetoes": {**vetoes, **declared},
        "declared_in_table": declared,
        "table_year": table_year,
        "evidence": evidence,
        "quantitative": quantitative,
        "max_evidence_mb": services.MAX_EVIDENCE_BYTES // 2**20,
    }


@login_required
@require_http_methods(["GET", "POST"])
def wizard(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get(actor=request.user, pk=pk)
    if not services.can_edit(request.user, evaluation):
        return redirect("evaluations:result", pk=pk)
    if request.method == "POST":
        answers, vetoes = _parse_wizard(request, evaluation)
        try:
            services.evaluation_answer(
                actor=request.user, evaluation=evaluation, answers=answers, vetoes=vetoes
            )
        except GreenmfgError as err:
            context = _wizard_context(evaluation, answers=answers, vetoes=vetoes)
            context["error"] = error_message(err)
            return render(request, "evaluations/wizard.html", context, status=422)
        return redirect("evaluations:result", pk=pk)
    return render(
        request,
        "evaluations/wizard.html",
        _wizard_context(evaluation, answers=evaluation.answers, vetoes=evaluation.vetoes),
    )


def _parse_wizard(request: HttpRequest, evaluation: Any) -> tuple[dict[str, Any], dict[str, bool]]:
    """Checklist fields: veto:<code> and ans:<code> are "yes"/"no"/"" (not answered),
    num:<code> a number or blank.  A malformed number is kept as text so the engine
    names the field."""
    answers: dict[str, Any] = {}
    vetoes: dict[str, bool] = {}
    for key in request.POST:
        value = request.POST.get(key, "")
        if key.startswith("veto:") and value in ("yes", "no"):
            vetoes[key[5:]] = value == "yes"
        elif key.startswith("ans:") and value in ("yes", "no"):
            answers[key[4:]] = value == "yes"
        elif key.startswith("num:") and value.strip():
            try:
                answers[key[4:]] = float(value)
            except ValueError:
                answers[key[4:]] = value
    return answers, vetoes


@login_required
@require_POST
def evidence_add(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get(actor=request.user, pk=pk)
    upload = request.FILES.get("file")
    code = request.POST.get("code", "")
    if upload is None:
        messages.error(request, _("Choose a file to upload."))
        return redirect("evaluations:wizard", pk=pk)
    try:
        services.evidence_add(actor=request.user, evaluation=evaluation, code=code, upload=upload)
    except GreenmfgError as err:
        messages.error(request, error_message(err))
    else:
        messages.success(request, _("Evidence uploaded."))
    return redirect(f"{_wizard_url(pk)}#item-{code}")


def _wizard_url(pk: int) -> str:
    from django.urls import reverse

    return reverse("evaluations:wizard", kwargs={"pk": pk})


@login_required
@require_GET
def result(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get(actor=request.user, pk=pk)
    if evaluation.result is None:
        return redirect("evaluations:wizard", pk=pk)
    scored = EvaluationResult.model_validate(evaluation.result)
    what_if = None
    query = {k: request.GET.get(k, "") for k in request.GET}
    changes = {k[7:]: v for k, v in query.items() if k.startswith("metric:") and v.strip()}
    answer_changes = {k[4:]: v for k, v in query.items() if k.startswith("num:") and v.strip()}
    what_if_error = None
    if changes or answer_changes:
        try:
            what_if = services.evaluation_what_if(
                evaluation=evaluation,
                change_metrics={k: float(v) for k, v in changes.items()},
                change_answers={k: float(v) for k, v in answer_changes.items()},
            )
        except ValueError:
            what_if_error = _("Enter numbers only.")
        except GreenmfgError as err:
            what_if_error = error_message(err)
    radar = {
        "indicators": [{"name": bi(c, "name"), "max": 100} for c in scored.categories],
        "values": [round(c.score, 2) for c in scored.categories],
    }
    template = "evaluations/result.html"
    if getattr(request, "htmx", False) and request.GET.get("partial") == "reports":
        template = "evaluations/result.html#reports"  # the polled reports table only
    return render(
        request,
        template,
        {
            "evaluation": evaluation,
            "r": scored,
            "radar": radar,
            "what_if": what_if,
            "what_if_error": what_if_error,
            "what_if_inputs": {**changes, **answer_changes},
            "quantitative_gaps": [g for g in scored.gaps if g.item is None][:8],
            "evidence": evaluation.evidence.all(),
            "reports": evaluation.reports.all(),
            "reports_pending": evaluation.reports.filter(state=Report.State.PENDING).exists(),
            "can_edit": services.can_edit(request.user, evaluation),
            "can_sign": services.can_edit(request.user, evaluation)
            and has_role(request.user, Role.EVALUATOR),
        },
    )


@login_required
@require_POST
def report_create(request: HttpRequest, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get(actor=request.user, pk=pk)
    try:
        report = services.report_create(
            actor=request.user,
            evaluation=evaluation,
            lang=request.POST.get("lang", "zh"),
            sign=request.POST.get("sign") == "1",
        )
    except GreenmfgError as err:
        messages.error(request, error_message(err))
        return redirect("evaluations:result", pk=pk)
    report.refresh_from_db()
    if report.state == report.State.READY:
        messages.success(request, _("The report is ready."))
    elif report.state == report.State.FAILED:
        messages.error(
            request, _("The report could not be built: %(error)s") % {"error": report.error}
        )
    else:
        messages.info(
            request, _("The report is being built; the table below shows it when it is ready.")
        )
    return redirect("evaluations:result", pk=pk)


@login_required
@require_POST
def report_retry(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_get(actor=request.user, pk=pk)
    services.report_retry(actor=request.user, report=report)
    messages.info(
        request, _("The report is being built; the table below shows it when it is ready.")
    )
    return redirect("evaluations:result", pk=report.evaluation_id)


@login_required
@require_GET
def report_download(request: HttpRequest, pk: int) -> FileResponse:
    report = selectors.report_get(actor=request.user, pk=pk)
    if report.state != report.State.READY or not report.pdf:
        raise Http404
    return FileResponse(
        report.pdf.open("rb"),
        as_attachment=True,
        filename=f"evaluation-report-{report.content_hash[:12]}.pdf",
        content_type="application/pdf",
    )


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """An evidence document, for whoever may see its evaluation (reviewers included)."""
    evidence = selectors.evidence_get(actor=request.user, pk=pk)
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    """Public: is this hash the hash of a report the platform issued?"""
    value = request.GET.get("hash", "").strip()
    report = selectors.report_by_hash(content_hash=value) if value else None
    return render(
        request,
        "evaluations/verify.html",
        {"value": value, "report": report, "searched": bool(value)},
        status=404 if value and report is None else 200,
    )


@require_http_methods(["GET", "POST"])
def standards(request: HttpRequest) -> HttpResponse:
    """Every standard available, and (for administrators and authorities) the upload form."""
    can_upload = has_role(request.user, *services.STANDARD_UPLOAD_ROLES)
    context: dict[str, Any] = {"can_upload": can_upload}
    status = 200
    if request.method == "POST":
        if not can_upload:
            raise PermissionDenied(_("Your role may not do this."))
        upload = request.FILES.get("file")
        if upload is None:
            context["error"] = _("Choose a file to upload.")
            status = 422
        else:
            try:
                row = services.standard_file_upload(
                    actor=request.user,
                    file_name=upload.name or "standard.yaml",
                    content=upload.read(),
                )
            except GreenmfgError as err:
                context["error"] = error_message(err)
                status = 422
            else:
                messages.success(
                    request,
                    _("Standard %(code)s accepted; it can now be selected.") % {"code": row.code},
                )
                return redirect("evaluations:standards")
    registry = platform_registry()
    uploaded = {row.code: row for row in selectors.standard_files()}
    context["standards"] = [
        {
            "s": s,
            "unverified": s.unverified_count(),
            "upload": uploaded.get(s.code),
        }
        for s in registry.all()
    ]
    return render(request, "evaluations/standards.html", context, status=status)


@require_GET
def standard_detail(request: HttpRequest) -> HttpResponse:
    code = request.GET.get("code", "")
    try:
        standard = platform_registry().get(code)
    except GreenmfgError:
        raise Http404 from None
    return render(request, "evaluations/standard_detail.html", {"standard": standard})


# --- engagements of third-party institutions ------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def engagements(request: HttpRequest) -> HttpResponse:
    """An enterprise grants and revokes institutions' access; an evaluator sees its
    clients, their filings and its evaluations for them, and its projects against the cap."""
    from greenmfg.platform.evaluations import engagements as eng
    from greenmfg.platform.registry.models import EvaluationInstitution

    user: Any = request.user
    role = require_role(user, Role.ENTERPRISE, Role.EVALUATOR)
    if request.method == "POST":
        if role is not Role.ENTERPRISE or user.enterprise is None:
            raise PermissionDenied
        institution = EvaluationInstitution.objects.filter(
            pk=_int(request.POST.get("institution", "0") or "0", "institution")
        ).first()
        try:
            if institution is None:
                raise UnknownCodeError(
                    where="",
                    kind="institution",
                    value=request.POST.get("institution", ""),
                    expected="a registered evaluation institution",
                )
            eng.engagement_grant(
                actor=user,
                enterprise=user.enterprise,
                institution=institution,
                purpose=request.POST.get("purpose", ""),
            )
        except GreenmfgError as err:
            messages.error(request, error_message(err))
        else:
            messages.success(request, _("The institution now has access for this engagement."))
        return redirect("evaluations:engagements")
    context: dict[str, Any] = {
        "role": role.value,
        "engagements": eng.engagements_for(actor=user),
    }
    if role is Role.ENTERPRISE:
        context["institutions"] = EvaluationInstitution.objects.order_by("name")
    else:
        context.update(_evaluator_context(user))
    return render(request, "evaluations/engagements.html", context)


def _evaluator_context(user: Any) -> dict[str, Any]:
    from greenmfg.core.workflow.guards import INSTITUTION_NATIONAL_CAP
    from greenmfg.platform.filings.selectors import filing_list
    from greenmfg.platform.workflow.models import Round
    from greenmfg.platform.workflow.services import national_projects

    institution = user.institution
    years = sorted(
        {timezone.localdate().year}
        | set(Round.objects.filter(is_open=True, level="national").values_list("year", flat=True))
    )
    cap = []
    for y in years:
        n = (
            national_projects(legal_representative=institution.legal_representative, year=y)
            if institution
            else 0
        )
        cap.append({"year": y, "projects": n, "left": max(0, INSTITUTION_NATIONAL_CAP - n)})
    filings: dict[int, list[Any]] = {}
    for f in filing_list(actor=user).order_by("-year"):
        filings.setdefault(f.enterprise_id, []).append(f)
    evaluations: dict[int, list[Any]] = {}
    for ev in selectors.evaluation_list(actor=user):
        evaluations.setdefault(ev.enterprise_id, []).append(ev)
    return {
        "institution": institution,
        "cap": cap,
        "cap_limit": INSTITUTION_NATIONAL_CAP,
        "client_filings": filings,
        "client_evaluations": evaluations,
    }


@login_required
@require_POST
def engagement_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    from greenmfg.platform.evaluations import engagements as eng

    require_role(request.user, Role.ENTERPRISE)
    engagement = eng.engagement_get(actor=request.user, pk=pk)
    try:
        eng.engagement_revoke(actor=request.user, engagement=engagement)
    except GreenmfgError as err:
        messages.error(request, error_message(err))
    else:
        messages.success(request, _("The institution's access was revoked."))
    return redirect("evaluations:engagements")
