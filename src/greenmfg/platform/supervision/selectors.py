"""Reads of dynamic management, each with its own region scope (authorities: their region;
enterprise accounts: their own unit; anything else: nothing).  A single object outside the
actor's scope is a 404, never a 403, so its existence is not revealed.

Other apps use:

- :func:`removal_bar_until` — workflow's guard "a unit removed in the past 3 years cannot
  apply";
- :func:`filing_status` / :func:`filing_statuses` — the green code (no code for
  non-filers or filings flagged abnormal).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from greenmfg.core.domain import ListLevel, Role, UnitKind
from greenmfg.core.supervision import calendar as cal
from greenmfg.core.supervision.data import support_catalogue
from greenmfg.core.supervision.support import Eligibility, SupportProfile, eligibility
from greenmfg.core.supervision.table import DynamicTable
from greenmfg.platform.accounts.scoping import actor_role, region_q
from greenmfg.platform.registry.models import Enterprise, Listing, Park
from greenmfg.platform.supervision.models import (
    ChangeDeclaration,
    DynamicFiling,
    FilingAudit,
    QualityFlag,
    Recheck,
    Removal,
    RemovalProposal,
    SpotCheck,
    SupportUptake,
)

Unit = Enterprise | Park


def _unit_q(unit: Unit) -> Q:
    return Q(enterprise=unit) if isinstance(unit, Enterprise) else Q(park=unit)


def _scope_q(actor: Any) -> Q:
    """Rows of the actor's region, or of its own enterprise / park."""
    role = actor_role(actor)
    if role is Role.ENTERPRISE:
        q = Q(pk__in=[])
        if actor.enterprise_id:
            q |= Q(enterprise_id=actor.enterprise_id)
        if actor.park_id:
            q |= Q(park_id=actor.park_id)
        return q
    return region_q(actor, "adcode")


# ---------------------------------------------------------------- for other apps


def removal_bar_until(unit: Any, on: dt.date | None = None) -> dt.date | None:
    """The day until which ``unit`` (an Enterprise or Park) is barred from applying
    because it was removed from a list, or ``None`` if no removal bars it on ``on``
    (default today).  The latest bar wins."""
    on = on or timezone.localdate()
    if isinstance(unit, Enterprise):
        q = Q(enterprise=unit)
    elif isinstance(unit, Park):
        q = Q(park=unit)
    else:
        return None
    latest = (
        Removal.objects.filter(q, bar_until__gt=on)
        .order_by("-bar_until")
        .values_list("bar_until", flat=True)
        .first()
    )
    return latest


@dataclass(frozen=True)
class FilingStatus:
    """What the green code and dashboards need to know about a unit's filing for a year."""

    year: int
    filed: bool  # submitted (on time or late), audited, or returned after submission
    status: str | None  # DynamicFiling.Status value, None = nothing filed
    late: bool
    abnormal: bool  # a data-quality flag open or confirmed (not cleared)
    open_flags: int
    confirmed_flags: int
    filing_id: int | None = None


def _status_of(
    filing: DynamicFiling | None, year: int, open_flags: int = 0, confirmed: int = 0
) -> FilingStatus:
    if filing is None:
        return FilingStatus(year, False, None, False, False, 0, 0)
    filed = filing.status != DynamicFiling.Status.DRAFT
    return FilingStatus(
        year=year,
        filed=filed,
        status=filing.status,
        late=filing.submitted_late,
        abnormal=filed and (open_flags + confirmed) > 0,
        open_flags=open_flags,
        confirmed_flags=confirmed,
        filing_id=filing.pk,
    )


def filing_status(unit: Any, year: int) -> FilingStatus:
    """The filing status of one enterprise or park for data year ``year``."""
    filing = DynamicFiling.objects.filter(_unit_q(unit), year=year).first()
    if filing is None:
        return _status_of(None, year)
    counts = Counter(filing.flags.values_list("status", flat=True))
    return _status_of(
        filing, year, counts[QualityFlag.Status.OPEN], counts[QualityFlag.Status.CONFIRMED]
    )


def filing_statuses(year: int, enterprise_ids: list[int] | None = None) -> dict[int, FilingStatus]:
    """Filing status per enterprise id for ``year`` (enterprises without a filing are
    absent: treat them as not filed).  Two queries whatever the number of units."""
    qs = DynamicFiling.objects.filter(year=year, enterprise__isnull=False)
    if enterprise_ids is not None:
        qs = qs.filter(enterprise_id__in=enterprise_ids)
    flags = (
        QualityFlag.objects.filter(filing__in=qs)
        .values("filing_id")
        .annotate(
            open=Count("pk", filter=Q(status=QualityFlag.Status.OPEN)),
            confirmed=Count("pk", filter=Q(status=QualityFlag.Status.CONFIRMED)),
        )
    )
    by_filing = {r["filing_id"]: (r["open"], r["confirmed"]) for r in flags}
    out: dict[int, FilingStatus] = {}
    for filing in qs:
        o, c = by_filing.get(filing.pk, (0, 0))
        assert filing.enterprise_id is not None
        out[filing.enterprise_id] = _status_of(filing, year, o, c)
    return out


# ---------------------------------------------------------------- filings


def filing_list(
    *, actor: Any, year: int | None = None, statuses: list[str] | None = None
) -> QuerySet[DynamicFiling]:
    qs = DynamicFiling.objects.filter(_scope_q(actor)).select_related(
        "enterprise", "park", "listing"
    )
    if year is not None:
        qs = qs.filter(year=year)
    if statuses:
        qs = qs.filter(status__in=statuses)
    return qs.annotate(
        open_flags=Count("flags", filter=Q(flags__status=QualityFlag.Status.OPEN)),
        confirmed_flags=Count("flags", filter=Q(flags__status=QualityFlag.Status.CONFIRMED)),
    )


def filing_get(*, actor: Any, pk: int) -> DynamicFiling:
    filing = filing_list(actor=actor).filter(pk=pk).first()
    if filing is None:
        raise Http404("filing")
    return filing


def identical_filings(*, actor: Any, filing: DynamicFiling) -> QuerySet[DynamicFiling]:
    """Other units' filings of the same year with the same figures, within the actor's
    region only (the flag itself names no other unit)."""
    if not filing.fingerprint:
        return DynamicFiling.objects.none()
    return (
        filing_list(actor=actor, year=filing.year)
        .filter(fingerprint=filing.fingerprint)
        .exclude(pk=filing.pk)
        .exclude(status=DynamicFiling.Status.DRAFT)
        .select_related("enterprise", "park")
    )


def audit_queue(*, actor: Any, year: int | None = None) -> QuerySet[DynamicFiling]:
    """Submitted (on time or late) filings of the actor's region awaiting audit."""
    if actor_role(actor) not in (Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL, Role.ADMIN):
        return DynamicFiling.objects.none()
    return filing_list(
        actor=actor, year=year, statuses=[DynamicFiling.Status.SUBMITTED, DynamicFiling.Status.LATE]
    ).order_by("-open_flags", "submitted_at")


STATE_LABELS: dict[str, Any] = {
    "on_time": _("Filed on time"),
    "late": _("Filed late"),
    "missing": _("Missing"),
    "pending": _("Not yet due"),
    "draft": _("Draft"),
    "returned": _("Returned"),
}


@dataclass(frozen=True)
class TrackingRow:
    listing: Listing
    unit: Any
    state: str  # on_time / late / missing / pending / draft / returned
    filing: DynamicFiling | None
    due_on: dt.date

    @property
    def state_label(self) -> Any:
        return STATE_LABELS[self.state]


def filing_tracking(*, actor: Any, year: int, today: dt.date | None = None) -> list[TrackingRow]:
    """Every unit of the actor's region that must file for ``year``, with its state: filed
    on time, filed late, missing (deadline passed, nothing submitted), pending (not yet
    due), draft or returned."""
    from greenmfg.platform.supervision.services import active_listings

    today = today or timezone.localdate()
    if actor_role(actor) not in (Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL, Role.ADMIN):
        return []
    listings = (
        active_listings(year).filter(region_q(actor, "adcode")).select_related("enterprise", "park")
    )
    best: dict[tuple[str, int], Listing] = {}
    order = {
        ListLevel.MUNICIPAL.value: 1,
        ListLevel.PROVINCIAL.value: 2,
        ListLevel.NATIONAL.value: 3,
    }
    for listing in listings:
        key = ("e", listing.enterprise_id) if listing.enterprise_id else ("p", listing.park_id or 0)
        if key not in best or order[listing.level] > order[best[key].level]:
            best[key] = listing
    filings = {
        (f.enterprise_id, f.park_id): f
        for f in DynamicFiling.objects.filter(year=year).filter(region_q(actor, "adcode"))
    }
    rows: list[TrackingRow] = []
    for listing in sorted(best.values(), key=lambda item: (item.adcode, item.pk)):
        unit = listing.enterprise or listing.park
        filing = filings.get((listing.enterprise_id, listing.park_id))
        due = cal.filing_deadline(year, listing.adcode)
        if filing is None or filing.status == DynamicFiling.Status.DRAFT:
            state = "missing" if today > due else ("draft" if filing is not None else "pending")
        elif filing.status == DynamicFiling.Status.RETURNED:
            state = "returned"
        else:
            state = "late" if filing.submitted_late else "on_time"
        rows.append(TrackingRow(listing=listing, unit=unit, state=state, filing=filing, due_on=due))
    return rows


# ---------------------------------------------------------------- checks, removals, changes


def spot_check_list(*, actor: Any) -> QuerySet[SpotCheck]:
    role = actor_role(actor)
    if role not in (Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL, Role.ADMIN):
        return SpotCheck.objects.none()
    from greenmfg.platform.accounts.scoping import region_prefix

    prefix = region_prefix(actor) or ""
    return SpotCheck.objects.filter(scope_prefix__startswith=prefix).select_related("created_by")


def spot_check_get(*, actor: Any, pk: int) -> SpotCheck:
    check = spot_check_list(actor=actor).filter(pk=pk).first()
    if check is None:
        raise Http404("spot check")
    return check


def recheck_list(*, actor: Any) -> QuerySet[Recheck]:
    return Recheck.objects.filter(region_q(actor, "adcode")).select_related(
        "listing__enterprise", "listing__park"
    )


def proposal_list(*, actor: Any, status: str | None = None) -> QuerySet[RemovalProposal]:
    qs = RemovalProposal.objects.filter(region_q(actor, "adcode")).select_related(
        "listing__enterprise", "listing__park"
    )
    if status:
        qs = qs.filter(status=status)
    return qs


def proposal_get(*, actor: Any, pk: int) -> RemovalProposal:
    p = proposal_list(actor=actor).filter(pk=pk).first()
    if p is None:
        raise Http404("proposal")
    return p


def removal_list(*, actor: Any) -> QuerySet[Removal]:
    return Removal.objects.filter(_scope_q(actor)).select_related("listing", "enterprise", "park")


def change_list(*, actor: Any) -> QuerySet[ChangeDeclaration]:
    return ChangeDeclaration.objects.filter(_scope_q(actor)).select_related("enterprise", "park")


def change_get(*, actor: Any, pk: int) -> ChangeDeclaration:
    decl = change_list(actor=actor).filter(pk=pk).first()
    if decl is None:
        raise Http404("change")
    return decl


def listing_get(*, actor: Any, pk: int) -> Listing:
    listing = (
        Listing.objects.filter(region_q(actor, "adcode"), pk=pk)
        .select_related("enterprise", "park")
        .first()
    )
    if listing is None:
        raise Http404("listing")
    return listing


def active_listing_by_uscc(*, actor: Any, uscc: str, level: str) -> Listing:
    """The unit's (enterprise or park, by credit code) active listing at ``level`` in the
    actor's region, the latest list year first; 404 if none."""
    uscc = uscc.strip().upper()
    listing = (
        Listing.objects.filter(region_q(actor, "adcode"), level=level, removed_on__isnull=True)
        .filter(Q(enterprise__uscc=uscc) | Q(park__uscc=uscc))
        .order_by("-year")
        .first()
    )
    if not uscc or listing is None:
        raise Http404("listing")
    return listing


# ---------------------------------------------------------------- support measures


def support_for_unit(
    unit: Unit, *, year: int, green_code_grade: str | None = None
) -> list[Eligibility]:
    """Every catalogue measure with the unit's eligibility (by its highest active listing)."""
    from greenmfg.platform.supervision.services import active_listing

    listing = active_listing(unit, year)
    if listing is None:
        return []
    profile = SupportProfile(
        level=ListLevel(listing.level),
        kind=UnitKind(listing.kind),
        adcode=unit.adcode,
        industry=getattr(unit, "industry", "") or "",
        green_code_grade=green_code_grade,
    )
    return [eligibility(m, profile) for m in support_catalogue().measures]


def uptake_by_region(
    *, actor: Any, year: int | None = None, digits: int = 4
) -> list[dict[str, Any]]:
    """Support uptake in the actor's region, per region prefix (4 = city) and measure."""
    qs = SupportUptake.objects.filter(region_q(actor, "adcode"))
    if year is not None:
        qs = qs.filter(year=year)
    acc: dict[tuple[str, str], dict[str, Any]] = {}
    for row in qs.values("adcode", "measure_code", "amount_10k_yuan"):
        key = (row["adcode"][:digits], row["measure_code"])
        item = acc.setdefault(
            key, {"region": key[0], "measure": key[1], "count": 0, "amount_10k_yuan": 0}
        )
        item["count"] += 1
        item["amount_10k_yuan"] += float(row["amount_10k_yuan"] or 0)
    return [acc[k] for k in sorted(acc)]


# ---------------------------------------------------------------- public disclosure


def public_disclosure(unit: Unit) -> dict[str, Any] | None:
    """The public part of the unit's latest submitted filing and its removals (with
    reasons).  Anyone may see this (信息公开)."""
    latest = (
        DynamicFiling.objects.filter(_unit_q(unit))
        .exclude(status__in=[DynamicFiling.Status.DRAFT, DynamicFiling.Status.RETURNED])
        .order_by("-year")
        .first()
    )
    removals = list(Removal.objects.filter(_unit_q(unit)).order_by("-removed_on"))
    if latest is None and not removals:
        return None
    public = DynamicTable.model_validate(latest.data).public_part() if latest is not None else None
    return {"latest": latest, "public": public, "removals": removals}


def unit_in_force(unit: Unit) -> bool:
    """Whether the unit holds a listing in force (and so files the dynamic table)."""
    return Listing.objects.filter(_unit_q(unit), removed_on__isnull=True).exists()


def own_flags_since(unit: Unit, since: dt.datetime) -> QuerySet[QualityFlag]:
    return QualityFlag.objects.filter(
        Q(filing__enterprise=unit) if isinstance(unit, Enterprise) else Q(filing__park=unit),
        created_at__gt=since,
    ).select_related("filing")


def own_audits_since(unit: Unit, since: dt.datetime) -> QuerySet[FilingAudit]:
    return FilingAudit.objects.filter(
        Q(filing__enterprise=unit) if isinstance(unit, Enterprise) else Q(filing__park=unit),
        created_at__gt=since,
    ).select_related("filing")


def unit_history(unit: Unit, years: int = 3) -> list[dict[str, Any]]:
    """Dynamic-management history of a unit for reviewers: each filed year's status,
    lateness and flags (with their state), newest first; removals and change
    declarations are read by the caller."""
    filings = (
        DynamicFiling.objects.filter(_unit_q(unit))
        .prefetch_related("flags", "audits")
        .order_by("-year")[:years]
    )
    return [
        {
            "filing": f,
            "flags": list(f.flags.all()),
            "audits": list(f.audits.all()),
        }
        for f in filings
    ]
