"""The public list's name search: the same rows as a ``LIKE`` scan of the names on every
database, through SQLite's FTS5 trigram tables (kept by triggers, bulk writes included)
or PostgreSQL's trigram indexes, with any text taken literally."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from greenmfg.platform.common.bulk import insert_objects, update_many
from greenmfg.platform.registry import name_index
from greenmfg.platform.registry.models import Enterprise, Park, Product
from greenmfg.platform.registry.selectors import ListingFilters, listing_search
from tests.platform.conftest import make_uscc

pytestmark = pytest.mark.django_db

NAMES = [
    "苏州科技有限公司",
    "某某科技",
    "科技",
    "江苏新材料股份有限公司",
    "ABC新材料Co., Ltd.",
    "abc Green Steel",
    'Quote"d * OR NEAR(x, y) AND NOT z',
    "100% Recycled_Paper",
    "Äpfel GmbH",
    "äpfel Ltd",
    "宁波 Smart 制造",
]

SEARCHES = [
    "科技",
    "科技有",
    "新材料",
    "abc",
    "ABC新材料",
    "green steel",
    "GREEN",
    '"',
    'Quote"d',
    '"d * OR',
    "NEAR(",
    "OR NEAR(x, y)",
    "AND NOT",
    "*",
    "100%",
    "%",
    "_",
    "d_P",
    "äpfel",
    "ÄPFEL",
    "Äp",
    " Smart ",
    "宁波 S",
    "公司",
    "不存在的企业名",
    "x" * 120,
    "a",
    "苏",
]


@pytest.fixture
def named(
    make_enterprise: Callable[..., Any],
    make_park: Callable[..., Any],
    make_listing: Callable[..., Any],
) -> None:
    for i, name in enumerate(NAMES):
        enterprise = make_enterprise(name=name, adcode="320500" if i % 2 else "330100")
        make_listing(enterprise, year=2020 + i % 4)
        product = Product.objects.create(
            enterprise=make_enterprise(name=f"制造商{i}"), name=f"产品 {name}", category="家电"
        )
        make_listing(product, kind="product", year=2024)
        park = make_park(name=f"园区{name}")
        make_listing(park, kind="park", year=2022)


def _scan(model: type[Any], text: str) -> set[int]:
    return set(model.objects.filter(name__icontains=text).values_list("pk", flat=True))


def _found(model: type[Any], text: str) -> set[int]:
    return set(name_index.matching(model.objects.all(), text).values_list("pk", flat=True))


@pytest.mark.parametrize("text", SEARCHES)
def test_the_index_finds_what_the_scan_finds(named: None, text: str) -> None:
    for model in (Enterprise, Park, Product):
        assert _found(model, text) == _scan(model, text), (model.__name__, text)
    listings = listing_search(actor=None, filters=ListingFilters(name=text))
    expected = {
        row.pk
        for row in listing_search(actor=None, filters=ListingFilters())
        if any(
            unit is not None and unit.pk in _scan(type(unit), text)
            for unit in (
                row.enterprise,
                row.park,
                row.product,
                getattr(row.product, "enterprise", None),
            )
        )
    }
    assert {row.pk for row in listings} == expected


def test_search_is_case_insensitive_in_ascii(named: None) -> None:
    assert _found(Enterprise, "abc GREEN") == _found(Enterprise, "ABC green") != set()
    assert len(_found(Enterprise, "ABC")) == 2  # ABC新材料 and abc Green Steel


def test_the_public_list_searches_any_text_literally(
    client: Any, named: None, settings: Any
) -> None:
    settings.GREENMFG_PUBLIC_CACHE = "off"
    for text in ('"d * OR', "NEAR(", "科技", "新材料", "100%"):
        response = client.get("/", {"name": text})
        assert response.status_code == 200, text
        assert response.context["page_obj"].paginator.count == len(
            listing_search(actor=None, filters=ListingFilters(name=text))
        )
    assert client.get("/", {"name": "新材料"}).context["page_obj"].paginator.count == 6


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's FTS5 index")
class TestSqliteIndex:
    def _indexed(self, table: str) -> dict[int, str]:
        with connection.cursor() as cursor:
            cursor.execute(f'SELECT rowid, name FROM "{name_index.fts_table(table)}"')
            return dict(cursor.fetchall())

    def _names(self, model: type[Any]) -> dict[int, str]:
        return dict(model.objects.values_list("pk", "name"))

    def test_writes_of_every_kind_keep_the_index_equal_to_the_names(
        self, named: None, make_enterprise: Callable[..., Any]
    ) -> None:
        enterprise = make_enterprise(name="旧名称科技公司")
        enterprise.name = "新名称材料公司"
        enterprise.save()
        make_enterprise(name="将被删除的科技企业").delete()
        # bulk paths: executemany of INSERT and UPDATE
        clones = []
        for i in range(3):
            clone = Enterprise.objects.get(pk=enterprise.pk)
            clone.pk = None
            clone.uscc = make_uscc()
            clone.name = f"批量写入企业{i}"
            clones.append(clone)
        insert_objects(Enterprise, clones)
        update_many(Enterprise, ["name"], [(enterprise.pk, ["批量改名企业"])])
        Park.objects.filter(name__contains="Äpfel").update(name="园区 Renamed")
        for model in (Enterprise, Park, Product):
            assert self._indexed(model._meta.db_table) == self._names(model)
        assert _found(Enterprise, "批量写入") == _scan(Enterprise, "批量写入") != set()
        assert _found(Enterprise, "新名称") == set()
        assert _found(Enterprise, "批量改名") == {enterprise.pk}

    def test_the_search_reads_the_index(self, named: None) -> None:
        sql, params = name_index.matching(
            Enterprise.objects.all(), "新材料"
        ).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
        assert "SEARCH registry_enterprise USING INTEGER PRIMARY KEY" in plan, plan
        assert "registry_enterprise_name_fts VIRTUAL TABLE INDEX 0:M" in plan, plan

    def test_migration_fills_the_index_from_stored_names(self, named: None) -> None:
        name_index.drop(connection)
        Enterprise.objects.filter(name="科技").update(name="迁移前的名称")
        name_index.create(connection)
        for model in (Enterprise, Park, Product):
            assert self._indexed(model._meta.db_table) == self._names(model)
        assert _found(Enterprise, "迁移前") == _scan(Enterprise, "迁移前") != set()

    def test_a_lost_trigger_is_put_back_and_the_index_refilled(self, named: None) -> None:
        table = Enterprise._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f'DROP TRIGGER "{name_index.fts_table(table)}_update"')
        Enterprise.objects.filter(name="科技").update(name="触发器丢失期间改名")
        assert _found(Enterprise, "触发器丢失") == set()  # the index missed the write
        assert name_index.ensure(connection) == [table]
        assert name_index.ensure(connection) == []
        assert self._indexed(table) == self._names(Enterprise)
        assert _found(Enterprise, "触发器丢失") == _scan(Enterprise, "触发器丢失") != set()

    def test_migrate_puts_back_a_trigger_a_table_rebuild_dropped(
        self, named: None, make_park: Callable[..., Any]
    ) -> None:
        from django.core.management import call_command

        table = Park._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(f'DROP TRIGGER "{name_index.fts_table(table)}_insert"')
        make_park(name="触发器丢失期间新建的园区")  # the index misses it
        call_command("migrate", verbosity=0)
        make_park(name="迁移之后新建的园区")
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
            triggers = {row[0] for row in cursor.fetchall()}
        assert f"{name_index.fts_table(table)}_insert" in triggers
        assert self._indexed(table) == self._names(Park)
        assert len(_found(Park, "新建的园区")) == 2
