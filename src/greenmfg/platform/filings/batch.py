"""Accounting of many stored filings through the batch (Polars) path.

Whatever touches many filings — recompute after a factor change, recompute of a region or
of the nation — goes through :func:`account_in_bulk`, in one transaction: the filings are
read from the database in chunks as JSON text (saved filings were validated when saved),
decoded into frames by Polars (:func:`greenmfg.core.batch.accounting.stored.frames_from_json`,
no pydantic model per filing; the engine's checks run once per distinct combination),
accounted by :func:`~greenmfg.core.batch.accounting.account_frames`, and written back in
bulk: one ``UPDATE`` retires the old current records, the new records are built as a
frame (metrics and summary as JSON text made by Polars) and loaded by ``COPY`` on
PostgreSQL (``executemany`` on SQLite), and the audited events are appended by
:func:`~greenmfg.platform.audit.services.chain_append_bulk`.  Bulk loads of new filings
account validated filings (:func:`account_filings_batch`); saving one filing keeps the
per-filing path (:func:`greenmfg.platform.filings.services.filing_save`).

The batch path gives the per-filing engine's totals and metrics to 12 significant digits
(it adds a filing's lines in another order; tests prove it on the same filings).  It does not produce the per-line breakdown (by carrier, by
source, factors used): a batch record stores the totals and metrics, and its breakdown is
completed from the per-filing engine the first time one filing's page asks for it
(:func:`greenmfg.platform.filings.details.record_detail`), with the same factor set.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from greenmfg.core.accounting import FactorSet, default_factor_set
from greenmfg.core.accounting.engine import check_filing, method_choice
from greenmfg.core.batch.accounting import account_frames, frames_from_filings, metrics_by_filing
from greenmfg.core.batch.accounting.metrics import metrics_json
from greenmfg.core.batch.accounting.stored import frames_from_json, subset
from greenmfg.core.errors import GreenmfgError
from greenmfg.core.filing import Filing
from greenmfg.platform.audit.services import chain_append_bulk
from greenmfg.platform.audit.tables import filing_chain
from greenmfg.platform.common.bulk import insert_frame, insert_many
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


def insert_rows(model: type[Model], rows: Sequence[Model]) -> None:
    """Insert ``rows`` in bulk (see :func:`greenmfg.platform.common.bulk.insert_many`)."""
    insert_many(model, rows)


@dataclass
class BulkOutcome:
    seen: int = 0
    changed: int = 0
    unchanged: int = 0
    invalid: int = 0


def _id_filter(column: str, ids: Sequence[int]) -> tuple[str, list[Any]]:
    """``column`` among ``ids``: one array parameter on PostgreSQL, a list elsewhere."""
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])", [list(ids)]
    return f"{column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def _stored_rows(ids: Sequence[int]) -> list[tuple[int, str]]:
    """(pk, data as JSON text) of the filings ``ids``, read in one query."""
    table = AnnualFiling._meta.db_table
    cast = "data::text" if connection.vendor == "postgresql" else "data"
    where, params = _id_filter("id", ids)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, {cast} FROM {table} WHERE {where} ORDER BY id", params)  # noqa: S608 - fixed names
        return [(int(pk), str(raw)) for pk, raw in cursor.fetchall()]


def _current_records(ids: Sequence[int]) -> dict[int, tuple[str, float]]:
    """filing id → (factor set version, total) of the current records of ``ids``."""
    table = AccountingRecord._meta.db_table
    where, params = _id_filter("filing_id", ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT filing_id, factor_set_version, total_tco2e FROM {table} "  # noqa: S608
            f"WHERE is_current AND {where}",
            params,
        )
        return {int(pk): (str(v), float(t)) for pk, v, t in cursor.fetchall()}


def _retire(ids: Sequence[int]) -> None:
    """The current records of ``ids`` are current no longer."""
    table = AccountingRecord._meta.db_table
    where, params = _id_filter("filing_id", ids)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET is_current = %s WHERE is_current AND {where}",  # noqa: S608
            [False, *params],
        )


def _validated(rows: Sequence[tuple[int, str]]) -> list[Filing]:
    """The stored filings, validated by pydantic straight from their JSON text."""
    return [Filing.model_validate_json(raw) for _pk, raw in rows]


def _summary(
    totals: BatchTotals,
    enterprise: dict[str, str],
    year: int,
    method: str,
    gwp_set: str,
    fs: FactorSet,
    options: dict[str, str],
) -> dict[str, Any]:
    """The stored ``result`` of a batch record: the per-filing result's summary fields,
    marked as computed by the batch path (its breakdown is completed on first view)."""
    return {
        "computed_by": BATCH_DETAIL,
        "enterprise": enterprise,
        "year": year,
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
        "method": method,
    }


def _summary_json(fs: FactorSet, options: dict[str, str]) -> pl.Expr:
    """:func:`_summary` of each row of a results frame, as JSON text."""
    return pl.struct(
        computed_by=pl.lit(BATCH_DETAIL),
        enterprise=pl.struct("uscc", "name", "adcode", "industry"),
        year=pl.col("year"),
        energy=pl.struct(
            equivalent_tce=pl.col("eq"), equal_value_tce=pl.col("ev"), renewable_tce=pl.col("ren")
        ),
        emissions=pl.struct(
            scope1_tco2e=pl.col("s1"),
            scope2_tco2e=pl.col("s2"),
            total_tco2e=pl.col("s1") + pl.col("s2"),
            gwp_set=pl.col("gwp_set"),
            grid=pl.struct(
                scope=pl.lit(options["grid_scope"]), basis=pl.lit(options["grid_basis"])
            ),
        ),
        factor_set_version=pl.lit(fs.version),
        method=pl.col("method"),
    ).struct.json_encode()


def batch_record(
    filing_id: int, totals: BatchTotals, filing: Filing, fs: FactorSet, options: dict[str, str]
) -> AccountingRecord:
    """The record of one filing accounted by the batch path."""
    # the filing's own method (cn-guideline / ipcc) and its GWP set, as the batch used them
    choice = method_choice(filing, None, None, None)
    e = filing.enterprise
    enterprise = {"uscc": e.uscc, "name": e.name, "adcode": e.adcode, "industry": e.industry}
    summary = _summary(totals, enterprise, filing.year, choice.method, choice.gwp_set, fs, options)
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


_RESULTS: dict[str, Any] = {
    "idx": pl.UInt32,
    "eq": pl.Float64,
    "ev": pl.Float64,
    "ren": pl.Float64,
    "s1": pl.Float64,
    "s2": pl.Float64,
    "method": pl.String,
    "gwp_set": pl.String,
    "uscc": pl.String,
    "name": pl.String,
    "adcode": pl.String,
    "industry": pl.String,
    "year": pl.Int32,
    "metrics": pl.String,
}


@dataclass(frozen=True)
class StoredBatch:
    """Stored filings accounted by the batch path: ``results`` has one row per filing
    accounted (``idx``: its position in the input; totals, method, enterprise, metrics as
    JSON text), ``errors`` the engine's first error of each filing it refuses."""

    results: pl.DataFrame
    errors: dict[int, GreenmfgError]


def account_stored(
    texts: Sequence[str], *, factor_set: FactorSet, options: dict[str, str]
) -> StoredBatch:
    """Stored filings (their JSON text, as saved: validated then) through the batch path.

    The frames are built from the text by :func:`frames_from_json` (no model per filing);
    the few filings its checks cannot clear are validated and checked one by one.  Should
    the text not decode as the format, or the batch refuse a filing the checks passed,
    the whole chunk goes through the validated path instead (same results, slower).
    """
    try:
        stored = frames_from_json(texts)
    except (pl.exceptions.PolarsError, GreenmfgError):
        return _validated_path(texts, factor_set=factor_set, options=options)
    errors: dict[int, GreenmfgError] = {}
    for i in stored.suspect.arg_true().to_list():
        found = check_filing(Filing.model_validate_json(texts[i]))
        if found:
            errors[i] = found[0]
    frames = stored.frames
    keep = pl.Series([i not in errors for i in range(len(texts))], dtype=pl.Boolean)
    if errors:
        frames = subset(frames, keep)
    try:
        per_filing, products = account_frames(frames, factor_set=factor_set, **options)  # type: ignore[arg-type]
    except GreenmfgError:
        return _validated_path(texts, factor_set=factor_set, options=options)
    metrics = metrics_json(per_filing, products)
    results = pl.concat(
        [
            per_filing.sort("fid").select("eq", "ev", "ren", "s1", "s2", "method", "gwp_set"),
            stored.enterprises.filter(keep).select(
                pl.col("fid").alias("idx"), "uscc", "name", "adcode", "industry", "year"
            ),
        ],
        how="horizontal",
    ).with_columns(metrics=metrics)
    return StoredBatch(results.select(list(_RESULTS)).cast(_RESULTS), errors)  # type: ignore[arg-type]


def _validated_path(
    texts: Sequence[str], *, factor_set: FactorSet, options: dict[str, str]
) -> StoredBatch:
    filings = [Filing.model_validate_json(raw) for raw in texts]
    totals = account_filings_batch(filings, factor_set=factor_set, options=options)
    rows: list[dict[str, Any]] = []
    errors: dict[int, GreenmfgError] = {}
    for i, (filing, t) in enumerate(zip(filings, totals, strict=True)):
        if isinstance(t, GreenmfgError):
            errors[i] = t
            continue
        choice = method_choice(filing, None, None, None)
        e = filing.enterprise
        rows.append(
            {
                "idx": i,
                "eq": t.equivalent_tce,
                "ev": t.equal_value_tce,
                "ren": t.renewable_tce,
                "s1": t.scope1_tco2e,
                "s2": t.scope2_tco2e,
                "method": choice.method,
                "gwp_set": choice.gwp_set,
                "uscc": e.uscc,
                "name": e.name,
                "adcode": e.adcode,
                "industry": e.industry,
                "year": filing.year,
                "metrics": json.dumps(t.metrics),
            }
        )
    return StoredBatch(pl.DataFrame(rows, schema=_RESULTS), errors)


def _record_frame(results: pl.DataFrame, fs: FactorSet, options: dict[str, str]) -> pl.DataFrame:
    """The new current records (columns of :class:`AccountingRecord`) of ``results``
    with their ``filing_id``."""
    return results.select(
        "filing_id",
        factor_set_version=pl.lit(fs.version),
        gwp_set="gwp_set",
        grid_scope=pl.lit(options["grid_scope"]),
        grid_basis=pl.lit(options["grid_basis"]),
        equivalent_tce="eq",
        equal_value_tce="ev",
        scope1_tco2e="s1",
        scope2_tco2e="s2",
        total_tco2e=pl.col("s1") + pl.col("s2"),
        unverified_factors=pl.lit(None, pl.Int64),
        metrics="metrics",
        result=_summary_json(fs, options),
        is_current=pl.lit(True),
    )


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
    the results as their current records, all in one transaction (the records they
    replace are kept, no longer current).  A filing whose current record already has
    this factor set is left alone unless ``force``.  The filings are read and accounted
    ``chunk`` at a time; ``progress(n)`` is called after each chunk with its size."""
    fs = factor_set or default_factor_set()
    ids = sorted(set(filing_ids))
    outcome = BulkOutcome()
    now = timezone.now()
    with transaction.atomic():
        for start in range(0, len(ids), chunk):
            part = ids[start : start + chunk]
            current = _current_records(part)
            todo = [pk for pk in part if force or (current.get(pk) or ("", 0.0))[0] != fs.version]
            outcome.seen += len(part)
            outcome.unchanged += len(part) - len(todo)
            rows = _stored_rows(todo) if todo else []
            if not rows:
                if progress is not None:
                    progress(len(part))
                continue
            accounted = account_stored([raw for _pk, raw in rows], factor_set=fs, options=options)
            outcome.invalid += len(accounted.errors)
            pks = pl.Series([pk for pk, _raw in rows], dtype=pl.Int64)
            records = _record_frame(
                accounted.results.with_columns(filing_id=pl.lit(pks).gather(pl.col("idx"))),
                fs,
                options,
            )
            events: list[FilingEvent] = []
            for pk, total in records.select("filing_id", "total_tco2e").iter_rows():
                old = current.get(pk)
                events.append(
                    FilingEvent(
                        filing_id=pk,
                        actor=actor,
                        action=FilingEvent.Action.RECOMPUTED,
                        created_at=now,
                        detail={
                            "old_factor_set": old[0] if old else None,
                            "new_factor_set": fs.version,
                            "old_total_tco2e": old[1] if old else None,
                            "new_total_tco2e": total,
                            "path": BATCH_DETAIL,
                        },
                    )
                )
            _retire(records.get_column("filing_id").to_list())
            insert_frame(AccountingRecord, records, now=now)
            chain_append_bulk(
                events,
                table_name="filings",
                chain_of=lambda e: filing_chain(e.filing_id),
                owner_model=AnnualFiling,
                owner_of=lambda e: e.filing_id,
            )
            outcome.changed += records.height
            if progress is not None:
                progress(len(part))
    return outcome
