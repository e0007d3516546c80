"""Browser journey: an enterprise imports its workbook, sees its results and charts; a bad
workbook is refused with the row and column named."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from greenmfg.core.domain import Role
from greenmfg.core.filing import Filing
from greenmfg.core.filing.template import write_template
from greenmfg.platform.filings.models import AnnualFiling
from tests.platform.conftest import PASSWORD

from .conftest import filing_data

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_import_then_results(
    page: Any, live_server: Any, make_enterprise: Any, make_user: Any, tmp_path: Path
) -> None:
    ent = make_enterprise(adcode="320500", name="苏州绿能水泥有限公司")
    make_user(Role.ENTERPRISE, enterprise=ent, username="lvneng")
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "lvneng")
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()

    good = write_template(tmp_path / "good.xlsx", Filing.model_validate(filing_data(ent.uscc)))
    bad = tmp_path / "bad.xlsx"
    wb = load_workbook(good)
    wb["能源 Energy"]["B4"] = "九千"
    wb.save(bad)

    page.goto(f"{base}/filings/")
    page.click("[data-testid=import-filing]")
    page.set_input_files("[data-testid=import-file]", str(bad))
    page.click("[data-testid=import-submit]")
    page.wait_for_load_state()
    issues = page.locator("[data-testid=issues]").inner_text()
    assert "能源 Energy" in issues and "quantity" in issues and "4" in issues
    assert not AnnualFiling.objects.exists()

    page.set_input_files("[data-testid=import-file]", str(good))
    page.click("[data-testid=import-submit]")
    page.wait_for_url(f"{base}/filings/*/")
    assert "tce" in page.locator("[data-testid=tce]").inner_text()
    assert page.locator("[data-testid=quota-level]").first.inner_text().strip() != ""
    # ECharts drew into the chart containers
    page.wait_for_selector("#chart-carriers canvas")
    page.wait_for_selector("#chart-sources canvas")
    assert page.locator("[data-testid=factors] tr").count() > 3
    assert AnnualFiling.objects.count() == 1


def test_import_with_the_ipcc_method(
    page: Any, live_server: Any, make_enterprise: Any, make_user: Any, tmp_path: Path
) -> None:
    ent = make_enterprise(adcode="320500", name="苏州绿能水泥有限公司")
    make_user(Role.ENTERPRISE, enterprise=ent, username="lvneng2")
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "lvneng2")
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()
    good = write_template(tmp_path / "good.xlsx", Filing.model_validate(filing_data(ent.uscc)))
    page.goto(f"{base}/filings/import/")
    assert "核算方法" in page.content()
    page.set_input_files("[data-testid=import-file]", str(good))
    page.select_option("[data-testid=import-method]", "ipcc")
    page.screenshot(path=str(tmp_path / "import.png"), full_page=True)
    page.click("[data-testid=import-submit]")
    page.wait_for_url(f"{base}/filings/*/")
    assert AnnualFiling.objects.get(enterprise=ent).data["method"] == "ipcc"
    shown = page.locator("[data-testid=method]").inner_text()
    assert "核算方法" in shown and "ipcc" in shown and "中国水泥生产企业" in shown
    page.screenshot(path=str(tmp_path / "detail.png"), full_page=True)


def test_accounting_warnings_read_in_chinese(
    page: Any, live_server: Any, make_enterprise: Any, make_user: Any, tmp_path: Path
) -> None:
    """A filing that triggers each kind of accounting warning: after the import the
    results page lists them in Chinese (the browser asks for zh-CN)."""
    import json

    ent = make_enterprise(adcode="320500", name="苏州绿能化工有限公司")
    make_user(Role.ENTERPRISE, enterprise=ent, username="lvneng3")
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "lvneng3")
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()
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
    path = tmp_path / "filing.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    page.goto(f"{base}/filings/import/")
    page.set_input_files("[data-testid=import-file]", str(path))
    page.click("[data-testid=import-submit]")
    page.wait_for_url(f"{base}/filings/*/")
    warnings = page.locator("[data-testid=warnings]")
    warnings.scroll_into_view_if_needed()
    text = warnings.inner_text()
    for expected in (
        "原煤：GB/T 32151 无原煤缺省值",
        "未列出 2027 年的供电标准煤耗；采用 cec.coal_rate.2022",
        "数据年份 2025（核算年度 2027）的电网排放因子尚未发布",
        "氢气 (hydrogen)：无燃料燃烧排放因子缺省值",
        "产量按折百吨（100% NaOH）计",
        "没有能源行归属于该产品",
    ):
        assert expected in text, expected
    assert "is used" not in text
    page.screenshot(path=str(tmp_path / "warnings-zh.png"), full_page=True)
