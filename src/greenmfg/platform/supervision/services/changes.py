"""Changes a listed unit declares (变更申报) and their verification."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.core.errors import (
    ConflictError,
    InvalidValueError,
    NotListedError,
)
from greenmfg.core.supervision.table import (
    ChangeKind,
)
from greenmfg.platform.registry.models import Listing
from greenmfg.platform.registry.snapshots import registry_changed
from greenmfg.platform.supervision.models import (
    ChangeDeclaration,
)
from greenmfg.platform.supervision.services.base import (
    _event,
    _require_authority,
    _require_unit_actor,
)
from greenmfg.platform.supervision.services.units import Unit, unit_fields, unit_listings

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
