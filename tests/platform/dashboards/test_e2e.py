"""The national dashboard in a real browser: every chart is drawn, with data."""

from __future__ import annotations

from typing import Any

import pytest

from tests.platform.dashboards.conftest import build_country

NATIONAL_CHARTS = ("tiles", "trend", "industries", "pyramid", "grades", "economic", "degrees")


@pytest.mark.e2e
def test_national_dashboard_renders_every_chart_with_data(
    transactional_db: Any,
    live_server: Any,
    page: Any,
    make_enterprise: Any,
    make_listing: Any,
    make_user: Any,
    national_official: Any,
) -> None:
    from django.conf import settings
    from django.test import Client

    build_country(make_enterprise, make_listing, make_user)
    client = Client()
    client.force_login(national_official)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )
    page.goto(f"{live_server.url}/dashboards/national/")
    # the charts are drawn (a selector wait: string predicates need eval, which the
    # page's Content-Security-Policy forbids)
    page.wait_for_selector(".gm-chart canvas")
    for chart_id in NATIONAL_CHARTS:
        counts = page.evaluate(
            """(id) => {
                const el = document.getElementById('chart-' + id);
                const chart = echarts.getInstanceByDom(el);
                if (!chart) return null;
                return chart.getOption().series.map(s => (s.data || []).length);
            }""",
            chart_id,
        )
        assert counts is not None, f"{chart_id} was not initialised"
        assert counts and max(counts) > 0, f"{chart_id} has no data: {counts}"
        canvas = page.locator(f"#chart-{chart_id} canvas")
        assert canvas.count() >= 1
        box = canvas.first.bounding_box()
        assert box is not None and box["width"] > 100 and box["height"] > 100
    # the PNG export is offered by the ECharts toolbox on each chart
    assert page.evaluate(
        "() => !!echarts.getInstanceByDom(document.getElementById('chart-grades')).getOption().toolbox[0].feature.saveAsImage"
    )


@pytest.mark.e2e
def test_chart_labels_are_written_in_chinese_number_formats(
    transactional_db: Any,
    live_server: Any,
    page: Any,
    make_enterprise: Any,
    make_listing: Any,
    make_user: Any,
) -> None:
    """The economic regions' bars carry their values, and every data label that shows a
    value is written as a Chinese reader expects: 万/亿, thousand separators, no exponent
    (issue 13: "2e+04 万元/hm2")."""
    build_country(make_enterprise, make_listing, make_user)
    page.goto(f"{live_server.url}/dashboards/national/")
    page.wait_for_selector("#chart-economic canvas")
    written = page.evaluate(
        """() => {
            const chart = echarts.getInstanceByDom(document.getElementById('chart-economic'));
            const series = chart.getOption().series;
            return series.map(s => [
                s.label.show,
                typeof s.label.formatter === 'function'
                    ? [23500, 180000000, 1234.5, 54.5].map(
                          v => s.label.formatter({name: '东部', value: v}))
                    : null,
            ]);
        }"""
    )
    for shown, texts in written:
        assert shown
        assert texts == ["2.35万", "1.8亿", "1,234.5", "54.5"]
    pyramid = page.evaluate(
        """() => echarts.getInstanceByDom(document.getElementById('chart-pyramid'))
            .getOption().series[0].label.formatter({name: '国家级', value: 12000})"""
    )
    assert pyramid == "国家级: 1.2万"
