"""Pages of the onboarding app: thin — parse, call one service or selector, render."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from greenmfg.core.domain import ListLevel, Role
from greenmfg.core.errors import GreenmfgError, ImportInvalidError, ImportIssue, InvalidValueError
from greenmfg.core.onboarding import masterdata
from greenmfg.core.onboarding.lists import fields_for
from greenmfg.core.onboarding.matching import AUTO_MATCH
from greenmfg.core.onboarding.tables import MAX_BYTES
from greenmfg.platform.accounts.scoping import actor_role
from greenmfg.platform.common.errors import error_message, issue_expected, issue_text
from greenmfg.platform.onboarding import selectors, services
from greenmfg.platform.onboarding.models import ListImport, ListImportRow
from greenmfg.platform.registry.models import Listing, ParkLevel

LEVEL_OF_ROLE = {
    Role.MUNICIPAL: ListLevel.MUNICIPAL,
    Role.PROVINCIAL: ListLevel.PROVINCIAL,
    Role.NATIONAL: ListLevel.NATIONAL,
}


def _require(request: HttpRequest) -> Any:
    if not selectors.may_use(request.user):
        raise PermissionDenied(_("Only an authority brings data into the platform."))
    return request.user


def _upload(request: HttpRequest) -> tuple[str, bytes] | str:
    upload = request.FILES.get("file")
    if upload is None:
        return _("Choose a file to import.")
    if upload.size is not None and upload.size > MAX_BYTES:
        return _("The file is larger than %(mb)d MB.") % {"mb": MAX_BYTES // 1024 // 1024}
    return upload.name or "upload", upload.read()


def _failure(err: GreenmfgError) -> tuple[str, list[Any]]:
    """The page's error line and its issues in the active language: each issue's
    template translated and filled with its params."""
    if isinstance(err, ImportInvalidError):
        issues = [
            ImportIssue(
                message=issue_text(i),
                sheet=i.sheet,
                row=i.row,
                column=i.column,
                expected=issue_expected(i) or None,
            )
            for i in err.issues
        ]
        return (
            _("%(count)d problem(s) found, nothing was imported.") % {"count": len(err.issues)},
            issues,
        )
    return error_message(err), []


@login_required
def home(request: HttpRequest) -> HttpResponse:
    actor = _require(request)
    imports = selectors.list_import_list(actor=actor)
    return render(
        request,
        "onboarding/home.html",
        {
            "in_review": imports.filter(status=ListImport.Status.REVIEW).count(),
            "to_confirm": imports.filter(status=ListImport.Status.CONFIRMING).count(),
            "applied": imports.filter(status=ListImport.Status.APPLIED).count(),
        },
    )


@login_required
def enterprises_template(request: HttpRequest) -> HttpResponse:
    _require(request)
    response = HttpResponse(
        masterdata.template_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="greenmfg-enterprises-template.xlsx"'
    return response


@login_required
def enterprises_import(request: HttpRequest) -> HttpResponse:
    actor = _require(request)
    context: dict[str, Any] = {"error": "", "issues": [], "result": None}
    status = 200
    if request.method == "POST":
        upload = _upload(request)
        if isinstance(upload, str):
            context["error"], status = upload, 422
        else:
            try:
                context["result"] = services.enterprises_import(
                    actor=actor, filename=upload[0], content=upload[1]
                )
            except GreenmfgError as err:
                context["error"], context["issues"] = _failure(err)
                status = 422
    return render(request, "onboarding/enterprises.html", context, status=status)


@login_required
def past_filings_import(request: HttpRequest) -> HttpResponse:
    """The upload form; a workbook is kept and imported in the background, and its page
    shows how the import goes."""
    actor = _require(request)
    context: dict[str, Any] = {
        "error": "",
        "imports": selectors.past_filings_imports(actor=actor)[:10],
    }
    status = 200
    if request.method == "POST":
        upload = _upload(request)
        if isinstance(upload, str):
            context["error"], status = upload, 422
        else:
            try:
                record = services.past_filings_import_request(
                    actor=actor,
                    filename=upload[0],
                    content=upload[1],
                    lang=translation.get_language() or "zh-hans",
                )
            except GreenmfgError as err:
                context["error"], status = error_message(err), 422
            else:
                return redirect("onboarding:past_filings_detail", pk=record.pk)
    return render(request, "onboarding/past_filings.html", context, status=status)


@login_required
def past_filings_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One import: queued, running (the page asks again every 2 s), done or failed."""
    actor = _require(request)
    record = selectors.past_filings_import_get(actor=actor, pk=pk)
    error, issues = "", list[Any]()
    if record.issues:
        error, issues = _failure(
            ImportInvalidError(file=record.filename, issues=services.stored_issues(record))
        )
    template = "onboarding/past_filings_detail.html"
    if getattr(request, "htmx", False):
        template += "#status"
    context = {"record": record, "error": error, "issues": issues}
    return render(request, template, context)


@login_required
@require_POST
def past_filings_retry(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _require(request)
    record = selectors.past_filings_import_get(actor=actor, pk=pk)
    services.past_filings_import_retry(actor=actor, record=record)
    return redirect("onboarding:past_filings_detail", pk=record.pk)


def _levels(actor: Any) -> list[tuple[str, str]]:
    role = actor_role(actor)
    if role in LEVEL_OF_ROLE:
        level = LEVEL_OF_ROLE[role]
        return [(level.value, str(Listing.Level(level.value).label))]
    return [(c.value, str(c.label)) for c in Listing.Level]


def _list_form(actor: Any, post: Any = None) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "levels": _levels(actor),
        "kinds": [(k, label) for k, label in Listing.Kind.choices if k != "product"],
        "sections": ListImport.SectionChoice.choices,
        "is_admin": actor_role(actor) is Role.ADMIN,
        "values": post
        or {"year": str(today.year - 1), "notice_date": today.isoformat(), "section": "list"},
    }


@login_required
def list_imports(request: HttpRequest) -> HttpResponse:
    actor = _require(request)
    error, status = "", 200
    issues: list[Any] = []
    if request.method == "POST":
        upload = _upload(request)
        if isinstance(upload, str):
            error, status = upload, 422
        else:
            try:
                year = int(request.POST.get("year", ""))
                notice = dt.date.fromisoformat(request.POST.get("notice_date", ""))
            except ValueError:
                error, status = _("Enter the list year and the notice date (YYYY-MM-DD)."), 422
            else:
                try:
                    imp, fresh = services.list_import_upload(
                        actor=actor,
                        filename=upload[0],
                        content=upload[1],
                        section=request.POST.get("section", "list"),
                        kind=request.POST.get("kind", ""),
                        level=request.POST.get("level", ""),
                        year=year,
                        notice_date=notice,
                        batch=request.POST.get("batch", ""),
                        authority_adcode=request.POST.get("region", "").strip() or None,
                    )
                except GreenmfgError as err:
                    error, issues = _failure(err)
                    status = 422
                except ValueError:
                    error, status = (
                        _("Choose the list level, carrier type and notice section."),
                        422,
                    )
                else:
                    if not fresh:
                        messages.info(
                            request,
                            _("This file was imported before for this list; nothing changed."),
                        )
                    return redirect("onboarding:list_detail", pk=imp.pk)
    return render(
        request,
        "onboarding/lists.html",
        {
            "imports": selectors.list_import_list(actor=actor)[:200],
            "error": error,
            "issues": issues,
            **_list_form(actor, request.POST if request.method == "POST" else None),
        },
        status=status,
    )


def _layout_context(actor: Any, imp: ListImport) -> dict[str, Any]:
    """The confirmation form: each field with its detected column, and a preview."""
    headers = [(i, h or _("column %(n)d") % {"n": i + 1}) for i, h in enumerate(imp.headers)]
    fields = [
        {
            "key": f.key,
            "zh": f.zh,
            "en": f.en,
            "required": f.required,
            "index": imp.columns.get(f.key),
        }
        for f in fields_for(imp.section)
    ]
    preview: list[Any] = []
    try:
        with imp.file.open("rb") as handle:
            read = services.list_file_read(
                actor=None if actor_role(actor) is Role.ADMIN else actor,
                filename=imp.filename,
                content=handle.read(),
                section=imp.section,
                kind=imp.kind,
                level=imp.level,
                year=imp.year,
                authority_adcode=imp.authority_adcode or None,
                columns=imp.columns,
                today=max(timezone.localdate(), dt.date(imp.year, 1, 1)),
            )
        preview = read.rows[:10]
    except (GreenmfgError, OSError):
        preview = []
    return {"headers": headers, "fields": fields, "preview": preview}


@login_required
def list_import_detail(
    request: HttpRequest, pk: int, extra: dict[str, Any] | None = None, status: int = 200
) -> HttpResponse:
    actor = _require(request)
    imp = selectors.list_import_get(actor=actor, pk=pk)
    wanted = request.GET.get("status", "")
    if wanted not in ListImportRow.Status.values:
        wanted = ""
    context: dict[str, Any] = {
        "imp": imp,
        "counts": services.list_import_counts(imp).as_dict(),
        "status_filter": wanted,
        "statuses": ListImportRow.Status.choices,
        "threshold": int(AUTO_MATCH),
        "park_levels": ParkLevel.choices,
        "is_park": imp.kind == "park",
        "error": "",
        "issues": [],
    }
    if imp.status == ListImport.Status.CONFIRMING:
        context.update(_layout_context(actor, imp))
    else:
        context["rows"] = selectors.list_rows(list_import=imp, status=wanted)
    context.update(extra or {})
    return render(request, "onboarding/list_detail.html", context, status=status)


@login_required
@require_POST
def list_import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _require(request)
    imp = selectors.list_import_get(actor=actor, pk=pk)
    columns: dict[str, int | None] = {}
    for f in fields_for(imp.section):
        value = request.POST.get(f"col-{f.key}", "")
        columns[f.key] = int(value) if value.isdigit() else None
    try:
        services.list_import_confirm(actor=actor, list_import=imp, columns=columns)
    except GreenmfgError as err:
        error, issues = _failure(err)
        return list_import_detail(request, pk, {"error": error, "issues": issues}, status=422)
    messages.success(request, _("The layout is confirmed and every row was matched."))
    return redirect("onboarding:list_detail", pk=pk)


@login_required
@require_POST
def list_import_apply(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _require(request)
    imp = selectors.list_import_get(actor=actor, pk=pk)
    try:
        services.list_import_apply(actor=actor, list_import=imp)
    except GreenmfgError as err:
        messages.error(request, error_message(err))
    else:
        messages.success(request, _("The list was updated."))
    return redirect("onboarding:list_detail", pk=pk)


@login_required
@require_POST
def list_import_discard(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _require(request)
    imp = selectors.list_import_get(actor=actor, pk=pk)
    try:
        services.list_import_discard(actor=actor, list_import=imp)
    except GreenmfgError as err:
        messages.error(request, error_message(err))
        return redirect("onboarding:list_detail", pk=pk)
    messages.success(request, _("The import was discarded."))
    return redirect("onboarding:lists")


@login_required
@require_POST
def list_row_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _require(request)
    row = selectors.list_row_get(actor=actor, pk=pk)
    action = request.POST.get("action", "")
    try:
        if action == "pick":
            unit = request.POST.get("unit", "")
            if not unit.isdigit():
                raise InvalidValueError(
                    where="", field="unit", value=unit, expected="a candidate to pick"
                )
            services.list_row_pick(actor=actor, row=row, unit_id=int(unit))
        elif action == "create":
            services.list_row_create(actor=actor, row=row, data=request.POST.dict())
        elif action == "reject":
            services.list_row_reject(actor=actor, row=row, reason=request.POST.get("reason", ""))
        elif action == "reopen":
            services.list_row_reopen(actor=actor, row=row)
        else:
            messages.error(request, _("Unknown action."))
    except GreenmfgError as err:
        messages.error(request, error_message(err))
    target = f"{row.list_import_id}/"
    back = request.POST.get("status", "")
    suffix = f"?status={back}" if back in ListImportRow.Status.values else ""
    return redirect(f"/onboarding/lists/{target}{suffix}#row-{row.number}")


# --------------------------------------------------------------------------- city tables
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response


def _scope_name(actor: Any) -> str:
    from greenmfg.core.codes import regions

    role = actor_role(actor)
    if role in (Role.MUNICIPAL, Role.PROVINCIAL):
        try:
            return regions.get(actor.adcode).name_zh
        except LookupError:
            return str(actor.adcode)
    return "全国"


def _table_or_404(key: str) -> Any:
    from greenmfg.core.onboarding import city_tables

    if key not in city_tables.tables().by_key:
        raise Http404
    return city_tables.table(key)


@login_required
def city_tables_home(request: HttpRequest) -> HttpResponse:
    from greenmfg.core.onboarding import city_tables

    actor = _require(request)
    all_rounds = list(selectors.rounds())
    the_round = selectors.round_get(request.GET.get("round")) if all_rounds else None
    uploads = list(selectors.city_table_uploads(actor=actor, round=the_round)) if the_round else []
    definitions = list(city_tables.tables().by_key.values())
    own = {u.table: u for u in uploads if u.adcode == getattr(actor, "adcode", None)}
    return render(
        request,
        "onboarding/city_tables.html",
        {
            "rounds": all_rounds,
            "round": the_round,
            "tables": [(t, own.get(t.key)) for t in definitions],
            "uploads": uploads,
            "labels": {t.key: t.zh for t in definitions},
            "is_city": actor_role(actor) is Role.MUNICIPAL,
            "layout": city_tables.tables(),
        },
    )


@login_required
def city_table_template(request: HttpRequest, key: str) -> HttpResponse:
    from greenmfg.core.onboarding import city_tables

    actor = _require(request)
    definition = _table_or_404(key)
    the_round = selectors.round_get(request.GET.get("round"))
    try:
        city = services.city_of_actor(actor)
    except GreenmfgError as err:
        raise PermissionDenied(error_message(err)) from err
    rows = selectors.city_table_prefill(round=the_round, adcode=city, table_key=key)
    title = f"{_scope_name(actor)}{definition.zh}（{the_round.name}）"
    return _xlsx(city_tables.write_workbook(definition, rows, title=title), f"{definition.zh}.xlsx")


@login_required
@require_POST
def city_table_upload(request: HttpRequest, key: str) -> HttpResponse:
    actor = _require(request)
    _table_or_404(key)
    the_round = selectors.round_get(request.POST.get("round"))
    upload = _upload(request)
    if isinstance(upload, str):
        messages.error(request, upload)
        return redirect(f"/onboarding/tables/?round={the_round.pk}")
    try:
        stored = services.city_table_upload(
            actor=actor, round=the_round, table_key=key, filename=upload[0], content=upload[1]
        )
    except GreenmfgError as err:
        error, issues = _failure(err)
        return render(
            request,
            "onboarding/city_table_errors.html",
            {"error": error, "issues": issues, "round": the_round},
            status=422,
        )
    messages.success(
        request, _("The table was checked and stored: %(n)d rows.") % {"n": len(stored.rows)}
    )
    return redirect(f"/onboarding/tables/?round={the_round.pk}")


@login_required
def city_table_export(request: HttpRequest, key: str) -> HttpResponse:
    from greenmfg.core.onboarding import city_tables

    actor = _require(request)
    definition = _table_or_404(key)
    the_round = selectors.round_get(request.GET.get("round"))
    rows = selectors.city_table_export_rows(actor=actor, round=the_round, table_key=key)
    title = f"{_scope_name(actor)}{definition.zh}（{the_round.name}）"
    return _xlsx(
        city_tables.write_workbook(definition, rows, title=title),
        f"{_scope_name(actor)}{definition.zh}.xlsx",
    )
