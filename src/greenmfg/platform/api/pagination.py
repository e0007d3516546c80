"""Paging of list endpoints at national size: a django-ninja ``PaginationBase``.

``KeysetPagination(ordering=(...))`` pages a queryset in a fixed, indexed order:

- ``?page=N&page_size=S`` for the first pages (offset paging, up to ``MAX_OFFSET`` rows);
- ``?cursor=…`` for any depth: the opaque ``next`` value of the previous answer, which
  resumes right after the last row it returned (a seek on the ordering columns, so page
  100,000 costs what page 1 costs).

The answer is ``{count, page, page_size, next, items}``.  ``count`` is exact but cached for
``COUNT_TTL`` seconds per query, so a busy list does not count every row on each request.

Bad paging input gets a 4xx problem answer, never a 500: a page past the end (404), an
offset beyond ``MAX_OFFSET`` (400, use the cursor), a malformed cursor (400: not one this
API gave out, a position of the wrong type, out of range or with a NUL), a page number
that does not fit the database (422 from the schema's bounds).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable
from typing import Any

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.errors import HttpError
from ninja.pagination import PaginationBase

from greenmfg.platform.common.paging import COUNT_TTL, cached_count

MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 25
MAX_OFFSET = 10_000
"""Offset paging stops here: deeper rows are reached through the ``next`` cursor."""
MAX_PAGE = MAX_OFFSET + 1
MAX_CURSOR_LENGTH = 512


class CursorError(HttpError):
    def __init__(self, detail: str) -> None:
        super().__init__(
            400, f"Malformed cursor: {detail}. Use the `next` value of a previous page."
        )


def _field(spec: str) -> tuple[str, bool]:
    """(field name, descending) of an ``order_by`` term."""
    return (spec[1:], True) if spec.startswith("-") else (spec, False)


def encode_cursor(values: list[Any]) -> str:
    raw = json.dumps(values, separators=(",", ":"), ensure_ascii=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str, ordering: tuple[str, ...], types: tuple[type, ...]) -> list[Any]:
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise CursorError("it is longer than any cursor this API gives out")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw.decode())
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise CursorError("it is not a cursor this API gave out") from None
    if not isinstance(values, list) or len(values) != len(ordering):
        raise CursorError(f"expected {len(ordering)} position values")
    for spec, kind, value in zip(ordering, types, values, strict=True):
        name = _field(spec)[0]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise CursorError(
                f"position `{name}` should be {'a number' if kind is int else 'a string'}"
            )
        if isinstance(value, int) and not -(2**63) <= value < 2**63:
            raise CursorError(f"position `{name}` is out of range")
        if isinstance(value, str) and "\x00" in value:
            raise CursorError(f"position `{name}` has a NUL character")
    return values


def seek_q(ordering: tuple[str, ...], values: list[Any]) -> Q:
    """The rows strictly after ``values`` in ``ordering`` (lexicographic, mixed directions):
    (a > x) | (a = x & b > y) | (a = x & b = y & c > z) …"""
    q = Q()
    equal: dict[str, Any] = {}
    for spec, value in zip(ordering, values, strict=True):
        name, descending = _field(spec)
        q |= Q(**equal, **{f"{name}__{'lt' if descending else 'gt'}": value})
        equal[name] = value
    return q


class KeysetPagination(PaginationBase):
    """Offset paging for the first pages, keyset (seek) paging through ``cursor`` beyond."""

    class Input(Schema):
        page: int | None = Field(
            None,
            ge=1,
            le=MAX_PAGE,
            description=f"1-based page number (offset paging, up to row {MAX_OFFSET:,}); "
            "leave out when following `cursor`",
        )
        page_size: int = Field(
            DEFAULT_PAGE_SIZE,
            ge=1,
            le=MAX_PAGE_SIZE,
            description=f"items per page (1–{MAX_PAGE_SIZE})",
        )
        cursor: str | None = Field(
            None,
            max_length=MAX_CURSOR_LENGTH,
            description="the `next` value of the previous page: continues right after it",
        )

    class Output(Schema):
        count: int = Field(description=f"matching items (refreshed every {COUNT_TTL} s)")
        page: int | None
        page_size: int
        next: str | None = Field(description="cursor of the following page, if any")
        items: list[Any]

    def __init__(
        self,
        *,
        ordering: tuple[str, ...] = ("pk",),
        types: tuple[type, ...] = (int,),
        version: Callable[[], str] | None = None,
        **kw: Any,
    ) -> None:
        if len(ordering) != len(types):
            raise ValueError("one type per ordering field")
        self.ordering = ordering
        self.types = types
        self.version = version
        super().__init__(**kw)

    def _position(self, row: Any) -> list[Any]:
        return [getattr(row, _field(spec)[0]) for spec in self.ordering]

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        size = int(pagination.page_size)
        ordered = queryset.order_by(*self.ordering)
        if pagination.cursor is not None and pagination.page is not None:
            raise HttpError(400, "Give either `page` or `cursor`, not both.")
        page: int | None
        if pagination.cursor is not None:
            values = decode_cursor(pagination.cursor, self.ordering, self.types)
            rows = list(ordered.filter(seek_q(self.ordering, values))[: size + 1])
            page = None
        else:
            page = int(pagination.page or 1)
            offset = (page - 1) * size
            if offset >= MAX_OFFSET:
                raise HttpError(
                    400,
                    f"Page {page} starts past row {MAX_OFFSET:,}: page deeper through the "
                    "`next` cursor of the previous page.",
                )
            rows = list(ordered[offset : offset + size + 1])
        count = cached_count(queryset, version=self.version() if self.version else "")
        if not rows and page is not None and page > 1:
            last = max(1, -(-count // size))
            raise HttpError(
                404, f"Page {page} is past the end: {count:,} items make {last:,} page(s)."
            )
        more = len(rows) > size
        rows = rows[:size]
        return {
            "count": count,
            "page": page,
            "page_size": size,
            "next": encode_cursor(self._position(rows[-1])) if more and rows else None,
            "items": rows,
        }
