from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from greenmfg.core.domain import Role
from greenmfg.platform.api.auth import api_token_create, api_token_revoke

pytestmark = pytest.mark.django_db


@pytest.fixture
def listed(make_enterprise: Callable[..., Any], make_listing: Callable[..., Any]) -> list[Any]:
    a = make_enterprise(adcode="320500", name="苏州甲厂")
    b = make_enterprise(adcode="330100", name="杭州乙厂")
    make_listing(a, level="national", year=2024)
    make_listing(a, level="provincial", year=2023)
    make_listing(b, level="national", year=2024)
    return [a, b]


def test_lists_are_filtered_and_paginated(client: Client, listed: list[Any]) -> None:
    body = client.get("/api/v1/lists", {"level": "national", "year": 2024}).json()
    assert body["count"] == 2 and len(body["items"]) == 2
    body = client.get("/api/v1/lists", {"province": "320000"}).json()
    assert body["count"] == 2 and {i["level"] for i in body["items"]} == {"national", "provincial"}
    page = client.get("/api/v1/lists", {"page": 2, "page_size": 2}).json()
    assert page["count"] == 3 and len(page["items"]) == 1


def test_bad_filters_are_problem_json(client: Client) -> None:
    response = client.get("/api/v1/lists", {"level": "galactic", "page_size": 1000})
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert {tuple(e["loc"])[-1] for e in body["errors"]} == {"level", "page_size"}


def test_unit_history_and_unknown_unit(client: Client, listed: list[Any]) -> None:
    body = client.get(f"/api/v1/units/{listed[0].uscc}").json()
    assert body["name"] == "苏州甲厂" and [entry["year"] for entry in body["listings"]] == [
        2023,
        2024,
    ]
    missing = client.get("/api/v1/units/91320500MA0000000X")
    assert missing.status_code == 404 and missing["Content-Type"] == "application/problem+json"


def test_application_status_needs_a_token_and_is_scoped(
    client: Client,
    draft: Any,
    applicant: Any,
    make_user: Callable[..., Any],
    make_enterprise: Callable[..., Any],
) -> None:
    url = f"/api/v1/applications/{draft.pk}"
    anonymous = client.get(url)
    assert anonymous.status_code == 401 and anonymous["Content-Type"] == "application/problem+json"
    _, raw = api_token_create(actor=applicant, user=applicant, name="ERP")
    ok = client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert ok.status_code == 200
    body = ok.json()
    assert (
        body["state"] == "draft"
        and body["state_zh"] == "草稿"
        and body["history"][0]["event"] == "create"
    )
    other = make_user(Role.ENTERPRISE, enterprise=make_enterprise(adcode="320500"))
    _, other_raw = api_token_create(actor=None, user=other, name="x")
    assert client.get(url, HTTP_AUTHORIZATION=f"Bearer {other_raw}").status_code == 404
    assert client.get(url, HTTP_AUTHORIZATION="Bearer gm_forged").status_code == 401


def test_a_revoked_token_no_longer_works(client: Client, draft: Any, applicant: Any) -> None:
    row, raw = api_token_create(actor=applicant, user=applicant, name="ERP")
    api_token_revoke(actor=applicant, token=row)
    assert client.get("/api/v1/applications", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_the_session_also_authenticates(client: Client, draft: Any, applicant: Any) -> None:
    client.force_login(applicant)
    body = client.get("/api/v1/applications").json()
    assert body["count"] == 1 and body["items"][0]["id"] == draft.pk


def test_a_user_creates_uses_and_revokes_a_token_on_the_page(
    client: Client, draft: Any, applicant: Any
) -> None:
    import re

    client.force_login(applicant)
    page = client.post("/workflow/api-tokens/", {"name": "ERP"}).content.decode()
    token = re.search(r"(gm_[A-Za-z0-9_-]{20,})", page).group(1)
    machine = Client()
    assert (
        machine.get(
            f"/api/v1/applications/{draft.pk}", HTTP_AUTHORIZATION=f"Bearer {token}"
        ).status_code
        == 200
    )
    from greenmfg.platform.api.models import ApiToken

    row = ApiToken.objects.get()
    assert row.last_used_at is not None and token not in str(row.__dict__)
    client.post("/workflow/api-tokens/", {"revoke": str(row.pk)})
    assert (
        machine.get(
            f"/api/v1/applications/{draft.pk}", HTTP_AUTHORIZATION=f"Bearer {token}"
        ).status_code
        == 401
    )
