"""A data-quality flag reads in Chinese number formats (issue 13: the year-on-year flag
said "由 4.07e+04 变为 1.093e+04" and "(greenmfg default,unverified)")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import translation

from greenmfg.platform.supervision.models import QualityFlag

YOY = (
    "%(field)s changed from %(previous).4g to %(value).4g (× %(ratio).2f); "
    "the band is × %(min_ratio).2f to × %(max_ratio).2f (%(source)s, %(status)s)."
)


def test_numbers_have_thousand_separators_and_no_exponent() -> None:
    flag = QualityFlag(
        field="energy_total_tce",
        reason="fallback",
        params={
            "template": YOY,
            "previous": 40700.0,
            "value": 10930.0,
            "ratio": 0.2686,
            "min_ratio": 0.6,
            "max_ratio": 1.6,
            "source": "greenmfg default",
            "status": "unverified",
        },
    )
    with translation.override("zh-hans"):
        text = flag.display_reason
    assert "e+" not in text and "40,700" in text and "10,930" in text, text
    assert "× 0.27" in text and "greenmfg default" not in text and "unverified" not in text


def test_field_codes_are_named() -> None:
    flag = QualityFlag(
        field="energy_total_tce",
        reason="fallback",
        params={
            "template": "The figures %(fields)s are identical to those filed by "
            "%(count)d other unit(s).",
            "fields": "energy_total_tce, co2_total_t",
            "count": 1,
        },
    )
    with translation.override("zh-hans"):
        text = flag.display_reason
    assert "energy_total_tce" not in text and "co2_total_t" not in text, text


@pytest.mark.django_db
def test_filing_page_names_checks_and_metrics(listed: Any, table_fields: Any) -> None:
    """Issue 13: the flags of a dynamic-management table showed "implausible_intensity" and
    "energy_per_product:clinker is 300 kgce/t …" on the Chinese page."""
    from django.test import Client
    from django.urls import reverse

    from greenmfg.platform.supervision import services

    ent, _, user = listed()
    filing = services.filing_submit(
        actor=user,
        unit=ent,
        year=2024,
        fields=table_fields(energy_per_product={"clinker": 300.0}),
        today=dt.date(2025, 3, 1),
        metrics={"energy_total_tce": 100000.0},
    )
    client = Client()
    client.force_login(user)
    page = client.get(
        reverse("supervision:filing_detail", args=[filing.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()
    flags = page[page.index('data-testid="flag"') :]
    assert "单耗超出合理范围" in flags and "单位产品综合能耗（水泥熟料）" in flags
    for raw in ("implausible_intensity", "contradicts_accounting", "energy_per_product"):
        assert raw not in flags, raw
    assert ">单位产品综合能耗（水泥熟料）</td>" in page and "产品综合能耗: clinker" not in page
