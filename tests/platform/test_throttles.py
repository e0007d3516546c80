"""Throttles and login limits (issue 14): every API endpoint per anonymous client and per
token, logins per address across accounts and per account across addresses, all counted
in Django's configured cache."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from greenmfg.core.domain import Role
from greenmfg.platform.api.api import api
from greenmfg.platform.api.auth import api_token_create
from tests.platform.conftest import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.throttle]

LOGIN = reverse("accounts:login")


def test_every_api_endpoint_is_throttled(
    client: Client, settings: Any, make_user: Callable[..., Any]
) -> None:
    """Each operation of the OpenAPI document: at 1 request a minute, the second request
    is refused, anonymous or (where the endpoint needs one) with a token; the throttle
    runs before the view."""
    settings.GREENMFG_API_RATE_ANON = "1/min"
    settings.GREENMFG_API_RATE_TOKEN = "1/min"
    user = make_user(Role.NATIONAL, username="erp")
    paths = api.get_openapi_schema()["paths"]
    assert len(paths) >= 5
    for n, (path, operations) in enumerate(sorted(paths.items())):
        url = re.sub(r"\{[^}]+\}", "1", path)
        for method in operations:
            call = getattr(client, method)
            address = f"10.3.{n}.{len(method)}"
            call(url, REMOTE_ADDR=address)
            second = call(url, REMOTE_ADDR=address)
            if second.status_code == 401:  # needs a token: its own count
                _row, token = api_token_create(actor=None, user=user, name=f"client {n}")
                bearer = f"Bearer {token}"
                call(url, REMOTE_ADDR=address, HTTP_AUTHORIZATION=bearer)
                second = call(url, REMOTE_ADDR=address, HTTP_AUTHORIZATION=bearer)
            assert second.status_code == 429, (method, url, second.status_code)


def test_anonymous_clients_are_throttled_per_address(client: Client, settings: Any) -> None:
    settings.GREENMFG_API_RATE_ANON = "5/min"
    for _ in range(5):
        assert client.get("/api/v1/lists").status_code == 200
    refused = client.get("/api/v1/lists")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    # another address has its own count; a forged X-Forwarded-For does not help
    assert client.get("/api/v1/lists", REMOTE_ADDR="10.0.0.2").status_code == 200
    assert client.get("/api/v1/lists", HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_tokens_are_throttled_per_token(
    client: Client, settings: Any, make_user: Callable[..., Any]
) -> None:
    settings.GREENMFG_API_RATE_ANON = "1/min"
    settings.GREENMFG_API_RATE_TOKEN = "3/min"
    user = make_user(Role.NATIONAL, username="erp")
    _row, first = api_token_create(actor=None, user=user, name="ERP")
    _row, second = api_token_create(actor=None, user=user, name="BI")
    for _ in range(3):
        response = client.get("/api/v1/lists", HTTP_AUTHORIZATION=f"Bearer {first}")
        assert response.status_code == 200
    assert client.get("/api/v1/lists", HTTP_AUTHORIZATION=f"Bearer {first}").status_code == 429
    # the second token of the same account counts apart
    assert client.get("/api/v1/lists", HTTP_AUTHORIZATION=f"Bearer {second}").status_code == 200


def test_the_counts_live_in_the_configured_cache(client: Client, settings: Any) -> None:
    settings.GREENMFG_API_RATE_ANON = "2/min"
    client.get("/api/v1/lists")
    keys = [k for k in cache._cache if "api-anon" in k]  # type: ignore[attr-defined]
    assert keys, "the throttle wrote nothing to django.core.cache"
    cache.clear()  # e.g. Redis flushed: the count starts again
    assert client.get("/api/v1/lists").status_code == 200


def _fail(client: Client, username: str, **extra: Any) -> Any:
    return client.post(LOGIN, {"username": username, "password": "wrong-password-1"}, **extra)


def test_guessing_across_accounts_from_one_address_locks_the_address(
    client: Client, settings: Any, make_user: Callable[..., Any]
) -> None:
    settings.GREENMFG_LOGIN_IP_LIMIT = 20
    users = [make_user(Role.MUNICIPAL, "320500", username=f"official{i}") for i in range(8)]
    for user in users[:5]:  # 4 wrong passwords on each of 5 accounts: 20 failures
        for _ in range(4):
            assert _fail(client, user.username).status_code == 200
    # the address is locked now, for an untouched account and a right password too
    locked = client.post(LOGIN, {"username": users[7].username, "password": PASSWORD})
    assert locked.status_code == 429
    assert b'data-testid="locked"' in locked.content
    # another address still logs in
    other = Client(REMOTE_ADDR="10.0.0.7")
    assert (
        other.post(LOGIN, {"username": users[7].username, "password": PASSWORD}).status_code == 302
    )


def test_guessing_one_account_from_many_addresses_locks_the_account(
    settings: Any, make_user: Callable[..., Any]
) -> None:
    settings.GREENMFG_LOGIN_ACCOUNT_LIMIT = 10
    make_user(Role.MUNICIPAL, "320500", username="target")
    for i in range(10):  # 10 addresses, one failure each: axes' per-pair lock never fires
        assert _fail(Client(REMOTE_ADDR=f"10.1.0.{i}"), "target").status_code == 200
    fresh = Client(REMOTE_ADDR="10.2.0.1")
    locked = fresh.post(LOGIN, {"username": "target", "password": PASSWORD})
    assert locked.status_code == 429
    # other accounts are not affected
    make_user(Role.MUNICIPAL, "320500", username="bystander")
    assert fresh.post(LOGIN, {"username": "bystander", "password": PASSWORD}).status_code == 302


def test_the_count_is_one_number_per_window(client: Client, settings: Any) -> None:
    """The cache holds a counter per client and window, not a list of request times that
    grows with the rate."""
    settings.GREENMFG_API_RATE_ANON = "1000/min"
    for _ in range(30):
        assert client.get("/api/v1/lists").status_code == 200
    keys = [k for k in cache._cache if "api-anon" in k]  # type: ignore[attr-defined]
    assert len(keys) == 2  # the window's start and its count
    values = sorted(cache.get(k.split(":", 2)[2]) for k in keys)
    assert values[0] == 30 and values[1] > 10**9  # 30 requests; a time stamp


def test_the_api_throttles_can_be_turned_off(client: Client, settings: Any) -> None:
    settings.GREENMFG_API_RATE_ANON = "1/min"
    settings.GREENMFG_OBJECTION_RATE = "1/hour"
    settings.GREENMFG_API_THROTTLE = "off"
    for _ in range(5):
        assert client.get("/api/v1/lists").status_code == 200
    settings.GREENMFG_API_THROTTLE = "on"  # the default
    assert client.get("/api/v1/lists").status_code == 200
    assert client.get("/api/v1/lists").status_code == 429
