"""Accounting of many stored filings through the batch (Polars) path.

Whatever touches many filings — recompute after a factor change, recompute of a region or
of the nation, the demo build — goes through :func:`account_in_bulk`: the filings are
read from the database in chunks (as JSON text, validated by pydantic straight from it),
turned into frames (:func:`greenmfg.core.batch.accounting.frames_from_filings`),
accounted by :func:`~greenmfg.core.batch.accounting.account_frames` and written back in
bulk (one ``UPDATE`` of the old current records and ``executemany`` inserts per chunk).
Saving one filing keeps the per-filing path (:func:`greenmfg.platform.filings.services.filing_save`).

The batch path gives the same totals and metrics as the per-filing engine (tests prove
it on the same filings).  It does not produce the per-line breakdown (by carrier, by
source, factors used): a batch record stores the totals and metrics, and its breakdown is
completed from the per-filing engine the first time one filing's page asks for it
(:func:`greenmfg.platform.filings.details.record_detail`), with the same factor set.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.db.models import Model
from django.utils import timezone

from greenmfg.core.accounting import FactorSet, default_factor_set
from greenmfg.core.accounting.engine import check_filing, method_choice
from greenmfg.core.batch.accounting import account_frames, frames_from_filings, metrics_by_filing
from greenmfg.core.errors import GreenmfgError
from greenmfg.core.filing import Filing
from greenmfg.platform.audit.services import chain_append_bulk
from greenmfg.platform.audit.tables import filing_chain
from greenmfg.platform.filings.models import AccountingRecord, AnnualFiling, FilingEvent

CHUNK = 10_000
BATCH_DETAIL = "batch"
"""``result["computed_by"]`` of a record written by the batch path (breakdown pending)."""


@dataclass(frozen=True)
class BatchTotals:
    """The batch path's figures for one filing (the per-filing result's summary)."""

    equivalent_tce: float
    equal_value_tce: float
    renewable_tce: float
    scope1_tco2e: float
    scope2_tco2e: float
    metrics: dict[str, float]

    @property
    def total_tco2e(self) -> float:
        return self.scope1_tco2e + self.scope2_tco2e


def account_filings_batch(
    filings: Sequence[Filing],
    *,
    factor_set: FactorSet,
    options: dict[str, str],
    checked: bool = False,
) -> list[BatchTotals | GreenmfgError]:
    """Totals of each filing (in order) through the batch path; a filing the per-filing
    engine would refuse gets that engine's first error instead.  ``checked``: the
    filings already passed the engine's checks (:func:`validate_dict` runs them), which
    are then not run again."""
    out: list[BatchTotals | GreenmfgError | None] = []
    good: list[Filing] = []
    where: list[int] = []
    for i, filing in enumerate(filings):
        errors = [] if checked else check_filing(filing)
        out.append(errors[0] if errors else None)
        if not errors:
            good.append(filing)
            where.append(i)
    if not good:
        return [r for r in out if r is not None]
    per_filing, products = account_frames(
        frames_from_filings(good),
        factor_set=factor_set,
        **options,  # type: ignore[arg-type]
    )
    metrics = metrics_by_filing(per_filing, products)
    columns = per_filing.sort("fid").select("eq", "ev", "ren", "s1", "s2").rows()
    for i, (eq, ev, ren, s1, s2), m in zip(where, columns, metrics, strict=True):
        out[i] = BatchTotals(eq, ev, ren, s1, s2, m)
    return [r for r in out if r is not None]


def _summary(
    totals: BatchTotals, filing: Filing, fs: FactorSet, options: dict[str, str], gwp_set: str
) -> dict[str, Any]:
    """The stored ``result`` of a batch record: the per-filing result's summary fields,
    marked as computed by the batch path (its breakdown is completed on first view)."""
    return {
        "computed_by": BATCH_DETAIL,
        "enterprise": {
            "uscc": filing.enterprise.uscc,
            "name": filing.enterprise.name,
            "adcode": filing.enterprise.adcode,
            "industry": filing.enterprise.industry,
        },
        "year": filing.year,
        "energy": {
            "equivalent_tce": totals.equivalent_tce,
            "equal_value_tce": totals.equal_value_tce,
            "renewable_tce": totals.renewable_tce,
        },
        "emissions": {
            "scope1_tco2e": totals.scope1_tco2e,
            "scope2_tco2e": totals.scope2_tco2e,
            "total_tco2e": totals.total_tco2e,
            "gwp_set": gwp_set,
            "grid": {"scope": options["grid_scope"], "basis": options["grid_basis"]},
        },
        "factor_set_version": fs.version,
    }


def batch_record(
    filing_id: int, totals: BatchTotals, filing: Filing, fs: FactorSet, options: dict[str, str]
) -> AccountingRecord:
    # the filing's own method (cn-guideline / ipcc) and its GWP set, as the batch used them
    choice = method_choice(filing, None, None, None)
    summary = _summary(totals, filing, fs, options, choice.gwp_set)
    summary["method"] = choice.method
    return AccountingRecord(
        filing_id=filing_id,
        factor_set_version=fs.version,
        gwp_set=choice.gwp_set,
        grid_scope=options["grid_scope"],
        grid_basis=options["grid_basis"],
        equivalent_tce=totals.equivalent_tce,
        equal_value_tce=totals.equal_value_tce,
        scope1_tco2e=totals.scope1_tco2e,
        scope2_tco2e=totals.scope2_tco2e,
        total_tco2e=totals.total_tco2e,
        unverified_factors=None,
        metrics=totals.metrics,
        result=summary,
        is_current=True,
    )


def insert_rows(model: type[Model], rows: Sequence[Model]) -> None:
    """Insert ``rows`` (unsaved, fully built) with one ``executemany`` of one prepared
    ``INSERT``: no per-row query compilation, JSON encoded once per value.  Values go
    through each field's ``get_db_prep_save`` (dates, JSON) exactly as a save does."""
    if not rows:
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    json_cast = "::jsonb" if connection.vendor == "postgresql" else ""
    marks = ", ".join(f"%s{json_cast}" if isinstance(f, models.JSONField) else "%s" for f in fields)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    sql = f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({marks})"  # noqa: S608 - names from the model
    values = []
    for row in rows:
        for f in fields:
            if getattr(f, "auto_now_add", False) and getattr(row, f.attname) is None:
                setattr(row, f.attname, now)
        values.append([f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields])
    with connection.cursor() as cursor:
        for start in range(0, len(values), 5000):
            cursor.executemany(sql, values[start : start + 5000])


@dataclass
class BulkOutcome:
    seen: int = 0
    changed: int = 0
    unchanged: int = 0
    invalid: int = 0


def _stored_rows(ids: Sequence[int]) -> list[tuple[int, str]]:
    """(pk, data as JSON text) of the filings ``ids``, read in one query."""
    table = AnnualFiling._meta.db_table
    cast = "data::text" if connection.vendor == "postgresql" else "data"
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {cast} FROM {table} WHERE id IN ({marks})",  # noqa: S608 - fixed names
            list(ids),
        )
        return [(int(pk), str(raw)) for pk, raw in cursor.fetchall()]


def _validated(rows: Sequence[tuple[int, str]]) -> list[Filing]:
    """The stored filings, validated by pydantic straight from their JSON text."""
    return [Filing.model_validate_json(raw) for _pk, raw in rows]


def account_in_bulk(
    *,
    actor: Any,
    filing_ids: Iterable[int],
    options: dict[str, str],
    factor_set: FactorSet | None = None,
    chunk: int = CHUNK,
    progress: Callable[[int], None] | None = None,
    force: bool = False,
) -> BulkOutcome:
    """Account the stored filings ``filing_ids`` again through the batch path and store
    the results as their current records (one transaction per chunk; the records they
    replace are kept, no longer current).  A filing whose current record already has this
    factor set is left alone unless ``force``.  ``progress(n)`` is called after each chunk with its size."""
    fs = factor_set or default_factor_set()
    ids = sorted(set(filing_ids))
    outcome = BulkOutcome()
    for start in range(0, len(ids), chunk):
        part = ids[start : start + chunk]
        current = dict(
            AccountingRecord.objects.filter(filing_id__in=part, is_current=True).values_list(
                "filing_id", "factor_set_version"
            )
        )
        todo = [pk for pk in part if force or current.get(pk) != fs.version]
        outcome.seen += len(part)
        outcome.unchanged += len(part) - len(todo)
        rows = _stored_rows(todo) if todo else []
        filings = _validated(rows)
        results = account_filings_batch(filings, factor_set=fs, options=options)
        records: list[AccountingRecord] = []
        events: list[FilingEvent] = []
        old_totals = dict(
            AccountingRecord.objects.filter(
                filing_id__in=[pk for pk, _raw in rows], is_current=True
            ).values_list("filing_id", "total_tco2e")
        )
        for (pk, _raw), filing, res in zip(rows, filings, results, strict=True):
            if isinstance(res, GreenmfgError):
                outcome.invalid += 1
                continue
            record = batch_record(pk, res, filing, fs, options)
            records.append(record)
            events.append(
                FilingEvent(
                    filing_id=pk,
                    actor=actor,
                    action=FilingEvent.Action.RECOMPUTED,
                    detail={
                        "old_factor_set": current.get(pk),
                        "new_factor_set": fs.version,
                        "old_total_tco2e": old_totals.get(pk),
                        "new_total_tco2e": record.total_tco2e,
                        "path": BATCH_DETAIL,
                    },
                )
            )
        with transaction.atomic():
            AccountingRecord.objects.filter(
                filing_id__in=[r.filing_id for r in records], is_current=True
            ).update(is_current=False)
            insert_rows(AccountingRecord, records)
            chain_append_bulk(
                events,
                table_name="filings",
                chain_of=lambda e: filing_chain(e.filing_id),
                owner_model=AnnualFiling,
                owner_of=lambda e: e.filing_id,
            )
        outcome.changed += len(records)
        if progress is not None:
            progress(len(part))
    return outcome
