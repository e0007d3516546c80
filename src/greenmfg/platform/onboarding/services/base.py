"""Helpers that several onboarding service modules share."""

from __future__ import annotations

from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from greenmfg.core.codes import regions
from greenmfg.core.domain import ListLevel, Role, UnitKind
from greenmfg.core.errors import (
    PermissionDeniedError,
)
from greenmfg.platform.accounts.scoping import actor_role
from greenmfg.platform.onboarding.models import ListImport, ListImportRow
from greenmfg.platform.registry.models import Listing

Row = ListImportRow.Status


def list_authority(
    *, actor: Any, level: ListLevel | str, authority_adcode: str | None = None
) -> str:
    """The region code of the authority keeping the list the actor imports ("" for the
    national list); :class:`PermissionDeniedError` when the account does not keep it."""
    level = ListLevel(level)
    role = actor_role(actor) if actor is not None else Role.ADMIN
    names = {
        ListLevel.NATIONAL: _("import the national list"),
        ListLevel.PROVINCIAL: _("import a provincial list"),
        ListLevel.MUNICIPAL: _("import a municipal list"),
    }
    keeper = {
        ListLevel.NATIONAL: Role.NATIONAL,
        ListLevel.PROVINCIAL: Role.PROVINCIAL,
        ListLevel.MUNICIPAL: Role.MUNICIPAL,
    }[level]
    if role is Role.ADMIN:
        if level is ListLevel.NATIONAL:
            return ""
        wanted: Literal["province", "city"] = (
            "province" if level is ListLevel.PROVINCIAL else "city"
        )
        if not authority_adcode:
            raise PermissionDeniedError(
                action=names[level],
                reason=_("name the province or city whose list it is (its GB/T 2260 code)"),
            )
        return regions.validate_adcode(authority_adcode, level=wanted)
    if role is not keeper:
        reason = {
            Role.NATIONAL: _("only the Ministry (工业和信息化部) keeps the national list"),
            Role.PROVINCIAL: _("only a provincial authority keeps its provincial list"),
            Role.MUNICIPAL: _("only a municipal authority keeps its municipal list"),
        }[keeper]
        raise PermissionDeniedError(action=names[level], reason=reason)
    own = "" if level is ListLevel.NATIONAL else str(actor.adcode)
    if authority_adcode and authority_adcode != own:
        raise PermissionDeniedError(action=names[level], reason=_("it is not your region's list"))
    return own


def _check_owner(actor: Any, imp: ListImport) -> None:
    try:
        own = list_authority(actor=actor, level=imp.level, authority_adcode=imp.authority_adcode)
    except PermissionDeniedError as err:
        raise PermissionDenied(_("Only the authority keeping this list may change it.")) from err
    if own != imp.authority_adcode:
        raise PermissionDenied(_("Only the authority keeping this list may change it."))


def _region_prefix(authority_adcode: str) -> str:
    if not authority_adcode:
        return ""
    if authority_adcode.endswith("0000"):
        return authority_adcode[:2]
    return authority_adcode[:4] if authority_adcode.endswith("00") else authority_adcode


def _region_name(adcode: str) -> str:
    if not adcode:
        return "全国"
    try:
        return regions.get(adcode).name_zh
    except LookupError:
        return adcode


def _listing_filter(imp: ListImport, unit_id: int) -> dict[str, Any]:
    unit_field = "park_id" if imp.kind == UnitKind.PARK.value else "enterprise_id"
    return {"kind": imp.kind, "level": imp.level, unit_field: unit_id}


def _active_listing(imp: ListImport, unit_id: int) -> Listing | None:
    return (
        Listing.objects.filter(
            **_listing_filter(imp, unit_id),
            authority_adcode=imp.authority_adcode,
            removed_on__isnull=True,
        )
        .order_by("-year")
        .first()
    )
