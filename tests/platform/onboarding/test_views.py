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


def test_past_filings_page_imports_a_workbook(
    make_user: Callable[..., Any], make_enterprise: Callable[..., Any]
) -> None:
    import io

    from openpyxl import Workbook

    from greenmfg.platform.filings.models import AnnualFiling

    ent = make_enterprise(adcode="320500")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["统一社会信用代码", "年度", "电力(万kWh)"])
    ws.append([ent.uscc, 2022, 100])
    ws.append([ent.uscc, 2023, 110])
    buffer = io.BytesIO()
    wb.save(buffer)
    client = _client(make_user(Role.MUNICIPAL, "320500"))
    response = client.post(
        "/onboarding/filings/", {"file": SimpleUploadedFile("p.xlsx", buffer.getvalue())}
    )
    assert response.status_code == 200
    assert "新建填报 2 份" in response.content.decode()
    assert AnnualFiling.objects.filter(enterprise=ent).count() == 2
    wuxi = _client(make_user(Role.MUNICIPAL, "320200"))
    refused = wuxi.post(
        "/onboarding/filings/", {"file": SimpleUploadedFile("p.xlsx", buffer.getvalue())}
    )
    assert refused.status_code == 422 and 'data-testid="issues"' in refused.content.decode()


def test_past_filings_page_shows_a_duplicate_row_in_chinese(
    make_user: Callable[..., Any], make_enterprise: Callable[..., Any]
) -> None:
    """The core reports the repeated enterprise-year as a template with params; a Chinese
    reader sees it translated and filled in (code, year, sheet and first row), with what
    was expected, and nothing is imported."""
    import io

    from openpyxl import Workbook

    from greenmfg.platform.filings.models import AnnualFiling

    ent = make_enterprise(adcode="320500")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "2022年"
    ws.append(["统一社会信用代码", "年度", "电力(万kWh)"])
    ws.append([ent.uscc, 2022, 100])
    ws.append([ent.uscc, "2022年", 110])
    buffer = io.BytesIO()
    wb.save(buffer)
    client = _client(make_user(Role.MUNICIPAL, "320500"))
    response = client.post(
        "/onboarding/filings/", {"file": SimpleUploadedFile("p.xlsx", buffer.getvalue())}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert f"{ent.uscc} 的 2022 年数据已在工作表 2022年 第 2 行出现" in page
    assert "每家企业每个年度只能出现一次" in page
    assert "is already in sheet" not in page and "%(" not in page
    assert AnnualFiling.objects.filter(enterprise=ent).count() == 0


def test_past_filings_page_shows_a_bad_year_in_english_too(
    make_user: Callable[..., Any], make_enterprise: Callable[..., Any]
) -> None:
    import io

    from openpyxl import Workbook

    ent = make_enterprise(adcode="320500")
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["统一社会信用代码", "年度", "电力(万kWh)"])
    ws.append([ent.uscc, 1999, 100])
    buffer = io.BytesIO()
    wb.save(buffer)
    official = make_user(Role.MUNICIPAL, "320500")
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(official, backend="django.contrib.auth.backends.ModelBackend")
    response = client.post(
        "/onboarding/filings/", {"file": SimpleUploadedFile("p.xlsx", buffer.getvalue())}
    )
    page = response.content.decode()
    assert response.status_code == 422
    assert "1999 is before 2000" in page and "a year from 2000 on" in page
    zh = _client(official)
    page_zh = zh.post(
        "/onboarding/filings/", {"file": SimpleUploadedFile("p.xlsx", buffer.getvalue())}
    ).content.decode()
    assert "1999 年早于 2000 年" in page_zh and "2000 年及以后的年份" in page_zh
