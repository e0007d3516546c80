"""The public list, a unit page, the green-code verification page and the enterprise's
home at 390 px (a phone) in real headless Chromium.

Below 576 px every data table becomes a list of cards (site.css, site.js): nothing
overflows the screen sideways, and a company name is set on one line, not one
character per line as in the squeezed table.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from greenmfg.core.domain import ListLevel

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

NAME = "苏州绿能新材料科技股份有限公司"
SHOTS = Path(__file__).resolve().parents[2] / "var" / "journeys"


def test_public_list_and_unit_page_are_usable_at_390_px(
    browser: Any, live_server: Any, make_enterprise: Any, make_listing: Any, tmp_path: Path
) -> None:
    unit = make_enterprise(adcode="320500", name=NAME, industry="3011")
    make_listing(unit, level=ListLevel.NATIONAL, year=2023)
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    try:
        for url in ("/", f"/units/{unit.uscc}/"):
            page.goto(f"{live_server.url}{url}")
            page.wait_for_load_state("load")
            page.screenshot(
                path=str(tmp_path / f"mobile{url.replace('/', '_')}.png"), full_page=True
            )
            # nothing wider than the screen
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 390, f"{url}: the page is {width} px wide"
        page.goto(f"{live_server.url}/")
        row = page.locator("[data-testid=listing-row]").first
        # a card: the row is a block as wide as the screen, its cells labelled
        assert (
            page.evaluate(
                "getComputedStyle(document.querySelector('[data-testid=listing-row]')).display"
            )
            == "block"
        )
        assert row.locator("td[data-label]").count() >= 3
        name_cell = row.locator("td").first
        box = name_cell.bounding_box()
        assert box is not None and box["width"] > 250  # the name is not squeezed
        line = page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('[data-testid=listing-row] td')).lineHeight) || 24"
        )
        assert box["height"] < 3 * line + 30  # one or two lines, not a character per line
    finally:
        context.close()


def _no_sideways_overflow_and_tables_as_cards(page: Any, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"{what}: the page is {width} px wide"
    # every data table row is a card (a block), never a squeezed table row
    displays = page.evaluate(
        "Array.from(document.querySelectorAll('main table.table tbody tr'))"
        ".map(tr => getComputedStyle(tr).display)"
    )
    assert displays, f"{what}: no table to check"
    assert set(displays) == {"block"}, f"{what}: {displays}"


def test_verification_page_and_enterprise_home_are_usable_at_390_px(
    browser: Any,
    live_server: Any,
    make_enterprise: Any,
    make_listing: Any,
    make_user: Any,
) -> None:
    from django.utils import timezone

    from greenmfg.core.domain import Role
    from greenmfg.platform.filings.services import filing_save
    from greenmfg.platform.greencode.services import green_codes_grade
    from tests.platform.conftest import PASSWORD
    from tests.platform.filings.conftest import filing_data
    from tests.platform.greencode.conftest import build_population

    units, inputs = build_population(make_enterprise, make_listing, graded=20)
    today = timezone.localdate()
    code_year = today.year - 1 if (today.month, today.day) >= (5, 15) else today.year - 2
    green_codes_grade(actor=None, year=code_year, units=units, inputs=inputs)
    works = units[0]
    works.name = NAME
    works.save(update_fields=["name"])
    make_user(Role.ENTERPRISE, enterprise=works, username="mobile-works")
    for year in (today.year - 3, today.year - 2, today.year - 1):
        filing_save(actor=None, enterprise=works, data=filing_data(works.uscc, year))
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}/greencode/verify/{works.uscc}/")
        page.wait_for_load_state("load")
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / "mobile-verify.png"), full_page=True)
        assert NAME in page.content()
        _no_sideways_overflow_and_tables_as_cards(page, "verification page")
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("#id_username", "mobile-works")
        page.fill("#id_password", PASSWORD)
        page.click("[data-testid=login-submit]")
        page.wait_for_url(f"{live_server.url}/accounts/home/")
        page.wait_for_selector("[data-testid=home-green-code]")
        page.screenshot(path=str(SHOTS / "mobile-home.png"), full_page=True)
        _no_sideways_overflow_and_tables_as_cards(page, "enterprise home")
    finally:
        context.close()
