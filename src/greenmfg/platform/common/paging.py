"""Paging at national size for pages and endpoints.

- :func:`cached_count`: an exact count, cached for a short while per query, so a busy list
  does not count 10^5 rows on every request;
- :class:`SeekPaginator`: Django's ``Paginator`` with that count and a two-step page read —
  the page's ids first, from the ordering index alone (no join, no sort when the order is
  an index), then those rows with their related objects.  A deep page then costs an index
  walk, not a join and sort of everything before it.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.functional import cached_property

COUNT_TTL = 120


def cached_count(queryset: QuerySet[Any], ttl: int = COUNT_TTL, version: str = "") -> int:
    """The queryset's exact row count, cached ``ttl`` seconds under a key of its SQL and
    ``version`` (a token that changes when the counted rows change, where there is one)."""
    try:
        sql, params = queryset.order_by().query.sql_with_params()
    except EmptyResultSet:  # ``.none()``: nothing to count
        return 0
    key = "count:" + hashlib.sha256(repr((sql, params, version)).encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = queryset.order_by().count()
        cache.set(key, found, ttl)
    return int(found)


class SeekPaginator(Paginator):  # type: ignore[type-arg]
    """A ``Paginator`` over an ordered queryset: cached count, ids first, then rows."""

    object_list: QuerySet[Any]

    def __init__(self, object_list: QuerySet[Any], per_page: int, *, version: str = "") -> None:
        super().__init__(object_list, per_page)
        self.version = version

    @cached_property
    def count(self) -> int:
        return cached_count(self.object_list, version=self.version)

    def page(self, number: Any) -> Page:  # type: ignore[type-arg]
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        ordered = self.object_list
        ids = list(
            ordered.select_related(None).values_list("pk", flat=True)[
                bottom : bottom + self.per_page
            ]
        )
        rows = {
            row.pk: row
            for row in ordered.model._default_manager.filter(pk__in=ids).select_related(
                *_related(ordered)
            )
        }
        return Page([rows[pk] for pk in ids if pk in rows], number, self)


def _related(queryset: QuerySet[Any]) -> list[str]:
    """The ``select_related`` paths of ``queryset`` (as given to it)."""
    wanted = queryset.query.select_related
    out: list[str] = []

    def walk(tree: Any, prefix: str) -> None:
        if not isinstance(tree, dict):
            return
        for name, sub in tree.items():
            path = f"{prefix}{name}"
            out.append(path)
            walk(sub, f"{path}__")

    walk(wanted, "")
    return out
