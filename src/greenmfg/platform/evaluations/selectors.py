"""Reads of the evaluations app: every query is scoped to what the actor may see.

- an enterprise user: its own enterprise's evaluations;
- an evaluator: its institution's evaluations;
- an authority: the evaluations of enterprises in its region;
- an administrator: all.
Single objects outside the scope are 404 (their existence is not revealed).
"""

from __future__ import annotations

import re
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from greenmfg.core.domain import Role, VetoItem, veto_item_for_clause
from greenmfg.platform.accounts.scoping import NOTHING_Q, actor_role, is_authority, region_q
from greenmfg.platform.evaluations.models import (
    BulkEvaluation,
    BulkEvaluationRow,
    Evaluation,
    Evidence,
    Report,
    StandardFile,
)

HASH_RE = re.compile(r"^[0-9a-f]{64}$")


def _visible_q(actor: Any) -> Q:
    role = actor_role(actor)
    if role is Role.ADMIN:
        return Q()
    if role is Role.ENTERPRISE:
        enterprise_id = getattr(actor, "enterprise_id", None)
        return Q(enterprise_id=enterprise_id) if enterprise_id else NOTHING_Q
    if role is Role.EVALUATOR:
        institution_id = getattr(actor, "institution_id", None)
        return Q(institution_id=institution_id) if institution_id else NOTHING_Q
    if is_authority(actor):
        return region_q(actor, "enterprise__adcode")
    return NOTHING_Q


def evaluation_list(*, actor: Any) -> QuerySet[Evaluation]:
    return (
        Evaluation.objects.filter(_visible_q(actor))
        .select_related("enterprise", "institution")
        .order_by("-updated_at")
    )


def evaluation_get(*, actor: Any, pk: int) -> Evaluation:
    evaluation = (
        Evaluation.objects.filter(_visible_q(actor))
        .select_related("enterprise", "institution", "created_by")
        .filter(pk=pk)
        .first()
    )
    if evaluation is None:
        raise Http404
    return evaluation


def report_get(*, actor: Any, pk: int) -> Report:
    report = (
        Report.objects.filter(pk=pk)
        .filter(evaluation__in=Evaluation.objects.filter(_visible_q(actor)))
        .select_related("evaluation__enterprise")
        .first()
    )
    if report is None:
        raise Http404
    return report


def evidence_get(*, actor: Any, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.filter(pk=pk)
        .filter(evaluation__in=Evaluation.objects.filter(_visible_q(actor)))
        .first()
    )
    if evidence is None:
        raise Http404
    return evidence


def report_by_hash(*, content_hash: str) -> Report | None:
    """Public verification: the report carrying this hash, if the platform issued it."""
    value = content_hash.strip().lower()
    if not HASH_RE.match(value):
        return None
    return (
        Report.objects.filter(content_hash=value)
        .select_related("evaluation__enterprise")
        .order_by("-signed", "created_at")
        .first()
    )


def standard_files() -> QuerySet[StandardFile]:
    return StandardFile.objects.select_related("uploaded_by").order_by("code")


def standard_applies(code: str, adcode: str) -> bool:
    """Whether a standard applies to a unit in region ``adcode``: the packaged standards
    and those uploaded nationally apply everywhere; a province's implementation rules
    (实施细则, uploaded by its provincial authority) apply within that province."""
    region = StandardFile.objects.filter(code=code).values_list("adcode", flat=True).first()
    if not region:
        return True
    return (adcode or "").startswith(region[:2])


def art15_declarations(evaluation: Evaluation) -> dict[VetoItem, str]:
    """The Art. 15 veto conditions (一票否决) an evaluation declares true, each with where it
    was declared; conditions of the standard that cite no Art. 15 clause are left out."""
    from greenmfg.core.errors import UnknownStandardError
    from greenmfg.platform.evaluations.standards import platform_registry

    declared = evaluation.vetoes if isinstance(evaluation.vetoes, dict) else {}
    try:
        standard = platform_registry().get(evaluation.standard_code)
    except UnknownStandardError:
        return {}
    found: dict[VetoItem, str] = {}
    for condition in standard.vetoes:
        item = veto_item_for_clause(condition.clause)
        if item is not None and declared.get(condition.code) is True:
            found[item] = (
                f"declared in evaluation {evaluation.pk} ({evaluation.standard_code} "
                f"{condition.code})"
            )
    return found


def bulk_runs(*, actor: Any) -> QuerySet[BulkEvaluation]:
    """The bulk evaluations of the actor's region (an authority's own province)."""
    if not is_authority(actor) and actor_role(actor) is not Role.ADMIN:
        return BulkEvaluation.objects.none()
    return BulkEvaluation.objects.filter(region_q(actor, "adcode")).order_by("-created_at", "-pk")


def bulk_run_get(*, actor: Any, pk: int) -> BulkEvaluation:
    run = bulk_runs(actor=actor).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def bulk_rows(run: BulkEvaluation) -> QuerySet[BulkEvaluationRow]:
    """The rows of a run (already scoped by :func:`bulk_run_get`), best first."""
    return run.rows.select_related("enterprise").order_by("-total", "enterprise__name", "pk")
