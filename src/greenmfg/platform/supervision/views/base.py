"""Helpers that several supervision view modules share."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.core.domain import Role
from greenmfg.core.errors import GreenmfgError
from greenmfg.platform.accounts.scoping import actor_role
from greenmfg.platform.common.errors import error_message


def _own_unit(request: HttpRequest) -> Any:
    user: Any = request.user
    if actor_role(user) is not Role.ENTERPRISE:
        raise PermissionDenied(
            _("Only enterprise and park accounts file dynamic management tables.")
        )
    unit = user.enterprise or user.park
    if unit is None:
        raise PermissionDenied(_("Your account is not linked to an enterprise or park."))
    return unit


def _default_year() -> int:
    return timezone.localdate().year - 1


def _int(value: str | None, default: int) -> int:
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        return default
    # beyond what any column stores (and any year): the default, not a database overflow
    return number if -(2**31) < number < 2**31 else default


def _year(value: str | None, default: int) -> int:
    """A data year from a query or form; an impossible one (past 2199, before 1949) is
    the default rather than a date that cannot be built."""
    year = _int(value, default)
    return year if 1949 <= year < 2200 else default


def _fail(request: HttpRequest, err: GreenmfgError) -> None:
    messages.error(request, error_message(err))
