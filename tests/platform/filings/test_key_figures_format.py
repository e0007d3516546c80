"""Key figures read with thousand separators in Chinese (issue 13: Chinese number formats;
Django's zh-Hans locale has no thousand separator, so ``floatformat:"1g"`` printed
"111277.5")."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from greenmfg.core.domain import Role
from greenmfg.platform.filings.services import filing_save
from tests.platform.filings.conftest import filing_data

pytestmark = pytest.mark.django_db


def test_the_enterprise_home_writes_key_figures_with_thousand_separators(
    client: Client, make_enterprise: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    ent = make_enterprise(adcode="320500")
    user = make_user(Role.ENTERPRISE, enterprise=ent)
    filing = filing_save(actor=user, enterprise=ent, data=filing_data(ent.uscc, 2024))
    client.force_login(user)
    html = client.get(reverse("accounts:home")).content.decode()
    table = html[html.index('data-testid="key-figures"') :]
    table = table[: table.index("</table>")]
    cells = re.findall(r'<td class="gm-num">([^<]+)</td>', table)
    assert cells, table
    big = [c for c in cells if re.fullmatch(r"[\d,]+(\.\d+)?", c) and len(c.split(".")[0]) > 4]
    assert big and all("," in c for c in big), cells
    detail = client.get(reverse("filings:detail", args=[filing.pk])).content.decode()
    assert not re.search(r">\s*\d{5,}(\.\d+)?\s*<", detail)  # no ungrouped large number


def test_the_filing_page_names_the_grid_options(
    client: Client, make_enterprise: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    """Issue 13: the Chinese filing page showed "电网 national/location"."""
    ent = make_enterprise(adcode="320500")
    user = make_user(Role.ENTERPRISE, enterprise=ent)
    filing = filing_save(actor=user, enterprise=ent, data=filing_data(ent.uscc, 2024))
    client.force_login(user)
    html = client.get(reverse("filings:detail", args=[filing.pk])).content.decode()
    assert "national/location" not in html and "全国电网 · 基于位置" in html
