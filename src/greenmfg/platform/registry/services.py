"""Writes to the registry: every creation and change of a unit or listing goes through here.

Each service is keyword-only with the acting user first, runs in one transaction and
follows the order permission → validation (``full_clean``) → save → audit (a
:class:`~greenmfg.platform.registry.models.RegistryEvent`).  ``actor=None`` means
the platform itself (the command line, the demo loader, a data import run by an operator);
web views always pass ``request.user``.

Bulk loaders (the synthetic data set) may ``bulk_create`` for speed, but they must produce
rows these services would accept: the database constraints enforce the same rules.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from greenmfg.core.domain import ListLevel, Role, UnitKind
from greenmfg.core.errors import DuplicateError
from greenmfg.platform.accounts.scoping import actor_role, in_region
from greenmfg.platform.audit.services import chain_append
from greenmfg.platform.audit.tables import registry_chain
from greenmfg.platform.common.queue import enqueue
from greenmfg.platform.registry.models import (
    Enterprise,
    EvaluationInstitution,
    ListExport,
    Listing,
    Park,
    ParkMembership,
    Product,
    RegistryEvent,
    SupplierLink,
)
from greenmfg.platform.registry.snapshots import registry_changed

Unit = Enterprise | Park | Product

BUILD_LIST_EXPORT_TASK = "greenmfg.platform.registry.tasks.build_list_export_task"

_ENTERPRISE_FIELDS = (
    "legal_representative",
    "address",
    "established",
    "employees",
    "output_value_10k_yuan",
    "value_added_10k_yuan",
    "land_area_m2",
    "floor_area_m2",
)


def _check_registrar(actor: Any, adcode: str) -> None:
    """The platform, an admin, the ministry, or an authority of the unit's region."""
    if actor is None:
        return
    role = actor_role(actor)
    if role in (Role.ADMIN, Role.NATIONAL):
        return
    if role in (Role.PROVINCIAL, Role.MUNICIPAL) and in_region(actor, adcode):
        return
    raise PermissionDenied(_("You may not register units in this region."))


def _audit(*, actor: Any, action: str, uscc: str, object_id: int, **detail: Any) -> None:
    registry_changed()  # cached summaries and counts are recomputed after this write
    row = RegistryEvent(
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        actor_name=getattr(actor, "username", "") or "platform",
        uscc=uscc,
        object_id=object_id,
        detail={
            k: (v if isinstance(v, str | int | float | bool) or v is None else str(v))
            for k, v in detail.items()
        },
    )
    chain_append(row, table_name="registry", chain=registry_chain(uscc))


def registry_event_record(
    *, actor: Any, action: str, uscc: str, object_id: int, **detail: Any
) -> None:
    """Append a registry event for a change another app makes to a registry unit (e.g. a
    rename recorded with its former name by the onboarding import), in the caller's
    transaction."""
    _audit(actor=actor, action=action, uscc=uscc, object_id=object_id, **detail)


def _normalise_uscc(uscc: str) -> str:
    return uscc.strip().upper()


@transaction.atomic
def enterprise_create(
    *,
    actor: Any,
    uscc: str,
    name: str,
    adcode: str,
    industry: str,
    legal_representative: str = "",
    address: str = "",
    established: dt.date | None = None,
    employees: int | None = None,
    output_value_10k_yuan: Decimal | None = None,
    value_added_10k_yuan: Decimal | None = None,
    land_area_m2: Decimal | None = None,
    floor_area_m2: Decimal | None = None,
) -> Enterprise:
    """Register an enterprise.  A credit code already registered → :class:`DuplicateError`."""
    _check_registrar(actor, adcode)
    uscc = _normalise_uscc(uscc)
    existing = Enterprise.objects.filter(uscc=uscc).only("name").first()
    if existing is not None:
        raise DuplicateError(
            kind="Enterprise", key=uscc, detail=f" (registered as {existing.name!r})"
        )
    enterprise = Enterprise(
        uscc=uscc,
        name=name.strip(),
        adcode=adcode,
        industry=industry,
        legal_representative=legal_representative,
        address=address,
        established=established,
        employees=employees,
        output_value_10k_yuan=output_value_10k_yuan,
        value_added_10k_yuan=value_added_10k_yuan,
        land_area_m2=land_area_m2,
        floor_area_m2=floor_area_m2,
    )
    enterprise.full_clean()
    enterprise.save()
    _audit(
        actor=actor,
        action="enterprise.create",
        uscc=enterprise.uscc,
        object_id=enterprise.pk,
        name=enterprise.name,
    )
    return enterprise


@transaction.atomic
def enterprise_update(*, actor: Any, enterprise: Enterprise, **changes: Any) -> Enterprise:
    """Change an enterprise's descriptive fields, name, region or industry.

    A change of region moves its listings' (and its products' listings') region code too.
    """
    allowed = {"name", "adcode", "industry", *_ENTERPRISE_FIELDS}
    unknown = set(changes) - allowed
    if unknown:
        raise ValueError(f"enterprise_update: unknown fields {sorted(unknown)}")
    _check_registrar(actor, enterprise.adcode)
    if "adcode" in changes:
        _check_registrar(actor, changes["adcode"])
    for field, value in changes.items():
        setattr(enterprise, field, value)
    enterprise.full_clean()
    enterprise.save(update_fields=list(changes))
    if "adcode" in changes:
        Listing.objects.filter(enterprise=enterprise).update(adcode=enterprise.adcode)
        Listing.objects.filter(product__enterprise=enterprise).update(adcode=enterprise.adcode)
    _audit(
        actor=actor,
        action="enterprise.update",
        uscc=enterprise.uscc,
        object_id=enterprise.pk,
        **{f"new_{k}": v for k, v in changes.items()},
    )
    return enterprise


@transaction.atomic
def park_create(*, actor: Any, uscc: str, name: str, adcode: str, park_level: str) -> Park:
    """Register an industrial park by its management body's credit code."""
    _check_registrar(actor, adcode)
    uscc = _normalise_uscc(uscc)
    existing = Park.objects.filter(uscc=uscc).only("name").first()
    if existing is not None:
        raise DuplicateError(kind="Park", key=uscc, detail=f" (registered as {existing.name!r})")
    park = Park(uscc=uscc, name=name.strip(), adcode=adcode, park_level=park_level)
    park.full_clean()
    park.save()
    _audit(actor=actor, action="park.create", uscc=park.uscc, object_id=park.pk, name=park.name)
    return park


@transaction.atomic
def park_member_add(
    *, actor: Any, park: Park, enterprise: Enterprise, joined_on: dt.date
) -> ParkMembership:
    _check_registrar(actor, park.adcode)
    membership = ParkMembership(park=park, enterprise=enterprise, joined_on=joined_on)
    membership.full_clean()
    membership.save()
    _audit(
        actor=actor,
        action="park.member_add",
        uscc=park.uscc,
        object_id=membership.pk,
        member=enterprise.uscc,
        joined_on=joined_on.isoformat(),
    )
    return membership


@transaction.atomic
def supplier_link_create(
    *, actor: Any, leader: Enterprise, supplier: Enterprise, since: dt.date
) -> SupplierLink:
    if actor is not None and not (
        actor_role(actor) is Role.ENTERPRISE and actor.enterprise_id == leader.pk
    ):
        _check_registrar(actor, leader.adcode)
    link = SupplierLink(leader=leader, supplier=supplier, since=since)
    link.full_clean()
    link.save()
    _audit(
        actor=actor,
        action="supplier_link.create",
        uscc=leader.uscc,
        object_id=link.pk,
        supplier=supplier.uscc,
        since=since.isoformat(),
    )
    return link


@transaction.atomic
def product_create(
    *,
    actor: Any,
    enterprise: Enterprise,
    name: str,
    model: str = "",
    standard_code: str = "",
    category: str = "",
) -> Product:
    if actor is not None and not (
        actor_role(actor) is Role.ENTERPRISE and actor.enterprise_id == enterprise.pk
    ):
        _check_registrar(actor, enterprise.adcode)
    product = Product(
        enterprise=enterprise,
        name=name.strip(),
        model=model,
        standard_code=standard_code,
        category=category,
    )
    product.full_clean()
    product.save()
    _audit(
        actor=actor,
        action="product.create",
        uscc=enterprise.uscc,
        object_id=product.pk,
        product=str(product),
    )
    return product


@transaction.atomic
def institution_create(
    *,
    actor: Any,
    name: str,
    uscc: str,
    legal_representative: str,
    adcode: str,
    staff_total: int = 0,
    evaluators: int = 0,
) -> EvaluationInstitution:
    """Register a third-party evaluation institution (admins and the ministry only)."""
    if actor is not None and actor_role(actor) not in (Role.ADMIN, Role.NATIONAL):
        raise PermissionDenied(_("Only the ministry registers evaluation institutions."))
    uscc = _normalise_uscc(uscc)
    if EvaluationInstitution.objects.filter(uscc=uscc).exists():
        raise DuplicateError(kind="Evaluation institution", key=uscc, detail="")
    institution = EvaluationInstitution(
        name=name.strip(),
        uscc=uscc,
        legal_representative=legal_representative,
        adcode=adcode,
        staff_total=staff_total,
        evaluators=evaluators,
    )
    institution.full_clean()
    institution.save()
    _audit(
        actor=actor,
        action="institution.create",
        uscc=institution.uscc,
        object_id=institution.pk,
        name=institution.name,
    )
    return institution


def _unit_kind_fields(kind: UnitKind, unit: Unit) -> dict[str, Any]:
    if kind in (UnitKind.FACTORY, UnitKind.SUPPLY_CHAIN) and isinstance(unit, Enterprise):
        return {"enterprise": unit}
    if kind is UnitKind.PARK and isinstance(unit, Park):
        return {"park": unit}
    if kind is UnitKind.PRODUCT and isinstance(unit, Product):
        return {"product": unit}
    raise ValueError(f"A {kind.value} listing cannot name a {type(unit).__name__}.")


def unit_adcode(unit: Unit) -> str:
    """The prefecture-level region code of a unit (a product: its enterprise's)."""
    if isinstance(unit, Product):
        return unit.enterprise.adcode
    return unit.adcode


def authority_adcode_for(level: ListLevel, adcode: str) -> str:
    """The region code of the authority keeping ``level``'s list for a unit in ``adcode``."""
    if level is ListLevel.MUNICIPAL:
        return adcode
    if level is ListLevel.PROVINCIAL:
        return adcode[:2] + "0000"
    return ""


def _check_lister(actor: Any, level: ListLevel, adcode: str) -> None:
    if actor is None or actor_role(actor) is Role.ADMIN:
        return
    required = {
        ListLevel.MUNICIPAL: Role.MUNICIPAL,
        ListLevel.PROVINCIAL: Role.PROVINCIAL,
        ListLevel.NATIONAL: Role.NATIONAL,
    }[level]
    if actor_role(actor) is not required or not in_region(actor, adcode):
        raise PermissionDenied(_("Only the authority keeping this list may change it."))


@transaction.atomic
def listing_create(
    *,
    actor: Any,
    kind: UnitKind | str,
    level: ListLevel | str,
    year: int,
    unit: Unit,
    listed_on: dt.date,
    batch: str = "",
) -> Listing:
    """Put a unit on a level's list for a year (the authority keeping that list)."""
    kind = UnitKind(kind)
    level = ListLevel(level)
    adcode = unit_adcode(unit)
    _check_lister(actor, level, adcode)
    unit_fields = _unit_kind_fields(kind, unit)
    listing = Listing(
        kind=kind.value,
        level=level.value,
        year=year,
        batch=batch,
        adcode=adcode,
        authority_adcode=authority_adcode_for(level, adcode),
        listed_on=listed_on,
        **unit_fields,
    )
    if Listing.objects.filter(
        kind=kind.value, level=level.value, year=year, **unit_fields
    ).exists():
        raise DuplicateError(
            kind="Listing",
            key=f"{level.value} {kind.value} {year}",
            detail=f" for {unit}",
        )
    listing.full_clean()
    listing.save()
    _audit(
        actor=actor,
        action="listing.create",
        uscc=_owner_uscc(unit),
        object_id=listing.pk,
        kind=kind.value,
        level=level.value,
        year=year,
    )
    return listing


def _owner_uscc(unit: Unit) -> str:
    return unit.enterprise.uscc if isinstance(unit, Product) else unit.uscc


@transaction.atomic
def listing_remove(*, actor: Any, listing: Listing, removed_on: dt.date, reason: str) -> Listing:
    """Take a unit off a list (动态管理: removal), with the date and the reason."""
    _check_lister(actor, ListLevel(listing.level), listing.adcode)
    listing.removed_on = removed_on
    listing.removal_reason = reason.strip()
    listing.full_clean()
    listing.save(update_fields=["removed_on", "removal_reason"])
    unit = listing.unit
    assert unit is not None
    _audit(
        actor=actor,
        action="listing.remove",
        uscc=_owner_uscc(unit),
        object_id=listing.pk,
        removed_on=removed_on.isoformat(),
        reason=listing.removal_reason,
    )
    return listing


# --- large exports (导出任务) ---------------------------------------------------------


@transaction.atomic
def list_export_request(
    *, actor: Any, session_key: str, filters: dict[str, Any], total: int
) -> ListExport:
    """Record an export of the list search ``filters`` (as the actor sees it) and queue
    the background task that writes it."""
    export = ListExport(
        requested_by=actor if getattr(actor, "is_authenticated", False) else None,
        session_key="" if getattr(actor, "is_authenticated", False) else session_key,
        filters=filters,
        total=total,
    )
    export.full_clean()
    export.save()
    enqueue(BUILD_LIST_EXPORT_TASK, export.pk)
    return export


def list_export_build(*, export_id: int) -> ListExport:
    """Write the export's workbook, saving progress as it goes; a failure is recorded on
    the export (and nothing half-written is offered for download)."""
    from django.contrib.auth.models import AnonymousUser
    from django.core.files.base import ContentFile
    from django.utils import timezone

    from greenmfg.platform.registry import selectors
    from greenmfg.platform.registry.exports import listings_workbook

    export = ListExport.objects.select_related("requested_by").get(pk=export_id)
    if export.status == ListExport.Status.DONE:
        return export
    ListExport.objects.filter(pk=export.pk).update(status=ListExport.Status.RUNNING)
    actor = export.requested_by or AnonymousUser()
    filters = selectors.ListingFilters(**export.filters)
    listings = selectors.listing_search(actor=actor, filters=filters)

    def progress(rows: int) -> None:
        ListExport.objects.filter(pk=export.pk).update(written=min(rows, export.total))

    try:
        content = listings_workbook(listings.iterator(chunk_size=2000), progress=progress)
    except Exception as error:  # recorded for the requester, then re-raised for the log
        ListExport.objects.filter(pk=export.pk).update(
            status=ListExport.Status.FAILED, error=str(error), finished_at=timezone.now()
        )
        raise
    export.refresh_from_db()
    stamp = timezone.localdate().strftime("%Y%m%d")
    export.file.save(f"greenmfg-list-{stamp}-{export.token}.xlsx", ContentFile(content), save=False)
    export.status = ListExport.Status.DONE
    export.finished_at = timezone.now()
    export.save(update_fields=["file", "status", "finished_at"])
    return export


def list_export_fail(export_id: int, error: str) -> None:
    """Record that the export's background task failed for good (its worker died or it
    overran its time limit), so the requester is offered a retry."""
    from django.utils import timezone

    ListExport.objects.filter(pk=export_id).exclude(status=ListExport.Status.DONE).update(
        status=ListExport.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )


@transaction.atomic
def list_export_retry(*, export: ListExport) -> ListExport:
    """Queue a failed export again (the requester's retry button)."""
    if export.status != ListExport.Status.FAILED:
        return export
    ListExport.objects.filter(pk=export.pk).update(
        status=ListExport.Status.QUEUED, written=0, error="", finished_at=None
    )
    transaction.on_commit(lambda: enqueue(BUILD_LIST_EXPORT_TASK, export.pk))
    export.refresh_from_db()
    return export
