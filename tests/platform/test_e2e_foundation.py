"""The foundation's browser journey in real headless Chromium.

A city official (苏州 Suzhou) logs in, searches the lists, opens a unit of its city, and
is refused (404) a unit of another city (无锡 Wuxi) even though that unit is publicly listed.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from greenmfg.core.domain import ListLevel, UnitKind
from tests.platform.conftest import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_city_official_searches_opens_own_unit_and_is_refused_another_city(
    page: Any,
    live_server: Any,
    make_enterprise: Any,
    make_park: Any,
    make_listing: Any,
    suzhou_official: Any,
) -> None:
    own = make_enterprise(adcode="320500", name="苏州绿能水泥有限公司", industry="3011")
    other_own = make_enterprise(adcode="320500", name="苏州精工钢铁有限公司", industry="3120")
    foreign = make_enterprise(adcode="320200", name="无锡绿能水泥有限公司", industry="3011")
    park = make_park(adcode="320500", name="苏州工业园区")
    make_listing(own, level=ListLevel.NATIONAL, year=2023)
    make_listing(other_own, level=ListLevel.PROVINCIAL, year=2022)
    make_listing(foreign, level=ListLevel.NATIONAL, year=2023)
    make_listing(park, kind=UnitKind.PARK, level=ListLevel.NATIONAL, year=2022)

    # Log in.
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", "suzhou")
    page.fill("#id_password", PASSWORD)
    page.click("[data-testid=login-submit]")
    page.wait_for_url(f"{live_server.url}/accounts/home/")
    assert page.locator("[data-testid=current-user]").inner_text().strip() == "suzhou"
    assert page.locator("[data-testid=count-listings]").inner_text().strip() == "3"

    # Search the lists: only Suzhou's units are there, whatever is searched.
    page.goto(f"{live_server.url}/")
    assert page.locator("[data-testid=listing-row]").count() == 3
    page.fill("#id_name", "水泥")
    page.click("[data-testid=search]")
    # (a locator wait: string predicates need eval, which the page's CSP forbids)
    expect(page.locator("[data-testid=listing-row]")).to_have_count(1)
    rows = page.locator("[data-testid=listing-row]")
    assert "苏州绿能水泥有限公司" in rows.first.inner_text()
    assert "无锡" not in page.locator("#results").inner_text()
    # Its region's choices only: no other city to pick.
    assert page.locator("#id_city option[value='320200']").count() == 0
    assert "name=%E6%B0%B4%E6%B3%A5" in page.url  # the search is in the address bar

    # Open the unit of its city.
    rows.first.locator("a").first.click()
    page.wait_for_url(f"{live_server.url}/units/{own.uscc}/")
    assert page.locator("[data-testid=unit-name]").inner_text() == "苏州绿能水泥有限公司"
    assert "国家级" in page.locator("[data-testid=listing-history]").inner_text()

    # Another city's listed unit: the public page, as anyone sees it, without the
    # private figures its own authority sees (employees, output value).
    response = page.goto(f"{live_server.url}/units/{foreign.uscc}/")
    assert response is not None and response.status == 200
    assert page.locator("[data-testid=unit-name]").inner_text() == "无锡绿能水泥有限公司"
    assert "从业人员" not in page.content() and "工业总产值" not in page.content()
