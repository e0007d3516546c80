"""Browser journey (Chromium, Chinese): the 江苏 provincial official starts the bulk
self-assessment of the province's listed factories from the evaluations page, watches it
finish, and reads each unit's EL1 against its GB energy quota; then opens one steel
works' evaluation, whose EL1 lists every process against GB 21256-2025."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from greenmfg.platform.evaluations import services
from greenmfg.platform.filings import services as filings
from tests.core.evaluation.test_quota_el1 import ALUMINIUM, CEMENT, FOUNDRY, STEEL
from tests.platform.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def _shot(page: Any, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    page.screenshot(path=str(path), full_page=True)
    keep = os.environ.get("GREENMFG_SCREENSHOTS")
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        shutil.copy(path, Path(keep) / name)


def test_province_bulk_self_assessment_shows_el1_against_the_quota(
    page: Any,
    live_server: Any,
    make_enterprise: Callable[..., Any],
    make_listing: Callable[..., Any],
    jiangsu_official: Any,
    tmp_path: Path,
) -> None:
    steel = None
    for name, data, industry in (
        ("苏州示例水泥有限公司", CEMENT, "3011"),
        ("无锡示例钢铁联合企业", STEEL, "3120"),
        ("苏州示例电解铝厂", ALUMINIUM, "3216"),
        ("无锡示例铸造厂", FOUNDRY, "3311"),
    ):
        ent = make_enterprise(
            adcode="320500" if "苏州" in name else "320200", name=name, industry=industry
        )
        raw = {
            **data,
            "enterprise": {
                "uscc": ent.uscc,
                "name": name,
                "industry": industry,
                "adcode": ent.adcode,
            },
        }
        filings.filing_save(actor=None, enterprise=ent, data=raw)
        make_listing(ent)
        if industry == "3120":
            steel = ent
    assert steel is not None
    evaluation = services.evaluation_create(
        actor=None, enterprise=steel, year=2024, standard_code="GB/T 36132-2025"
    )
    services.evaluation_answer(actor=None, evaluation=evaluation, answers={"B1": True}, vetoes={})

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", jiangsu_official.username)
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(f"{live_server.url}/accounts/home/")

    page.goto(f"{live_server.url}/evaluations/")
    page.fill("#bulk-year", "2024")
    page.click("[data-testid=bulk-start]")
    page.wait_for_selector("[data-testid=bulk-progress][data-status=done]")
    page.reload()
    page.wait_for_selector("[data-testid=bulk-rows]")
    text = page.locator("[data-testid=bulk-rows]").inner_text()
    assert "批量自评" in page.content()
    for cited in ("GB 16780-2021", "GB 21256-2025", "GB 21346-2022", "二手来源"):
        assert cited in text, cited
    assert "无产品适用国家能耗限额" in text  # the foundry: no quota, the standard's own EL1
    _shot(page, tmp_path, "bulk-run-zh.png")

    page.goto(f"{live_server.url}/evaluations/{evaluation.pk}/result/")
    card = page.locator("[data-testid=quota-EL1]")
    card.wait_for()
    assert "按产品对照国家能耗限额" in card.inner_text()
    assert page.locator("[data-testid=quota-product-crude_steel_bof]").count() == 1
    assert "决定得分" in page.locator("[data-testid=quota-product-crude_steel_bof]").inner_text()
    card.scroll_into_view_if_needed()
    _shot(page, tmp_path, "result-el1-quota-zh.png")
