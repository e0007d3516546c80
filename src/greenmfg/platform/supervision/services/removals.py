"""Removal from the list (撤销名单): proposals and decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.core.domain import ListLevel, Role, UnitKind
from greenmfg.core.errors import (
    ConflictError,
    InvalidValueError,
)
from greenmfg.core.supervision import calendar as cal
from greenmfg.core.supervision.data import removal_settings
from greenmfg.core.supervision.removal import (
    REASON_TEMPLATES,
    RemovalRule,
    UnitYear,
    bar_until,
    propose_removals,
)
from greenmfg.core.supervision.table import (
    DynamicTable,
)
from greenmfg.platform.accounts.scoping import actor_role, in_region
from greenmfg.platform.audit.services import chain_append_bulk
from greenmfg.platform.audit.tables import supervision_chain
from greenmfg.platform.common.bulk import allocate_ids, insert_objects
from greenmfg.platform.registry.models import Listing
from greenmfg.platform.supervision import sources
from greenmfg.platform.supervision.models import (
    DynamicFiling,
    Removal,
    RemovalProposal,
)
from greenmfg.platform.supervision.services.base import _event, _event_row, _require_authority
from greenmfg.platform.supervision.services.units import AUTHORITIES, active_listings


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


@dataclass(frozen=True)
class ProposalItem:
    """One proposal for :func:`removals_propose_bulk` (the arguments of :func:`removal_propose`)."""

    listing: Listing
    rule: RemovalRule
    data_year: int
    params: Mapping[str, Any]


@transaction.atomic
def removals_propose_bulk(
    *, actor: Any, items: Sequence[ProposalItem], today: dt.date | None = None
) -> list[RemovalProposal]:
    """:func:`removal_propose` for many listings at once (the removal rules over a year,
    the demo build): the same checks and the same rows and events, with one query for the
    proposals already made and bulk writes.  A rule that takes effect at once goes through
    :func:`removal_propose` (it decides as it proposes)."""
    settings_ = removal_settings()
    now_items = [i for i in items if not settings_.rule(i.rule.value).immediate]
    immediate = [i for i in items if settings_.rule(i.rule.value).immediate]
    made: list[RemovalProposal] = []
    taken = set(
        RemovalProposal.objects.filter(
            listing__in=[i.listing.pk for i in now_items],
            data_year__in={i.data_year for i in now_items},
        ).values_list("listing_id", "rule", "data_year")
    )
    for item in now_items:
        _require_authority(actor, item.listing.adcode)
        key = (item.listing.pk, item.rule.value, item.data_year)
        if item.listing.removed_on is not None:
            raise ConflictError(detail=_("This unit has already been removed from this list."))
        if key in taken:
            raise ConflictError(detail=_("This removal has already been proposed."))
        taken.add(key)
        proposal = RemovalProposal(
            listing=item.listing,
            adcode=item.listing.adcode,
            rule=item.rule.value,
            reason=REASON_TEMPLATES[item.rule] % dict(item.params),
            data_year=item.data_year,
            immediate=False,
            proposed_by=actor,
        )
        # the listing was just read and the uniqueness checked above for all at once
        proposal.clean_fields(exclude=["listing"])
        proposal.clean()
        made.append(proposal)
    for proposal, pk in zip(made, allocate_ids(RemovalProposal, len(made)), strict=True):
        proposal.pk = pk
    insert_objects(RemovalProposal, made)
    chain_append_bulk(
        [_event_row(actor, "removal.propose", p, p.adcode, rule=p.rule) for p in made],
        table_name="supervision",
        chain_of=lambda e: supervision_chain(e.object_type, e.object_id),
    )
    for item in immediate:
        made.append(
            removal_propose(
                actor=actor,
                listing=item.listing,
                rule=item.rule,
                data_year=item.data_year,
                params=item.params,
                today=today,
            )
        )
    return made


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
    hits = propose_removals(records, year=year)
    taken = set(
        RemovalProposal.objects.filter(
            listing__in=[by_pk[p.unit_id].pk for p in hits], data_year=year
        ).values_list("listing_id", "rule")
    )
    todo = [
        ProposalItem(listing=by_pk[p.unit_id], rule=p.rule, data_year=year, params=p.params)
        for p in hits
        if (by_pk[p.unit_id].pk, p.rule.value) not in taken
    ]
    return removals_propose_bulk(actor=actor, items=todo, today=today)
