"""Public lists, listing histories and application status (django-ninja, under /api/v1)."""

# No ``from __future__ import annotations``: ninja's ``paginate`` wrapper resolves the
# endpoints' annotations in its own module, so they must be real objects here.

import datetime as dt
from typing import Any, Literal

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import paginate
from pydantic import Field

from greenmfg.core.workflow.machine import STATES, State
from greenmfg.platform.api.answers import public_answer
from greenmfg.platform.api.auth import TOKEN_OR_SESSION
from greenmfg.platform.api.pagination import KeysetPagination
from greenmfg.platform.registry import selectors as registry_selectors
from greenmfg.platform.registry.models import Enterprise, Listing
from greenmfg.platform.registry.snapshots import generation
from greenmfg.platform.workflow import selectors
from greenmfg.platform.workflow.models import AuditRecord

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


def _listing_unit(row: Listing) -> Any:
    unit = row.enterprise or row.park
    if unit is None and row.product is not None:
        unit = row.product.enterprise
    return unit


def _listing_out(row: Listing) -> dict[str, Any]:
    """One listing as the API shows it; ``row`` has its enterprise, park, product and the
    product's enterprise selected (no query per row)."""
    unit = _listing_unit(row)
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


class ListingRowOut(ListingOut):
    """A listing of a paged list, read straight from the row (its units selected)."""

    @staticmethod
    def resolve_uscc(obj: Listing) -> str:
        return str(getattr(_listing_unit(obj), "uscc", ""))

    @staticmethod
    def resolve_name(obj: Listing) -> str:
        if obj.product is not None:
            return obj.product.name
        return str(getattr(_listing_unit(obj), "name", ""))


class ListFilter(Schema):
    level: Literal["municipal", "provincial", "national"] | None = None
    year: int | None = Field(None, ge=2000, le=2100)
    province: str | None = Field(
        None, pattern=r"^\d{2}(0000)?$", description="2-digit or xx0000 province code"
    )
    kind: Literal["factory", "park", "supply_chain", "product"] | None = None


@router.get("lists", response=list[ListingRowOut], summary="Published green manufacturing lists")
@public_answer(generation)
@paginate(
    KeysetPagination,
    ordering=selectors.PUBLISHED_ORDER,
    types=selectors.PUBLISHED_TYPES,
    version=generation,
)
def lists(request: HttpRequest, filters: Query[ListFilter]) -> QuerySet[Listing]:
    return selectors.published_list(
        level=filters.level, year=filters.year, province=filters.province, kind=filters.kind
    )


class UnitHistoryOut(Schema):
    uscc: str
    name: str
    adcode: str
    kind: Literal["enterprise", "park"]
    listings: list[ListingOut]


@router.get("units/{uscc}", response=UnitHistoryOut, summary="Listing history of a unit")
@public_answer(generation)
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
    """One application, read from a row of :func:`_application_rows` (no query per row)."""

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

    @staticmethod
    def resolve_round(obj: Any) -> str:
        return str(obj.round.name)

    @staticmethod
    def resolve_year(obj: Any) -> int:
        return int(obj.round.year)

    @staticmethod
    def resolve_uscc(obj: Any) -> str:
        return str(obj.unit.uscc)

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.unit.name)

    @staticmethod
    def resolve_state_zh(obj: Any) -> str:
        return STATES[State(obj.state)].name_zh

    @staticmethod
    def resolve_state_en(obj: Any) -> str:
        return STATES[State(obj.state)].name_en

    @staticmethod
    def resolve_history(obj: Any) -> list[Any]:
        return list(obj.audit_records.all())


def _application_rows(actor: Any) -> QuerySet[Any]:
    """The actor's applications with round, unit and ordered history fetched in bulk."""
    return selectors.application_list(actor=actor).prefetch_related(
        Prefetch("audit_records", queryset=AuditRecord.objects.order_by("sequence"))
    )


@router.get(
    "applications",
    response=list[ApplicationOut],
    auth=TOKEN_OR_SESSION,
    summary="Applications visible to the caller",
)
@paginate(KeysetPagination, ordering=("pk",), types=(int,))
def applications(request: HttpRequest) -> QuerySet[Any]:
    return _application_rows(request.auth)  # type: ignore[attr-defined]


@router.get(
    "applications/{application_id}",
    response=ApplicationOut,
    auth=TOKEN_OR_SESSION,
    summary="Status of one application",
)
def application_status(request: HttpRequest, application_id: int) -> Any:
    return selectors.application_get(actor=request.auth, pk=application_id)  # type: ignore[attr-defined]
