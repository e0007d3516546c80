"""The list-import pages: upload, confirm the layout, decide the queued rows, apply."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from greenmfg.core.domain import ListLevel, Role
from greenmfg.platform.onboarding.models import FormerName, ListImport
from greenmfg.platform.registry.models import Listing
from tests.platform.onboarding.annexes import REGISTERED, annex_workbook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def units(make_enterprise: Callable[..., Any], make_listing: Callable[..., Any]) -> dict[str, Any]:
    out = {}
    for name, adcode, formers in REGISTERED:
        out[name] = make_enterprise(adcode=adcode, name=name)
        for former in formers:
            FormerName.objects.create(enterprise=out[name], name=former)
    make_listing(out["无锡明远机械制造有限公司"], level=ListLevel.PROVINCIAL, year=2024)
    return out


def _client(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_official_resolves_the_queue_on_one_page(
    units: dict[str, Any], make_user: Callable[..., Any], annex_pdf: bytes
) -> None:
    client = _client(make_user(Role.PROVINCIAL, "320000"))
    pdf = annex_pdf
    response = client.post(
        "/onboarding/lists/",
        {
            "file": SimpleUploadedFile("附件1.pdf", pdf, "application/pdf"),
            "level": "provincial",
            "kind": "factory",
            "section": "list",
            "year": "2024",
            "notice_date": "2025-03-01",
            "batch": "苏工信节能〔2025〕1号",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    imp = ListImport.objects.get()
    page = client.get(response["Location"]).content.decode()
    assert "确认" in page and 'data-testid="col-name"' in page  # the layout to confirm
    assert "苏州东方（集团）纺织有限公司" in page  # the preview
    client.post(
        f"/onboarding/lists/{imp.pk}/confirm/", {"col-seq": "0", "col-region": "1", "col-name": "2"}
    )
    imp.refresh_from_db()
    assert imp.status == "review"
    page = client.get(f"/onboarding/lists/{imp.pk}/?status=queued").content.decode()
    assert "苏州绿色智能装备有限公司" in page  # the candidate offered
    rows = {r.name: r for r in imp.rows.all()}
    assert client.post(f"/onboarding/lists/{imp.pk}/apply/").status_code == 302
    assert not Listing.objects.filter(year=2024, listed_on=dt.date(2025, 3, 1)).exists()
    client.post(
        f"/onboarding/rows/{rows['苏州绿色智造装备有限公司'].pk}/",
        {"action": "pick", "unit": str(units["苏州绿色智能装备有限公司"].pk)},
    )
    client.post(
        f"/onboarding/rows/{rows['苏州未来氢能科技有限公司'].pk}/",
        {"action": "reject", "reason": "未注册，待核实"},
    )
    client.post(f"/onboarding/lists/{imp.pk}/apply/")
    imp.refresh_from_db()
    assert imp.status == "applied"
    assert (
        Listing.objects.filter(level="provincial", year=2024, listed_on=dt.date(2025, 3, 1)).count()
        == 6
    )


def test_bad_upload_shows_the_problem_and_writes_nothing(
    units: dict[str, Any], make_user: Callable[..., Any]
) -> None:
    client = _client(make_user(Role.PROVINCIAL, "320000"))
    xlsx = annex_workbook(
        [("苏州市", "x有限公司", "y")], header=("No", "city", "company", "sector")
    )
    response = client.post(
        "/onboarding/lists/",
        {
            "file": SimpleUploadedFile("a.xlsx", xlsx),
            "level": "national",
            "kind": "factory",
            "section": "list",
            "year": "2024",
            "notice_date": "2025-03-01",
        },
    )
    assert response.status_code == 422
    assert "工业和信息化部" in response.content.decode() or "national" in response.content.decode()
    assert not ListImport.objects.exists()


def test_enterprise_accounts_cannot_import(
    make_user: Callable[..., Any], make_enterprise: Callable[..., Any]
) -> None:
    user = make_user(Role.ENTERPRISE, enterprise=make_enterprise())
    assert _client(user).get("/onboarding/").status_code == 403
    assert _client(user).get("/onboarding/enterprises/").status_code == 403


def _workbook(*rows: list[Any], title: str = "") -> bytes:
    import io

    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    if title:
        ws.title = title
    ws.append(["统一社会信用代码", "年度", "电力(万kWh)"])
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _import_past_filings(client: Client, content: bytes, capture: Any) -> tuple[Any, str]:
    """Upload a workbook: the page answers with the import's own page, the background task
    runs (inline in tests) once the upload is committed, and the import's page shows how
    it went."""
    with capture(execute=True):
        response = client.post(
            "/onboarding/filings/", {"file": SimpleUploadedFile("p.xlsx", content)}
        )
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert response["Location"].startswith("/onboarding/filings/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    return page, response["Location"]


def test_past_filings_page_imports_a_workbook_in_the_background(
    make_user: Callable[..., Any],
    make_enterprise: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    from greenmfg.platform.filings.models import AnnualFiling
    from greenmfg.platform.onboarding.models import PastFilingsImport

    ent = make_enterprise(adcode="320500")
    content = _workbook([ent.uscc, 2022, 100], [ent.uscc, 2023, 110])
    official = make_user(Role.MUNICIPAL, "320500")
    client = _client(official)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = client.post(
            "/onboarding/filings/", {"file": SimpleUploadedFile("p.xlsx", content)}
        )
    # Before the worker runs: queued, and the block asks again every 2 s.
    assert len(queued) == 1
    waiting = client.get(response["Location"]).content.decode()
    assert "排队中" in waiting and 'hx-trigger="every 2s"' in waiting
    assert AnnualFiling.objects.filter(enterprise=ent).count() == 0
    queued[0]()
    fragment = client.get(response["Location"], HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="past-filings-status"')
    assert "新建填报 2 份" in fragment and "every 2s" not in fragment
    assert AnnualFiling.objects.filter(enterprise=ent).count() == 2
    record = PastFilingsImport.objects.get()
    assert record.status == "done" and record.uploaded_by == official
    # The import list shows it; another city's official sees neither it nor its page.
    assert "p.xlsx" in client.get("/onboarding/filings/").content.decode()
    wuxi = _client(make_user(Role.MUNICIPAL, "320200"))
    assert wuxi.get(response["Location"]).status_code == 404
    assert "p.xlsx" not in wuxi.get("/onboarding/filings/").content.decode()
    page, _url = _import_past_filings(wuxi, content, django_capture_on_commit_callbacks)
    assert 'data-testid="issues"' in page.content.decode()
    assert AnnualFiling.objects.filter(enterprise=ent).count() == 2


def test_past_filings_page_refuses_a_missing_file_at_once(make_user: Callable[..., Any]) -> None:
    client = _client(make_user(Role.MUNICIPAL, "320500"))
    response = client.post("/onboarding/filings/", {})
    assert response.status_code == 422 and "请选择要导入的文件" in response.content.decode()


def test_past_filings_page_shows_a_duplicate_row_in_chinese(
    make_user: Callable[..., Any],
    make_enterprise: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The core reports the repeated enterprise-year as a template with params; a Chinese
    reader sees it translated and filled in (code, year, sheet and first row), with what
    was expected, and nothing is imported."""
    from greenmfg.platform.filings.models import AnnualFiling

    ent = make_enterprise(adcode="320500")
    content = _workbook([ent.uscc, 2022, 100], [ent.uscc, "2022年", 110], title="2022年")
    client = _client(make_user(Role.MUNICIPAL, "320500"))
    response, _url = _import_past_filings(client, content, django_capture_on_commit_callbacks)
    page = response.content.decode()
    assert "未导入" in page
    assert f"{ent.uscc} 的 2022 年数据已在工作表 2022年 第 2 行出现" in page
    assert "每家企业每个年度只能出现一次" in page
    assert "is already in sheet" not in page and "%(" not in page
    assert 'data-testid="past-filings-retry"' not in page  # corrected and uploaded again
    assert AnnualFiling.objects.filter(enterprise=ent).count() == 0


def test_past_filings_page_shows_a_bad_year_in_english_too(
    make_user: Callable[..., Any],
    make_enterprise: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    """The problems are kept as templates: each reader sees them in their own language."""
    ent = make_enterprise(adcode="320500")
    content = _workbook([ent.uscc, 1999, 100])
    official = make_user(Role.MUNICIPAL, "320500")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(official, backend="django.contrib.auth.backends.ModelBackend")
    response, url = _import_past_filings(client, content, django_capture_on_commit_callbacks)
    page = response.content.decode()
    assert "1999 is before 2000" in page and "a year from 2000 on" in page
    page_zh = _client(official).get(url).content.decode()
    assert "1999 年早于 2000 年" in page_zh and "2000 年及以后的年份" in page_zh


def test_past_filings_import_whose_task_failed_is_retried(
    make_user: Callable[..., Any],
    make_enterprise: Callable[..., Any],
    django_capture_on_commit_callbacks: Any,
) -> None:
    """A task that failed for good (its worker died on the last attempt) marks the import
    failed; its page offers a retry, which imports the kept workbook."""
    from greenmfg.platform.filings.models import AnnualFiling
    from greenmfg.platform.onboarding.models import PastFilingsImport
    from greenmfg.platform.ops.taskqueue import mark_failed

    ent = make_enterprise(adcode="320500")
    client = _client(make_user(Role.MUNICIPAL, "320500"))
    with django_capture_on_commit_callbacks(execute=False):
        response = client.post(
            "/onboarding/filings/",
            {"file": SimpleUploadedFile("p.xlsx", _workbook([ent.uscc, 2022, 100]))},
        )
    record = PastFilingsImport.objects.get()
    mark_failed(
        "greenmfg.platform.onboarding.tasks.run_past_filings_import_task",
        [record.pk],
        "its worker died (exit code -9)",
    )
    page = client.get(response["Location"]).content.decode()
    assert "未导入" in page and "exit code -9" in page
    assert 'data-testid="past-filings-retry"' in page
    with django_capture_on_commit_callbacks(execute=True):
        retried = client.post(f"{response['Location']}retry/")
    assert retried.status_code == 302
    assert "新建填报 1 份" in client.get(response["Location"]).content.decode()
    assert AnnualFiling.objects.filter(enterprise=ent).count() == 1
