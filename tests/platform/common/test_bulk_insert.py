"""The bulk writes (greenmfg.platform.common.bulk) store what ``bulk_create`` stores:
dates, decimals, JSON, defaults and timestamps alike, with the keys they allocated."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction
from django.forms.models import model_to_dict

from greenmfg.core.codes.uscc import make
from greenmfg.platform.common.bulk import allocate_ids, insert_objects, insert_values
from greenmfg.platform.filings.models import AnnualFiling
from greenmfg.platform.registry.models import Enterprise

pytestmark = pytest.mark.django_db


def _enterprise(i: int) -> Enterprise:
    return Enterprise(
        uscc=make(f"91320500MA{i:07d}"),
        name=f"苏州示例{i}有限公司",
        adcode="320500",
        industry="3011",
        legal_representative="张三",
        address="苏州市",
        established=dt.date(2001, 2, 3 + i % 20),
        employees=100 + i,
        output_value_10k_yuan=Decimal("12345.67"),
        value_added_10k_yuan=Decimal(f"{i}.05"),
        land_area_m2=Decimal("1000.00"),
        floor_area_m2=Decimal("0.10"),
    )


def _stored(model: Any, pks: list[int], drop: tuple[str, ...]) -> list[dict[str, Any]]:
    rows = []
    for obj in model.objects.filter(pk__in=pks).order_by("pk"):
        d = model_to_dict(obj)
        for name in (*drop, "id"):
            d.pop(name, None)
        rows.append(d)
    return rows


def test_bulk_writes_equal_bulk_create() -> None:
    with transaction.atomic():
        orm = Enterprise.objects.bulk_create([_enterprise(i) for i in range(5)])
        fast = [_enterprise(i) for i in range(5, 10)]
        ids = allocate_ids(Enterprise, len(fast))
        for obj, pk in zip(fast, ids, strict=True):
            obj.pk = pk
        assert insert_objects(Enterprise, fast) == 5
    assert ids == sorted(ids) and min(ids) > max(e.pk for e in orm)
    stored_orm = _stored(Enterprise, [e.pk for e in orm], ("uscc", "name"))
    stored_fast = _stored(Enterprise, ids, ("uscc", "name"))
    for a, b in zip(stored_orm, stored_fast, strict=True):
        assert {
            k: v
            for k, v in a.items()
            if k not in ("employees", "value_added_10k_yuan", "established")
        } == {
            k: v
            for k, v in b.items()
            if k not in ("employees", "value_added_10k_yuan", "established")
        }
    assert Enterprise.objects.get(pk=ids[0]).value_added_10k_yuan == Decimal("5.05")
    assert Enterprise.objects.get(pk=ids[0]).established == dt.date(2001, 2, 8)

    data = {"year": 2024, "energy": [{"carrier": "electricity", "quantity": 1.5}], "名": "值"}
    with transaction.atomic():
        AnnualFiling.objects.bulk_create(
            [AnnualFiling(enterprise=orm[0], year=2024, data=data, source="demo")]
        )
        fid = allocate_ids(AnnualFiling, 1)
        insert_values(
            AnnualFiling,
            ["id", "enterprise_id", "year", "data", "source"],
            [(fid[0], ids[0], 2024, data, "demo")],
        )
    a = AnnualFiling.objects.get(enterprise=orm[0])
    b = AnnualFiling.objects.get(pk=fid[0])
    assert b.enterprise_id == ids[0]
    assert (b.year, b.data, b.source, b.source_name, b.audit_length, b.audit_head) == (
        a.year,
        a.data,
        a.source,
        a.source_name,
        a.audit_length,
        a.audit_head,
    )
    assert b.created_at is not None and abs(b.created_at - a.created_at) < dt.timedelta(minutes=5)
    # the next key the database hands out comes after the allocated ones
    nxt = AnnualFiling.objects.create(enterprise=orm[1], year=2024, data={}, source="demo")
    assert nxt.pk > fid[0]
