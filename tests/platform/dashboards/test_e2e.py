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
