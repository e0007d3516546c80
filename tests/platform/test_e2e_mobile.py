"""The public list and a unit page at 390 px (a phone) in real headless Chromium.

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
