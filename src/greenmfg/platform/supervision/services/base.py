"""Helpers that several supervision service modules share."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.core.domain import Role
from greenmfg.core.errors import (
    NotListedError,
)
from greenmfg.core.supervision.removal import (
    RemovalRule,
)
from greenmfg.platform.accounts.scoping import actor_role, in_region
from greenmfg.platform.audit.services import chain_append
from greenmfg.platform.audit.tables import supervision_chain
from greenmfg.platform.registry.models import Enterprise, Listing, Park
from greenmfg.platform.supervision.models import (
    DynamicFiling,
    RemovalProposal,
    SupervisionEvent,
)
from greenmfg.platform.supervision.services.units import (
    AUTHORITIES,
    Unit,
    active_listing,
    unit_listings,
)


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


def _submitted_at(today: dt.date) -> dt.datetime:
    """Now, or — when a service is run for another day (the demo, an import of paper
    filings) — that day at the current time of day."""
    now = timezone.localtime()
    if today == now.date():
        return now
    return now.replace(year=today.year, month=today.month, day=today.day)


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
