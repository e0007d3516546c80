"""Bulk evaluation (批量自评): a province's self-assessment of all its listed green factories
for one data year, through the batch (Polars) evaluation path.

- :func:`bulk_evaluation_request` (a provincial official) records the run and queues
  the background task by name;
- :func:`bulk_evaluation_run` (the task) reads the inputs of every unit in bulk (a few
  queries for the whole province), evaluates each standard's units with
  :func:`greenmfg.core.batch.evaluation.evaluate_frame` — GB/T 36132-2025 EL1 per product
  against its GB quota, as the per-unit path — and writes every row in one transaction
  (all rows or none; ``COPY`` on PostgreSQL, ``executemany`` on SQLite:
  :func:`greenmfg.platform.common.bulk.insert_objects`);
- :func:`unit_inputs` gives one unit's inputs through the per-unit sources (the ones the
  wizard uses); tests prove the batch rows equal :func:`greenmfg.core.evaluation.evaluate`
  on them.

A unit's inputs, in this order: the current accounting record of its filing for the year
(else the metrics of its dynamic management table), the veto declarations of that table,
and the answers of its latest scored evaluation of the same year and standard.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.core.batch.evaluation import evaluate_frame, inputs_frame
from greenmfg.core.domain import Role, UnitKind
from greenmfg.core.errors import InvalidValueError
from greenmfg.core.evaluation.engine import Answer
from greenmfg.core.evaluation.quota import QuotaInputs
from greenmfg.core.evaluation.schema import IndicatorSet
from greenmfg.platform.accounts.scoping import region_prefix, require_role
from greenmfg.platform.common.bulk import insert_objects
from greenmfg.platform.common.queue import enqueue
from greenmfg.platform.evaluations.models import (
    BulkEvaluation,
    BulkEvaluationRow,
    Evaluation,
    EvaluationEvent,
)
from greenmfg.platform.evaluations.sources import quotas_for, table_inputs
from greenmfg.platform.evaluations.standards import platform_registry

RUN_TASK = "greenmfg.platform.evaluations.tasks.bulk_evaluation_task"
CHUNK = 2000


@dataclass
class UnitInputs:
    enterprise_id: int
    standard: IndicatorSet
    metrics: dict[str, float] = field(default_factory=dict)
    answers: dict[str, Answer] = field(default_factory=dict)
    vetoes: dict[str, bool] = field(default_factory=dict)
    quotas: dict[str, QuotaInputs] = field(default_factory=dict)
    source: str = ""


def _listed_enterprises(adcode: str) -> list[tuple[int, str]]:
    """(enterprise id, industry) of the green factories listed and not removed in the
    province of ``adcode``, each once."""
    from greenmfg.platform.registry.models import Listing

    rows = (
        Listing.objects.filter(
            kind=Listing.Kind.FACTORY,
            adcode__startswith=adcode[:2],
            removed_on__isnull=True,
            enterprise__isnull=False,
        )
        .values_list("enterprise_id", "enterprise__industry")
        .distinct()
        .order_by("enterprise_id")
    )
    return [(int(e), str(i or "")) for e, i in rows]


# --- requests ------------------------------------------------------------------------------


@transaction.atomic
def bulk_evaluation_request(*, actor: Any, year: int) -> BulkEvaluation:
    """Queue the self-assessment of every listed green factory of the actor's province."""
    require_role(actor, Role.PROVINCIAL)
    prefix = region_prefix(actor)
    if not prefix:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Your account has no province."))
    if not 2000 <= year <= timezone.localdate().year:
        raise InvalidValueError(
            where="", field="year", value=year, expected="a data year up to this year"
        )
    run = BulkEvaluation(
        adcode=f"{prefix}0000",
        year=year,
        total=len(_listed_enterprises(prefix)),
        requested_by=actor,
    )
    run.full_clean()
    run.save()
    EvaluationEvent.objects.create(
        action="bulk.request",
        actor=actor,
        detail={"run": run.pk, "adcode": run.adcode, "year": year, "units": run.total},
    )
    transaction.on_commit(lambda: enqueue(RUN_TASK, run.pk))
    return run


# --- inputs --------------------------------------------------------------------------------


def unit_inputs(*, enterprise: Any, year: int) -> UnitInputs:
    """One unit's inputs through the per-unit sources (as the wizard reads them)."""
    from greenmfg.platform.evaluations.sources import dynamic_filing_inputs, stored_accounting

    standard = platform_registry().default_for(UnitKind.FACTORY, enterprise.industry)
    out = UnitInputs(enterprise_id=enterprise.pk, standard=standard)
    stored = stored_accounting(enterprise=enterprise, year=year)
    table = dynamic_filing_inputs(enterprise=enterprise, year=year, standard=standard)
    if stored is not None:
        metrics, filing, result, _version = stored
        out.metrics = metrics
        out.quotas = quotas_for(standard, filing=filing, accounting=result, metrics=metrics)
        out.source = "filings"
    elif table is not None:
        out.metrics = table[0]
        out.source = f"dynamic_filing:{table[2]}"
    if table is not None:
        out.vetoes = table[1]
    latest = (
        Evaluation.objects.filter(
            enterprise=enterprise,
            year=year,
            standard_code=standard.code,
            state=Evaluation.State.SCORED,
        )
        .order_by("-updated_at", "-pk")
        .values_list("answers", flat=True)
        .first()
    )
    out.answers = _answers(latest)
    return out


def _answers(raw: Any) -> dict[str, Answer]:
    if not isinstance(raw, dict):
        return {}
    return {
        str(k): (v if isinstance(v, bool) else float(v))
        for k, v in raw.items()
        if isinstance(v, bool | int | float)
    }


def bulk_inputs(*, units: list[tuple[int, str]], year: int) -> list[UnitInputs]:
    """The inputs of ``units`` ((enterprise id, industry)), read in a few queries."""
    from greenmfg.platform.filings.models import AccountingRecord
    from greenmfg.platform.supervision.models import DynamicFiling

    registry = platform_registry()
    ids = [e for e, _i in units]
    accounting = {
        int(e): (m, d, {"intensities": i})
        for e, m, d, i in AccountingRecord.objects.filter(
            filing__enterprise_id__in=ids, filing__year=year, is_current=True
        ).values_list("filing__enterprise_id", "metrics", "filing__data", "result__intensities")
    }
    tables = {
        int(e): (pk, data)
        for e, pk, data in DynamicFiling.objects.filter(enterprise_id__in=ids, year=year)
        .exclude(status=DynamicFiling.Status.DRAFT)
        .values_list("enterprise_id", "pk", "data")
    }
    answers: dict[tuple[int, str], dict[str, Answer]] = {}
    for e, code, raw in (
        Evaluation.objects.filter(enterprise_id__in=ids, year=year, state=Evaluation.State.SCORED)
        .order_by("-updated_at", "-pk")
        .values_list("enterprise_id", "standard_code", "answers")
    ):
        answers.setdefault((int(e), str(code)), _answers(raw))
    out: list[UnitInputs] = []
    for enterprise_id, industry in units:
        standard = registry.default_for(UnitKind.FACTORY, industry or None)
        unit = UnitInputs(enterprise_id=enterprise_id, standard=standard)
        table = tables.get(enterprise_id)
        table_metrics, table_vetoes = (
            table_inputs(table[1], standard)
            if table is not None and isinstance(table[1], dict)
            else ({}, {})
        )
        stored = accounting.get(enterprise_id)
        if stored is not None:
            unit.metrics = {
                k: float(v)
                for k, v in dict(stored[0]).items()
                if isinstance(v, int | float) and not isinstance(v, bool)
            }
            unit.quotas = quotas_for(
                standard, filing=stored[1], accounting=stored[2], metrics=unit.metrics
            )
            unit.source = "filings"
        elif table is not None and isinstance(table[1], dict):
            unit.metrics = table_metrics
            unit.source = f"dynamic_filing:{table[0]}"
        unit.vetoes = table_vetoes
        unit.answers = answers.get((enterprise_id, standard.code), {})
        out.append(unit)
    return out


# --- the run -------------------------------------------------------------------------------


def evaluate_units(
    units: list[UnitInputs], *, run_id: int, progress: Callable[[int], None] | None = None
) -> list[BulkEvaluationRow]:
    """The rows of ``units`` through the batch path, one frame per standard."""
    by_standard: dict[str, list[UnitInputs]] = {}
    for unit in units:
        by_standard.setdefault(unit.standard.code, []).append(unit)
    rows: list[BulkEvaluationRow] = []
    for group in by_standard.values():
        standard = group[0].standard
        for start in range(0, len(group), CHUNK):
            part = group[start : start + CHUNK]
            frame = inputs_frame(
                ((u.metrics, u.answers, u.vetoes) for u in part),
                standard=standard,
                quotas=[u.quotas for u in part],
            )
            result = evaluate_frame(standard, frame, keep=[])
            for unit, rec in zip(part, result.iter_rows(named=True), strict=True):
                rows.append(_row(run_id, unit, standard, rec))
            if progress is not None:
                progress(len(part))
    return rows


def _row(
    run_id: int, unit: UnitInputs, standard: IndicatorSet, rec: dict[str, Any]
) -> BulkEvaluationRow:
    return BulkEvaluationRow(
        run_id=run_id,
        enterprise_id=unit.enterprise_id,
        standard_code=standard.code,
        metrics_source=unit.source,
        total=rec["total"],
        eligible=rec["eligible"],
        basic_met=rec["basic_met"],
        passed=rec["passed"],
        band=rec["band"] or "",
        unmet_mandatory=rec["unmet_mandatory"],
        categories={c.code: rec["cat." + c.code] for c in standard.categories},
        indicators={i.code: rec["ind." + i.code] for i in standard.indicators},
        quotas={code: q.model_dump(mode="json") for code, q in unit.quotas.items()},
    )


def bulk_evaluation_run(*, run_id: int) -> BulkEvaluation:
    """The background task: evaluate, then write every row in one transaction."""
    run = BulkEvaluation.objects.get(pk=run_id)
    if run.status == BulkEvaluation.Status.DONE:
        return run
    units_list = _listed_enterprises(run.adcode[:2])
    BulkEvaluation.objects.filter(pk=run.pk).update(
        status=BulkEvaluation.Status.RUNNING, total=len(units_list), done=0
    )
    done = 0

    def progress(n: int) -> None:
        nonlocal done
        done += n
        BulkEvaluation.objects.filter(pk=run.pk).update(done=done)

    try:
        rows = evaluate_units(
            bulk_inputs(units=units_list, year=run.year), run_id=run.pk, progress=progress
        )
        with transaction.atomic():
            BulkEvaluationRow.objects.filter(run_id=run.pk).delete()
            insert_objects(BulkEvaluationRow, rows)
            BulkEvaluation.objects.filter(pk=run.pk).update(
                status=BulkEvaluation.Status.DONE,
                done=len(rows),
                passed=sum(1 for r in rows if r.passed),
                finished_at=timezone.now(),
            )
            EvaluationEvent.objects.create(
                action="bulk.done", actor=None, detail={"run": run.pk, "units": len(rows)}
            )
    except Exception as error:  # recorded on the run for the official, then re-raised
        bulk_evaluation_fail(run.pk, str(error))
        raise
    run.refresh_from_db()
    return run


def bulk_evaluation_fail(run_id: int, error: str) -> None:
    """Record that the run failed (nothing of it was written)."""
    BulkEvaluation.objects.filter(pk=run_id).exclude(status=BulkEvaluation.Status.DONE).update(
        status=BulkEvaluation.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )
