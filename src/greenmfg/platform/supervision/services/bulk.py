"""Many filings submitted in one transaction (批量填报)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from greenmfg.core.batch.supervision import check_tables
from greenmfg.core.domain import LEVEL_ORDER, ListLevel
from greenmfg.core.errors import (
    DeadlinePassedError,
    FilingInconsistentError,
    GreenmfgError,
    NotListedError,
)
from greenmfg.core.supervision import calendar as cal
from greenmfg.core.supervision.checks import (
    QualityFlag as CoreFlag,
)
from greenmfg.core.supervision.checks import (
    Severity,
    blocking,
)
from greenmfg.core.supervision.data import check_settings
from greenmfg.core.supervision.removal import (
    RemovalRule,
)
from greenmfg.core.supervision.table import (
    DynamicTable,
)
from greenmfg.platform.audit.services import chain_append_bulk
from greenmfg.platform.audit.tables import supervision_chain
from greenmfg.platform.common.bulk import allocate_ids, insert_objects
from greenmfg.platform.registry.models import Enterprise, Listing, Park
from greenmfg.platform.supervision import sources
from greenmfg.platform.supervision.models import (
    DynamicFiling,
    QualityFlag,
    RemovalProposal,
    SupervisionEvent,
)
from greenmfg.platform.supervision.services.base import (
    _event_row,
    _submitted_at,
    _withdraw_no_filing_proposals,
)
from greenmfg.platform.supervision.services.checks import _flag_identical_groups, _flag_row
from greenmfg.platform.supervision.services.filings import filing_submit
from greenmfg.platform.supervision.services.tables import (
    _fingerprint,
    _table_for,
    _with_key_indicators,
)
from greenmfg.platform.supervision.services.units import Unit, unit_fields


@dataclass(frozen=True)
class Submission:
    """One unit's table for :func:`filings_submit_bulk` (same inputs as :func:`filing_submit`)."""

    unit: Unit
    fields: Mapping[str, Any]
    today: dt.date
    late_reason: str = ""
    metrics: Mapping[str, float] | None = None


@dataclass(frozen=True)
class _Ready:
    """A submission that passed the per-table validation, waiting for the checks."""

    index: int
    sub: Submission
    listing: Listing
    table: DynamicTable
    previous: DynamicTable | None
    metrics: Mapping[str, float] | None
    due: dt.date
    late: bool


@dataclass
class BulkSubmitted:
    """What :func:`filings_submit_bulk` did: a filing or the refusal, per submission."""

    filings: list[DynamicFiling | None] = field(default_factory=list)
    refused: dict[int, GreenmfgError] = field(default_factory=dict)


def _unit_key(unit: Unit) -> tuple[str, int]:
    return ("enterprise" if isinstance(unit, Enterprise) else "park", unit.pk)


def _active_listings_bulk(units: list[Unit], year: int) -> dict[tuple[str, int], Listing]:
    """:func:`active_listing` of many units in one query (same rule, same tie order)."""
    ents = [u.pk for u in units if isinstance(u, Enterprise)]
    parks = [u.pk for u in units if isinstance(u, Park)]
    deadline = {_unit_key(u): cal.filing_deadline(year, u.adcode) for u in units}
    rows = Listing.objects.filter(
        Q(enterprise_id__in=ents) | Q(park_id__in=parks), year__lte=year
    ).order_by("-year", "level", "kind", "pk")  # Listing.Meta.ordering, as active_listing reads
    best: dict[tuple[str, int], Listing] = {}
    for listing in rows:
        key = (
            ("enterprise", listing.enterprise_id)
            if listing.enterprise_id
            else (
                "park",
                listing.park_id or 0,
            )
        )
        if listing.removed_on is not None and listing.removed_on <= deadline[key]:
            continue
        held = best.get(key)
        if (
            held is None
            or LEVEL_ORDER[ListLevel(listing.level)] > LEVEL_ORDER[ListLevel(held.level)]
        ):
            best[key] = listing
    return best


def active_listings_of(enterprises: list[Enterprise], year: int) -> dict[int, Listing]:
    """:func:`active_listing` of many enterprises (one query): enterprise id → listing."""
    return {
        pk: listing
        for (kind, pk), listing in _active_listings_bulk(list(enterprises), year).items()
        if kind == "enterprise"
    }


@transaction.atomic
def filings_submit_bulk(*, actor: Any, year: int, submissions: list[Submission]) -> BulkSubmitted:
    """Submit many units' tables of ``year`` at once (the platform's own imports and the
    demo build): the same rules and checks as :func:`filing_submit`, one query per kind
    of read, the checks of all tables at once through the batch path
    (:func:`greenmfg.core.batch.supervision.check_tables`) and bulk writes instead of
    some 27 queries per table.

    Only the platform itself (``actor=None``) submits in bulk.  A submission that
    :func:`filing_submit` would refuse is refused here with the same error (in
    ``refused``, by position) and nothing is written for it; a unit that already has a
    table for the year goes through :func:`filing_submit` (draft or returned table) or is
    refused as it would be there."""
    if actor is not None:
        raise PermissionDenied(_("Only the platform submits tables in bulk."))
    out = BulkSubmitted(filings=[None] * len(submissions))
    units = [s.unit for s in submissions]
    listings = _active_listings_bulk(units, year)
    ents = [u.pk for u in units if isinstance(u, Enterprise)]
    parks = [u.pk for u in units if isinstance(u, Park)]
    unit_q = Q(enterprise_id__in=ents) | Q(park_id__in=parks)
    existing = {
        ("enterprise", f.enterprise_id) if f.enterprise_id else ("park", f.park_id or 0)
        for f in DynamicFiling.objects.filter(unit_q, year=year).only("enterprise", "park")
    }
    previous = {
        ("enterprise", f.enterprise_id) if f.enterprise_id else ("park", f.park_id or 0): f.data
        for f in DynamicFiling.objects.filter(unit_q, year=year - 1)
        .exclude(status=DynamicFiling.Status.DRAFT)
        .only("enterprise", "park", "data")
    }
    # the unit's stored accounting, for the enterprises whose submission brings none
    stored_metrics = {
        k: m
        for k, (m, _a) in sources.accounting_bulk(
            [
                s.unit.pk
                for s in submissions
                if s.metrics is None and isinstance(s.unit, Enterprise)
            ],
            year,
        ).items()
    }
    settings_ = check_settings()
    # First pass: each table validated alone (listing, fields, deadline).
    ready: list[_Ready] = []
    for index, sub in enumerate(submissions):
        key = _unit_key(sub.unit)
        if key in existing:
            try:
                out.filings[index] = filing_submit(
                    actor=None,
                    unit=sub.unit,
                    year=year,
                    fields=sub.fields,
                    late_reason=sub.late_reason,
                    today=sub.today,
                    metrics=sub.metrics,
                )
            except GreenmfgError as err:
                out.refused[index] = err
            continue
        try:
            listing = listings.get(key)
            if listing is None:
                raise NotListedError(
                    unit=f"{sub.unit.name} ({sub.unit.uscc})",
                    year=year,
                    detail="only units on a municipal, provincial or national list file the dynamic management table",
                )
            table = _table_for(sub.unit, listing, year, sub.fields)
            due = cal.filing_deadline(year, sub.unit.adcode)
            late = sub.today > due
            if late and not sub.late_reason.strip():
                raise DeadlinePassedError(
                    deadline="deadline of the dynamic management table (a late filing needs a written reason)",
                    date=due.isoformat(),
                    region=sub.unit.adcode,
                    year=year,
                    today=sub.today.isoformat(),
                )
            metrics = sub.metrics
            if metrics is None and isinstance(sub.unit, Enterprise):
                metrics = stored_metrics.get(sub.unit.pk)
            table = _with_key_indicators(table, listing, metrics)
            prev_data = previous.get(key)
            prev = DynamicTable.model_validate(prev_data) if prev_data is not None else None
        except GreenmfgError as err:
            out.refused[index] = err
            continue
        existing.add(key)
        ready.append(_Ready(index, sub, listing, table, prev, metrics, due, late))
    # The checks of every table at once (the batch path, greenmfg.core.batch.supervision).
    checked = check_tables(
        [r.table for r in ready],
        previous=[r.previous for r in ready],
        metrics=[r.metrics for r in ready],
        settings=settings_,
    )
    new: list[tuple[int, DynamicFiling, list[CoreFlag]]] = []
    for r, flags in zip(ready, checked, strict=True):
        hard = blocking(flags)
        if hard:
            out.refused[r.index] = FilingInconsistentError(
                field=", ".join(f.field for f in hard), reason=" ".join(f.reason for f in hard)
            )
            continue
        sub = r.sub
        filing = DynamicFiling(
            year=year,
            listing=r.listing,
            adcode=sub.unit.adcode,
            industry=getattr(sub.unit, "industry", "") or "",
            data=r.table.model_dump(mode="json"),
            fingerprint=_fingerprint(r.table),
            checks_version=settings_.version,
            due_on=r.due,
            submitted_at=_submitted_at(sub.today),
            submitted_late=r.late,
            late_reason=sub.late_reason.strip() if r.late else "",
            status=DynamicFiling.Status.LATE if r.late else DynamicFiling.Status.SUBMITTED,
            **unit_fields(sub.unit),
        )
        # the unit and listing were just read, the data is the validated table's JSON:
        # no existence query or re-encoding per row
        filing.clean_fields(exclude=["enterprise", "park", "listing", "data"])
        filing.clean()
        new.append((r.index, filing, flags))
    created = [f for _i, f, _fl in new]
    for filing, pk in zip(created, allocate_ids(DynamicFiling, len(created)), strict=True):
        filing.pk = pk
    insert_objects(DynamicFiling, created)
    flag_rows: list[QualityFlag] = []
    events: list[SupervisionEvent] = []
    for index, filing, flags in new:
        out.filings[index] = filing
        flag_rows += [_flag_row(filing, f) for f in flags if f.severity is Severity.ABNORMAL]
        events.append(
            _event_row(
                None,
                "filing.submit",
                filing,
                filing.adcode,
                year=year,
                late=filing.submitted_late,
                flags=len(flags),
            )
        )
    insert_objects(QualityFlag, flag_rows)
    chain_append_bulk(
        events,
        table_name="supervision",
        chain_of=lambda e: supervision_chain(e.object_type, e.object_id),
        batch_size=1000,
    )
    _flag_identical_groups(year, {f.fingerprint for f in created if f.fingerprint})
    pending = set(
        RemovalProposal.objects.filter(
            Q(listing__enterprise_id__in=[f.enterprise_id for f in created if f.enterprise_id])
            | Q(listing__park_id__in=[f.park_id for f in created if f.park_id]),
            rule=RemovalRule.NO_FILING.value,
            data_year=year,
            status=RemovalProposal.Status.PROPOSED,
        ).values_list("listing__enterprise_id", "listing__park_id")
    )
    owners = {e for e, _p in pending if e} | {("park", p) for _e, p in pending if p}
    for filing in created:  # units that file are no longer non-filers
        if filing.enterprise_id in owners or ("park", filing.park_id) in owners:
            _withdraw_no_filing_proposals(None, filing)
    return out
