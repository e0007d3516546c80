from __future__ import annotations

import io
import json
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from greenmfg.core.domain import Role

NATIONAL_CHARTS = (
    "ranking",
    "tiles",
    "trend",
    "industries",
    "pyramid",
    "grades",
    "economic",
    "degrees",
)
# Published figures only: the index, the public lists, the green-code mix (issue 13).
PUBLIC_CHARTS = ("ranking", "tiles", "industries", "pyramid", "grades", "economic")


def _options(html: str) -> dict[str, Any]:
    found = re.findall(
        r'<script id="option-([a-z_]+)" type="application/json">(.*?)</script>', html, re.S
    )
    return {k: json.loads(v) for k, v in found}


def test_national_dashboard_has_every_chart_with_data(
    client: Client, country: Any, national_official: Any
) -> None:
    client.force_login(national_official)
    response = client.get(reverse("dashboards:national"))
    assert response.status_code == 200
    html = response.content.decode()
    options = _options(html)
    assert tuple(options) == NATIONAL_CHARTS
    for chart_id, option in options.items():
        assert option["toolbox"]["feature"]["saveAsImage"], chart_id
        assert any(s["data"] for s in option["series"]), chart_id
        assert f'data-testid="export-{chart_id}"' in html
    assert "2025-05-31" in html  # data as of
    assert "vendor/echarts.min.js" in html


@pytest.mark.parametrize(
    ("official", "url"),
    [
        ("national_official", reverse("dashboards:national")),
        ("jiangsu_official", reverse("dashboards:province", args=["320000"])),
    ],
)
def test_recomputed_snapshots_show_at_once(
    client: Client, country: Any, official: str, url: str, request: pytest.FixtureRequest
) -> None:
    """The page and its charts are kept per snapshot generation (shared cache and each
    process's memory); computing the snapshots again shows the new figures at once."""
    import datetime as dt

    from greenmfg.platform.dashboards.services import index_snapshots_compute

    client.force_login(request.getfixturevalue(official))
    assert "2025-05-31" in client.get(url).content.decode()
    index_snapshots_compute(actor=None, year=2024, data_as_of=dt.date(2025, 6, 30))
    html = client.get(url).content.decode()
    assert "2025-06-30" in html and "2025-05-31" not in html


def test_views_are_region_scoped(
    client: Client, country: Any, make_user: Any, suzhou_official: Any, jiangsu_official: Any
) -> None:
    client.force_login(jiangsu_official)
    # another scope's national and provincial dashboards: the public (published) figures
    public = client.get(reverse("dashboards:national"))
    assert public.status_code == 200 and tuple(_options(public.content.decode())) == PUBLIC_CHARTS
    own = _options(client.get(reverse("dashboards:province", args=["320000"])).content.decode())
    assert "trend" in own and "degrees" in own
    other = client.get(reverse("dashboards:province", args=["330000"]))
    assert other.status_code == 200
    assert "trend" not in _options(other.content.decode())
    assert client.get(reverse("dashboards:province", args=["320500"])).status_code == 404
    assert client.get(reverse("dashboards:city", args=["320500"])).status_code == 200
    client.force_login(suzhou_official)
    assert client.get(reverse("dashboards:city", args=["320500"])).status_code == 200
    assert client.get(reverse("dashboards:city", args=["320200"])).status_code == 404
    # the province above the city: its public figures, without the filings' trend
    above = client.get(reverse("dashboards:province", args=["320000"]))
    assert above.status_code == 200 and "trend" not in _options(above.content.decode())
    suzhou_unit = country[0]
    hangzhou_unit = country[4]
    assert client.get(reverse("dashboards:enterprise", args=[suzhou_unit.uscc])).status_code == 200
    assert (
        client.get(reverse("dashboards:enterprise", args=[hangzhou_unit.uscc])).status_code == 404
    )
    assert client.get(reverse("dashboards:home"))["Location"].endswith("/dashboards/city/320500/")
    client.logout()
    # anonymous: the public dashboards, never a silent bounce to the login page
    assert client.get(reverse("dashboards:home"))["Location"].endswith("/dashboards/national/")
    page = client.get(reverse("dashboards:national"))
    assert page.status_code == 200 and 'data-testid="public-note"' in page.content.decode()
    assert tuple(_options(page.content.decode())) == PUBLIC_CHARTS
    city = client.get(reverse("dashboards:city", args=["320500"]))
    assert city.status_code == 302
    login = client.get(city["Location"]).content.decode()
    assert 'data-testid="login-why"' in login


def test_enterprise_and_park_views(
    client: Client, country: Any, make_user: Any, make_park: Any
) -> None:
    import datetime as dt

    from greenmfg.platform.registry.services import park_member_add

    unit = country[0]
    owner = make_user(Role.ENTERPRISE, enterprise=unit)
    client.force_login(owner)
    assert client.get(reverse("dashboards:home"))["Location"].endswith(
        f"/dashboards/enterprise/{unit.uscc}/"
    )
    html = client.get(reverse("dashboards:enterprise", args=[unit.uscc])).content.decode()
    options = _options(html)
    assert options["intensity"]["series"][0]["data"] == [5000.0, 4750.0]
    assert len(options["industry_rank"]["series"][0]["data"]) == 2
    park = make_park(adcode="320500")
    for member in country[:3]:
        park_member_add(actor=None, park=park, enterprise=member, joined_on=dt.date(2020, 1, 1))
    park_user = make_user(Role.PROVINCIAL, "320000")
    client.force_login(park_user)
    html = client.get(reverse("dashboards:park", args=[park.uscc])).content.decode()
    options = _options(html)
    assert [d["value"] for d in options["pyramid"]["series"][0]["data"]] == [2, 1, 0]
    assert len(options["members_energy"]["series"][0]["data"]) == 3


def test_each_chart_downloads_as_excel(
    client: Client, country: Any, national_official: Any
) -> None:
    client.force_login(national_official)
    response = client.get(
        reverse("dashboards:export", args=["national", "-", "pyramid"]), {"year": 2024}
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert [r[:2] for r in values[-3:]] == [("国家级", 3), ("省级", 2), ("市级", 1)]
    assert any(r[0] == "数据截至" and r[1] == "2025-05-31" for r in values if r)
    assert (
        client.get(reverse("dashboards:export", args=["national", "-", "nope"])).status_code == 404
    )
    client.logout()
    assert (
        client.get(reverse("dashboards:export", args=["national", "-", "pyramid"])).status_code
        == 200  # a published figure
    )
    assert (
        client.get(reverse("dashboards:export", args=["national", "-", "trend"])).status_code
        == 404  # aggregated from filings: not on the public page
    )
    public = client.get(reverse("dashboards:export", args=["index", "-", "ranking"]))
    assert public.status_code == 200


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_public_index_page_ranks_and_says_no_data(client: Client, country: Any, lang: str) -> None:
    response = client.get(reverse("dashboards:index"), HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    html = response.content.decode()
    table = html[html.index('data-testid="ranking"') :]
    no_data = "无数据" if lang == "zh-hans" else "No data"
    assert no_data in table
    rows = re.findall(r"<tr><td>(\d+)</td><td>([^<]+)</td>", table)
    assert [r[0] for r in rows] == ["1", "2"]
    assert set(_options(html)) == {"ranking", "index_trend", "economic"}


def test_charts_use_a_colour_blind_safe_palette_and_sorted_readable_bars(
    client: Client, country: Any
) -> None:
    """Okabe–Ito colours (the four economic regions' series were near-identical greens);
    provinces as horizontal bars sorted by the index with 12 px dark labels, the chart as
    tall as its bars need (the 31 labels overlapped at 9 px in 360 px)."""
    from greenmfg.platform.dashboards.charts import PALETTE

    html = client.get(reverse("dashboards:national")).content.decode()
    options = _options(html)
    assert options["economic"]["color"][:4] == ["#0072B2", "#E69F00", "#009E73", "#CC79A7"]
    assert len(set(PALETTE)) == 8
    ranking = options["ranking"]
    values = ranking["series"][0]["data"]
    assert values == sorted(values)  # drawn bottom-up: the best province on top
    assert ranking["yAxis"]["axisLabel"]["fontSize"] >= 12
    assert ranking["yAxis"]["axisLabel"]["color"] == "#212529"
    # 万/亿 number format in tooltips and axes (a static script: the CSP allows no inline one)
    assert "greenmfg/dashboard-charts.js" in html
    import greenmfg.platform

    script = (
        Path(greenmfg.platform.__file__).parent / "static" / "greenmfg" / "dashboard-charts.js"
    ).read_text(encoding="utf-8")
    assert "valueFormatter" in script and "亿" in script and "万" in script
