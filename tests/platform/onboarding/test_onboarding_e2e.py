"""Browser journey (Chinese UI): a provincial official uploads a PDF annex, confirms the
detected columns, settles the review queue on one page and applies the list."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from greenmfg.core.domain import ListLevel, Role
from greenmfg.platform.onboarding.models import FormerName
from greenmfg.platform.registry.models import Listing
from tests.platform.conftest import PASSWORD
from tests.platform.onboarding.annexes import REGISTERED

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_official_imports_a_pdf_annex_and_settles_the_queue(
    page: Any,
    live_server: Any,
    make_enterprise: Any,
    make_listing: Any,
    make_user: Any,
    tmp_path: Path,
    settings: Any,
    annex_pdf: bytes,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    units = {}
    for name, adcode, formers in REGISTERED:
        units[name] = make_enterprise(adcode=adcode, name=name)
        for former in formers:
            FormerName.objects.create(enterprise=units[name], name=former)
    make_listing(units["无锡明远机械制造有限公司"], level=ListLevel.PROVINCIAL, year=2024)
    make_user(Role.PROVINCIAL, "320000", username="jiangsu")
    annex = tmp_path / "附件1.pdf"
    annex.write_bytes(annex_pdf)
    shots = Path(os.environ.get("GREENMFG_SCREENSHOTS", tmp_path))

    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "jiangsu")
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()

    page.goto(f"{base}/onboarding/lists/")
    page.set_input_files("[data-testid=list-file]", str(annex))
    page.fill("[data-testid=list-year]", "2024")
    page.fill("[data-testid=list-notice-date]", "2025-03-01")
    page.click("[data-testid=list-submit]")
    page.wait_for_selector("[data-testid=layout-form]")
    assert page.locator("[data-testid=col-name]").input_value() == "2"
    page.screenshot(path=str(shots / "onboarding-layout.png"), full_page=True)
    page.click("[data-testid=layout-confirm]")
    page.wait_for_selector("[data-testid=rows]")
    assert "待审核" in page.locator("[data-testid=row-counts]").inner_text()
    assert page.locator("[data-testid=apply]").is_disabled()
    page.screenshot(path=str(shots / "onboarding-review.png"), full_page=True)

    page.locator("[data-testid=pick-7] button").click()
    page.wait_for_load_state()
    page.locator("[data-testid=reject-9] input[name=reason]").fill("未在本省登记，待核实")
    page.locator("[data-testid=reject-9] button").click()
    page.wait_for_load_state()
    page.click("[data-testid=apply]")
    page.wait_for_load_state()
    assert "已更新名单" in page.locator("[data-testid=import-status]").inner_text()
    assert Listing.objects.filter(level="provincial", year=2024).count() == 7


def test_city_official_fills_in_a_table_from_its_template(
    page: Any,
    live_server: Any,
    make_enterprise: Any,
    make_listing: Any,
    make_user: Any,
    make_round: Any,
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    make_round()
    ent = make_enterprise(adcode="320500", name="苏州培育示范有限公司")
    make_listing(ent, level=ListLevel.MUNICIPAL, year=2024)
    make_user(Role.MUNICIPAL, "320500", username="suzhou-city")
    shots = Path(os.environ.get("GREENMFG_SCREENSHOTS", tmp_path))
    base = live_server.url
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", "suzhou-city")
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()
    page.goto(f"{base}/onboarding/tables/")
    with page.expect_download() as info:
        page.click("[data-testid=template-plan]")
    template = tmp_path / "plan.xlsx"
    info.value.save_as(template)
    page.set_input_files("[data-testid=upload-plan] input[type=file]", str(template))
    page.locator("[data-testid=upload-plan] button").click()
    page.wait_for_load_state()
    assert "汇总表已校验并保存：1 行" in page.content()
    assert "苏州培育示范有限公司" not in page.locator("[data-testid=table-uploads]").inner_text()
    assert "plan.xlsx" in page.locator("[data-testid=table-uploads]").inner_text()
    page.screenshot(path=str(shots / "onboarding-tables.png"), full_page=True)
