"""Large Excel exports are written by a background task while a progress page polls;
only their requester can follow and download them, and they keep the requester's scope."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from greenmfg.platform.registry.exports import HEADERS
from greenmfg.platform.registry.models import ListExport
from tests.platform.registry.test_views import EXPORT, logged_in, units  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _background_above_one_row(settings: Any, tmp_path: Path) -> None:
    settings.GREENMFG_EXPORT_INLINE_ROWS = 1
    settings.MEDIA_ROOT = tmp_path / "media"


def _rows(content: bytes) -> list[tuple[Any, ...]]:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return list(workbook.active.iter_rows(values_only=True))


def _download(client: Client, response: Any) -> list[tuple[Any, ...]]:
    assert response.status_code == 302
    status = client.get(response["Location"])
    assert status.status_code == 200
    export = status.context["export"]
    assert export.status == ListExport.Status.DONE and export.written == export.total
    assert 'data-status="done"' in status.content.decode()
    download = client.get(f"{response['Location']}download/")
    assert download.status_code == 200
    return _rows(b"".join(download.streaming_content))


def test_anonymous_export_runs_in_the_background_for_its_session(
    client: Client,
    units: dict[str, Any],  # noqa: F811
) -> None:
    response = client.get(EXPORT, {"province": "320000"})
    rows = _download(client, response)
    assert rows[0] == HEADERS
    # the Jiangsu listings (Suzhou twice, Wuxi, the park), nothing from Zhejiang
    assert sorted(r[0] for r in rows[1:]) == sorted(
        ["苏州绿色水泥厂", "苏州绿色水泥厂", "无锡绿色钢铁厂", "苏州工业园区"]
    )
    assert ListExport.objects.get().total == 4
    stranger = Client()
    assert stranger.get(response["Location"]).status_code == 404
    assert stranger.get(f"{response['Location']}download/").status_code == 404
    assert stranger.post(f"{response['Location']}retry/").status_code == 404


def test_an_officials_export_keeps_its_region(
    units: dict[str, Any],  # noqa: F811
    suzhou_official: Any,
    wuxi_official: Any,
) -> None:
    client = logged_in(suzhou_official)
    response = client.get(EXPORT)
    rows = _download(client, response)
    assert {r[0] for r in rows[1:]} == {"苏州绿色水泥厂", "苏州工业园区"}
    other = logged_in(wuxi_official)
    assert other.get(response["Location"]).status_code == 404
    assert other.get(f"{response['Location']}download/").status_code == 404
    assert other.post(f"{response['Location']}retry/").status_code == 404


def test_the_progress_fragment_polls_while_the_export_is_queued() -> None:
    client = Client(HTTP_HX_REQUEST="true")
    session = client.session
    session.save()
    export = ListExport(session_key=session.session_key, filters={}, total=3)
    export.save()  # queued: no worker has picked it up yet
    html = client.get(f"/lists/exports/{export.token}/").content.decode()
    assert 'data-status="queued"' in html and 'hx-trigger="every 2s"' in html
    assert "<html" not in html  # the fragment only
    assert client.get(f"/lists/exports/{export.token}/download/").status_code == 404


def test_an_unfiltered_export_is_accepted(national_official: Any) -> None:
    from greenmfg.platform.registry.services import list_export_request

    export = list_export_request(actor=national_official, session_key="", filters={}, total=0)
    export.refresh_from_db()
    assert export.status == ListExport.Status.DONE and export.file
