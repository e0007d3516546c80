"""Writes of the filings app.  Keyword-only, actor first, one transaction each:
permission → validation → save → audit event.  ``actor=None`` is the platform itself
(demo loader, command line, background task)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from greenmfg.core.accounting import AccountingResult, FactorSet, account, default_factor_set
from greenmfg.core.domain import Role
from greenmfg.core.errors import GreenmfgError, ImportInvalidError, ImportIssue
from greenmfg.core.filing import Filing
from greenmfg.core.filing.reader import read_filing_bytes, validate_dict
from greenmfg.platform.accounts.scoping import actor_role, in_region, is_authority
from greenmfg.platform.audit.services import chain_append, chain_append_bulk
from greenmfg.platform.audit.tables import filing_chain
from greenmfg.platform.common.bulk import allocate_ids, insert_objects, insert_values
from greenmfg.platform.common.demo import step_progress
from greenmfg.platform.filings import batch, selectors
from greenmfg.platform.filings.models import AccountingRecord, AnnualFiling, FilingEvent
from greenmfg.platform.registry.models import Enterprise

# The accounting options every stored result uses (shown with each result).
# The method (cn-guideline / ipcc) and its GWP set come from the filing itself.
OPTIONS: dict[str, str] = {"grid_scope": "national", "grid_basis": "location"}


def may_write(actor: Any, enterprise: Enterprise) -> bool:
    """An enterprise account writes its own filings; an administrator any."""
    if actor is None:
        return True
    role = actor_role(actor)
    if role is Role.ADMIN:
        return True
    return role is Role.ENTERPRISE and getattr(actor, "enterprise_id", None) == enterprise.pk


def may_recompute(actor: Any, filing: AnnualFiling) -> bool:
    """The filing's own enterprise, an authority of its region, an administrator."""
    if may_write(actor, filing.enterprise):
        return True
    return is_authority(actor) and in_region(actor, filing.enterprise.adcode)


def _check_write(actor: Any, enterprise: Enterprise) -> None:
    if not may_write(actor, enterprise):
        raise PermissionDenied(_("Only the enterprise itself files its annual data."))


def _bind(data: dict[str, Any], enterprise: Enterprise, name: str) -> Filing:
    """Validate ``data`` and tie it to ``enterprise`` (its registry identity wins)."""
    ent = dict(data.get("enterprise") or {})
    uscc = str(ent.get("uscc") or "").strip()
    if uscc and uscc != enterprise.uscc:
        raise ImportInvalidError(
            file=name,
            issues=[
                ImportIssue(
                    message=_("the filing is for %(uscc)s, not for this enterprise")
                    % {"uscc": uscc},
                    column="enterprise.uscc",
                    expected=enterprise.uscc,
                )
            ],
        )
    bound = dict(data)
    bound["enterprise"] = {
        "uscc": enterprise.uscc,
        "name": enterprise.name,
        "industry": enterprise.industry,
        "adcode": enterprise.adcode,
    }
    return validate_dict(bound, name)


def _record(filing: AnnualFiling, result: AccountingResult) -> AccountingRecord:
    return AccountingRecord(
        filing=filing,
        factor_set_version=result.factor_set_version,
        gwp_set=result.gwp_set,
        grid_scope=result.grid_scope,
        grid_basis=result.grid_basis,
        equivalent_tce=result.equivalent_tce,
        equal_value_tce=result.equal_value_tce,
        scope1_tco2e=result.scope1_tco2e,
        scope2_tco2e=result.scope2_tco2e,
        total_tco2e=result.total_tco2e,
        unverified_factors=result.unverified_count,
        metrics=result.metrics(),
        result=result.to_dict(),
        is_current=True,
    )


def _make_current(filing: AnnualFiling, result: AccountingResult) -> AccountingRecord:
    """Store ``result`` as the filing's current record; earlier records are kept."""
    AccountingRecord.objects.filter(filing=filing, is_current=True).update(is_current=False)
    record = _record(filing, result)
    record.full_clean()
    record.save()
    return record


@transaction.atomic
def filing_save(
    *,
    actor: Any,
    enterprise: Enterprise,
    data: dict[str, Any],
    source: str = AnnualFiling.Source.FORM,
    source_name: str = "",
    factor_set: FactorSet | None = None,
) -> AnnualFiling:
    """Validate, account and store one year's filing (replacing an earlier one for the
    same year).  Nothing is written when validation or accounting fails."""
    _check_write(actor, enterprise)
    filing = _bind(data, enterprise, source_name or "filing")
    result = account(filing, factor_set=factor_set, **OPTIONS)  # type: ignore[arg-type]
    row, _created = AnnualFiling.objects.select_for_update().get_or_create(
        enterprise=enterprise,
        year=filing.year,
        defaults={
            "data": filing.to_dict(),
            "source": source,
            "source_name": source_name,
            "submitted_by": actor,
        },
    )
    if not _created:
        row.data = filing.to_dict()
        row.source = source
        row.source_name = source_name
        row.submitted_by = actor
    row.full_clean()
    row.save()
    _make_current(row, result)
    event = FilingEvent(
        filing=row,
        actor=actor,
        action=FilingEvent.Action.IMPORTED
        if source == AnnualFiling.Source.IMPORT
        else FilingEvent.Action.SAVED,
        detail={
            "source": source,
            "file": source_name,
            "factor_set": result.factor_set_version,
            "total_tco2e": result.total_tco2e,
        },
    )
    chain_append(event, table_name="filings", chain=filing_chain(row.pk), owner=row)
    return row


def filing_import(
    *,
    actor: Any,
    enterprise: Enterprise,
    filename: str,
    content: bytes,
    method: str | None = None,
) -> AnnualFiling:
    """Import an uploaded .xlsx / .csv / .json filing: validate everything, then store it
    atomically (raises :class:`ImportInvalidError` listing every problem).  ``method``
    (cn-guideline / ipcc), when given, replaces the file's own accounting method."""
    _check_write(actor, enterprise)
    filing = read_filing_bytes(content, filename)
    data = filing.to_dict()
    if method:
        data["method"] = method
    return filing_save(
        actor=actor,
        enterprise=enterprise,
        data=data,
        source=AnnualFiling.Source.IMPORT,
        source_name=filename,
    )


@dataclass(frozen=True)
class Recomputation:
    filing: AnnualFiling
    old: AccountingRecord | None
    new: AccountingRecord
    changed: bool


@transaction.atomic
def filing_recompute(
    *, actor: Any, filing: AnnualFiling, factor_set: FactorSet | None = None
) -> Recomputation:
    """Account ``filing`` again with the current (or given) factor set.  A new record is
    added only when the factor set differs from the current record's; the old record is
    kept so old and new figures can be compared."""
    if not may_recompute(actor, filing):
        raise PermissionDenied(_("You may not recompute this filing."))
    fs = factor_set or default_factor_set()
    old = selectors.current_record(filing)
    if old is not None and old.factor_set_version == fs.version:
        return Recomputation(filing, old, old, False)
    result = account(Filing.model_validate(filing.data), factor_set=fs, **OPTIONS)  # type: ignore[arg-type]
    new = _make_current(filing, result)
    event = FilingEvent(
        filing=filing,
        actor=actor,
        action=FilingEvent.Action.RECOMPUTED,
        detail={
            "old_factor_set": old.factor_set_version if old else None,
            "new_factor_set": fs.version,
            "old_total_tco2e": old.total_tco2e if old else None,
            "new_total_tco2e": new.total_tco2e,
        },
    )
    chain_append(event, table_name="filings", chain=filing_chain(filing.pk), owner=filing)
    return Recomputation(filing, old, new, True)


def filings_recompute(
    *,
    actor: Any,
    filings: Iterable[AnnualFiling] | QuerySet[AnnualFiling],
    factor_set: FactorSet | None = None,
    progress: Callable[[int], None] | None = None,
    force: bool = False,
) -> int:
    """Recompute many filings through the batch path (:mod:`.batch`); returns how many
    got a new record.  The actor must be allowed to recompute each of them.  ``force``
    recomputes results already made with the factor set too (a new record each)."""
    ids: list[int] = []
    if isinstance(filings, QuerySet):
        if actor is None:  # the platform: no per-filing check, only the ids are read
            ids = list(filings.values_list("pk", flat=True))
            rows: list[AnnualFiling] = []
        else:
            rows = list(
                filings.select_related("enterprise").only(
                    "pk", "enterprise__id", "enterprise__adcode"
                )
            )
    else:
        rows = list(filings)
    for filing in rows:
        if not may_recompute(actor, filing):
            raise PermissionDenied(_("You may not recompute this filing."))
    if rows:
        ids = [f.pk for f in rows]
    outcome = batch.account_in_bulk(
        actor=actor,
        filing_ids=ids,
        options=OPTIONS,
        factor_set=factor_set,
        progress=progress,
        force=force,
    )
    return outcome.changed


def filings_bulk_load(
    *, filings: Iterable[dict[str, Any]], stdout: TextIO | None = None, chunk: int = 10_000
) -> dict[str, int]:
    """Store many interchange-format filings and their results quickly (platform use:
    the demo loader), accounted through the batch path and written in bulk
    (:mod:`greenmfg.platform.common.bulk`: ``COPY`` on PostgreSQL, ``executemany`` on
    SQLite).  Filings of unknown enterprises or that fail validation are counted and
    skipped; each chunk is written in one transaction."""
    fs = default_factor_set()
    items = list(filings)
    usccs = {str(f.get("enterprise", {}).get("uscc", "")) for f in items}
    enterprises = {e.uscc: e for e in Enterprise.objects.filter(uscc__in=usccs)}
    counts = {"stored": 0, "unknown_enterprise": 0, "invalid": 0}
    for start in range(0, len(items), chunk):
        bound: list[tuple[Enterprise, Filing]] = []
        for data in items[start : start + chunk]:
            ent = enterprises.get(str(data.get("enterprise", {}).get("uscc", "")))
            if ent is None:
                counts["unknown_enterprise"] += 1
                continue
            try:
                bound.append((ent, _bind(data, ent, "demo")))
            except GreenmfgError:
                counts["invalid"] += 1
        results = batch.account_filings_batch(  # _bind ran the engine's checks
            [f for _e, f in bound], factor_set=fs, options=OPTIONS, checked=True
        )
        good = [
            (ent, filing, res)
            for (ent, filing), res in zip(bound, results, strict=True)
            if not isinstance(res, GreenmfgError)
        ]
        counts["invalid"] += len(bound) - len(good)
        with transaction.atomic():
            taken = set(
                AnnualFiling.objects.filter(
                    enterprise__in=[e.pk for e, _f, _r in good],
                    year__in={f.year for _e, f, _r in good},
                ).values_list("enterprise_id", "year")
            )
            fresh = [item for item in good if (item[0].pk, item[1].year) not in taken]
            ids = allocate_ids(AnnualFiling, len(fresh))
            insert_values(
                AnnualFiling,
                ["id", "enterprise_id", "year", "data", "source"],
                (
                    (pk, ent.pk, filing.year, filing.to_dict(), AnnualFiling.Source.DEMO.value)
                    for pk, (ent, filing, _res) in zip(ids, fresh, strict=True)
                ),
            )
            insert_objects(
                AccountingRecord,
                [
                    batch.batch_record(pk, res, filing, fs, OPTIONS)
                    for pk, (_ent, filing, res) in zip(ids, fresh, strict=True)
                    if not isinstance(res, GreenmfgError)
                ],
            )
        counts["stored"] += len(fresh)
        if stdout is not None:
            stdout.write(f"  annual filings: {counts['stored']:,} stored\n")
            step_progress(stdout, min(start + chunk, len(items)), len(items))
    return counts


@dataclass(frozen=True)
class PastFilingItem:
    """One enterprise-year to import: where it was read (for errors) and its data."""

    enterprise: Enterprise
    data: dict[str, Any]
    sheet: str | None
    row: int | None


def may_import_past(actor: Any, enterprise: Enterprise) -> bool:
    """Past filings are brought in by the platform, an administrator, or an authority of
    the enterprise's region (it holds the records of past years)."""
    if may_write(actor, enterprise):
        return True
    return is_authority(actor) and in_region(actor, enterprise.adcode)


@transaction.atomic
def filings_import_past(
    *, actor: Any, items: Sequence[PastFilingItem], source_name: str
) -> dict[str, int]:
    """Store many enterprises' past filings at once, all or nothing: every filing is
    validated like a single one and accounted through the batch path (:mod:`.batch`);
    any problem raises :class:`ImportInvalidError` naming its sheet and row.  A filing
    for a year already stored replaces it (its earlier records are kept)."""
    for item in items:
        if not may_import_past(actor, item.enterprise):
            raise PermissionDenied(_("You may not import filings of this enterprise."))
    issues: list[ImportIssue] = []
    bound: list[Filing] = []
    for item in items:
        try:
            bound.append(_bind(item.data, item.enterprise, source_name))
        except ImportInvalidError as err:
            issues.extend(
                ImportIssue(
                    message=i.message,
                    sheet=item.sheet,
                    row=item.row,
                    column=i.column,
                    expected=i.expected,
                )
                for i in err.issues
            )
    if issues:
        raise ImportInvalidError(file=source_name, issues=issues)
    fs = default_factor_set()
    totals = batch.account_filings_batch(bound, factor_set=fs, options=OPTIONS)
    for item, result in zip(items, totals, strict=True):
        if isinstance(result, GreenmfgError):
            issues.append(
                ImportIssue(message=result.message, sheet=item.sheet, row=item.row, expected=None)
            )
    if issues:
        raise ImportInvalidError(file=source_name, issues=issues)
    existing = {
        (f.enterprise_id, f.year): f
        for f in AnnualFiling.objects.filter(
            enterprise__in={i.enterprise.pk for i in items},
            year__in={f.year for f in bound},
        )
    }
    submitted_by = actor if getattr(actor, "is_authenticated", False) else None
    replaced: list[AnnualFiling] = []
    fresh: list[AnnualFiling] = []
    for item, filing in zip(items, bound, strict=True):
        row = existing.get((item.enterprise.pk, filing.year))
        if row is None:
            row = AnnualFiling(enterprise=item.enterprise, year=filing.year)
            fresh.append(row)
        else:
            replaced.append(row)
        row.data = filing.to_dict()
        row.source = AnnualFiling.Source.IMPORT
        row.source_name = source_name[:200]
        row.submitted_by = submitted_by
    AnnualFiling.objects.bulk_create(fresh, batch_size=500)
    AnnualFiling.objects.bulk_update(
        replaced, ["data", "source", "source_name", "submitted_by"], batch_size=500
    )
    AccountingRecord.objects.filter(filing__in=replaced, is_current=True).update(is_current=False)
    rows = {(r.enterprise_id, r.year): r for r in (*fresh, *replaced)}
    stored = [rows[(i.enterprise.pk, f.year)] for i, f in zip(items, bound, strict=True)]
    AccountingRecord.objects.bulk_create(
        [
            batch.batch_record(row.pk, res, filing, fs, OPTIONS)
            for row, filing, res in zip(stored, bound, totals, strict=True)
            if not isinstance(res, GreenmfgError)
        ],
        batch_size=500,
    )
    chain_append_bulk(
        [
            FilingEvent(
                filing=row,
                actor=submitted_by,
                action=FilingEvent.Action.IMPORTED,
                detail={"source": AnnualFiling.Source.IMPORT, "file": source_name, "path": "batch"},
            )
            for row in stored
        ],
        table_name="filings",
        chain_of=lambda e: filing_chain(e.filing_id),
        owner_model=AnnualFiling,
        owner_of=lambda e: e.filing_id,
        batch_size=500,
    )
    return {"created": len(fresh), "replaced": len(replaced)}
