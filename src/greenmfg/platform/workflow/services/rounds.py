"""Application rounds (批次) and their calendar dates."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_noop

from greenmfg.core.domain import ListLevel, Role, UnitKind
from greenmfg.core.errors import (
    DuplicateError,
    InvalidValueError,
    MissingValueError,
    NotFoundError,
    PermissionDeniedError,
)
from greenmfg.core.workflow.calendar import CALENDAR_KEYS, calendar_for
from greenmfg.platform.accounts.scoping import actor_role
from greenmfg.platform.workflow.models import (
    Round,
)


@dataclass(frozen=True)
class RoundDate:
    key: str
    date: dt.date
    source: str
    status: str
    region: str


# The source of a date the platform operator set for one round without citing a notice
# (a msgid: pages show it with ``{% translate %}``); such dates stay unverified.
OPERATOR_SET = gettext_noop("set for this round by the platform operator")


def round_date(round: Round, key: str, adcode: str = "000000") -> RoundDate:
    """A date of the round for a region: the round's override, else the packaged calendar."""
    override = (round.date_overrides or {}).get(key)
    if override:
        return RoundDate(
            key=key,
            date=dt.date.fromisoformat(str(override)),
            source=round.override_source or OPERATOR_SET,
            status="verified" if round.override_source else "unverified",
            region="round",
        )
    resolved = calendar_for(round.year).resolve(key, adcode)
    return RoundDate(
        key=key,
        date=resolved.value.date,
        source=resolved.value.source,
        status=resolved.value.status,
        region=resolved.region_name,
    )


def round_dates(round: Round, adcode: str = "000000") -> list[RoundDate]:
    out = []
    for key in CALENDAR_KEYS:
        try:
            out.append(round_date(round, key, adcode))
        except NotFoundError:
            continue
    return out


@transaction.atomic
def round_create(
    *,
    actor: Any,
    year: int,
    kind: UnitKind | str,
    level: ListLevel | str = ListLevel.NATIONAL,
    name: str = "",
    date_overrides: Mapping[str, str] | None = None,
    override_source: str = "",
) -> Round:
    """Open an annual round (national authority or admin; ``actor=None`` on the command line)."""
    if actor is not None and actor_role(actor) not in (Role.NATIONAL, Role.ADMIN):
        raise PermissionDeniedError(
            action="open a round", reason="only the national authority opens rounds"
        )
    kind = UnitKind(kind)
    if kind is UnitKind.PRODUCT:
        raise InvalidValueError(
            where="", field="kind", value=kind.value, expected="factory, park or supply_chain"
        )
    overrides = {str(k): str(v) for k, v in (date_overrides or {}).items()}
    for key, value in overrides.items():
        if key not in CALENDAR_KEYS:
            raise InvalidValueError(
                where="", field="date_overrides", value=key, expected=", ".join(CALENDAR_KEYS)
            )
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise InvalidValueError(
                where="", field=key, value=value, expected="a date YYYY-MM-DD"
            ) from None
    missing = []
    for key in CALENDAR_KEYS:
        if key in overrides:
            continue
        try:
            calendar_for(year).resolve(key)
        except NotFoundError:
            missing.append(key)
    if missing:
        raise MissingValueError(
            where="",
            field=", ".join(missing),
            expected=f"dates for {year} (no packaged calendar for that year)",
        )
    if Round.objects.filter(year=year, kind=kind.value, level=ListLevel(level).value).exists():
        raise DuplicateError(kind="Round", key=f"{year} {kind.value}", detail="")
    rnd = Round(
        year=year,
        kind=kind.value,
        level=ListLevel(level).value,
        name=name or f"{year} {kind.value}",
        date_overrides=overrides,
        override_source=override_source,
    )
    rnd.full_clean()
    rnd.save()
    return rnd
