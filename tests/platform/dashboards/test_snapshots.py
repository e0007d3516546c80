from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from greenmfg.platform.dashboards.models import IndexSnapshot
from greenmfg.platform.dashboards.services import index_snapshots_compute


def test_snapshots_for_every_level_with_data_as_of(country: Any) -> None:
    snaps = IndexSnapshot.objects.filter(year=2024, current=True)
    assert snaps.filter(level="country").count() == 1
    assert snaps.filter(level="economic").count() == 4
    assert snaps.filter(level="province").count() >= 31
    assert snaps.filter(level="city").count() >= 300
    assert {s.data_as_of for s in snaps} == {dt.date(2025, 5, 31)}
    cn = snaps.get(level="country")
    agg = cn.payload["aggregate"]
    assert agg["units"] == 7
    assert (agg["listed_national"], agg["listed_provincial"], agg["listed_municipal"]) == (3, 2, 1)
    assert sum(cn.payload["grades"].values()) == 3
    assert cn.payload["industries"] == {"30": 3, "26": 1, "31": 1, "17": 1}
    # energy intensity fell by 5 % per unit of output… and by the same share nationally
    assert cn.payload["indicators"]["energy_intensity_trend"] == pytest.approx(
        0.95 / 1.0 - 1, abs=1e-6
    )

    degrees = cn.payload["degrees"]
    assert degrees["lcd"]["count"] == 3 and degrees["sd"]["count"] == 6
    assert degrees["gd"] == {"count": 0, "weighted_mean": None, "median": None}  # no data, not 0
    assert 0 < degrees["sd"]["median"] <= 1

    # a region without data says "no data", not zero
    xinjiang = IndexSnapshot.objects.get(level="province", region="650000", year=2024, current=True)
    assert xinjiang.index is None and xinjiang.rank is None
    assert all(v is None for v in xinjiang.payload["indicators"].values())
    jiangsu = IndexSnapshot.objects.get(level="province", region="320000", year=2024, current=True)
    zhejiang = IndexSnapshot.objects.get(level="province", region="330000", year=2024, current=True)
    assert jiangsu.index is not None and zhejiang.index is not None
    assert {jiangsu.rank, zhejiang.rank} == {1, 2}
    west = IndexSnapshot.objects.get(level="economic", region="west", year=2024, current=True)
    assert west.index is None
    east = IndexSnapshot.objects.get(level="economic", region="east", year=2024, current=True)
    assert east.index == 50.0  # the only economic region with data


def test_recompute_keeps_old_snapshots_and_checks_role(country: Any, suzhou_official: Any) -> None:
    before = IndexSnapshot.objects.filter(year=2024).count()
    index_snapshots_compute(actor=None, year=2024)
    assert IndexSnapshot.objects.filter(year=2024).count() == 2 * before
    assert IndexSnapshot.objects.filter(year=2024, current=True).count() == before
    with pytest.raises(PermissionDenied):
        index_snapshots_compute(actor=suzhou_official, year=2024)
