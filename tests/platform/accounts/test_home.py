"""The home page of each role shows what that role has, within its scope."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from greenmfg.core.domain import ListLevel, Role, UnitKind

pytestmark = pytest.mark.django_db
HOME = reverse("accounts:home")


@pytest.fixture
def listed(make_enterprise: Any, make_park: Any, make_listing: Any) -> dict[str, Any]:
    suzhou = make_enterprise(adcode="320500", name="苏州甲厂")
    wuxi = make_enterprise(adcode="320200", name="无锡乙厂")
    hangzhou = make_enterprise(adcode="330100", name="杭州丙厂")
    park = make_park(adcode="320500", name="苏州园区")
    make_listing(suzhou, level=ListLevel.NATIONAL, year=2022)
    make_listing(suzhou, level=ListLevel.PROVINCIAL, year=2021)
    make_listing(wuxi, level=ListLevel.PROVINCIAL, year=2021)
    make_listing(hangzhou, level=ListLevel.NATIONAL, year=2023)
    make_listing(park, kind=UnitKind.PARK, level=ListLevel.NATIONAL, year=2022)
    return {"suzhou": suzhou, "wuxi": wuxi, "hangzhou": hangzhou, "park": park}


def home_of(user: Any) -> Any:
    client = Client()
    client.force_login(user)
    response = client.get(HOME)
    assert response.status_code == 200
    return response


def test_anonymous_is_sent_to_login(client: Client) -> None:
    response = client.get(HOME)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_municipal_home_counts_its_city(listed: Any, suzhou_official: Any) -> None:
    summary = home_of(suzhou_official).context["summary"]
    assert summary.enterprises == 1 and summary.parks == 1
    assert summary.listings_total == 3
    assert summary.listings_by_kind_level["factory"] == {"national": 1, "provincial": 1}
    assert summary.listings_by_kind_level["park"] == {"national": 1}


def test_provincial_home_counts_its_province_by_city(listed: Any, jiangsu_official: Any) -> None:
    summary = home_of(jiangsu_official).context["summary"]
    assert summary.enterprises == 2 and summary.listings_total == 4
    assert summary.by_area == [("320500", 3), ("320200", 1)]


def test_national_home_counts_everything_by_province(listed: Any, national_official: Any) -> None:
    summary = home_of(national_official).context["summary"]
    assert summary.enterprises == 3 and summary.listings_total == 5
    assert summary.by_area == [("320000", 4), ("330000", 1)]


def test_removed_listings_are_counted_apart(listed: Any, suzhou_official: Any) -> None:
    import datetime as dt

    from greenmfg.platform.registry.services import listing_remove

    listing_remove(
        actor=None,
        listing=listed["suzhou"].listings.get(level="provincial"),
        removed_on=dt.date(2023, 6, 1),
        reason="复核不合格",
    )
    summary = home_of(suzhou_official).context["summary"]
    assert summary.listings_total == 2 and summary.removed_total == 1


def test_a_registry_write_shows_on_the_home_at_once(
    listed: Any, suzhou_official: Any, make_enterprise: Any, make_listing: Any
) -> None:
    """The summary is kept per registry generation (shared cache, each process's memory
    and the rendered fragment); a new listing shows on the next request."""
    import re

    client = Client()
    client.force_login(suzhou_official)

    def listings_in_force() -> str:
        html = client.get(HOME).content.decode()
        found = re.search(r'data-testid="count-listings">([0-9,]+)<', html)
        assert found is not None
        return found.group(1)

    assert listings_in_force() == "3"
    make_listing(make_enterprise(adcode="320500", name="苏州丁厂"), year=2024)
    assert listings_in_force() == "4"


def test_enterprise_home_shows_its_unit_and_history(listed: Any, make_user: Any) -> None:
    response = home_of(make_user(Role.ENTERPRISE, enterprise=listed["suzhou"]))
    assert response.context["unit"] == listed["suzhou"]
    assert [x.year for x in response.context["listings"]] == [2022, 2021]
    assert "苏州甲厂" in response.content.decode()


def test_park_user_home_shows_its_park(listed: Any, make_user: Any) -> None:
    response = home_of(make_user(Role.ENTERPRISE, park=listed["park"]))
    assert response.context["unit"] == listed["park"]


def test_evaluator_home_shows_its_institution(make_user: Any) -> None:
    user = make_user(Role.EVALUATOR)
    response = home_of(user)
    assert response.context["institution"] == user.institution
    assert user.institution.legal_representative in response.content.decode()


def test_evaluator_home_lists_its_clients(listed: Any, make_user: Any, engage: Any) -> None:
    from greenmfg.platform.evaluations.services import evaluation_create

    user = make_user(Role.EVALUATOR)
    other = make_user(Role.EVALUATOR)
    engage(listed["suzhou"], user)
    engage(listed["wuxi"], other)
    evaluation_create(actor=user, enterprise=listed["suzhou"], year=2023)
    evaluation_create(actor=user, enterprise=listed["suzhou"], year=2024)
    evaluation_create(actor=other, enterprise=listed["wuxi"], year=2024)
    clients = home_of(user).context["clients"]
    assert [(c["enterprise__name"], c["evaluations"], c["last_year"]) for c in clients] == [
        ("苏州甲厂", 2, 2024)
    ]


def test_expert_and_admin_homes_render(make_user: Any) -> None:
    assert home_of(make_user(Role.EXPERT)).context["role"] is Role.EXPERT
    admin_home = home_of(make_user(Role.ADMIN))
    assert reverse("admin:index") in admin_home.content.decode()


def test_home_is_translated_to_english(listed: Any, suzhou_official: Any) -> None:
    client = Client()
    client.force_login(suzhou_official)
    assert "我的工作台" in client.get(HOME).content.decode()
    client.cookies["django_language"] = "en"
    assert "My home" in client.get(HOME).content.decode()
