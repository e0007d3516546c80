"""Visitors' public pages and anonymous API answers from the shared cache (issue 12):
served without a query once cached, with the visitor's own CSRF token, never older than
the last registry write, never for a signed-in user, and still throttled."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from greenmfg.core.domain import ListLevel, Role

pytestmark = pytest.mark.django_db

TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')


@pytest.fixture
def listed(make_enterprise: Callable[..., Any], make_listing: Callable[..., Any]) -> Any:
    unit = make_enterprise(adcode="320500", name="苏州绿色水泥厂")
    make_listing(unit, level=ListLevel.NATIONAL, year=2023)
    return unit


@pytest.mark.parametrize(
    "path",
    ["/", "/?name=%E6%B0%B4%E6%B3%A5", "/units/{uscc}/", "/api/v1/lists", "/api/v1/units/{uscc}"],
)
def test_a_visitors_second_request_runs_no_query(client: Client, listed: Any, path: str) -> None:
    url = path.format(uscc=listed.uscc)
    first = client.get(url)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        second = client.get(url)
    assert second.status_code == 200
    assert len(queries.captured_queries) == 0, [q["sql"] for q in queries.captured_queries]
    if url.startswith("/api/"):
        assert second.content == first.content
    else:
        assert "苏州绿色水泥厂".encode() in second.content


def test_each_visitor_gets_its_own_csrf_token(listed: Any) -> None:
    """The language switch (a POST form) works from a cached page."""
    Client().get("/")  # cached by another visitor
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/")
    match = TOKEN.search(page.content)
    assert match is not None and b"__greenmfg_csrf" not in page.content
    switched = visitor.post(
        "/i18n/setlang/",
        {"language": "en", "next": "/", "csrfmiddlewaretoken": match.group(1).decode()},
    )
    assert switched.status_code == 302
    assert b"Green factory" in visitor.get("/").content  # the English page


def test_a_registry_write_shows_at_once(
    client: Client,
    listed: Any,
    make_enterprise: Callable[..., Any],
    make_listing: Callable[..., Any],
) -> None:
    assert "无锡绿色钢铁厂".encode() not in client.get("/").content
    assert client.get("/api/v1/lists").json()["count"] == 1
    make_listing(make_enterprise(adcode="320200", name="无锡绿色钢铁厂"), year=2024)
    assert "无锡绿色钢铁厂".encode() in client.get("/").content
    assert client.get("/api/v1/lists").json()["count"] == 2


def test_signed_in_users_are_never_served_a_cached_page(
    listed: Any, make_user: Callable[..., Any]
) -> None:
    Client().get("/")
    official = Client()
    official.force_login(make_user(Role.MUNICIPAL, "320500", username="suzhou"))
    with CaptureQueriesContext(connection) as queries:
        page = official.get("/")
    assert len(queries.captured_queries) > 0
    assert b'data-testid="current-user"' in page.content


def test_the_cache_can_be_turned_off(client: Client, listed: Any, settings: Any) -> None:
    settings.GREENMFG_PUBLIC_CACHE = "off"
    client.get("/api/v1/lists")
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/lists")
    assert len(queries.captured_queries) > 0


@pytest.mark.throttle
def test_cached_answers_still_count_against_the_throttle(
    client: Client, listed: Any, settings: Any
) -> None:
    settings.GREENMFG_API_RATE_ANON = "2/min"
    assert client.get("/api/v1/lists").status_code == 200
    assert client.get("/api/v1/lists").status_code == 200  # from the cache
    assert client.get("/api/v1/lists").status_code == 429
