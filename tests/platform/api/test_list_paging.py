"""Paging of /api/v1/lists at any depth: offset pages, keyset cursors, bad input → 4xx,
and a fixed number of queries per page whatever its length (no query per row)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from greenmfg.platform.registry.models import Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(make_enterprise: Callable[..., Any], make_listing: Callable[..., Any]) -> list[Any]:
    """23 listings of every kind that has an enterprise: factories and design products."""
    cache.clear()
    rows = []
    for i in range(15):
        ent = make_enterprise(adcode="320500" if i % 2 else "330100", name=f"工厂{i:02d}")
        rows.append(make_listing(ent, level="national", year=2022 + i % 3))
        if i < 8:
            product = Product.objects.create(enterprise=ent, name=f"产品{i:02d}", category="家电")
            rows.append(make_listing(product, kind="product", level="national", year=2024))
    return rows


def _walk(client: Client, **params: Any) -> list[tuple[Any, ...]]:
    seen: list[tuple[Any, ...]] = []
    body = client.get("/api/v1/lists", params).json()
    while True:
        seen += [(i["year"], i["level"], i["kind"], i["adcode"], i["name"]) for i in body["items"]]
        if body["next"] is None:
            return seen
        body = client.get("/api/v1/lists", {"cursor": body["next"], "page_size": 4}).json()


def test_cursor_pages_give_every_row_once_in_the_offset_order(client: Client, many: Any) -> None:
    whole = client.get("/api/v1/lists", {"page_size": 100}).json()
    assert whole["count"] == 23 and whole["next"] is None
    expected = [(i["year"], i["level"], i["kind"], i["adcode"], i["name"]) for i in whole["items"]]
    assert [e[0] for e in expected] == sorted((e[0] for e in expected), reverse=True)
    assert _walk(client, page_size=4) == expected
    second = client.get("/api/v1/lists", {"page": 2, "page_size": 4}).json()
    assert [i["name"] for i in second["items"]] == [e[4] for e in expected[4:8]]
    # a product listing names the product and its enterprise's credit code
    product = next(i for i in whole["items"] if i["kind"] == "product")
    assert product["name"].startswith("产品") and product["uscc"]


@pytest.mark.parametrize("size", [1, 5, 23])
def test_a_page_costs_the_same_queries_whatever_its_length(
    client: Client, many: Any, size: int, settings: Any
) -> None:
    settings.GREENMFG_PUBLIC_CACHE = "off"  # the queries of the page itself
    client.get("/api/v1/lists", {"page_size": size})  # counts are cached after this
    with CaptureQueriesContext(connection) as first:
        body = client.get("/api/v1/lists", {"page_size": size}).json()
    assert len(body["items"]) == size
    assert len(first.captured_queries) == 1, [q["sql"] for q in first.captured_queries]
    if body["next"]:
        with CaptureQueriesContext(connection) as deep:
            client.get("/api/v1/lists", {"cursor": body["next"], "page_size": size})
        assert len(deep.captured_queries) <= 2  # the page, and its filtered count once


@pytest.mark.parametrize(
    ("params", "status", "says"),
    [
        ({"page": "99999999999999999999"}, 422, "page"),
        ({"page": 0}, 422, "page"),
        ({"page": 9, "page_size": 25}, 404, "Page 9 is past the end: 23 items make 1 page(s)."),
        ({"page": 500, "page_size": 100}, 400, "starts past row 10,000"),
        ({"cursor": "not a cursor!"}, 400, "Malformed cursor"),
        ({"cursor": "WzEsMl0"}, 400, "expected 5 position values"),  # [1,2]
        ({"cursor": "WyJ4IiwiYSIsImIiLCJjIiwxXQ"}, 400, "`year` should be a number"),
        ({"cursor": "x" * 600}, 422, "cursor"),
        ({"cursor": "WzEsMl0", "page": 2}, 400, "either `page` or `cursor`"),
    ],
)
def test_bad_paging_is_a_clear_4xx(
    client: Client, many: Any, params: dict[str, Any], status: int, says: str
) -> None:
    response = client.get("/api/v1/lists", {"page_size": 25, **params})
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    assert says in response.content.decode()
