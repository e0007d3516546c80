"""Region scope of an actor (GB/T 2260 adcode): who may see which region's data.

Every selector in every app restricts its querysets with :func:`region_q` and checks
single objects with :func:`in_region`; roles are checked with :func:`require_role`.

Scope by role:

- national authority (工业和信息化部) and platform admin: every region;
- provincial authority (省级工信部门): codes sharing the province's 2-digit prefix;
- municipal authority (市级工信部门): codes sharing the city's 4-digit prefix (a county
  administered directly by its province: its own 6-digit code);
- everyone else (enterprise, evaluator, expert, anonymous): no region at all — they see
  their own things through their own links (:func:`own_enterprise_q`), never by region.

An authority account whose code does not fit its role sees nothing (fail closed).
"""

from __future__ import annotations

import re
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from greenmfg.core.domain import AUTHORITY_ROLES, Role

_CITY_RE = re.compile(r"^[1-9]\d{5}$")
_PROVINCE_RE = re.compile(r"^[1-9]\d0000$")

ALL = ""
"""The prefix of an unrestricted scope (every code starts with it)."""

NOTHING_Q = Q(pk__in=[])
"""A filter that matches no row (Django short-circuits it without a query)."""


def actor_role(actor: Any) -> Role | None:
    """The actor's role, or ``None`` for an anonymous visitor or an inactive account."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    if not getattr(actor, "is_active", True):
        return None
    try:
        return Role(actor.role)
    except ValueError:
        return None


def region_prefix(actor: Any) -> str | None:
    """The adcode prefix the actor's region scope covers.

    ``""`` means every region; ``None`` means no region at all.
    """
    role = actor_role(actor)
    if role in (Role.NATIONAL, Role.ADMIN):
        return ALL
    adcode = getattr(actor, "adcode", "") or ""
    if role is Role.PROVINCIAL:
        return adcode[:2] if _PROVINCE_RE.match(adcode) else None
    if role is Role.MUNICIPAL:
        if not _CITY_RE.match(adcode) or adcode.endswith("0000"):
            return None
        # A prefecture (XXYY00) covers its 4-digit prefix; a county administered directly
        # by its province (省直辖县级, e.g. 419001 济源) is its own city-level unit.
        return adcode[:4] if adcode.endswith("00") else adcode
    return None


def region_q(actor: Any, field: str = "adcode") -> Q:
    """A filter restricting a queryset to the actor's region.

    ``field`` is the lookup path of the row's 6-digit adcode, e.g. ``"adcode"`` or
    ``"enterprise__adcode"``.
    """
    prefix = region_prefix(actor)
    if prefix is None:
        return NOTHING_Q
    if prefix == ALL:
        return Q()
    return Q(**{f"{field}__startswith": prefix})


def in_region(actor: Any, adcode: str | None) -> bool:
    """Whether a single object's adcode lies inside the actor's region scope."""
    prefix = region_prefix(actor)
    if prefix is None:
        return False
    if prefix == ALL:
        return True
    return bool(adcode) and str(adcode).startswith(prefix)


def is_authority(actor: Any) -> bool:
    """Whether the actor acts for a municipal, provincial or national authority."""
    return actor_role(actor) in AUTHORITY_ROLES


def has_role(actor: Any, *roles: Role | str) -> bool:
    role = actor_role(actor)
    return role is not None and role in {Role(r) for r in roles}


def require_role(actor: Any, *roles: Role | str) -> Role:
    """The actor's role if it is one of ``roles``; otherwise :class:`PermissionDenied`."""
    role = actor_role(actor)
    if role is None:
        raise PermissionDenied(_("Please log in first."))
    allowed = {Role(r) for r in roles}
    if role not in allowed:
        raise PermissionDenied(_("Your role may not do this."))
    return role


def require_in_region(actor: Any, adcode: str | None) -> None:
    """:class:`PermissionDenied` unless ``adcode`` lies in the actor's region.

    For writes.  Reads deny with 404 instead (see the selectors), so that an
    out-of-scope object's existence is never revealed.
    """
    if not in_region(actor, adcode):
        raise PermissionDenied(_("This unit is outside your region."))


def own_enterprise_q(actor: Any, field: str = "enterprise") -> Q:
    """Rows linked to the actor's own enterprise (enterprise users), nothing otherwise.

    ``field`` is the lookup path of the enterprise foreign key.
    """
    enterprise_id = getattr(actor, "enterprise_id", None) if actor_role(actor) else None
    if enterprise_id is None:
        return NOTHING_Q
    return Q(**{field: enterprise_id})


def visible_q(actor: Any, *, field: str = "adcode", enterprise_field: str | None = None) -> Q:
    """Region scope, widened by the actor's own enterprise when ``enterprise_field`` is given."""
    q = region_q(actor, field)
    if enterprise_field is not None and actor_role(actor) is Role.ENTERPRISE:
        q = q | own_enterprise_q(actor, enterprise_field)
    return q


def scope_label(actor: Any) -> str:
    """A short text naming the actor's scope (for page headers)."""
    prefix = region_prefix(actor)
    if prefix == ALL:
        return _("All regions")
    if prefix is None:
        return _("No region")
    return getattr(actor, "adcode", "")
