"""Queries per request of the main pages and API endpoints do not grow with the data
(issue 12): each is measured on a small registry, then again after four times as many
units, listings and products (and more listings of the measured unit), and must run the
same number of queries.  The public cache is off so the pages' own queries are counted;
cached counts and summaries are warmed by a first request, as on a running server."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from greenmfg.core.domain import ListLevel, Role, UnitKind
from greenmfg.platform.registry.services import product_create

pytestmark = pytest.mark.django_db

PAGES = [
    (None, "/"),
    (None, "/?page=2"),
    (None, "/?name=%E7%BB%BF%E8%89%B2"),
    (None, "/?province=320000&kind=factory"),
    (None, "/units/{uscc}/"),
    (None, "/dashboards/index/"),
    ("miit", "/dashboards/national/"),
    ("jiangsu", "/dashboards/province/320000/"),
    ("miit", "/accounts/home/"),
    ("jiangsu", "/accounts/home/"),
    ("suzhou", "/accounts/home/"),
    ("suzhou", "/"),
    ("suzhou", "/units/{uscc}/"),
    (None, "/api/v1/lists"),
    (None, "/api/v1/lists?page=2&page_size=5"),
    (None, "/api/v1/lists?kind=product"),
    (None, "/api/v1/units/{uscc}"),
]


class Registry:
    def __init__(self, make_enterprise: Any, make_park: Any, make_listing: Any) -> None:
        self.make_enterprise, self.make_park, self.make_listing = (
            make_enterprise,
            make_park,
            make_listing,
        )
        self.added = 0
        self.rounds = 0
        self.unit = make_enterprise(adcode="320500", name="苏州绿色水泥厂")

    def grow(self, n: int) -> None:
        """``n`` more enterprises, each listed, with a listed product; every third a park;
        and one more year on the list for the measured unit."""
        for _ in range(n):
            i = self.added = self.added + 1
            adcode = ("320500", "320200", "330100")[i % 3]
            ent = self.make_enterprise(adcode=adcode, name=f"绿色工厂{i:03d}")
            level = (ListLevel.NATIONAL, ListLevel.PROVINCIAL, ListLevel.MUNICIPAL)[i % 3]
            self.make_listing(ent, level=level, year=2019 + i % 5)
            product = product_create(actor=None, enterprise=ent, name=f"绿色产品{i:03d}")
            self.make_listing(product, kind=UnitKind.PRODUCT, year=2020 + i % 4)
            if i % 3 == 0:
                park = self.make_park(adcode=adcode, name=f"绿色园区{i:03d}")
                self.make_listing(park, kind=UnitKind.PARK, year=2021)
        self.rounds += 1
        year = 2015 + self.rounds
        self.make_listing(self.unit, level=ListLevel.MUNICIPAL, year=year)
        product = product_create(actor=None, enterprise=self.unit, name=f"水泥{year}")
        self.make_listing(product, kind=UnitKind.PRODUCT, year=year)


def _count(clients: dict[str | None, Client], user: str | None, url: str) -> int:
    client = clients[user]
    first = client.get(url)  # warms cached counts and summaries
    assert first.status_code == 200, (url, first.status_code)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def test_queries_per_request_do_not_grow_with_the_rows(
    settings: Any,
    make_enterprise: Callable[..., Any],
    make_park: Callable[..., Any],
    make_listing: Callable[..., Any],
    make_user: Callable[..., Any],
) -> None:
    settings.GREENMFG_PUBLIC_CACHE = "off"
    settings.GREENMFG_PAGE_SIZE = 5
    clients: dict[str | None, Client] = {None: Client()}
    for username, role, adcode in (
        ("miit", Role.NATIONAL, ""),
        ("jiangsu", Role.PROVINCIAL, "320000"),
        ("suzhou", Role.MUNICIPAL, "320500"),
    ):
        clients[username] = Client()
        clients[username].force_login(make_user(role, adcode, username=username))
    registry = Registry(make_enterprise, make_park, make_listing)
    registry.grow(6)
    urls = [(user, path.format(uscc=registry.unit.uscc)) for user, path in PAGES]
    small = {key: _count(clients, *key) for key in urls}
    registry.grow(18)
    large = {key: _count(clients, *key) for key in urls}
    grew = {key: (small[key], large[key]) for key in urls if large[key] != small[key]}
    assert not grew, grew
    assert max(large.values()) <= 12, large


SIGNED_IN_PAGES = [
    ("miit", "/dashboards/national/"),
    ("jiangsu", "/dashboards/province/320000/"),
    ("miit", "/accounts/home/"),
    ("jiangsu", "/accounts/home/"),
    ("suzhou", "/accounts/home/"),
]


@pytest.mark.parametrize(("username", "path"), SIGNED_IN_PAGES)
def test_a_signed_in_authority_page_reads_only_its_session_and_user_once_warm(
    username: str,
    path: str,
    make_enterprise: Callable[..., Any],
    make_listing: Callable[..., Any],
    make_user: Callable[..., Any],
) -> None:
    """The dashboards and authority homes come from snapshots kept per data generation:
    once warmed, a request reads the session and the user, nothing else (with sessions in
    the shared cache, as under Redis, only the user)."""
    role, adcode = {
        "miit": (Role.NATIONAL, ""),
        "jiangsu": (Role.PROVINCIAL, "320000"),
        "suzhou": (Role.MUNICIPAL, "320500"),
    }[username]
    make_listing(make_enterprise(adcode="320500", name="苏州绿色水泥厂"), year=2023)
    client = Client()
    client.force_login(make_user(role, adcode, username=username))
    assert client.get(path).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    tables = [q["sql"].split(" FROM ", 1)[1].split()[0] for q in queries.captured_queries]
    assert tables == ['"django_session"', '"accounts_user"'], tables
