"""/api/v1/lists reads its pages from an index in the list's order, for every filter
combination the endpoint accepts: the query plan has no sort step, on SQLite (``EXPLAIN
QUERY PLAN`` without a temporary B-tree) and on PostgreSQL (``EXPLAIN`` without a Sort
node; sequential scans and sorts priced out, as at national size)."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
from django.db import connection, transaction

from greenmfg.platform.api.pagination import seek_q
from greenmfg.platform.workflow import selectors

pytestmark = pytest.mark.django_db

FILTERS = {"level": "provincial", "year": 2023, "province": "32", "kind": "product"}
COMBINATIONS = [
    dict(zip(keys, (FILTERS[k] for k in keys), strict=True))
    for n in range(len(FILTERS) + 1)
    for keys in itertools.combinations(FILTERS, n)
]


def _plan(queryset: Any) -> str:
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for setting in ("enable_seqscan", "enable_bitmapscan", "enable_sort"):
                cursor.execute(f"SET LOCAL {setting} = off")
            cursor.execute("EXPLAIN " + sql, params)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


@pytest.mark.parametrize("filters", COMBINATIONS, ids=[",".join(c) or "none" for c in COMBINATIONS])
def test_every_filter_combination_pages_without_a_sort(filters: dict[str, Any]) -> None:
    rows = selectors.published_list(**filters)
    after = seek_q(selectors.PUBLISHED_ORDER, [2023, "municipal", "factory", "320500", 5])
    for queryset in (rows[25:51], rows.filter(after)[:26]):  # an offset page, a cursor page
        plan = _plan(queryset)
        assert "registry_listing_public" in plan, plan
        if connection.vendor == "postgresql":
            assert "Sort" not in plan, plan
        else:
            assert "TEMP B-TREE" not in plan, plan
