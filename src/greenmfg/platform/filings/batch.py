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

import polars as pl
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from greenmfg.core.accounting import FactorSet, default_factor_set
from greenmfg.core.accounting.engine import check_filing, method_choice
from greenmfg.core.batch.accounting import account_frames, frames_from_filings, metrics_by_filing
from greenmfg.core.batch.accounting.stored import frames_from_json, subset
from greenmfg.core.errors import GreenmfgError
from greenmfg.core.filing import Filing
from greenmfg.platform.audit.services import chain_append_bulk
from greenmfg.platform.audit.tables import filing_chain
from greenmfg.platform.common.bulk import insert_many
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
    filings: Sequence[Filing], *, factor_set: FactorSet, options: dict[str, str]
) -> list[BatchTotals | GreenmfgError]:
    """Totals of each filing (in order) through the batch path; a filing the per-filing
    engine would refuse gets that engine's first error instead."""
    out: list[BatchTotals | GreenmfgError | None] = []
    good: list[Filing] = []
    where: list[int] = []
    for i, filing in enumerate(filings):
        errors = check_filing(filing)
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


def batch_record(
    filing_id: int, totals: BatchTotals, filing: Filing, fs: FactorSet, options: dict[str, str]
) -> AccountingRecord:
    """The record of one filing accounted by the batch path: its summary, marked as
    computed by the batch path (its breakdown is completed on first view)."""
    (res,) = _from_filings([filing], [totals])
    assert isinstance(res, StoredResult)
    return stored_record(filing_id, res, fs, options)


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


@dataclass(frozen=True)
class StoredResult:
    """One stored filing accounted by the batch path, with what its record names."""

    totals: BatchTotals
    enterprise: dict[str, str]
    year: int
    method: str
    gwp_set: str


def _from_filings(
    filings: Sequence[Filing], results: Sequence[BatchTotals | GreenmfgError]
) -> list[StoredResult | GreenmfgError]:
    out: list[StoredResult | GreenmfgError] = []
    for filing, res in zip(filings, results, strict=True):
        if isinstance(res, GreenmfgError):
            out.append(res)
            continue
        choice = method_choice(filing, None, None, None)
        e = filing.enterprise
        ent = {"uscc": e.uscc, "name": e.name, "adcode": e.adcode, "industry": e.industry}
        out.append(StoredResult(res, ent, filing.year, choice.method, choice.gwp_set))
    return out


def account_stored(
    texts: Sequence[str], *, factor_set: FactorSet, options: dict[str, str]
) -> list[StoredResult | GreenmfgError]:
    """Results of stored filings (their JSON text, as saved: validated then) through the
    batch path, in order; a filing the per-filing engine would refuse gets its first
    error.

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
    if errors:
        keep = pl.Series([i not in errors for i in range(len(texts))], dtype=pl.Boolean)
        frames = subset(frames, keep)
    try:
        per_filing, products = account_frames(frames, factor_set=factor_set, **options)  # type: ignore[arg-type]
    except GreenmfgError:
        return _validated_path(texts, factor_set=factor_set, options=options)
    metrics = metrics_by_filing(per_filing, products)
    columns = per_filing.select("eq", "ev", "ren", "s1", "s2", "method", "gwp_set").rows()
    ents = stored.enterprises.select("uscc", "name", "adcode", "industry", "year").rows()
    out: list[StoredResult | GreenmfgError] = []
    k = 0
    for i, (uscc, name, adcode, industry, year) in enumerate(ents):
        if i in errors:
            out.append(errors[i])
            continue
        eq, ev, ren, s1, s2, method, gwp_set = columns[k]
        ent = {"uscc": uscc, "name": name, "adcode": adcode, "industry": industry}
        out.append(
            StoredResult(BatchTotals(eq, ev, ren, s1, s2, metrics[k]), ent, year, method, gwp_set)
        )
        k += 1
    return out


def _validated_path(
    texts: Sequence[str], *, factor_set: FactorSet, options: dict[str, str]
) -> list[StoredResult | GreenmfgError]:
    filings = [Filing.model_validate_json(raw) for raw in texts]
    return _from_filings(
        filings, account_filings_batch(filings, factor_set=factor_set, options=options)
    )


def stored_record(
    filing_id: int, res: StoredResult, fs: FactorSet, options: dict[str, str]
) -> AccountingRecord:
    """The batch record of a stored filing (as :func:`batch_record` makes it)."""
    t = res.totals
    summary: dict[str, Any] = {
        "computed_by": BATCH_DETAIL,
        "enterprise": res.enterprise,
        "year": res.year,
        "energy": {
            "equivalent_tce": t.equivalent_tce,
            "equal_value_tce": t.equal_value_tce,
            "renewable_tce": t.renewable_tce,
        },
        "emissions": {
            "scope1_tco2e": t.scope1_tco2e,
            "scope2_tco2e": t.scope2_tco2e,
            "total_tco2e": t.total_tco2e,
            "gwp_set": res.gwp_set,
            "grid": {"scope": options["grid_scope"], "basis": options["grid_basis"]},
        },
        "factor_set_version": fs.version,
        "method": res.method,
    }
    return AccountingRecord(
        filing_id=filing_id,
        factor_set_version=fs.version,
        gwp_set=res.gwp_set,
        grid_scope=options["grid_scope"],
        grid_basis=options["grid_basis"],
        equivalent_tce=t.equivalent_tce,
        equal_value_tce=t.equal_value_tce,
        scope1_tco2e=t.scope1_tco2e,
        scope2_tco2e=t.scope2_tco2e,
        total_tco2e=t.total_tco2e,
        unverified_factors=None,
        metrics=t.metrics,
        result=summary,
        is_current=True,
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
            results = (
                account_stored([raw for _pk, raw in rows], factor_set=fs, options=options)
                if rows
                else []
            )
            records: list[AccountingRecord] = []
            events: list[FilingEvent] = []
            for (pk, _raw), res in zip(rows, results, strict=True):
                if isinstance(res, GreenmfgError):
                    outcome.invalid += 1
                    continue
                record = stored_record(pk, res, fs, options)
                record.computed_at = now
                records.append(record)
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
                            "new_total_tco2e": record.total_tco2e,
                            "path": BATCH_DETAIL,
                        },
                    )
                )
            _retire([r.filing_id for r in records])
            insert_many(AccountingRecord, records)
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
