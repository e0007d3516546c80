"""Browser journey (headless Chromium, Chinese): an enterprise computes a product footprint
in the calculator, sees the stage chart, publishes it; the public page shows it."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from greenmfg.core.domain import Role, UnitKind
from tests.platform.conftest import PASSWORD

from .helpers import chair_input

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_enterprise_computes_publishes_and_the_public_sees_it(
    page: Any, live_server: Any, make_enterprise: Any, make_user: Any, make_listing: Any
) -> None:
    from greenmfg.platform.registry.services import product_create

    ent = make_enterprise(adcode="320500", name="苏州示例家具有限公司", industry="2110")
    make_user(Role.ENTERPRISE, enterprise=ent, username="chairs")
    product = product_create(actor=None, enterprise=ent, name="办公椅")
    make_listing(product, kind=UnitKind.PRODUCT)
    shots = os.environ.get("GREENMFG_SCREENSHOTS")

    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "chairs")
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(f"{live_server.url}/accounts/home/")

    page.goto(f"{live_server.url}/footprints/products/{product.pk}/")
    assert "碳足迹计算器" in page.content()
    page.fill("[data-testid=input]", json.dumps(chair_input(), ensure_ascii=False, indent=2))
    page.click("[data-testid=compute]")
    page.wait_for_selector("[data-testid=stage-chart] canvas")
    assert page.locator("[data-testid=total]").inner_text().startswith("58.183")
    assert "原材料获取" in page.locator("[data-testid=stages]").inner_text()
    if shots:
        page.screenshot(path=str(Path(shots) / "footprint-detail.png"), full_page=True)
    page.click("[data-testid=publish]")
    page.wait_for_selector("text=撤回公开")

    public = page.context.browser.new_context(locale="zh-CN").new_page()
    public.goto(f"{live_server.url}/footprints/public/")
    public.click("text=办公椅")
    public.wait_for_selector("[data-testid=stage-chart] canvas")
    assert "58.183" in public.locator("[data-testid=total]").inner_text()
    if shots:
        public.screenshot(path=str(Path(shots) / "footprint-public.png"), full_page=True)
    public.context.close()
