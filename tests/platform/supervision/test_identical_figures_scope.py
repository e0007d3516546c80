"""The identical-figures flag (数据雷同) never reveals another unit to the unit itself,
and shows an authority only the matching units of its own region."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from greenmfg.platform.supervision import services

pytestmark = pytest.mark.django_db
ON_TIME = dt.date(2025, 4, 1)


def test_flag_names_no_unit_and_authority_sees_only_its_region(
    listed: Any, table_fields: Any, suzhou_official: Any, client: Client
) -> None:
    a, _, ua = listed(adcode="320500")
    b, _, ub = listed(adcode="320500")
    c, _, uc = listed(adcode="320200")  # Wuxi: same figures, other city
    filing_a = services.filing_submit(
        actor=ua, unit=a, year=2024, fields=table_fields(), today=ON_TIME
    )
    services.filing_submit(actor=ub, unit=b, year=2024, fields=table_fields(), today=ON_TIME)
    services.filing_submit(actor=uc, unit=c, year=2024, fields=table_fields(), today=ON_TIME)
    url = reverse("supervision:filing_detail", args=[filing_a.pk])

    client.force_login(ua)
    own_view = client.get(url).content.decode()
    assert "2 other unit(s)" in own_view or "另外 2 家单位" in own_view
    for other in (b, c):
        assert other.name not in own_view and other.uscc not in own_view

    client.force_login(suzhou_official)
    city_view = client.get(url).content.decode()
    assert b.name in city_view and b.uscc in city_view
    assert c.name not in city_view and c.uscc not in city_view
