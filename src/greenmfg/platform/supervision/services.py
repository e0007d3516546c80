"""Writes of dynamic management.  Each service is keyword-only with the actor first, runs
in one transaction and follows permission → validation → save → event.

``actor=None`` is the platform itself (command line, demo loader, scheduled task).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import ValidationError

from greenmfg.core.domain import LEVEL_ORDER, ListLevel, Role, UnitKind
from greenmfg.core.errors import (
    ConflictError,
    DeadlinePassedError,
    FilingInconsistentError,
    GreenmfgError,
    ImportInvalidError,
    ImportIssue,
    InvalidValueError,
    NotListedError,
    SeedRequiredError,
    UnknownCodeError,
)
from greenmfg.core.supervision import calendar as cal
from greenmfg.core.supervision.checks import (
    QualityFlag as CoreFlag,
)
from greenmfg.core.supervision.checks import (
    Severity,
    blocking,
    check_identical,
    check_table,
)
from greenmfg.core.supervision.data import check_settings, removal_settings, support_catalogue
from greenmfg.core.supervision.removal import (
    REASON_TEMPLATES,
    RemovalRule,
    UnitYear,
    bar_until,
    propose_removals,
)
from greenmfg.core.supervision.sampling import Candidate, draw_sample
from greenmfg.core.supervision.support import SupportProfile, eligibility
from greenmfg.core.supervision.table import (
    METRIC_TO_FIELD,
    ChangeKind,
    DynamicTable,
    UnitIdentity,
    prefill_table,
)
from greenmfg.core.validation_messages import template_for
from greenmfg.platform.accounts.scoping import actor_role, in_region, region_prefix
from greenmfg.platform.audit.services import chain_append, chain_append_bulk
from greenmfg.platform.audit.tables import supervision_chain
from greenmfg.platform.registry.models import Enterprise, Listing, Park
from greenmfg.platform.registry.snapshots import registry_changed
from greenmfg.platform.supervision import sources
from greenmfg.platform.supervision.models import (
    ChangeDeclaration,
    DynamicFiling,
    FilingAudit,
    FilingReminder,
    QualityFlag,
    Recheck,
    Removal,
    RemovalProposal,
    SpotCheck,
    SupervisionEvent,
    SupportUptake,
)

Unit = Enterprise | Park
AUTHORITIES = (Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL, Role.ADMIN)
# Risk-weighted spot checks: a unit whose green-code percentile is below this counts as
# low-scored (bottom fifth; greenmfg's choice).
LOW_PERCENTILE = 20.0


# ---------------------------------------------------------------- helpers


def _event(actor: Any, verb: str, obj: Model, adcode: str = "", **data: Any) -> None:
    row = _event_row(actor, verb, obj, adcode, **data)
    chain_append(row, table_name="supervision", chain=supervision_chain(type(obj).__name__, obj.pk))


def _event_row(
    actor: Any, verb: str, obj: Model, adcode: str = "", **data: Any
) -> SupervisionEvent:
    return SupervisionEvent(
        actor=actor if actor is not None else None,
        verb=verb,
        object_type=type(obj).__name__,
        object_id=obj.pk,
        adcode=adcode,
        data={
            k: (v if isinstance(v, str | int | float | bool | list | dict) or v is None else str(v))
            for k, v in data.items()
        },
    )


def unit_fields(unit: Unit) -> dict[str, Unit]:
    if isinstance(unit, Enterprise):
        return {"enterprise": unit}
    if isinstance(unit, Park):
        return {"park": unit}
    raise TypeError(f"dynamic management covers enterprises and parks, not {type(unit).__name__}")


def unit_listings(unit: Unit) -> QuerySet[Listing]:
    return Listing.objects.filter(**unit_fields(unit))


def active_listing(unit: Unit, year: int) -> Listing | None:
    """The unit's highest-level listing that is active for data year ``year`` (listed in a
    list year up to ``year`` and not removed before the filing deadline)."""
    deadline = cal.filing_deadline(year, unit.adcode)
    rows = (
        unit_listings(unit)
        .filter(year__lte=year)
        .filter(Q(removed_on__isnull=True) | Q(removed_on__gt=deadline))
    )
    best: Listing | None = None
    for listing in rows:
        if (
            best is None
            or LEVEL_ORDER[ListLevel(listing.level)] > LEVEL_ORDER[ListLevel(best.level)]
        ):
            best = listing
    return best


def _require_listing(unit: Unit, year: int) -> Listing:
    listing = active_listing(unit, year)
    if listing is None:
        raise NotListedError(
            unit=f"{unit.name} ({unit.uscc})",
            year=year,
            detail="only units on a municipal, provincial or national list file the dynamic management table",
        )
    return listing


def _require_unit_actor(actor: Any, unit: Unit) -> None:
    """The unit's own account (or the platform) files for it."""
    if actor is None:
        return
    role = actor_role(actor)
    if role is Role.ENTERPRISE:
        if isinstance(unit, Enterprise) and actor.enterprise_id == unit.pk:
            return
        if isinstance(unit, Park) and actor.park_id == unit.pk:
            return
    raise PermissionDenied(_("Only the unit itself files its dynamic management table."))


def _require_authority(actor: Any, adcode: str, *roles: Role) -> Role | None:
    if actor is None:
        return None
    role = actor_role(actor)
    allowed = roles or AUTHORITIES
    if role not in allowed:
        raise PermissionDenied(_("Your role may not do this."))
    if not in_region(actor, adcode):
        raise PermissionDenied(_("This unit is outside your region."))
    return role


def unit_identity(unit: Unit, listing: Listing) -> UnitIdentity:
    return UnitIdentity(
        uscc=unit.uscc,
        name=unit.name,
        adcode=unit.adcode,
        industry=getattr(unit, "industry", None) or None,
        kind=UnitKind(listing.kind),
        level=ListLevel(listing.level),
        listed_year=listing.year,
    )


def _validate_table(data: Mapping[str, Any]) -> DynamicTable:
    try:
        return DynamicTable.model_validate(dict(data))
    except ValidationError as exc:
        issues = []
        for err in exc.errors():
            template, params = template_for(err)
            issues.append(
                ImportIssue(
                    column=".".join(str(p) for p in err["loc"]) or None,
                    message=template,
                    params=params,
                )
            )
        raise ImportInvalidError(file="dynamic management table", issues=issues) from exc


def _table_for(unit: Unit, listing: Listing, year: int, fields: Mapping[str, Any]) -> DynamicTable:
    """The table from form/API ``fields``; identity always comes from the registry."""
    data = {k: v for k, v in fields.items() if k not in {"identity", "year"}}
    data["identity"] = unit_identity(unit, listing).model_dump(mode="json")
    data["year"] = year
    return _validate_table(data)


def _with_key_indicators(
    table: DynamicTable, listing: Listing, metrics: Mapping[str, float] | None
) -> DynamicTable:
    """The table with its standard and the standard's key indicators: from the table's own
    figures where it has them, else from the unit's accounting metrics."""
    standard, codes = standard_key_metrics(UnitKind(listing.kind), table.identity.industry)
    figures = table.figures()
    values: dict[str, float] = {}
    for code in codes:
        name = METRIC_TO_FIELD.get(code, code)
        if name in figures:
            values[code] = figures[name]
        elif metrics is not None and code in metrics:
            values[code] = float(metrics[code])
    return table.model_copy(update={"standard": standard, "key_indicators": values})


def _submitted_at(today: dt.date) -> dt.datetime:
    """Now, or — when a service is run for another day (the demo, an import of paper
    filings) — that day at the current time of day."""
    now = timezone.localtime()
    if today == now.date():
        return now
    return now.replace(year=today.year, month=today.month, day=today.day)


def _fingerprint(table: DynamicTable) -> str:
    values = [getattr(table, f) for f in check_settings().identical_fields]
    if any(v is None or v == 0 for v in values):
        return ""
    return "|".join(repr(float(v)) for v in values)


def _accounting(unit: Unit, year: int) -> tuple[dict[str, float], dict[str, float]] | None:
    return sources.accounting_for(unit, year)


# ---------------------------------------------------------------- filing


def filing_prefill(
    *,
    unit: Unit,
    year: int,
    metrics: Mapping[str, float] | None = None,
    amounts: Mapping[str, float] | None = None,
) -> DynamicTable:
    """The year's table prefilled from the unit's accounting data (or the given metrics)."""
    listing = _require_listing(unit, year)
    if metrics is None:
        found = _accounting(unit, year)
        if found is not None:
            metrics, found_amounts = found
            amounts = amounts if amounts is not None else found_amounts
    standard, key_metrics = standard_key_metrics(
        UnitKind(listing.kind), getattr(unit, "industry", None)
    )
    return prefill_table(
        identity=unit_identity(unit, listing),
        year=year,
        metrics=metrics or {},
        amounts=amounts or {},
        key_indicator_metrics=key_metrics,
        standard=standard,
    )


def standard_key_metrics(kind: UnitKind, industry: str | None) -> tuple[str | None, list[str]]:
    """The standard that applies to a unit (evaluation's registry) and the metric codes of
    its quantitative indicators: the key indicators the table reports."""
    from greenmfg.core.errors import UnknownStandardError
    from greenmfg.core.evaluation import default_registry

    try:
        standard = default_registry().default_for(kind, industry)
    except UnknownStandardError:
        return None, []
    metrics = [i.metric for i in standard.indicators if i.metric]
    return f"{standard.metadata.code} {standard.metadata.title_zh}", metrics


def _editable_filing(unit: Unit, year: int) -> DynamicFiling | None:
    filing = (
        DynamicFiling.objects.select_for_update().filter(year=year, **unit_fields(unit)).first()
    )
    if filing is not None and filing.status not in (
        DynamicFiling.Status.DRAFT,
        DynamicFiling.Status.RETURNED,
    ):
        raise ConflictError(
            detail=_("The %(year)s table has already been submitted (status: %(status)s).")
            % {"year": year, "status": filing.get_status_display()}
        )
    return filing


@transaction.atomic
def filing_save_draft(
    *, actor: Any, unit: Unit, year: int, fields: Mapping[str, Any]
) -> DynamicFiling:
    """Save the table as a draft (validated field by field; the parts are checked on submit)."""
    _require_unit_actor(actor, unit)
    listing = _require_listing(unit, year)
    table = _table_for(unit, listing, year, fields)
    filing = _editable_filing(unit, year) or DynamicFiling(year=year, **unit_fields(unit))
    filing.listing = listing
    filing.adcode = unit.adcode
    filing.industry = getattr(unit, "industry", "") or ""
    filing.data = table.model_dump(mode="json")
    filing.due_on = cal.filing_deadline(year, unit.adcode)
    if filing.status != DynamicFiling.Status.RETURNED:
        filing.status = DynamicFiling.Status.DRAFT
    filing.full_clean()
    filing.save()
    _event(actor, "filing.draft", filing, filing.adcode, year=year)
    return filing


def _store_flags(filing: DynamicFiling, flags: list[CoreFlag]) -> list[QualityFlag]:
    rows = [
        QualityFlag(
            filing=filing,
            code=f.code.value,
            severity=f.severity.value,
            field=f.field,
            reason=f.reason,
            params={"template": f.template, **f.params},
        )
        for f in flags
    ]
    for row in rows:
        row.full_clean()
    return QualityFlag.objects.bulk_create(rows)


def _previous_table(unit: Unit, year: int) -> DynamicTable | None:
    prev = (
        DynamicFiling.objects.filter(year=year - 1, **unit_fields(unit))
        .exclude(status=DynamicFiling.Status.DRAFT)
        .only("data")
        .first()
    )
    return DynamicTable.model_validate(prev.data) if prev is not None else None


@transaction.atomic
def filing_submit(
    *,
    actor: Any,
    unit: Unit,
    year: int,
    fields: Mapping[str, Any],
    late_reason: str = "",
    today: dt.date | None = None,
    metrics: Mapping[str, float] | None = None,
) -> DynamicFiling:
    """Submit the year's table.

    Refused, with nothing written: a unit on no list (:class:`NotListedError`); figures
    that contradict each other (:class:`FilingInconsistentError`, every contradiction
    named); after the deadline without a written reason (:class:`DeadlinePassedError`).
    Accepted after the deadline with a reason: status *late*.  The data-quality checks
    then record their flags (year-on-year, plausibility, accounting, identical figures).
    """
    _require_unit_actor(actor, unit)
    today = today or timezone.localdate()
    listing = _require_listing(unit, year)
    table = _table_for(unit, listing, year, fields)
    due = cal.filing_deadline(year, unit.adcode)
    late = today > due
    if late and not late_reason.strip():
        raise DeadlinePassedError(
            deadline="deadline of the dynamic management table (a late filing needs a written reason)",
            date=due.isoformat(),
            region=unit.adcode,
            year=year,
            today=today.isoformat(),
        )
    if metrics is None:
        found = _accounting(unit, year)
        metrics = found[0] if found is not None else None
    table = _with_key_indicators(table, listing, metrics)
    flags = check_table(table, previous=_previous_table(unit, year), metrics=metrics)
    hard = blocking(flags)
    if hard:
        raise FilingInconsistentError(
            field=", ".join(f.field for f in hard), reason=" ".join(f.reason for f in hard)
        )
    filing = _editable_filing(unit, year) or DynamicFiling(year=year, **unit_fields(unit))
    resubmission = filing.pk is not None and filing.status == DynamicFiling.Status.RETURNED
    old_fingerprint = filing.fingerprint
    filing.listing = listing
    filing.adcode = unit.adcode
    filing.industry = getattr(unit, "industry", "") or ""
    filing.data = table.model_dump(mode="json")
    filing.fingerprint = _fingerprint(table)
    filing.checks_version = check_settings().version
    filing.due_on = due
    filing.submitted_at = _submitted_at(today)
    filing.submitted_late = late
    filing.late_reason = late_reason.strip() if late else ""
    filing.status = DynamicFiling.Status.LATE if late else DynamicFiling.Status.SUBMITTED
    filing.full_clean()
    filing.save()
    if resubmission:
        filing.flags.filter(status=QualityFlag.Status.OPEN).delete()
    _store_flags(filing, [f for f in flags if f.severity is Severity.ABNORMAL])
    if resubmission and old_fingerprint != filing.fingerprint:
        _flag_identical_group(year, old_fingerprint)  # the units it no longer matches
    _flag_identical_group(year, filing.fingerprint)
    _event(actor, "filing.submit", filing, filing.adcode, year=year, late=late, flags=len(flags))
    _withdraw_no_filing_proposals(actor, filing)
    return filing


@dataclass(frozen=True)
class Submission:
    """One unit's table for :func:`filings_submit_bulk` (same inputs as :func:`filing_submit`)."""

    unit: Unit
    fields: Mapping[str, Any]
    today: dt.date
    late_reason: str = ""
    metrics: Mapping[str, float] | None = None


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
    of read and bulk writes instead of some 27 queries per table.

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
    stored_metrics = {k: m for k, (m, _a) in sources.accounting_bulk(ents, year).items()}
    settings_ = check_settings()
    new: list[tuple[int, DynamicFiling, list[CoreFlag]]] = []
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
            flags = check_table(table, previous=prev, metrics=metrics, settings=settings_)
            hard = blocking(flags)
            if hard:
                raise FilingInconsistentError(
                    field=", ".join(f.field for f in hard), reason=" ".join(f.reason for f in hard)
                )
        except GreenmfgError as err:
            out.refused[index] = err
            continue
        filing = DynamicFiling(
            year=year,
            listing=listing,
            adcode=sub.unit.adcode,
            industry=getattr(sub.unit, "industry", "") or "",
            data=table.model_dump(mode="json"),
            fingerprint=_fingerprint(table),
            checks_version=settings_.version,
            due_on=due,
            submitted_at=_submitted_at(sub.today),
            submitted_late=late,
            late_reason=sub.late_reason.strip() if late else "",
            status=DynamicFiling.Status.LATE if late else DynamicFiling.Status.SUBMITTED,
            **unit_fields(sub.unit),
        )
        # the unit and listing were just read: no existence query per row
        filing.clean_fields(exclude=["enterprise", "park", "listing"])
        filing.clean()
        existing.add(key)
        new.append((index, filing, flags))
    created = DynamicFiling.objects.bulk_create([f for _i, f, _fl in new], batch_size=1000)
    flag_rows: list[QualityFlag] = []
    events: list[SupervisionEvent] = []
    for (index, _filing, flags), filing in zip(new, created, strict=True):
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
    QualityFlag.objects.bulk_create(flag_rows, batch_size=1000)
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


def _flag_row(filing: DynamicFiling, f: CoreFlag) -> QualityFlag:
    return QualityFlag(
        filing=filing,
        code=f.code.value,
        severity=f.severity.value,
        field=f.field,
        reason=f.reason,
        params={"template": f.template, **f.params},
    )


def _flag_identical_groups(year: int, fingerprints: set[str]) -> None:
    """:func:`_flag_identical_group` for many fingerprints: one read, bulk writes."""
    if not fingerprints:
        return
    members = list(
        DynamicFiling.objects.filter(year=year, fingerprint__in=fingerprints)
        .exclude(status=DynamicFiling.Status.DRAFT)
        .order_by("pk")
    )
    groups: dict[str, list[DynamicFiling]] = {}
    for m in members:
        groups.setdefault(m.fingerprint, []).append(m)
    QualityFlag.objects.filter(
        filing__in=[m.pk for m in members if len(groups[m.fingerprint]) > 1],
        code="identical_figures",
        status=QualityFlag.Status.OPEN,
    ).delete()
    rows: list[QualityFlag] = []
    for group in groups.values():
        if len(group) < 2:
            continue
        tables: dict[Hashable, DynamicTable] = {
            m.pk: DynamicTable.model_validate(m.data) for m in group
        }
        found = check_identical(tables)
        for m in group:
            rows += [_flag_row(m, f) for f in found.get(m.pk, [])]
    QualityFlag.objects.bulk_create(rows, batch_size=1000)


def _withdraw_no_filing_proposals(actor: Any, filing: DynamicFiling) -> None:
    """A unit that files (late) is no longer a non-filer: its undecided no-filing removal
    proposals for that year are withdrawn, with a note and an event."""
    unit = filing.enterprise or filing.park
    assert unit is not None, "a dynamic filing belongs to an enterprise or a park"
    pending = RemovalProposal.objects.select_for_update().filter(
        listing__in=unit_listings(unit),
        rule=RemovalRule.NO_FILING.value,
        data_year=filing.year,
        status=RemovalProposal.Status.PROPOSED,
    )
    for proposal in pending:
        proposal.status = RemovalProposal.Status.WITHDRAWN
        proposal.decided_at = timezone.now()
        day = filing.submitted_at.date().isoformat() if filing.submitted_at else ""
        proposal.decision_note = (
            f"单位已于 {day} 补报动态管理表 (the unit filed its table on {day})."
        )
        proposal.save(update_fields=["status", "decided_at", "decision_note"])
        _event(actor, "removal.withdraw", proposal, proposal.adcode, year=filing.year)


def _flag_identical_group(year: int, fingerprint: str) -> None:
    """(Re)flag the submitted filings of ``year`` that share ``fingerprint``: their open
    identical-figures flags are replaced by what the check finds now (none when only one
    unit is left in the group)."""
    if not fingerprint:
        return
    members = list(
        DynamicFiling.objects.filter(year=year, fingerprint=fingerprint).exclude(
            status=DynamicFiling.Status.DRAFT
        )
    )
    tables: dict[Hashable, DynamicTable] = {
        m.pk: DynamicTable.model_validate(m.data) for m in members
    }
    found = check_identical(tables) if len(members) > 1 else {}
    for member in members:
        member.flags.filter(code="identical_figures", status=QualityFlag.Status.OPEN).delete()
        if member.pk in found:
            _store_flags(member, found[member.pk])


@transaction.atomic
def flag_decide(*, actor: Any, flag: QualityFlag, confirm: bool, note: str = "") -> QualityFlag:
    """The auditing authority confirms (abnormal) or clears a flag, with a note."""
    flag = QualityFlag.objects.select_for_update().select_related("filing").get(pk=flag.pk)
    _require_authority(actor, flag.filing.adcode)
    if flag.status != QualityFlag.Status.OPEN:
        raise ConflictError(detail=_("This flag has already been decided."))
    if not confirm and not note.strip():
        raise InvalidValueError(
            where="", field="note", value=note, expected="the reason the flag is cleared"
        )
    flag.status = QualityFlag.Status.CONFIRMED if confirm else QualityFlag.Status.CLEARED
    flag.decided_by = actor
    flag.decided_at = timezone.now()
    flag.decision_note = note.strip()
    flag.full_clean()
    flag.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    _event(
        actor, "flag.confirm" if confirm else "flag.clear", flag, flag.filing.adcode, code=flag.code
    )
    return flag


@transaction.atomic
def filing_audit(
    *, actor: Any, filing: DynamicFiling, approve: bool, comment: str = ""
) -> FilingAudit:
    """The city audits a submitted filing: approve (every flag decided) or return it."""
    filing = DynamicFiling.objects.select_for_update().get(pk=filing.pk)
    _require_authority(actor, filing.adcode)
    if filing.status not in (DynamicFiling.Status.SUBMITTED, DynamicFiling.Status.LATE):
        raise ConflictError(
            detail=_("Only a submitted filing can be audited (status: %(status)s).")
            % {"status": filing.get_status_display()}
        )
    if approve and filing.flags.filter(status=QualityFlag.Status.OPEN).exists():
        raise ConflictError(
            detail=_("Confirm or clear every open flag before approving the filing.")
        )
    audit = FilingAudit(
        filing=filing,
        auditor=actor,
        decision=FilingAudit.Decision.APPROVED if approve else FilingAudit.Decision.RETURNED,
        comment=comment.strip(),
    )
    audit.full_clean()
    audit.save()
    filing.status = DynamicFiling.Status.AUDITED if approve else DynamicFiling.Status.RETURNED
    filing.save(update_fields=["status", "updated_at"])
    _event(actor, "filing.audit", filing, filing.adcode, decision=audit.decision)
    return audit


# ---------------------------------------------------------------- reminders


def _notify(users: list[Any], message: str, key: str) -> None:
    """Put a reminder into each user's inbox (the workflow app's notifications)."""
    models = sources._module("greenmfg.platform.workflow.models")
    notification = getattr(models, "Notification", None) if models is not None else None
    if notification is None:
        return
    for user in users:
        notification.objects.get_or_create(
            user=user, dedupe_key=key, defaults={"kind": "reminder", "message": message[:300]}
        )


@transaction.atomic
def reminders_send(*, year: int, today: dt.date | None = None) -> int:
    """Remind every listed unit that has not submitted, on each reminder day up to the
    deadline (days from the calendar data); each reminder is sent once.  Returns the
    number of reminders created."""
    from greenmfg.platform.accounts.models import User

    today = today or timezone.localdate()
    filed = set(
        DynamicFiling.objects.filter(year=year)
        .exclude(status=DynamicFiling.Status.DRAFT)
        .values_list("listing_id", flat=True)
    )
    created = 0
    for listing in active_listings(year).select_related("enterprise", "park"):
        unit = listing.enterprise or listing.park
        if unit is None or listing.pk in filed:
            continue
        due = cal.filing_deadline(year, unit.adcode)
        if today > due:
            continue
        for d in cal.reminder_dates(year, unit.adcode):
            if d > today:
                continue
            days_before = (due - d).days
            reminder, made = FilingReminder.objects.get_or_create(
                listing=listing,
                year=year,
                days_before=days_before,
                defaults={"due_on": due, "sent_on": today},
            )
            if not made:
                continue
            users = list(User.objects.filter(**{f"{k}": v for k, v in unit_fields(unit).items()}))
            message = _(
                "Your %(year)s dynamic management table is due on %(due)s (%(days)s days left)."
            ) % {
                "year": year,
                "due": due.isoformat(),
                "days": days_before,
            }
            _notify(users, message, f"supervision:filing:{year}:{listing.pk}:{days_before}")
            reminder.recipients = len(users)
            reminder.save(update_fields=["recipients"])
            created += 1
    return created


def active_listings(year: int) -> QuerySet[Listing]:
    """Listings whose units must file for ``year`` (enterprises and parks; products file
    through their enterprise).  A unit on several lists counts once per listing here;
    :func:`active_listing` picks the highest per unit."""
    return Listing.objects.filter(
        year__lte=year, kind__in=[UnitKind.FACTORY, UnitKind.SUPPLY_CHAIN, UnitKind.PARK]
    ).filter(Q(removed_on__isnull=True) | Q(removed_on__gt=cal.filing_deadline(year, "000000")))


# ---------------------------------------------------------------- spot checks


def _population(actor: Any, year: int) -> list[tuple[Listing, Candidate]]:
    from greenmfg.platform.accounts.scoping import region_q

    listings = list(
        active_listings(year)
        .filter(region_q(actor, "adcode") if actor is not None else Q())
        .select_related("enterprise", "park")
    )
    # one candidate per unit: its highest-level listing
    best: dict[tuple[str, int], Listing] = {}
    for listing in listings:
        key = ("e", listing.enterprise_id) if listing.enterprise_id else ("p", listing.park_id or 0)
        cur = best.get(key)
        if cur is None or LEVEL_ORDER[ListLevel(listing.level)] > LEVEL_ORDER[ListLevel(cur.level)]:
            best[key] = listing
    chosen = sorted(best.values(), key=lambda item: item.pk)
    flags: dict[int, int] = {}
    for row in (
        QualityFlag.objects.filter(filing__year=year, filing__listing__in=[c.pk for c in chosen])
        .exclude(status=QualityFlag.Status.CLEARED)
        .values_list("filing__enterprise_id", "filing__park_id")
    ):
        uid = row[0] or -(row[1] or 0)
        flags[uid] = flags.get(uid, 0) + 1
    objections = sources.objections_for([c.enterprise_id for c in chosen if c.enterprise_id])
    percentiles = sources.green_code_percentiles(
        [c.enterprise_id for c in chosen if c.enterprise_id], year
    )
    out: list[tuple[Listing, Candidate]] = []
    for listing in chosen:
        unit = listing.enterprise or listing.park
        assert unit is not None
        uid = listing.enterprise_id or -(listing.park_id or 0)
        out.append(
            (
                listing,
                Candidate(
                    unit_id=str(listing.pk),
                    adcode=unit.adcode,
                    industry=getattr(unit, "industry", "") or "park",
                    abnormal_flags=flags.get(uid, 0),
                    objections=objections.get(listing.enterprise_id or 0, 0),
                    score=percentiles.get(listing.enterprise_id or 0),
                ),
            )
        )
    return out


@transaction.atomic
def spot_check_draw(
    *,
    actor: Any,
    year: int,
    seed: int | None,
    rate: float,
    risk_weighted: bool = False,
    min_per_stratum: int = 1,
    region_digits: int = 4,
    industry_digits: int = 2,
) -> SpotCheck:
    """Draw a spot-check sample of the actor's region's listed units (see
    :mod:`greenmfg.core.supervision.sampling` for the algorithm) and record it with its
    seed, parameters and the population drawn from, so it can be reproduced."""
    if seed is None:
        raise SeedRequiredError(what="A spot-check sample")
    if actor is not None:
        from greenmfg.platform.accounts.scoping import require_role

        require_role(actor, *AUTHORITIES)
    pop = _population(actor, year)
    result = draw_sample(
        [c for _, c in pop],
        seed=seed,
        rate=rate,
        min_per_stratum=min_per_stratum,
        region_digits=region_digits,
        industry_digits=industry_digits,
        risk_weighted=risk_weighted,
        low_score=LOW_PERCENTILE,
    )
    params = dict(result.parameters)
    params["score"] = "green-code overall percentile of the data year (100 = best); low below 20"
    params["population"] = [
        {
            "unit_id": c.unit_id,
            "adcode": c.adcode,
            "industry": c.industry,
            "abnormal_flags": c.abnormal_flags,
            "objections": c.objections,
            "complaints": c.complaints,
            "score": c.score,
        }
        for _, c in pop
    ]
    check = SpotCheck(
        year=year,
        seed=seed,
        scope_prefix=(region_prefix(actor) or "") if actor is not None else "",
        parameters=params,
        strata=result.as_dict()["strata"],
        population_size=len(pop),
        sample=[int(x) for x in result.selected],
        created_by=actor,
    )
    check.full_clean()
    check.save()
    _event(actor, "spotcheck.draw", check, check.scope_prefix, seed=seed, drawn=len(check.sample))
    return check


def spot_check_reproduce(check: SpotCheck) -> list[int]:
    """Redraw from the recorded seed, parameters and population; equals ``check.sample``."""
    p = check.parameters
    population = [Candidate(**row) for row in p["population"]]
    result = draw_sample(
        population,
        seed=check.seed,
        rate=p["rate"],
        min_per_stratum=p["min_per_stratum"],
        region_digits=p["region_digits"],
        industry_digits=p["industry_digits"],
        risk_weighted=p["risk_weighted"],
        risk_weights=p["risk_weights"] or None,
        low_score=p["low_score"],
        # Draws recorded before the proportional allocation kept the old rule.
        allocation=p.get("allocation", "minimum_per_stratum"),
    )
    return [int(x) for x in result.selected]


@transaction.atomic
def recheck_record(
    *,
    actor: Any,
    listing: Listing,
    year: int,
    findings: str,
    outcome: str,
    checked_on: dt.date,
    spot_check: SpotCheck | None = None,
) -> Recheck:
    """Record a recheck (复核).  A *falsified* outcome proposes removal (falsified data)."""
    _require_authority(actor, listing.adcode)
    if spot_check is not None and listing.pk not in spot_check.sample:
        raise InvalidValueError(
            where="",
            field="listing",
            value=listing.pk,
            expected=f"a unit drawn in spot check #{spot_check.pk}",
        )
    recheck = Recheck(
        listing=listing,
        spot_check=spot_check,
        adcode=listing.adcode,
        year=year,
        findings=findings.strip(),
        outcome=outcome,
        checked_by=actor,
        checked_on=checked_on,
    )
    recheck.full_clean()
    recheck.save()
    _event(actor, "recheck.record", recheck, listing.adcode, outcome=outcome)
    if outcome == Recheck.Outcome.FALSIFIED:
        removal_propose(
            actor=actor,
            listing=listing,
            rule=RemovalRule.FALSIFIED_DATA,
            data_year=year,
            params={"year": year, "detail": findings.strip()},
        )
    return recheck


# ---------------------------------------------------------------- removals


def _owning_authority(actor: Any, listing: Listing) -> bool:
    """Whether ``actor`` acts for the level that keeps ``listing``'s list."""
    if actor is None:
        return True
    role = actor_role(actor)
    if role is Role.ADMIN:
        return True
    needed = {
        ListLevel.MUNICIPAL.value: Role.MUNICIPAL,
        ListLevel.PROVINCIAL.value: Role.PROVINCIAL,
        ListLevel.NATIONAL.value: Role.NATIONAL,
    }[listing.level]
    return role is needed and in_region(actor, listing.adcode)


@transaction.atomic
def removal_propose(
    *,
    actor: Any,
    listing: Listing,
    rule: RemovalRule | str,
    data_year: int,
    params: Mapping[str, Any] | None = None,
    reason: str = "",
    today: dt.date | None = None,
) -> RemovalProposal:
    """Propose removing a listing (to the level that keeps the list).  A major accident
    is immediate: when the proposer keeps the list, the removal takes effect at once."""
    rule = RemovalRule(rule)
    _require_authority(actor, listing.adcode)
    if listing.removed_on is not None:
        raise ConflictError(detail=_("This unit has already been removed from this list."))
    if RemovalProposal.objects.filter(
        listing=listing, rule=rule.value, data_year=data_year
    ).exists():
        raise ConflictError(detail=_("This removal has already been proposed."))
    definition = removal_settings().rule(rule.value)
    text = reason.strip()
    if params is not None:
        text = (REASON_TEMPLATES[rule] % dict(params)) + (f" {text}" if text else "")
    if not text:
        raise InvalidValueError(
            where="", field="reason", value=reason, expected="the reason for the removal"
        )
    proposal = RemovalProposal(
        listing=listing,
        adcode=listing.adcode,
        rule=rule.value,
        reason=text,
        data_year=data_year,
        immediate=definition.immediate,
        proposed_by=actor,
    )
    proposal.full_clean()
    proposal.save()
    _event(actor, "removal.propose", proposal, listing.adcode, rule=rule.value)
    if definition.immediate and _owning_authority(actor, listing):
        removal_decide(actor=actor, proposal=proposal, approve=True, note="", removed_on=today)
    return proposal


@transaction.atomic
def removal_decide(
    *,
    actor: Any,
    proposal: RemovalProposal,
    approve: bool,
    note: str = "",
    removed_on: dt.date | None = None,
) -> RemovalProposal:
    """The level that keeps the list decides; a removal records rule, reason and date,
    updates the registry listing and starts the bar (3 years, from the removal data)."""
    from greenmfg.platform.registry.services import listing_remove

    proposal = (
        RemovalProposal.objects.select_for_update().select_related("listing").get(pk=proposal.pk)
    )
    listing = proposal.listing
    if not _owning_authority(actor, listing):
        raise PermissionDenied(_("Only the authority keeping this list may decide its removals."))
    if proposal.status != RemovalProposal.Status.PROPOSED:
        raise ConflictError(detail=_("This proposal has already been decided."))
    proposal.decided_by = actor
    proposal.decided_at = timezone.now()
    proposal.decision_note = note.strip()
    if not approve:
        if not proposal.decision_note:
            raise InvalidValueError(
                where="", field="note", value=note, expected="the reason for rejecting"
            )
        proposal.status = RemovalProposal.Status.REJECTED
        proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
        _event(actor, "removal.reject", proposal, listing.adcode)
        return proposal
    day = removed_on or timezone.localdate()
    rule_def = removal_settings().rule(proposal.rule)
    reason = f"{rule_def.name_zh} / {rule_def.name_en}: {proposal.reason}"
    listing_remove(actor=actor, listing=listing, removed_on=day, reason=reason)
    removal = Removal(
        listing=listing,
        proposal=proposal,
        enterprise=listing.enterprise,
        park=listing.park,
        adcode=listing.adcode,
        level=listing.level,
        rule=proposal.rule,
        reason=proposal.reason,
        removed_on=day,
        bar_until=bar_until(day),
        decided_by=actor,
    )
    removal.full_clean()
    removal.save()
    proposal.status = RemovalProposal.Status.APPROVED
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    _event(
        actor,
        "removal.approve",
        removal,
        listing.adcode,
        rule=proposal.rule,
        bar_until=removal.bar_until.isoformat(),
    )
    return proposal


@transaction.atomic
def removals_propose_for_year(
    *,
    actor: Any,
    year: int,
    today: dt.date | None = None,
    scores: Mapping[int, Mapping[int, float]] | None = None,
) -> list[RemovalProposal]:
    """Run the removal rules over the actor's region for data year ``year`` and record a
    proposal for each hit not yet proposed: no filing (after the deadline), a veto item
    declared in the filing, and bottom 5 % three years running within (kind, list level,
    industry division) by ``scores`` (listing id → year → score, higher is better;
    default: the national green factories' green-code scores).  Falsified data is
    proposed by its recheck.  Major accidents are proposed
    one by one (:func:`removal_propose`)."""
    from greenmfg.platform.accounts.scoping import region_q

    today = today or timezone.localdate()
    if actor is not None:
        from greenmfg.platform.accounts.scoping import require_role

        require_role(actor, *AUTHORITIES)
    listings = list(
        active_listings(year)
        .filter(removed_on__isnull=True)
        .filter(region_q(actor, "adcode") if actor is not None else Q())
    )
    filings = {
        f.listing_id: f
        for f in DynamicFiling.objects.filter(year=year, listing__in=listings).exclude(
            status=DynamicFiling.Status.DRAFT
        )
    }
    # a unit files once (under its highest listing): the filing covers its other listings
    filed_units = {
        (f.enterprise_id, f.park_id): f
        for f in DynamicFiling.objects.filter(year=year).exclude(status=DynamicFiling.Status.DRAFT)
    }
    if scores is None:
        # default ranking: the enterprise green code's score of each of the last years
        years_back = list(range(year - removal_settings().bottom_years + 1, year + 1))
        by_enterprise = sources.green_code_scores(
            [item.enterprise_id for item in listings if item.enterprise_id], years_back
        )
        scores = {
            item.pk: by_enterprise[item.enterprise_id]
            for item in listings
            if item.enterprise_id in by_enterprise
            and item.level == ListLevel.NATIONAL.value
            and item.kind == UnitKind.FACTORY.value
        }
    records: list[UnitYear] = []
    for listing in listings:
        filing = filings.get(listing.pk) or filed_units.get(
            (listing.enterprise_id, listing.park_id)
        )
        due = cal.filing_deadline(year, listing.adcode)
        vetoes: tuple[Any, ...] = ()
        if filing is not None:
            vetoes = tuple(DynamicTable.model_validate(filing.data).vetoes_declared)
        group = f"{listing.kind}:{listing.level}:{(getattr(listing.enterprise, 'industry', '') or 'park')[:2]}"
        records.append(
            UnitYear(
                unit_id=str(listing.pk),
                year=year,
                group=group,
                filed=filing is not None or today <= due,
                veto_events=vetoes,
                falsified=None,  # proposed by the recheck itself
                score=(scores or {}).get(listing.pk, {}).get(year),
            )
        )
        for y, score in (scores or {}).get(listing.pk, {}).items():
            if y != year:
                records.append(UnitYear(unit_id=str(listing.pk), year=y, group=group, score=score))
    by_pk = {str(item.pk): item for item in listings}
    created: list[RemovalProposal] = []
    for p in propose_removals(records, year=year):
        listing = by_pk[p.unit_id]
        if RemovalProposal.objects.filter(
            listing=listing, rule=p.rule.value, data_year=year
        ).exists():
            continue
        created.append(
            removal_propose(
                actor=actor,
                listing=listing,
                rule=p.rule,
                data_year=year,
                params=p.params,
                today=today,
            )
        )
    return created


# ---------------------------------------------------------------- changes


CHANGE_FIELDS: dict[ChangeKind, tuple[str, ...]] = {
    ChangeKind.RENAME: ("name",),
    ChangeKind.MERGER: ("name", "legal_representative"),
    ChangeKind.RELOCATION: ("adcode", "address"),
    ChangeKind.BOUNDARY: ("land_area_m2", "floor_area_m2"),
}


@transaction.atomic
def change_declare(
    *,
    actor: Any,
    unit: Unit,
    kind: ChangeKind | str,
    description: str,
    new_values: Mapping[str, Any],
    effective_on: dt.date,
) -> ChangeDeclaration:
    """A unit declares a change (rename, merger, relocation, boundary); it takes effect
    in the registry when the authority verifies it."""
    kind = ChangeKind(kind)
    _require_unit_actor(actor, unit)
    if not unit_listings(unit).filter(removed_on__isnull=True).exists():
        raise NotListedError(
            unit=f"{unit.name} ({unit.uscc})",
            year=effective_on.year,
            detail="only listed units declare changes",
        )
    allowed = CHANGE_FIELDS[kind]
    values = {k: str(v).strip() for k, v in new_values.items() if str(v).strip()}
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise InvalidValueError(
            where="",
            field=", ".join(unknown),
            value=values,
            expected="one of " + ", ".join(allowed),
        )
    if not values:
        raise InvalidValueError(
            where="", field="new_values", value={}, expected="at least one of " + ", ".join(allowed)
        )
    if "adcode" in values:
        from greenmfg.platform.registry.validators import validate_city_adcode

        validate_city_adcode(values["adcode"])
    old = {k: str(getattr(unit, k, "") or "") for k in values}
    decl = ChangeDeclaration(
        adcode=unit.adcode,
        kind=kind.value,
        description=description.strip(),
        old_values=old,
        new_values=values,
        effective_on=effective_on,
        declared_by=actor,
        **unit_fields(unit),
    )
    decl.full_clean()
    decl.save()
    _event(actor, "change.declare", decl, unit.adcode, kind=kind.value)
    return decl


@transaction.atomic
def change_verify(
    *, actor: Any, declaration: ChangeDeclaration, approve: bool, note: str = ""
) -> ChangeDeclaration:
    """The authority re-verifies a declared change; a verified change is applied to the
    registry (the declaration keeps the old and new values as history)."""
    from greenmfg.platform.registry.services import enterprise_update

    decl = ChangeDeclaration.objects.select_for_update().get(pk=declaration.pk)
    _require_authority(actor, decl.adcode)
    if decl.status != ChangeDeclaration.Status.DECLARED:
        raise ConflictError(detail=_("This change has already been decided."))
    if not approve and not note.strip():
        raise InvalidValueError(
            where="", field="note", value=note, expected="the reason for rejecting"
        )
    decl.status = (
        ChangeDeclaration.Status.VERIFIED if approve else ChangeDeclaration.Status.REJECTED
    )
    decl.verified_by = actor
    decl.verified_at = timezone.now()
    decl.verification_note = note.strip()
    decl.full_clean()
    decl.save(update_fields=["status", "verified_by", "verified_at", "verification_note"])
    if approve:
        if decl.enterprise is not None:
            changes: dict[str, Any] = {}
            for k, v in decl.new_values.items():
                changes[k] = Decimal(v) if k.endswith("_m2") else v
            enterprise_update(actor=actor, enterprise=decl.enterprise, **changes)
        elif decl.park is not None:
            park = decl.park
            fields = [k for k in decl.new_values if k in {"name", "adcode"}]
            for k in fields:
                setattr(park, k, decl.new_values[k])
            park.full_clean()
            park.save(update_fields=fields)
            if "adcode" in fields:
                Listing.objects.filter(park=park).update(adcode=park.adcode)
            registry_changed()
    _event(actor, "change.verify" if approve else "change.reject", decl, decl.adcode)
    return decl


# ---------------------------------------------------------------- support measures


@transaction.atomic
def support_uptake_record(
    *,
    actor: Any,
    unit: Unit,
    measure_code: str,
    year: int,
    amount_10k_yuan: Decimal | None = None,
    green_code_grade: str | None = None,
) -> SupportUptake:
    """Record that a unit received a support measure (authorities of its region)."""
    _require_authority(actor, unit.adcode)
    catalogue = support_catalogue()
    try:
        measure = catalogue.measure(measure_code)
    except KeyError:
        raise UnknownCodeError(
            where="",
            kind="support measure",
            value=measure_code,
            expected=", ".join(m.code for m in catalogue.measures),
        ) from None
    listing = _require_listing(unit, year)
    if green_code_grade is None:
        green_code_grade = sources.green_code_grade(unit)
    profile = SupportProfile(
        level=ListLevel(listing.level),
        kind=UnitKind(listing.kind),
        adcode=unit.adcode,
        industry=getattr(unit, "industry", "") or "",
        green_code_grade=green_code_grade,
    )
    verdict = eligibility(measure, profile)
    if not verdict.eligible:
        raise InvalidValueError(
            where="",
            field="measure",
            value=measure_code,
            expected="an eligible unit; unmet: " + "; ".join(verdict.unmet),
        )
    if SupportUptake.objects.filter(
        measure_code=measure_code, year=year, **unit_fields(unit)
    ).exists():
        raise ConflictError(
            detail=_("This support has already been recorded for this unit and year.")
        )
    uptake = SupportUptake(
        adcode=unit.adcode,
        measure_code=measure_code,
        year=year,
        amount_10k_yuan=amount_10k_yuan,
        recorded_by=actor,
        **unit_fields(unit),
    )
    uptake.full_clean()
    uptake.save()
    _event(actor, "support.record", uptake, unit.adcode, measure=measure_code)
    return uptake
