"""Quota grades with the correction terms, computed by hand."""

from __future__ import annotations

import pytest

from greenmfg.core.accounting.quotas import default_quotas, grade
from greenmfg.core.filing.model import ProductLine


def _p(**kw: float) -> ProductLine:
    return ProductLine(product="crude_steel_eaf", quantity=1, unit="t", **kw)


def test_eaf_small_furnace_with_hot_metal() -> None:
    q = default_quotas()["gb21256.eaf"]
    # < 50 t band: 61 / – / 86; hot metal 30 % × −0.8 = −24 → 37 / – / 62.
    g = grade(q, 50.0, _p(furnace_capacity=40, hot_metal_ratio=30))
    l1, l2, l3 = g.thresholds
    assert l1 == pytest.approx(37.0) and l2 is None and l3 == pytest.approx(62.0)
    assert g.level == 3 and g.next_level == 1 and g.distance_to_next == pytest.approx(13.0)


def test_eaf_large_furnace_levels() -> None:
    q = default_quotas()["gb21256.eaf"]
    assert grade(q, 60.0, _p(furnace_capacity=100)).level == 1
    assert grade(q, 63.0, _p(furnace_capacity=100)).level == 2
    g = grade(q, 80.0, _p(furnace_capacity=100))
    assert (
        g.level == "non_compliant"
        and g.next_level == 3
        and g.distance_to_next == pytest.approx(8.0)
    )


def test_blast_furnace_grade_correction_is_capped_at_5_points() -> None:
    q = default_quotas()["gb21256.blast_furnace"]
    g = grade(q, 400.0, ProductLine(product="hot_metal", quantity=1, unit="t", iron_grade=50))
    # 12 points below 62 % but at most 5 count: +18.05 → 379.05 / 388.05 / 433.05 → level 3
    assert g.thresholds == pytest.approx((379.05, 388.05, 433.05))
    assert g.level == 3


def test_clinker_altitude_only_above_1500_m() -> None:
    q = default_quotas()["gb16780.clinker"]
    low = grade(q, 110.0, ProductLine(product="clinker", quantity=1, unit="t", altitude=1400))
    assert low.thresholds == (100, 107, 117)
    high = grade(q, 110.0, ProductLine(product="clinker", quantity=1, unit="t", altitude=3000))
    p = 101325 * (1 - 2.25577e-5 * 3000) ** 5.25588  # ≈ 70.1 kPa
    assert high.thresholds[2] == pytest.approx(117 * (1.179 - 0.211 * p / 101325))
    assert high.thresholds[:2] == (100, 107)
