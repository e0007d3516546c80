"""Pages of the filings app through the Django test client."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from greenmfg.core.accounting import default_factor_set
from greenmfg.core.filing import Filing
from greenmfg.core.filing.template import write_template
from greenmfg.platform.filings import services
from greenmfg.platform.filings.models import AnnualFiling

from .conftest import filing_data

pytestmark = pytest.mark.django_db


def _login(client: Client, user: Any) -> Client:
    client.force_login(user)
    return client


def test_form_saves_and_shows_results(client: Client, cement: tuple[Any, Any]) -> None:
    ent, user = cement
    _login(client, user)
    assert client.get(reverse("filings:form") + "?year=2023").status_code == 200
    post = {
        "year": "2023",
        "energy-0-carrier": "raw_coal", "energy-0-quantity": "100000", "energy-0-unit": "吨", "energy-0-origin": "", "energy-0-product": "",
        "energy-1-carrier": "electricity", "energy-1-quantity": "5000", "energy-1-unit": "万kWh", "energy-1-origin": "grid", "energy-1-product": "",
        "energy-2-carrier": "", "energy-2-quantity": "", "energy-2-unit": "", "energy-2-origin": "", "energy-2-product": "",
        "process-0-material": "", "process-0-quantity": "", "process-0-unit": "t",
        "products-0-product": "clinker", "products-0-quantity": "1000000", "products-0-unit": "t",
        "ind-value_added": "20000", "ind-value_added-unit": "万元",
    }  # fmt: skip
    resp = client.post(reverse("filings:form"), post)
    assert resp.status_code == 302
    filing = AnnualFiling.objects.get(enterprise=ent, year=2023)
    page = client.get(resp["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    # 100 000 t × 0.7143 + 50 000 MWh × 0.1229 = 71 430 + 6 145 = 77 575 tce
    assert "77,575" in html or "77575" in html
    assert "vendor/echarts.min.js" in html and 'id="chart-carriers"' in html
    assert "gbt2589.raw_coal" in html
    assert filing.data["energy"][0]["unit"] == "吨"


def test_form_errors_name_the_line_and_write_nothing(
    client: Client, cement: tuple[Any, Any]
) -> None:
    _ent, user = cement
    _login(client, user)
    post = {
        "year": "2023",
        "energy-0-carrier": "raw_coal",
        "energy-0-quantity": "lots",
        "energy-0-unit": "t",
    }
    resp = client.post(reverse("filings:form"), post)
    assert resp.status_code == 422
    assert "energy[0].quantity" in resp.content.decode()
    assert not AnnualFiling.objects.exists()


def test_import_page(client: Client, cement: tuple[Any, Any], tmp_path: Path) -> None:
    ent, user = cement
    _login(client, user)
    path = write_template(tmp_path / "f.xlsx", Filing.model_validate(filing_data(ent.uscc)))
    with path.open("rb") as fh:
        resp = client.post(reverse("filings:import"), {"file": fh})
    assert resp.status_code == 302
    wb = load_workbook(path)
    wb["能源 Energy"]["B3"] = "很多"
    wb.save(path)
    with path.open("rb") as fh:
        bad = client.post(reverse("filings:import"), {"file": fh})
    assert bad.status_code == 422
    html = bad.content.decode()
    assert "能源 Energy" in html and "quantity" in html
    assert AnnualFiling.objects.count() == 1


def test_template_and_export(client: Client, cement: tuple[Any, Any]) -> None:
    ent, user = cement
    _login(client, user)
    filing = services.filing_save(actor=user, enterprise=ent, data=filing_data(ent.uscc))
    tpl = client.get(reverse("filings:template"))
    assert tpl.status_code == 200 and tpl["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    exp = client.get(reverse("filings:export", args=[filing.pk]))
    wb = load_workbook(io.BytesIO(exp.content))
    assert wb.sheetnames[0] == "结果 Results" and "能源 Energy" in wb.sheetnames


def test_scoping_on_pages(
    client: Client, cement: tuple[Any, Any], suzhou_official: Any, wuxi_official: Any
) -> None:
    ent, user = cement
    filing = services.filing_save(actor=user, enterprise=ent, data=filing_data(ent.uscc))
    _login(client, suzhou_official)
    assert ent.name in client.get(reverse("filings:list")).content.decode()
    assert client.get(reverse("filings:detail", args=[filing.pk])).status_code == 200
    assert client.get(reverse("filings:form")).status_code == 403
    client.logout()
    _login(client, wuxi_official)
    assert ent.name not in client.get(reverse("filings:list")).content.decode()
    assert client.get(reverse("filings:detail", args=[filing.pk])).status_code == 404
    assert client.post(reverse("filings:recompute", args=[filing.pk])).status_code == 404


def test_recompute_shows_old_and_new(
    client: Client, cement: tuple[Any, Any], suzhou_official: Any
) -> None:
    ent, user = cement
    old_set = default_factor_set().replace("gbt2589.electricity", value=0.12)
    filing = services.filing_save(
        actor=user, enterprise=ent, data=filing_data(ent.uscc), factor_set=old_set
    )
    _login(client, suzhou_official)
    page = client.get(reverse("filings:detail", args=[filing.pk])).content.decode()
    assert 'data-testid="stale"' in page
    resp = client.post(reverse("filings:recompute", args=[filing.pk]))
    assert resp.status_code == 302
    page = client.get(reverse("filings:detail", args=[filing.pk])).content.decode()
    assert 'data-testid="comparison"' in page and 'data-testid="stale"' not in page
    assert old_set.version in page


def test_year_on_year(client: Client, cement: tuple[Any, Any]) -> None:
    ent, user = cement
    services.filing_save(actor=user, enterprise=ent, data=filing_data(ent.uscc, year=2022, coal=10))
    f23 = services.filing_save(
        actor=user, enterprise=ent, data=filing_data(ent.uscc, year=2023, coal=15)
    )
    _login(client, user)
    html = client.get(reverse("filings:detail", args=[f23.pk])).content.decode()
    assert 'data-testid="years"' in html and "2022" in html and "%" in html


def test_pages_are_in_chinese_by_default(client: Client, cement: tuple[Any, Any]) -> None:
    _ent, user = cement
    _login(client, user)
    html = client.get(reverse("filings:list")).content.decode()
    assert "能源与碳排放核算" in html and "填报年度数据" in html


def test_authority_recomputes_stale_results_in_its_region(
    client: Client,
    cement: tuple[Any, Any],
    suzhou_official: Any,
    make_enterprise: Any,
    make_user: Any,
) -> None:
    from greenmfg.core.domain import Role
    from greenmfg.platform.filings.models import AccountingRecord

    ent, user = cement
    old_set = default_factor_set().replace("gbt2589.electricity", value=0.12)
    services.filing_save(actor=user, enterprise=ent, data=filing_data(ent.uscc), factor_set=old_set)
    wuxi = make_enterprise(adcode="320200")
    wuxi_user = make_user(Role.ENTERPRISE, enterprise=wuxi)
    services.filing_save(
        actor=wuxi_user, enterprise=wuxi, data=filing_data(wuxi.uscc), factor_set=old_set
    )
    _login(client, user)
    assert client.post(reverse("filings:recompute_stale")).status_code == 403
    client.logout()
    _login(client, suzhou_official)
    # Only Suzhou's own filing counts as stale on its page (the button text also says 旧因子集).
    assert "本页有 1 个结果使用旧因子集" in client.get(reverse("filings:list")).content.decode()
    resp = client.post(reverse("filings:recompute_stale"))  # runs inline (GREENMFG_TASKS_IMMEDIATE)
    assert resp.status_code == 302
    current = default_factor_set().version
    assert (
        AccountingRecord.objects.get(filing__enterprise=ent, is_current=True).factor_set_version
        == current
    )
    # Wuxi is outside Suzhou's region: untouched
    assert (
        AccountingRecord.objects.get(filing__enterprise=wuxi, is_current=True).factor_set_version
        == old_set.version
    )


def test_list_is_paginated_and_query_count_is_flat(
    client: Client,
    cement: tuple[Any, Any],
    national_official: Any,
    django_assert_max_num_queries: Any,
) -> None:
    ent, _user = cement
    data = [filing_data(ent.uscc, year=y) for y in range(2000, 2060)]
    services.filings_bulk_load(filings=data)
    _login(client, national_official)
    with django_assert_max_num_queries(12):
        first = client.get(reverse("filings:list")).content.decode()
    assert 'data-testid="next-page"' in first and "1 / 2" in first
    second = client.get(reverse("filings:list") + "?page=2").content.decode()
    assert "2 / 2" in second


def test_accounting_warnings_read_in_chinese(client: Client, cement: tuple[Any, Any]) -> None:
    """Each accounting warning is stored as template + params and shown in the reader's
    language: after the import (as messages) and on the results page."""
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    ent, user = cement
    _login(client, user)
    data = filing_data(ent.uscc, year=2027)
    data["energy"] = [
        {"carrier": "raw_coal", "quantity": 1000, "unit": "t"},
        {"carrier": "electricity", "quantity": 500, "unit": "MWh", "origin": "grid"},
        {"carrier": "hydrogen", "quantity": 1, "unit": "万Nm3"},
    ]
    data["process"] = []
    data["products"] = [
        {"product": "clinker", "quantity": 1000, "unit": "t"},
        {"product": "caustic_soda_30", "quantity": 10, "unit": "t"},
    ]
    upload = SimpleUploadedFile("f.json", json.dumps(data).encode(), "application/json")
    resp = client.post(
        reverse("filings:import"), {"file": upload}, HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True
    )
    html = resp.content.decode()
    assert resp.status_code == 200
    for text in (
        "原煤：GB/T 32151 无原煤缺省值",  # raw coal defaults
        "未列出 2027 年的供电标准煤耗",  # 等价值 year missing
        "数据年份 2025（核算年度 2027）的电网排放因子尚未发布",  # grid factor year
        "氢气 (hydrogen)：无燃料燃烧排放因子缺省值",  # no combustion factor
        "产量按折百吨（100% NaOH）计",  # 折百
        "没有能源行归属于该产品",  # product without lines
    ):
        assert html.count(text) >= 2, text  # the message after import and the results list
    assert "is used" not in html and "no default combustion" not in html
    filing = AnnualFiling.objects.get(enterprise=ent, year=2027)
    english = client.get(
        reverse("filings:detail", args=[filing.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "Raw coal: GB/T 32151 has no raw-coal default" in english


def test_accounting_check_errors_read_in_chinese_on_the_import_page(
    client: Client, cement: tuple[Any, Any]
) -> None:
    """An energy line naming a feedstock and a by-product gas in a cement plant: the
    import page names the row and explains both in Chinese; nothing is stored."""
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    ent, user = cement
    _login(client, user)
    data = filing_data(ent.uscc)
    data["energy"] = [
        {"carrier": "calcium_carbide", "quantity": 10, "unit": "t"},
        {"carrier": "coke_oven_gas", "quantity": 1, "unit": "万Nm3", "origin": "by_product"},
    ]
    upload = SimpleUploadedFile("f.json", json.dumps(data).encode(), "application/json")
    resp = client.post(reverse("filings:import"), {"file": upload}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = resp.content.decode()
    assert resp.status_code == 422
    assert "原料（如电石）应作为过程行填报" in html
    assert "无副产煤气：本行业核算指南没有副产煤气" in html
    assert "feedstock" not in html and "has none under its guideline" not in html
    assert not AnnualFiling.objects.exists()


def test_quota_corrections_read_in_chinese(client: Client, cement: tuple[Any, Any]) -> None:
    """GB 16780-2021 corrects the cement quota for the clinker share: the results page
    names the correction in Chinese."""
    import json

    from django.core.files.uploadedfile import SimpleUploadedFile

    ent, user = cement
    _login(client, user)
    data = filing_data(ent.uscc)
    data["process"] = []
    data["products"] = [{"product": "cement", "quantity": 100000, "unit": "t", "clinker_share": 70}]
    upload = SimpleUploadedFile("f.json", json.dumps(data).encode(), "application/json")
    resp = client.post(
        reverse("filings:import"), {"file": upload}, HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True
    )
    html = resp.content.decode()
    assert resp.status_code == 200
    assert "修正: 熟料占比 70 %（基准 75 %）" in html
