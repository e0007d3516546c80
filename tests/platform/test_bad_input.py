"""Bad input gets a clear 4xx, never a 500 (issue 14): the inputs the probe found, the
edge limits behind them (nesting depth, finite numbers, integer ranges), and nothing
half-written by a refused import."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from greenmfg.core import jsonsafe
from greenmfg.core.domain import Role
from greenmfg.platform.filings.models import AccountingRecord, AnnualFiling, FilingEvent
from tests.platform.filings.conftest import filing_data

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"  # past 2**64


@pytest.fixture
def enterprise_client(
    client: Client,
    make_enterprise: Callable[..., Any],
    make_listing: Callable[..., Any],
    make_user: Callable[..., Any],
) -> tuple[Client, Any]:
    ent = make_enterprise(adcode="320500")
    make_listing(ent)
    client.force_login(make_user(Role.ENTERPRISE, enterprise=ent))
    return client, ent


def test_green_code_lookup_of_a_path_like_code_is_not_found(client: Client) -> None:
    response = client.get("/greencode/verify/", {"uscc": "a/b"})
    assert response.status_code == 404
    assert "greencode/not_found.html" in [t.name for t in response.templates]


@pytest.mark.parametrize(
    "url",
    [
        f"/supervision/report/{HUGE}.pdf",
        f"/supervision/filing/{HUGE}/",
        "/supervision/report/99999.pdf",
        "/supervision/filing/0/",
        f"/filings/{HUGE}/",
        f"/filings/{HUGE}/export.xlsx",
    ],
)
def test_integers_past_any_row_are_not_found(
    enterprise_client: tuple[Client, Any], url: str
) -> None:
    client, _ent = enterprise_client
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("year", [HUGE, "-" + HUGE, "99999", "abc"])
def test_support_page_with_an_impossible_year_answers(
    enterprise_client: tuple[Client, Any], year: str
) -> None:
    client, _ent = enterprise_client
    assert client.get("/supervision/support/", {"year": year}).status_code == 200


def _import(client: Client, name: str, content: bytes) -> Any:
    upload = SimpleUploadedFile(name, content)
    return client.post(reverse("filings:import"), {"file": upload})


def _nothing_written() -> None:
    assert AnnualFiling.objects.count() == 0
    assert AccountingRecord.objects.count() == 0
    assert FilingEvent.objects.count() == 0


@pytest.mark.parametrize("quantity", ["1e308", "1e400", "Infinity", "NaN"])
def test_import_of_an_impossible_quantity_is_refused(
    enterprise_client: tuple[Client, Any], quantity: str
) -> None:
    client, ent = enterprise_client
    text = json.dumps(filing_data(ent.uscc)).replace('"quantity": 15.0', f'"quantity": {quantity}')
    assert quantity in text
    response = _import(client, "f.json", text.encode())
    assert response.status_code == 422
    _nothing_written()


@pytest.mark.parametrize("employees", [10**16, 10**300])
def test_import_of_an_impossible_head_count_is_refused(
    enterprise_client: tuple[Client, Any], employees: int
) -> None:
    client, ent = enterprise_client
    data = filing_data(ent.uscc)
    data["economics"]["employees"] = employees
    response = _import(client, "f.json", json.dumps(data).encode())
    assert response.status_code == 422
    assert "employees" in response.content.decode()
    _nothing_written()


def test_import_of_a_quantity_too_large_in_csv_is_refused(
    enterprise_client: tuple[Client, Any],
) -> None:
    client, ent = enterprise_client
    from tests.platform.test_safe_exports import hostile_csv

    text = hostile_csv(ent.uscc).decode().replace(",15.0,", ",1e308,")
    assert ",1e308," in text
    assert _import(client, "f.csv", text.encode()).status_code == 422
    _nothing_written()


def test_import_of_json_nested_50000_deep_is_refused(enterprise_client: tuple[Client, Any]) -> None:
    client, _ent = enterprise_client
    response = _import(client, "deep.json", b"[" * 50_000 + b"]" * 50_000)
    assert response.status_code == 422
    assert "nested more than 64 levels deep" in response.content.decode()
    _nothing_written()


def test_jsonsafe_limits() -> None:
    assert jsonsafe.loads('{"a": [[1.5, "[[[["]], "b": null}') == {"a": [[1.5, "[[[["]], "b": None}
    assert jsonsafe.nesting_depth('{"a": "{{{{", "b": [[]]}')[0] == 3
    for bad in ("[" * 65 + "]" * 65, "[1e400]", "[NaN]", "[-Infinity]"):
        with pytest.raises(json.JSONDecodeError):
            jsonsafe.loads(bad)
    assert jsonsafe.loads("[" * 64 + "]" * 64) is not None
