"""The public list's name search at national size (issue 12): each names table is searched
on its own, and on PostgreSQL through its trigram index."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from greenmfg.core.domain import UnitKind
from greenmfg.platform.registry import selectors
from greenmfg.platform.registry.models import Enterprise
from greenmfg.platform.registry.services import product_create

pytestmark = pytest.mark.django_db


def test_a_name_finds_units_products_and_the_products_enterprises(
    make_enterprise: Callable[..., Any],
    make_park: Callable[..., Any],
    make_listing: Callable[..., Any],
) -> None:
    maker = make_enterprise(name="苏州绿色家电有限公司")
    other = make_enterprise(name="无锡钢铁有限公司")
    make_listing(maker)
    make_listing(make_park(name="苏州绿色园区"), kind=UnitKind.PARK)
    make_listing(product_create(actor=None, enterprise=maker, name="冰箱"), kind=UnitKind.PRODUCT)
    make_listing(
        product_create(actor=None, enterprise=other, name="绿色钢板"), kind=UnitKind.PRODUCT
    )
    make_listing(other)

    def found(name: str) -> list[str]:
        rows = selectors.listing_search(actor=None, filters=selectors.ListingFilters(name=name))
        return sorted(f"{r.kind}:{r.unit.name}" for r in rows)

    assert found("绿色") == [
        "factory:苏州绿色家电有限公司",
        "park:苏州绿色园区",
        "product:冰箱",  # its enterprise's name matches
        "product:绿色钢板",
    ]
    assert found("钢铁") == ["factory:无锡钢铁有限公司", "product:绿色钢板"]
    assert found("冰箱") == ["product:冰箱"]


@pytest.mark.postgres
def test_postgresql_searches_names_through_trigram_indexes(
    make_enterprise: Callable[..., Any],
) -> None:
    make_enterprise(name="苏州绿色家电有限公司")
    sql, params = (
        Enterprise.objects.filter(name__icontains="绿色家").values("pk").query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "registry_enterprise_name_trgm" in plan, plan
