"""Support measures (支持政策) a listed unit takes up."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from greenmfg.core.domain import ListLevel, UnitKind
from greenmfg.core.errors import (
    ConflictError,
    InvalidValueError,
    UnknownCodeError,
)
from greenmfg.core.supervision.data import support_catalogue
from greenmfg.core.supervision.support import SupportProfile, eligibility
from greenmfg.platform.supervision import sources
from greenmfg.platform.supervision.messages import unmet_text
from greenmfg.platform.supervision.models import (
    SupportUptake,
)
from greenmfg.platform.supervision.services.base import (
    _event,
    _require_authority,
    _require_listing,
)
from greenmfg.platform.supervision.services.units import Unit, unit_fields


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
            expected=_("an eligible unit; unmet: %(unmet)s")
            % {"unmet": "; ".join(unmet_text(u) for u in verdict.unmet)},
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
