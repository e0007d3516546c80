"""The public list search, its Excel export and the unit page, for each kind of viewer."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from greenmfg.core.domain import ListLevel, Role, UnitKind
from greenmfg.platform.registry.exports import HEADERS

pytestmark = pytest.mark.django_db
LIST = reverse("registry:public_list")
EXPORT = reverse("registry:public_list_export")


def unit_url(uscc: str) -> str:
    return reverse("registry:unit_detail", args=[uscc])


@pytest.fixture
def units(make_enterprise: Any, make_park: Any, make_listing: Any) -> dict[str, Any]:
    suzhou = make_enterprise(adcode="320500", name="苏州绿色水泥厂", industry="3011")
    wuxi = make_enterprise(adcode="320200", name="无锡绿色钢铁厂", industry="3120")
    hangzhou = make_enterprise(adcode="330100", name="杭州绿色化工厂", industry="2614")
    unlisted = make_enterprise(adcode="320500", name="苏州未入选企业")
    park = make_park(adcode="320500", name="苏州工业园区")
    make_listing(suzhou, level=ListLevel.MUNICIPAL, year=2021)
    make_listing(suzhou, level=ListLevel.NATIONAL, year=2023)
    make_listing(wuxi, level=ListLevel.PROVINCIAL, year=2022)
    make_listing(hangzhou, level=ListLevel.NATIONAL, year=2024)
    make_listing(park, kind=UnitKind.PARK, level=ListLevel.NATIONAL, year=2022)
    return {
        "suzhou": suzhou,
        "wuxi": wuxi,
        "hangzhou": hangzhou,
        "unlisted": unlisted,
        "park": park,
    }


def logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def names_on(response: Any) -> set[str]:
    return {listing.unit.name for listing in response.context["page_obj"]}


def test_anonymous_sees_every_published_listing(client: Client, units: Any) -> None:
    response = client.get(LIST)
    assert response.status_code == 200
    assert names_on(response) == {
        "苏州绿色水泥厂",
        "无锡绿色钢铁厂",
        "杭州绿色化工厂",
        "苏州工业园区",
    }
    assert response.context["page_obj"].paginator.count == 5


def test_municipal_list_is_its_city_only(units: Any, suzhou_official: Any) -> None:
    response = logged_in(suzhou_official).get(LIST)
    assert names_on(response) == {"苏州绿色水泥厂", "苏州工业园区"}


def test_provincial_list_is_its_province_only(units: Any, jiangsu_official: Any) -> None:
    response = logged_in(jiangsu_official).get(LIST)
    assert names_on(response) == {"苏州绿色水泥厂", "无锡绿色钢铁厂", "苏州工业园区"}


def test_national_list_is_everything(units: Any, national_official: Any) -> None:
    assert len(names_on(logged_in(national_official).get(LIST))) == 4


def test_municipal_filter_cannot_escape_its_region(units: Any, suzhou_official: Any) -> None:
    own = {"苏州绿色水泥厂", "苏州工业园区"}
    response = logged_in(suzhou_official).get(LIST, {"city": "320200"})
    assert "city" in response.context["form"].errors  # not a choice it has
    assert names_on(response) == own
    response = logged_in(suzhou_official).get(LIST, {"province": "330000"})
    assert names_on(response) == own
    assert names_on(logged_in(suzhou_official).get(LIST, {"name": "无锡"})) == set()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"name": "钢铁"}, {"无锡绿色钢铁厂"}),
        ({"province": "320000"}, {"苏州绿色水泥厂", "无锡绿色钢铁厂", "苏州工业园区"}),
        ({"city": "330100"}, {"杭州绿色化工厂"}),
        ({"industry": "31"}, {"无锡绿色钢铁厂"}),
        ({"industry": "3011"}, {"苏州绿色水泥厂"}),
        ({"kind": "park"}, {"苏州工业园区"}),
        ({"level": "provincial"}, {"无锡绿色钢铁厂"}),
        ({"year": "2024"}, {"杭州绿色化工厂"}),
        ({"level": "national", "province": "320000"}, {"苏州绿色水泥厂", "苏州工业园区"}),
    ],
)
def test_filters(client: Client, units: Any, params: dict[str, str], expected: set[str]) -> None:
    assert names_on(client.get(LIST, params)) == expected


def test_filter_by_credit_code(client: Client, units: Any) -> None:
    code = units["wuxi"].uscc
    assert names_on(client.get(LIST, {"uscc": code.lower()})) == {"无锡绿色钢铁厂"}


def test_city_outside_chosen_province_is_reported(client: Client, units: Any) -> None:
    response = client.get(LIST, {"province": "330000", "city": "320500"})
    assert names_on(response) == {"杭州绿色化工厂"}
    assert "city" in response.context["form"].errors


def test_invalid_filter_values_are_ignored_not_guessed(client: Client, units: Any) -> None:
    response = client.get(LIST, {"level": "galactic", "year": "abc"})
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 5
    assert set(response.context["form"].errors) == {"level", "year"}


def test_pagination(client: Client, make_enterprise: Any, make_listing: Any, settings: Any) -> None:
    settings.GREENMFG_PAGE_SIZE = 3
    for i in range(7):
        make_listing(make_enterprise(name=f"企业{i}"), year=2020 + i)
    first = client.get(LIST)
    assert first.context["page_obj"].paginator.num_pages == 3
    assert [x.year for x in first.context["page_obj"]] == [2026, 2025, 2024]
    last = client.get(LIST, {"page": 3})
    assert [x.year for x in last.context["page_obj"]] == [2020]
    # a page past the end, one too large for any database, and a malformed one: 4xx
    past = client.get(LIST, {"page": 99})
    assert past.status_code == 404
    assert client.get(LIST, {"page": "99999999999999999999"}).status_code == 404
    assert client.get(LIST, {"page": "abc"}).status_code == 400
    assert client.get(LIST, {"page": "0"}).status_code == 404


def test_a_search_string_longer_than_any_name_is_a_400(client: Client, units: Any) -> None:
    response = client.get(LIST, {"name": "绿" * 101})
    assert response.status_code == 400
    assert "name" in response.context["form"].errors
    assert response.context["page_obj"].paginator.count == 0


def test_deep_pages_read_ids_from_the_index_then_rows(
    client: Client, make_enterprise: Any, make_listing: Any, settings: Any
) -> None:
    """A page is two reads — its ids in the search order, then those rows with their
    units — plus the (cached) count; the ids read never joins another table."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    cache.clear()
    settings.GREENMFG_PAGE_SIZE = 2
    for i in range(5):
        make_listing(make_enterprise(name=f"深{i}"), year=2020 + i)
    client.get(LIST, {"page": 2})
    with CaptureQueriesContext(connection) as queries:
        body = client.get(LIST, {"page": 3})
    assert [x.year for x in body.context["page_obj"]] == [2020]
    listing_reads = [
        q["sql"] for q in queries.captured_queries if 'FROM "registry_listing"' in q["sql"]
    ]
    ids = [q for q in listing_reads if "LIMIT" in q and "OFFSET" in q]
    assert len(ids) == 1 and "JOIN" not in ids[0], listing_reads
    assert not any("COUNT(" in q for q in listing_reads)  # cached by the first visit


def test_htmx_request_gets_only_the_results(client: Client, units: Any) -> None:
    full = client.get(LIST).content.decode()
    partial = client.get(LIST, {"kind": "park"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" in full and 'id="search-form"' in full
    assert "<html" not in partial and 'id="search-form"' not in partial
    assert "苏州工业园区" in partial and "杭州绿色化工厂" not in partial


def read_export(response: Any) -> list[tuple[Any, ...]]:
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return list(workbook.active.iter_rows(values_only=True))


def test_excel_export_has_chinese_headers_and_the_filtered_rows(client: Client, units: Any) -> None:
    rows = read_export(client.get(EXPORT, {"province": "320000", "level": "national"}))
    assert rows[0] == HEADERS
    assert rows[0][:2] == ("单位名称", "统一社会信用代码")
    body = sorted(rows[1:], key=lambda r: r[0])
    assert [r[0] for r in body] == ["苏州工业园区", "苏州绿色水泥厂"]
    factory = body[1]
    assert factory[1] == units["suzhou"].uscc
    assert factory[3:6] == ("江苏省", "苏州市", "320500")
    assert factory[8:11] == ("绿色工厂", "国家级", 2023)


def test_excel_export_is_scoped(units: Any, suzhou_official: Any) -> None:
    rows = read_export(logged_in(suzhou_official).get(EXPORT))
    assert {r[0] for r in rows[1:]} == {"苏州绿色水泥厂", "苏州工业园区"}


def test_excel_export_headers_stay_chinese_in_english(client: Client, units: Any) -> None:
    client.cookies["django_language"] = "en"
    rows = read_export(client.get(EXPORT, {"city": "330100"}))
    assert rows[0] == HEADERS
    assert rows[1][8:10] == ("绿色工厂", "国家级")


# --- unit page -----------------------------------------------------------------------


def test_unit_page_shows_identity_and_history(client: Client, units: Any) -> None:
    response = client.get(unit_url(units["suzhou"].uscc))
    assert response.status_code == 200
    html = response.content.decode()
    assert "苏州绿色水泥厂" in html and units["suzhou"].uscc in html
    assert [(x.level, x.year) for x in response.context["listings"]] == [
        ("national", 2023),
        ("municipal", 2021),
    ]
    assert response.context["show_details"] is False


def test_removed_listing_shows_when_and_why(client: Client, units: Any) -> None:
    from greenmfg.platform.registry.services import listing_remove

    listing = units["wuxi"].listings.get()
    import datetime as dt

    listing_remove(
        actor=None, listing=listing, removed_on=dt.date(2024, 5, 1), reason="未按时报送动态管理表"
    )
    html = client.get(unit_url(units["wuxi"].uscc)).content.decode()
    assert "2024-05-01" in html and "未按时报送动态管理表" in html


def test_park_page_lists_its_members(client: Client, units: Any, make_enterprise: Any) -> None:
    import datetime as dt

    from greenmfg.platform.registry.services import park_member_add

    member = make_enterprise(adcode="320500", name="园区成员企业")
    park_member_add(
        actor=None, park=units["park"], enterprise=member, joined_on=dt.date(2019, 1, 1)
    )
    html = client.get(unit_url(units["park"].uscc)).content.decode()
    assert "园区成员企业" in html


def test_anonymous_cannot_see_unlisted_or_unknown_units(client: Client, units: Any) -> None:
    assert client.get(unit_url(units["unlisted"].uscc)).status_code == 404
    assert client.get(unit_url("91320500MA1XXXXXXX")).status_code == 404


def test_municipal_official_sees_public_pages_elsewhere_and_figures_at_home(
    units: Any, suzhou_official: Any, wuxi_official: Any
) -> None:
    client = logged_in(suzhou_official)
    assert client.get(unit_url(units["suzhou"].uscc)).status_code == 200
    assert client.get(unit_url(units["park"].uscc)).status_code == 200
    # An unlisted unit of its own city is visible to its authority, with its figures.
    response = client.get(unit_url(units["unlisted"].uscc))
    assert response.status_code == 200 and response.context["show_details"] is True
    # Another city's listed unit: the public page, as anyone sees it (issue 13: signing
    # in never takes public information away), without its private figures.
    for other in ("wuxi", "hangzhou"):
        response = client.get(unit_url(units[other].uscc))
        assert response.status_code == 200 and response.context["show_details"] is False
    # An unlisted unit is not public: another city's official does not see it.
    assert logged_in(wuxi_official).get(unit_url(units["unlisted"].uscc)).status_code == 404


def test_provincial_unit_pages_are_its_province_only(units: Any, jiangsu_official: Any) -> None:
    client = logged_in(jiangsu_official)
    assert client.get(unit_url(units["suzhou"].uscc)).status_code == 200
    assert client.get(unit_url(units["wuxi"].uscc)).status_code == 200
    response = client.get(unit_url(units["hangzhou"].uscc))
    assert response.status_code == 200 and response.context["show_details"] is False


def test_national_sees_every_unit(units: Any, national_official: Any) -> None:
    client = logged_in(national_official)
    for unit in units.values():
        assert client.get(unit_url(unit.uscc)).status_code == 200


def test_enterprise_user_sees_its_own_unlisted_enterprise(units: Any, make_user: Any) -> None:
    own = logged_in(make_user(Role.ENTERPRISE, enterprise=units["unlisted"]))
    response = own.get(unit_url(units["unlisted"].uscc))
    assert response.status_code == 200 and response.context["show_details"] is True
    other = logged_in(make_user(Role.ENTERPRISE, enterprise=units["suzhou"]))
    assert other.get(unit_url(units["unlisted"].uscc)).status_code == 404
    # Published units stay public, without their figures.
    response = other.get(unit_url(units["hangzhou"].uscc))
    assert response.status_code == 200 and response.context["show_details"] is False


def test_unit_sections_are_collected_in_order_and_hidden_when_empty(
    client: Client, units: Any, make_enterprise: Any
) -> None:
    import datetime as dt

    from greenmfg.platform.common.unit_sections import all_unit_sections
    from greenmfg.platform.registry.services import supplier_link_create

    sections = all_unit_sections()
    assert [s.order for s in sections] == sorted(s.order for s in sections)
    assert "registry/sections/suppliers.html" in {s.template_name for s in sections}

    leader = units["suzhou"]
    html = client.get(unit_url(leader.uscc)).content.decode()
    assert "供应商" not in html  # no supplier yet: the section is hidden
    supplier = make_enterprise(adcode="320200", name="无锡配套供应商")
    supplier_link_create(actor=None, leader=leader, supplier=supplier, since=dt.date(2020, 1, 1))
    html = client.get(unit_url(leader.uscc)).content.decode()
    assert "供应商" in html and "无锡配套供应商" in html
    # A park page has no supplier section but its member section.
    park_html = client.get(unit_url(units["park"].uscc)).content.decode()
    assert "园区企业" in park_html and "无锡配套供应商" not in park_html


def test_region_choices_are_narrowed_for_authorities(
    client: Client, units: Any, suzhou_official: Any, jiangsu_official: Any
) -> None:
    def choices(response: Any, field: str) -> set[str]:
        values: set[str] = set()
        for value, label in response.context["form"].fields[field].choices:
            if isinstance(label, list | tuple):
                values.update(v for v, _ in label)
            elif value:
                values.add(value)
        return values

    public = client.get(LIST)
    assert len(choices(public, "province")) == 31 and "320200" in choices(public, "city")
    city = logged_in(suzhou_official).get(LIST)
    assert choices(city, "province") == {"320000"} and choices(city, "city") == {"320500"}
    province = logged_in(jiangsu_official).get(LIST)
    assert choices(province, "province") == {"320000"}
    assert {"320500", "320200"} <= choices(province, "city")
    assert all(c.startswith("32") for c in choices(province, "city"))


def test_list_page_queries_do_not_grow_with_rows(
    client: Client,
    make_enterprise: Any,
    make_park: Any,
    make_listing: Any,
    django_assert_max_num_queries: Any,
) -> None:
    from greenmfg.platform.registry.services import product_create

    def add(n: int) -> None:
        for _ in range(n):
            enterprise = make_enterprise()
            make_listing(enterprise)
            product = product_create(
                actor=None, enterprise=enterprise, name="水泥", model="P.O 42.5"
            )
            make_listing(product, kind=UnitKind.PRODUCT)
            make_listing(make_park(), kind=UnitKind.PARK)

    add(2)
    client.get(LIST)  # warm the label caches
    with django_assert_max_num_queries(6) as small:
        client.get(LIST)
    baseline = len(small.captured_queries)
    add(6)
    client.get(LIST)  # the first view after a registry write counts again (then cached)
    with django_assert_max_num_queries(baseline):
        client.get(LIST)


def test_national_listings_come_first_within_a_year(
    client: Client, make_enterprise: Any, make_listing: Any
) -> None:
    enterprise = make_enterprise()
    for level in (ListLevel.MUNICIPAL, ListLevel.NATIONAL, ListLevel.PROVINCIAL):
        make_listing(enterprise, level=level, year=2024)
    levels = [x.level for x in client.get(LIST).context["page_obj"]]
    assert levels == ["national", "provincial", "municipal"]


def test_region_and_industry_names_follow_the_language(client: Client, units: Any) -> None:
    assert "苏州市" in client.get(LIST, {"city": "320500"}).content.decode()
    client.cookies["django_language"] = "en"
    html = client.get(LIST, {"city": "320500"}).content.decode()
    assert "Suzhou" in html and "苏州市" not in html


def test_excel_export_says_when_it_was_cut(client: Client, units: Any, settings: Any) -> None:
    from greenmfg.platform.registry.exports import TRUNCATED_NOTE

    settings.GREENMFG_EXPORT_LIMIT = 2
    rows = read_export(client.get(EXPORT))
    assert len(rows) == 1 + 2 + 1
    assert rows[-1][0] == TRUNCATED_NOTE % 2
    page = client.get(LIST).content.decode()
    assert "Excel 文件只包含前 2 条记录" in page


def test_the_city_choices_follow_the_chosen_province(client: Client, units: Any) -> None:
    """Choosing 浙江 offers Zhejiang's cities only (the list offered every city before),
    and the htmx answer replaces the city drop-down out of band."""
    response = client.get(LIST, {"province": "330000"})
    cities = [
        code
        for group, options in response.context["form"].fields["city"].choices[1:]
        for code, _ in options
    ]
    assert cities and all(code.startswith("33") for code in cities)
    assert "320500" not in cities
    fragment = client.get(LIST, {"province": "330000"}, HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-swap-oob="innerHTML:#city-field"' in fragment
    assert 'value="330100"' in fragment and 'value="320500"' not in fragment


def test_authority_summary_is_a_snapshot_kept_up_to_date(
    units: Any, national_official: Any, make_enterprise: Any, make_listing: Any
) -> None:
    """The home figures are computed once per registry state: a repeat read costs no
    query, and any registry write (here a new listing) is in the next read."""
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from greenmfg.platform.registry.selectors import region_summary

    cache.clear()
    first = region_summary(actor=national_official)
    with CaptureQueriesContext(connection) as queries:
        again = region_summary(actor=national_official)
    assert again == first and len(queries.captured_queries) == 0
    make_listing(make_enterprise(adcode="320500"), year=2025)
    after = region_summary(actor=national_official)
    assert after.listings_total == first.listings_total + 1
    assert after.enterprises == first.enterprises + 1
