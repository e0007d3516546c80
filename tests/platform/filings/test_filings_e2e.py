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
