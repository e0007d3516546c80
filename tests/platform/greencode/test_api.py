from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client

from greenmfg.core.domain import Role
from greenmfg.platform.greencode.models import GreenCode
from greenmfg.platform.greencode.services import green_codes_grade

YEAR = 2024


@pytest.fixture(autouse=True)
def _setup(monkeypatch: Any, settings: Any) -> None:
    from django.core.cache import cache
    from django.utils import timezone

    cache.clear()
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: dt.date(YEAR + 1, 8, 1))


@pytest.fixture
def token(make_user: Any, make_enterprise: Any) -> str:
    from greenmfg.platform.api.auth import api_token_create

    # a buyer's machine client (an enterprise account checking its suppliers)
    bank = make_user(Role.ENTERPRISE, username="buyer", enterprise=make_enterprise())
    _, raw = api_token_create(actor=None, user=bank, name="green credit")
    return raw


@pytest.fixture
def graded(population: Any) -> tuple[list[Any], list[Any]]:
    units, inputs = population(graded=20, nonfilers=1)
    green_codes_grade(actor=None, year=YEAR, units=units, inputs=inputs)
    return units, inputs


def _get(client: Client, uscc: str, token: str | None) -> Any:
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return client.get(f"/api/v1/green-codes/{uscc}", **headers)


def test_returns_grade_year_industry_rank_and_validity(
    client: Client, graded: Any, token: str
) -> None:
    code = GreenCode.objects.select_related("enterprise").get(rank_overall=1)
    response = _get(client, code.enterprise.uscc, token)
    assert response.status_code == 200
    body = response.json()
    assert body["grade"] == "A+"
    assert body["year"] == YEAR
    assert body["rank_in_industry"] == code.rank_industry
    assert body["industry_size"] == code.industry_size
    assert body["valid_from"] == f"{YEAR + 1}-05-15"
    assert body["valid_until"] == f"{YEAR + 2}-05-14"
    assert body["method_status"] == "unverified"


def test_token_is_required(client: Client, graded: Any) -> None:
    units, _ = graded
    assert _get(client, units[0].uscc, None).status_code == 401
    response = _get(client, units[0].uscc, "gm_wrong")
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert "grade" not in response.json()


def test_unknown_or_codeless_uscc_is_the_same_404_problem(
    client: Client, graded: Any, token: str
) -> None:
    units, inputs = graded
    nonfiler = next(u for u, i in zip(units, inputs, strict=True) if not i.filed)
    unknown = _get(client, "91320500MA1XXXXXX0", token)
    codeless = _get(client, nonfiler.uscc, token)
    assert unknown.status_code == codeless.status_code == 404
    assert unknown["Content-Type"] == "application/problem+json"
    a, b = unknown.json(), codeless.json()
    assert a["detail"] == b["detail"] and a["type"] == b["type"]
    assert nonfiler.name not in codeless.content.decode()


def test_rate_limited_per_token(client: Client, graded: Any, token: str, settings: Any) -> None:
    settings.GREENMFG_GREENCODE_RATE_PER_MINUTE = 3
    units, _ = graded
    code = GreenCode.objects.select_related("enterprise").first()
    assert code is not None
    statuses = [_get(client, code.enterprise.uscc, token).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    limited = _get(client, units[0].uscc, token)
    assert limited.status_code == 429
    assert limited["Content-Type"] == "application/problem+json"
