"""Browser journey: an enterprise files its dynamic management table; the city audits it."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from greenmfg.core.domain import ListLevel, Role
from greenmfg.platform.supervision.models import DynamicFiling
from tests.platform.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_load_state()


def test_enterprise_files_and_city_audits(
    page: Any,
    live_server: Any,
    make_enterprise: Any,
    make_listing: Any,
    make_user: Any,
    suzhou_official: Any,
) -> None:
    year = timezone.localdate().year - 1
    ent = make_enterprise(adcode="320500", name="苏州绿能水泥有限公司", industry="3011")
    make_listing(ent, level=ListLevel.NATIONAL, year=year - 1)
    make_user(Role.ENTERPRISE, enterprise=ent, username="lvneng")
    base = live_server.url

    log_in(page, base, "lvneng")
    page.goto(f"{base}/supervision/")
    page.click("[data-testid=file-table]")
    page.wait_for_url(f"{base}/supervision/filing/{year}/")
    page.fill("#f_energy_total_tce", "155000")
    page.fill("#f_value_added_10k_yuan", "31000")
    page.fill("#f_energy_per_value_added", "5000")
    page.fill("#f_renewable_share_pct", "3")
    page.fill("[name=pol_name_0]", "SO2")
    page.fill("[name=pol_conc_0]", "120")
    page.fill("[name=pol_limit_0]", "100")
    if page.locator("#late_reason").count():
        page.fill("#late_reason", "财务系统切换导致延迟")
    page.click("[data-testid=submit-filing]")
    page.wait_for_url(f"{base}/supervision/filings/*/")
    filing = DynamicFiling.objects.get()
    assert page.locator("[data-testid=flag]").count() == 1
    assert "SO2" in page.locator("[data-testid=flag]").inner_text()
    page.click("[data-testid=current-user] ~ form button")
    page.wait_for_load_state()

    log_in(page, base, "suzhou")
    page.goto(f"{base}/supervision/audit/?year={year}")
    queue = page.locator("[data-testid=audit-queue]")
    assert "苏州绿能水泥有限公司" in queue.inner_text()
    queue.locator("a").first.click()
    page.wait_for_url(f"{base}/supervision/filings/{filing.pk}/")
    page.fill("[data-testid=flag] input[name=note]", "在线监测故障期间的手工数据,已核实")
    page.click("[data-testid=clear-flag]")
    page.wait_for_url(f"{base}/supervision/filings/{filing.pk}/")
    page.click("[data-testid=approve-filing]")
    page.wait_for_url(f"{base}/supervision/filings/{filing.pk}/")
    assert page.locator("[data-testid=filing-status]").inner_text().strip() == "已审核"
    filing.refresh_from_db()
    assert filing.status == DynamicFiling.Status.AUDITED
