"""Writes of the evaluations app: keyword-only, actor first, one transaction each:
permission → validation (everything, before anything is written) → save → audit event."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.core.domain import Role
from greenmfg.core.errors import (
    DataFileInvalidError,
    EvaluationInputInvalidError,
    FileTooLargeError,
    InvalidValueError,
)
from greenmfg.core.evaluation.engine import EvaluationResult, evaluate
from greenmfg.core.evaluation.inputs import parse_input
from greenmfg.platform.accounts.scoping import actor_role, require_role
from greenmfg.platform.common.queue import enqueue
from greenmfg.platform.evaluations import selectors
from greenmfg.platform.evaluations.models import (
    Evaluation,
    EvaluationEvent,
    Evidence,
    Report,
    StandardFile,
)
from greenmfg.platform.evaluations.standards import build_registry, platform_registry
from greenmfg.platform.registry.models import Enterprise

BUILD_REPORT_TASK = "greenmfg.platform.evaluations.tasks.build_report_task"

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024  # 10 MB
MAX_STANDARD_BYTES = 1024 * 1024  # 1 MB
EVIDENCE_TYPES: dict[str, tuple[bytes, str]] = {
    "pdf": (b"%PDF-", "application/pdf"),
    "jpg": (b"\xff\xd8\xff", "image/jpeg"),
    "jpeg": (b"\xff\xd8\xff", "image/jpeg"),
    "png": (b"\x89PNG\r\n\x1a\n", "image/png"),
}
STANDARD_UPLOAD_ROLES = (Role.ADMIN, Role.NATIONAL, Role.PROVINCIAL)
EVALUATION_CREATE_ROLES = (Role.ENTERPRISE, Role.EVALUATOR, Role.ADMIN)


def _audit(*, actor: Any, action: str, evaluation: Evaluation | None = None, **detail: Any) -> None:
    EvaluationEvent.objects.create(
        evaluation=evaluation,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        detail=detail,
    )


# --- standards ---------------------------------------------------------------------------


@transaction.atomic
def standard_file_upload(*, actor: Any, file_name: str, content: bytes) -> StandardFile:
    """Validate a standard file (YAML) and, only if it is valid, make it selectable."""
    require_role(actor, *STANDARD_UPLOAD_ROLES)
    if len(content) > MAX_STANDARD_BYTES:
        raise FileTooLargeError(
            file=file_name, size_mb=len(content) / 2**20, limit_mb=MAX_STANDARD_BYTES // 2**20
        )
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise DataFileInvalidError(
            file=file_name, line=1, field="(encoding)", reason="the file is not UTF-8 text"
        ) from None
    registry = build_registry()
    standard = registry.validate_text(text, name=file_name)
    if standard.code in registry.codes():
        raise DataFileInvalidError(
            file=file_name,
            line=1,
            field="metadata.code",
            reason=f"standard {standard.code!r} already exists; give the new edition its own code",
        )
    role = actor_role(actor)
    row = StandardFile(
        code=standard.code,
        title=standard.metadata.title_zh,
        file_name=file_name,
        text=text,
        adcode="" if role in (Role.ADMIN, Role.NATIONAL) else (actor.adcode or ""),
        uploaded_by=actor,
    )
    row.full_clean()
    row.save()
    _audit(actor=actor, action="standard.upload", code=standard.code, file=file_name)
    return row


# --- evaluations ---------------------------------------------------------------------------


def can_edit(actor: Any, evaluation: Evaluation) -> bool:
    """``actor=None`` is the platform itself (commands, the demo), never a web request."""
    if actor is None:
        return True
    role = actor_role(actor)
    if role is Role.ADMIN:
        return True
    if role is Role.ENTERPRISE:
        return (
            evaluation.kind == Evaluation.Kind.SELF
            and actor.enterprise_id is not None
            and actor.enterprise_id == evaluation.enterprise_id
        )
    if role is Role.EVALUATOR:
        from greenmfg.platform.evaluations.engagements import engaged

        return (
            evaluation.kind == Evaluation.Kind.THIRD_PARTY
            and actor.institution_id is not None
            and actor.institution_id == evaluation.institution_id
            and engaged(institution_id=actor.institution_id, enterprise_id=evaluation.enterprise_id)
        )
    return False


def _require_edit(actor: Any, evaluation: Evaluation) -> None:
    if not can_edit(actor, evaluation):
        raise PermissionDenied(_("You may not change this evaluation."))


def footprint_metrics(*, standard: Any, enterprise: Enterprise, year: int) -> dict[str, float]:
    """GB/T 36132-2025 GP3 (share of products with a carbon footprint) from the product
    footprints on file, never typed: 0 % when the enterprise has no product on file."""
    wanted = {getattr(i, "metric", None) for i in getattr(standard, "indicators", ())} & {
        "product_footprint_share"
    }
    if not wanted:
        return {}
    from greenmfg.platform.footprints.selectors import footprint_share

    share = footprint_share(enterprise=enterprise, year=year)
    return {"product_footprint_share": 0.0 if share is None else share}


@transaction.atomic
def evaluation_create(
    *,
    actor: Any,
    enterprise: Enterprise,
    year: int,
    standard_code: str | None = None,
    filing: dict[str, Any] | None = None,
) -> Evaluation:
    """Start an evaluation; the filing (JSON interchange format) is accounted now so the
    quantitative indicators are prefilled from its metrics.  ``actor=None`` is the platform
    (the demo): a self-evaluation on the enterprise's behalf."""
    role = None if actor is None else require_role(actor, *EVALUATION_CREATE_ROLES)
    if role is Role.ENTERPRISE and actor.enterprise_id != enterprise.pk:
        raise PermissionDenied(_("Enterprises evaluate only themselves."))
    if role is Role.EVALUATOR and actor.institution_id is None:
        raise PermissionDenied(_("Your account is not linked to an evaluation institution."))
    if role is Role.EVALUATOR:
        from greenmfg.platform.evaluations.engagements import engaged

        if not engaged(institution_id=actor.institution_id, enterprise_id=enterprise.pk):
            raise PermissionDenied(
                _("The enterprise has not engaged your institution: ask it to grant access.")
            )
    if not 2000 <= year <= timezone.localdate().year:
        raise InvalidValueError(
            where="", field="year", value=year, expected="a data year up to this year"
        )
    registry = platform_registry()
    if standard_code:
        standard = registry.get(standard_code)
        if not selectors.standard_applies(standard_code, enterprise.adcode):
            raise InvalidValueError(
                where="",
                field="standard",
                value=standard_code,
                expected="a national standard or the implementation rules of the enterprise's own province",
            )
    else:
        from greenmfg.core.domain import UnitKind

        standard = registry.default_for(UnitKind.FACTORY, enterprise.industry)
    accounting = None
    metrics: dict[str, float] = {}
    vetoes: dict[str, bool] = {}
    source = ""
    if filing:
        inp = parse_input(filing, file="filing")
        if inp.enterprise and inp.enterprise.get("uscc") != enterprise.uscc:
            raise EvaluationInputInvalidError(
                where="filing: ",
                field="enterprise.uscc",
                reason=f"the filing is for {inp.enterprise.get('uscc')!r}, not {enterprise.uscc}",
            )
        if inp.year is not None and inp.year != year:
            raise EvaluationInputInvalidError(
                where="filing: ", field="year", reason=f"the filing is for {inp.year}, not {year}"
            )
        metrics = inp.metrics
        accounting = inp.accounting.to_dict() if inp.accounting else None
        source = "filing"
    else:
        from greenmfg.platform.evaluations.sources import dynamic_filing_inputs, stored_accounting

        stored = stored_accounting(enterprise=enterprise, year=year)
        table = dynamic_filing_inputs(enterprise=enterprise, year=year, standard=standard)
        if stored is not None:
            metrics, filing, accounting, _version = stored
            source = "filings"
        elif table is not None:
            metrics, _vetoes, filing_id = table
            source = f"dynamic_filing:{filing_id}"
        if table is not None:
            vetoes = table[1]  # the year's declaration of the Art. 15 items
    metrics = {**metrics, **footprint_metrics(standard=standard, enterprise=enterprise, year=year)}
    evaluation = Evaluation(
        enterprise=enterprise,
        kind=Evaluation.Kind.THIRD_PARTY if role is Role.EVALUATOR else Evaluation.Kind.SELF,
        institution=actor.institution if role is Role.EVALUATOR else None,
        year=year,
        standard_code=standard.code,
        standard_edition=standard.metadata.edition,
        filing=filing or None,
        accounting=accounting,
        metrics=metrics,
        metrics_source=source,
        vetoes=vetoes,
        created_by=actor,
    )
    evaluation.full_clean()
    evaluation.save()
    _audit(actor=actor, action="evaluation.create", evaluation=evaluation, standard=standard.code)
    return evaluation


def _quotas(standard: Any, evaluation: Evaluation) -> dict[str, Any]:
    from greenmfg.platform.evaluations.sources import quotas_for

    return quotas_for(
        standard,
        filing=evaluation.filing,
        accounting=evaluation.accounting,
        metrics=evaluation.metrics,
    )


@transaction.atomic
def evaluation_answer(
    *,
    actor: Any,
    evaluation: Evaluation,
    answers: dict[str, bool | float],
    vetoes: dict[str, bool],
) -> Evaluation:
    """Record the checklist answers and veto declarations and score the evaluation.

    Veto conditions the unit declared in its dynamic management table of the year are
    taken from there (asked once): what the form sends for them is ignored."""
    from greenmfg.platform.evaluations.sources import table_vetoes

    _require_edit(actor, evaluation)
    standard = platform_registry().get(evaluation.standard_code)
    declared, _year = table_vetoes(
        enterprise=evaluation.enterprise, year=evaluation.year, standard=standard
    )
    vetoes = {**vetoes, **declared}
    result = evaluate(
        standard,
        metrics=evaluation.metrics,
        answers=answers,
        vetoes=vetoes,
        quotas=_quotas(standard, evaluation),
    )
    evaluation.answers = answers
    evaluation.vetoes = vetoes
    evaluation.result = result.model_dump(mode="json")
    evaluation.total = result.total
    evaluation.eligible = result.eligible
    evaluation.passed = result.passed
    evaluation.state = Evaluation.State.SCORED
    evaluation.full_clean()
    evaluation.save(
        update_fields=[
            "answers",
            "vetoes",
            "result",
            "total",
            "eligible",
            "passed",
            "state",
            "updated_at",
        ]
    )
    _audit(
        actor=actor,
        action="evaluation.score",
        evaluation=evaluation,
        total=result.total,
        passed=result.passed,
    )
    return evaluation


def evaluation_what_if(
    *, evaluation: Evaluation, change_metrics: dict[str, float], change_answers: dict[str, Any]
) -> EvaluationResult:
    """The score if some inputs changed (nothing is saved)."""
    from greenmfg.core.evaluation.engine import what_if

    standard = platform_registry().get(evaluation.standard_code)
    change = what_if(
        standard,
        metrics=evaluation.metrics,
        answers=evaluation.answers,
        vetoes=evaluation.vetoes,
        change_metrics=change_metrics,
        change_answers=change_answers,
        quotas=_quotas(standard, evaluation),
    )
    return change.after


@transaction.atomic
def evidence_add(
    *, actor: Any, evaluation: Evaluation, code: str, upload: UploadedFile
) -> Evidence:
    """Attach a document (PDF, JPEG or PNG, up to 10 MB) to a requirement or item."""
    _require_edit(actor, evaluation)
    standard = platform_registry().get(evaluation.standard_code)
    if code not in standard.answerable_codes():
        raise EvaluationInputInvalidError(
            where="",
            field="code",
            reason=f"{code!r} is no requirement, item or indicator of {standard.code}",
        )
    name = upload.name or "upload"
    size = upload.size or 0
    if size > MAX_EVIDENCE_BYTES:
        raise FileTooLargeError(
            file=name, size_mb=size / 2**20, limit_mb=MAX_EVIDENCE_BYTES // 2**20
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    expected = EVIDENCE_TYPES.get(extension)
    if expected is None:
        raise InvalidValueError(
            where=f"{name}: ",
            field="file type",
            value=extension or name,
            expected="PDF, JPG or PNG",
        )
    data = upload.read()
    if not data.startswith(expected[0]):
        raise InvalidValueError(
            where=f"{name}: ",
            field="file content",
            value=extension,
            expected=f"a real {extension.upper()} file (its content does not match its name)",
        )
    evidence = Evidence(
        evaluation=evaluation,
        code=code,
        original_name=name[:200],
        content_type=expected[1],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )
    evidence.file.save(f"{evidence.sha256[:16]}.{extension}", ContentFile(data), save=False)
    evidence.full_clean()
    evidence.save()
    _audit(actor=actor, action="evidence.add", evaluation=evaluation, code=code, file=name)
    return evidence


# --- reports ---------------------------------------------------------------------------------


def report_context(evaluation: Evaluation, *, lang: str, signature: Any = None) -> Any:
    from greenmfg.reports import ReportContext

    standard = platform_registry().get(evaluation.standard_code)
    result = EvaluationResult.model_validate(evaluation.result)
    evidence: dict[str, list[str]] = {}
    for item in evaluation.evidence.all():
        evidence.setdefault(item.code, []).append(item.original_name)
    e = evaluation.enterprise
    return ReportContext.build(
        standard=standard,
        result=result,
        enterprise={"uscc": e.uscc, "name": e.name, "industry": e.industry, "adcode": e.adcode},
        year=evaluation.year,
        accounting=evaluation.accounting,
        evidence=evidence,
        signature=signature,
        lang=lang,
    )


@transaction.atomic
def report_create(*, actor: Any, evaluation: Evaluation, lang: str, sign: bool) -> Report:
    """Fix the report's content and hash now; the PDF is built in the background."""
    from greenmfg.reports import Signature, canonical_content, content_hash

    _require_edit(actor, evaluation)
    if evaluation.state != Evaluation.State.SCORED:
        raise InvalidValueError(
            where="", field="state", value=evaluation.state, expected="a scored evaluation"
        )
    if lang not in ("zh", "en"):
        raise InvalidValueError(where="", field="lang", value=lang, expected="zh or en")
    signature = None
    if sign:
        if (
            actor_role(actor) is not Role.EVALUATOR
            or evaluation.kind != Evaluation.Kind.THIRD_PARTY
        ):
            raise PermissionDenied(_("Only the third-party evaluator signs a report."))
        signature = Signature(
            evaluator=actor.get_full_name() or actor.username,
            institution=evaluation.institution.name if evaluation.institution else "",
            signed_on=timezone.localdate(),
        )
    ctx = report_context(evaluation, lang=lang, signature=signature)
    report = Report(
        evaluation=evaluation,
        content_hash=content_hash(ctx),
        lang=lang,
        signed=signature is not None,
        evaluator=signature.evaluator if signature else "",
        institution_name=signature.institution if signature else "",
        signed_on=signature.signed_on if signature else None,
        content=json.loads(canonical_content(ctx)),
        created_by=actor,
    )
    report.full_clean()
    report.save()
    _audit(
        actor=actor,
        action="report.create",
        evaluation=evaluation,
        report=report.pk,
        hash=report.content_hash,
        signed=report.signed,
    )
    transaction.on_commit(lambda: enqueue(BUILD_REPORT_TASK, report.pk))
    return report


def report_build(*, report_id: int) -> Report:
    """Render the PDF of a report (the background task)."""
    from greenmfg.reports import Signature, content_hash, render_pdf

    report = Report.objects.select_related("evaluation__enterprise", "evaluation__institution").get(
        pk=report_id
    )
    signature = (
        Signature(
            evaluator=report.evaluator,
            institution=report.institution_name,
            signed_on=report.signed_on or timezone.localdate(),
        )
        if report.signed
        else None
    )
    try:
        ctx = report_context(report.evaluation, lang=report.lang, signature=signature)
        if content_hash(ctx) != report.content_hash:
            raise ValueError("the evaluation changed after the report was requested")
        pdf = render_pdf(ctx)
    except Exception as err:  # recorded on the report, shown to the user
        Report.objects.filter(pk=report.pk).update(state=Report.State.FAILED, error=str(err))
        report.refresh_from_db()
        return report
    with transaction.atomic():
        report.pdf.save(f"report-{report.content_hash[:16]}.pdf", ContentFile(pdf), save=False)
        report.state = Report.State.READY
        report.save(update_fields=["pdf", "state"])
        _audit(actor=None, action="report.ready", evaluation=report.evaluation, report=report.pk)
    return report


def report_fail(report_id: int, error: str) -> None:
    """Record that the report's background task failed for good (its worker died or it
    overran its time limit), so the user is offered a retry."""
    Report.objects.filter(pk=report_id, state=Report.State.PENDING).update(
        state=Report.State.FAILED, error=error[:2000]
    )


@transaction.atomic
def report_retry(*, actor: Any, report: Report) -> Report:
    """Build a failed report again (the retry button); only who may edit the evaluation."""
    if not can_edit(actor, report.evaluation):
        raise PermissionDenied(_("You may not change this evaluation."))
    if report.state != Report.State.FAILED:
        return report
    Report.objects.filter(pk=report.pk).update(state=Report.State.PENDING, error="")
    transaction.on_commit(lambda: enqueue(BUILD_REPORT_TASK, report.pk))
    report.refresh_from_db()
    return report
