"""Public lists, listing histories and application status (django-ninja, under /api/v1)."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from pydantic import Field

from greenmfg.core.workflow.machine import STATES, State
from greenmfg.platform.api.auth import TOKEN_OR_SESSION
from greenmfg.platform.api.pagination import Page, PageParams, paginate
from greenmfg.platform.registry import selectors as registry_selectors
from greenmfg.platform.registry.models import Enterprise, Listing
from greenmfg.platform.workflow import selectors

PREFIX = "/"
router = Router(tags=["lists and applications"])


class ListingOut(Schema):
    kind: str
    level: str
    year: int
    batch: str
    uscc: str
    name: str
    adcode: str
    listed_on: dt.date
    removed_on: dt.date | None = None
    removal_reason: str = ""


def _listing_out(row: Listing) -> dict[str, Any]:
    unit = row.enterprise or row.park
    if unit is None and row.product is not None:
        unit = row.product.enterprise
    return {
        "kind": row.kind,
        "level": row.level,
        "year": row.year,
        "batch": row.batch,
        "uscc": getattr(unit, "uscc", ""),
        "name": row.product.name if row.product else getattr(unit, "name", ""),
        "adcode": row.adcode,
        "listed_on": row.listed_on,
        "removed_on": row.removed_on,
        "removal_reason": row.removal_reason,
    }


class ListFilter(Schema):
    level: Literal["municipal", "provincial", "national"] | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    province: str | None = Field(
        None, pattern=r"^\d{2}(0000)?$", description="2-digit or xx0000 province code"
    )
    kind: Literal["factory", "park", "supply_chain", "product"] | None = None


@router.get("lists", response=Page[ListingOut], summary="Published green manufacturing lists")
def lists(
    request: HttpRequest, filters: Query[ListFilter], page: Query[PageParams]
) -> dict[str, Any]:
    qs = selectors.published_list(
        level=filters.level, year=filters.year, province=filters.province, kind=filters.kind
    )
    result = paginate(qs, page)
    result["items"] = [_listing_out(r) for r in result["items"]]
    return result


class UnitHistoryOut(Schema):
    uscc: str
    name: str
    adcode: str
    kind: Literal["enterprise", "park"]
    listings: list[ListingOut]


@router.get("units/{uscc}", response=UnitHistoryOut, summary="Listing history of a unit")
def unit_history(request: HttpRequest, uscc: str) -> dict[str, Any]:
    unit = registry_selectors.unit_get(actor=request.user, uscc=uscc)
    return {
        "uscc": unit.uscc,
        "name": unit.name,
        "adcode": unit.adcode,
        "kind": "enterprise" if isinstance(unit, Enterprise) else "park",
        "listings": [_listing_out(r) for r in selectors.listing_history(unit)],
    }


class TransitionOut(Schema):
    sequence: int
    at: dt.datetime
    event: str
    from_state: str
    to_state: str
    reason: str
    hash: str


class ApplicationOut(Schema):
    id: int
    round: str
    year: int
    kind: str
    uscc: str
    name: str
    state: str
    state_zh: str
    state_en: str
    version: int
    submitted_at: dt.datetime | None
    rejection_reason: str
    publicity_end: dt.date | None
    history: list[TransitionOut]


def _application_out(app: Any) -> dict[str, Any]:
    info = STATES[State(app.state)]
    unit = app.unit
    return {
        "id": app.pk,
        "round": app.round.name,
        "year": app.round.year,
        "kind": app.kind,
        "uscc": unit.uscc,
        "name": unit.name,
        "state": app.state,
        "state_zh": info.name_zh,
        "state_en": info.name_en,
        "version": app.version,
        "submitted_at": app.submitted_at,
        "rejection_reason": app.rejection_reason,
        "publicity_end": app.publicity_end,
        "history": list(app.audit_records.order_by("sequence")),
    }


@router.get(
    "applications",
    response=Page[ApplicationOut],
    auth=TOKEN_OR_SESSION,
    summary="Applications visible to the caller",
)
def applications(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    result = paginate(selectors.application_list(actor=request.auth).order_by("pk"), page)  # type: ignore[attr-defined]
    result["items"] = [_application_out(a) for a in result["items"]]
    return result


@router.get(
    "applications/{application_id}",
    response=ApplicationOut,
    auth=TOKEN_OR_SESSION,
    summary="Status of one application",
)
def application_status(request: HttpRequest, application_id: int) -> dict[str, Any]:
    return _application_out(selectors.application_get(actor=request.auth, pk=application_id))  # type: ignore[attr-defined]
