"""The four city summary tables (市级汇总表): prefilled templates, checked uploads stored
against the round, exports for the level above in the same layout."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from openpyxl import load_workbook

from greenmfg.core.domain import ListLevel
from greenmfg.core.errors import ImportInvalidError, PermissionDeniedError
from greenmfg.core.onboarding import city_tables
from greenmfg.core.workflow.machine import State
from greenmfg.platform.filings.services import filing_save
from greenmfg.platform.onboarding import selectors, services
from greenmfg.platform.onboarding.models import CityTable
from tests.platform.conftest import make_uscc
from tests.platform.filings.conftest import filing_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def _rows(content: bytes) -> list[tuple[Any, ...]]:
    ws = load_workbook(__import__("io").BytesIO(content)).active
    assert ws is not None
    return [tuple(r) for r in ws.iter_rows(values_only=True)]


def test_templates_are_prefilled_from_the_platform(
    draft: Any,
    advance: Callable[..., Any],
    make_enterprise: Callable[..., Any],
    make_listing: Callable[..., Any],
    suzhou_official: Any,
) -> None:
    the_round = draft.round
    advance(draft, State.PROVINCIAL_REVIEW)  # the city put it on its list and passed it up
    cultivated = make_enterprise(adcode="320500", name="苏州培育企业有限公司")
    make_listing(cultivated, level=ListLevel.MUNICIPAL, year=2024)
    listed = make_enterprise(adcode="320500", name="苏州国家级工厂有限公司")
    make_listing(listed, level=ListLevel.NATIONAL, year=2022)
    filing_save(
        actor=None, enterprise=listed, data=filing_data(listed.uscc, year=the_round.year - 1)
    )

    plan = selectors.city_table_prefill(round=the_round, adcode="320500", table_key="plan")
    by_name = {r["name"]: r for r in plan}
    assert by_name["苏州培育企业有限公司"]["level"] == "市级"
    assert by_name["苏州绿色水泥有限公司"]["target_year"] == the_round.year
    assert "苏州国家级工厂有限公司" not in by_name  # already national: not in cultivation

    (perf,) = [
        r
        for r in selectors.city_table_prefill(
            round=the_round, adcode="320500", table_key="performance"
        )
        if r["name"] == "苏州国家级工厂有限公司"
    ]
    # filing_data: value added 3.1e4 万元; the record's own figures are carried over
    assert perf["value_added"] == 31000
    assert perf["energy_per_value_added"] == pytest.approx(
        perf["energy_total_tce"] * 1000 / 31000, rel=1e-3
    )

    (rec,) = selectors.city_table_prefill(
        round=the_round, adcode="320500", table_key="recommendation"
    )
    assert (rec["name"], rec["score"], rec["rank"]) == ("苏州绿色水泥有限公司", 86.5, 1)

    response = Client()
    response.force_login(suzhou_official, backend="django.contrib.auth.backends.ModelBackend")
    content = response.get(f"/onboarding/tables/plan/template.xlsx?round={the_round.pk}").content
    rows = _rows(content)
    assert rows[0][0].startswith("苏州市绿色制造培育计划汇总表")
    assert rows[1][:4] == ("序号", "地市", "企业名称", "统一社会信用代码")
    assert {r[2] for r in rows[2:] if r[2]} == set(by_name)


def test_upload_is_checked_stored_against_the_round_and_exported_upwards(
    make_round: Callable[..., Any],
    make_enterprise: Callable[..., Any],
    suzhou_official: Any,
    wuxi_official: Any,
    jiangsu_official: Any,
) -> None:
    the_round = make_round()
    definition = city_tables.table("retrofit")
    suzhou = make_enterprise(adcode="320500", name="苏州改造企业有限公司")
    wuxi = make_enterprise(adcode="320200", name="无锡改造企业有限公司")
    good = city_tables.write_workbook(
        definition,
        [
            {
                "city": "苏州市",
                "name": suzhou.name,
                "uscc": suzhou.uscc,
                "project": "余热发电",
                "category": "节能降碳",
                "investment": 1200,
                "energy_saving_tce": 3500,
            }
        ],
        title="苏州市绿色化改造项目及计划汇总表",
    )
    wrong = make_uscc("320500")
    bad = city_tables.write_workbook(
        definition,
        [
            {
                "city": "苏州市",
                "name": wuxi.name,
                "uscc": wuxi.uscc,
                "project": "光伏",
                "category": "节能降碳",
            },
            {
                "city": "苏州市",
                "name": "x",
                "uscc": wrong[:-1] + ("0" if wrong[-1] != "0" else "1"),
                "project": "y",
                "category": "节能降碳",
            },
            {
                "city": "苏州市",
                "name": suzhou.name,
                "uscc": suzhou.uscc,
                "project": "z",
                "category": "别的",
                "investment": -5,
            },
        ],
        title="t",
    )
    with pytest.raises(ImportInvalidError) as info:
        services.city_table_upload(
            actor=suzhou_official,
            round=the_round,
            table_key="retrofit",
            filename="bad.xlsx",
            content=bad,
        )
    assert sorted((i.row, i.column) for i in info.value.issues) == [
        (4, "统一社会信用代码"),  # wrong check character
        (5, "总投资(万元)"),  # negative
        (5, "改造类别"),  # not a choice
    ]
    bad_city = city_tables.write_workbook(
        definition,
        [
            {
                "city": "苏州市",
                "name": wuxi.name,
                "uscc": wuxi.uscc,
                "project": "光伏",
                "category": "节能降碳",
            }
        ],
        title="t",
    )
    with pytest.raises(ImportInvalidError) as info:
        services.city_table_upload(
            actor=suzhou_official,
            round=the_round,
            table_key="retrofit",
            filename="b.xlsx",
            content=bad_city,
        )
    assert [(i.row, "无锡市" in i.message) for i in info.value.issues] == [(3, True)]
    assert not CityTable.objects.exists()
    with pytest.raises(PermissionDeniedError):
        services.city_table_upload(
            actor=jiangsu_official,
            round=the_round,
            table_key="retrofit",
            filename="g.xlsx",
            content=good,
        )

    first = services.city_table_upload(
        actor=suzhou_official,
        round=the_round,
        table_key="retrofit",
        filename="g.xlsx",
        content=good,
    )
    second = services.city_table_upload(
        actor=suzhou_official,
        round=the_round,
        table_key="retrofit",
        filename="g2.xlsx",
        content=good,
    )
    first.refresh_from_db()
    assert not first.is_current and second.is_current and second.rows[0]["investment"] == 1200
    services.city_table_upload(
        actor=wuxi_official,
        round=the_round,
        table_key="retrofit",
        filename="w.xlsx",
        content=city_tables.write_workbook(
            definition,
            [
                {
                    "city": "无锡市",
                    "name": wuxi.name,
                    "uscc": wuxi.uscc,
                    "project": "中水回用",
                    "category": "节水",
                }
            ],
            title="t",
        ),
    )
    client = Client()
    client.force_login(jiangsu_official, backend="django.contrib.auth.backends.ModelBackend")
    rows = _rows(
        client.get(f"/onboarding/tables/retrofit/export.xlsx?round={the_round.pk}").content
    )
    assert rows[0][0].startswith("江苏省绿色化改造项目及计划汇总表")
    assert rows[1] == tuple(c.header for c in definition.columns)  # the same layout
    assert [(r[0], r[2]) for r in rows[2:] if r[2]] == [(1, wuxi.name), (2, suzhou.name)]
    # the stored upload reads back through the same check (what goes up can come in again)
    again = city_tables.read_workbook(
        definition,
        client.get(f"/onboarding/tables/retrofit/export.xlsx?round={the_round.pk}").content,
        "x.xlsx",
        today=dt.date(2026, 1, 1),
    )
    assert [v["name"] for _n, v in again] == [wuxi.name, suzhou.name]


def test_page_in_chinese(make_round: Callable[..., Any], suzhou_official: Any) -> None:
    make_round()
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(suzhou_official, backend="django.contrib.auth.backends.ModelBackend")
    page = client.get("/onboarding/tables/").content.decode()
    assert "绿色制造培育计划汇总表" in page and "预填模板" in page


def test_the_tables_page_names_the_tables_in_the_reader_language(
    client: Client, suzhou_official: Any, draft: Any
) -> None:
    """Issue 13: the Chinese page also showed "Green retrofit projects and plans"."""
    client.force_login(suzhou_official)
    html = client.get("/onboarding/tables/").content.decode()
    names = city_tables.tables().by_key.values()
    missing = [(t.zh, t.en) for t in names if t.zh not in html or t.en in html]
    assert not missing, missing
    client.cookies["django_language"] = "en"
    html = client.get("/onboarding/tables/").content.decode()
    assert all(t.en in html for t in names)
