"""Bad input to the public list page and /api/v1/lists: a clear 4xx, never a 500 — page
numbers past the end or beyond any integer a database holds, malformed cursors of every
kind, and a search longer than any name."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db

HUGE = str(10**30)


@pytest.fixture
def listed(make_enterprise: Callable[..., Any], make_listing: Callable[..., Any]) -> None:
    cache.clear()
    for i in range(3):
        make_listing(make_enterprise(name=f"苏州新能源科技{i}有限公司"), year=2022 + i)


def _cursor(value: Any) -> str:
    raw = json.dumps(value).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"page": "2"}, 404),  # past the end: one page of results
        ({"page": HUGE}, 404),
        ({"page": "-" + HUGE}, 404),
        ({"page": "-1"}, 404),
        ({"page": "0"}, 404),
        ({"page": "abc"}, 400),
        ({"page": "1.5"}, 400),
        ({"page": "1e400"}, 400),
        ({"page": "nan"}, 400),
        ({"page": ""}, 200),
        ({"name": "新能源" * 3334}, 400),  # 10,002 characters
        ({"name": "x" * 10_000, "page": HUGE}, 400),
        ({"name": "a\x00b"}, 400),
        ({"uscc": "9" * 10_000}, 400),
        ({"year": HUGE}, 200),  # a year that is not a list year is not a filter
        ({"year": "abc"}, 200),
        ({"province": "99" * 5000}, 200),
    ],
)
def test_public_list_answers_bad_input_with_a_4xx(
    client: Client, listed: None, params: dict[str, str], status: int
) -> None:
    response = client.get("/", params)
    assert response.status_code == status, response.content[:300]


def test_public_list_names_the_last_page(client: Client, listed: None) -> None:
    response = client.get("/", {"page": HUGE})
    assert response.status_code == 404
    assert "1" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"page": 2}, 404),
        ({"page": HUGE}, 422),
        ({"page": "-1"}, 422),
        ({"page": "abc"}, 422),
        ({"page_size": HUGE}, 422),
        ({"page_size": "-1"}, 422),
        ({"year": HUGE}, 422),
        ({"year": "abc"}, 422),
        ({"province": "x" * 10_000}, 422),
        ({"kind": "park\x00"}, 422),
        ({"level": "national' OR 1=1 --"}, 422),
        ({"cursor": "garbage!!"}, 400),
        ({"cursor": _cursor([2023, "national", "factory", "320500", 5])[:-3]}, 400),
        ({"cursor": _cursor([2023, "national", "factory", "320500", 5])[:-1]}, 400),
        ({"cursor": "A"}, 400),
        ({"cursor": ""}, 400),
        ({"cursor": base64.urlsafe_b64encode(b"\xff\xfe\x00").decode()}, 400),
        ({"cursor": _cursor({"year": 2023})}, 400),
        ({"cursor": _cursor("2023")}, 400),
        ({"cursor": _cursor(None)}, 400),
        ({"cursor": _cursor([2023, "national"])}, 400),
        ({"cursor": _cursor(["2023", "national", "factory", "320500", 5])}, 400),
        ({"cursor": _cursor([2023.5, "national", "factory", "320500", 5])}, 400),
        ({"cursor": _cursor([True, "national", "factory", "320500", 5])}, 400),
        ({"cursor": _cursor([2023, 1, "factory", "320500", 5])}, 400),
        ({"cursor": _cursor([2023, "national", "factory", "320500", [5]])}, 400),
        ({"cursor": _cursor([10**30, "national", "factory", "320500", 5])}, 400),
        ({"cursor": _cursor([2023, "national", "factory", "320500", -(10**30)])}, 400),
        ({"cursor": _cursor([2023, "national\x00", "factory", "320500", 5])}, 400),
        ({"cursor": "x" * 10_000}, 422),
    ],
)
def test_api_list_answers_bad_input_with_a_4xx(
    client: Client, listed: None, params: dict[str, Any], status: int
) -> None:
    response = client.get("/api/v1/lists", params)
    assert response.status_code == status, response.content[:300]
    assert response["Content-Type"] == "application/problem+json"


def test_a_cursor_of_the_largest_integers_a_database_holds_still_pages(
    client: Client, listed: None
) -> None:
    top = 2**63 - 1
    body = client.get("/api/v1/lists", {"cursor": _cursor([2100, "zz", "zz", "999999", top])})
    assert body.status_code == 200
    assert len(body.json()["items"]) == 3
