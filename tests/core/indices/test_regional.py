from __future__ import annotations

from datetime import date

import pytest

from greenmfg.core.domain import ListLevel
from greenmfg.core.indices.regional import (
    RegionLevel,
    UnitYear,
    aggregate_regions,
    city_of,
    province_of,
    region_indicators,
    regional_index,
)

AS_OF = date(2025, 5, 31)


def _units() -> list[UnitYear]:
    return [
        # Jiangsu: two units, one national-listed, falling intensity
        UnitYear(
            "a",
            "320100",
            2024,
            output_value=1000.0,
            energy_tce=100.0,
            co2_t=300.0,
            level=ListLevel.NATIONAL,
            newly_listed=True,
            grade="A+",
            degree_mean=0.8,
        ),
        UnitYear(
            "b",
            "320500",
            2024,
            output_value=3000.0,
            energy_tce=500.0,
            co2_t=900.0,
            grade=None,
            degree_mean=0.4,
        ),
        UnitYear("a", "320100", 2023, output_value=1000.0, energy_tce=150.0, co2_t=300.0),
        UnitYear("b", "320500", 2023, output_value=3000.0, energy_tce=650.0, co2_t=900.0),
        # Guangdong: one provincial-listed unit, a removal
        UnitYear(
            "c",
            "440100",
            2024,
            output_value=2000.0,
            energy_tce=600.0,
            co2_t=1000.0,
            level=ListLevel.PROVINCIAL,
            removed=True,
            grade="B",
        ),
    ]


def test_indicators_from_the_aggregate() -> None:
    agg = aggregate_regions(_units(), province_of)
    js = region_indicators(agg[("320000", 2024)], agg[("320000", 2023)])
    assert js["listed_output_share"] == 0.25
    assert js["listed_per_100"] == 50.0
    assert js["national_share"] == 1.0
    assert js["energy_intensity"] == 600.0 / 4000.0
    assert js["energy_intensity_trend"] == pytest.approx(0.15 / 0.2 - 1)
    assert js["carbon_intensity_trend"] == 0.0
    assert js["degree_mean"] == pytest.approx(0.6)
    assert js["new_listing_rate"] == 1.0
    assert js["removal_rate"] == 0.0
    assert js["green_code_top_share"] == 1.0
    gd = region_indicators(agg[("440000", 2024)], None)
    assert gd["energy_intensity_trend"] is None  # no prior year: no trend, not 0
    assert gd["degree_mean"] is None
    assert gd["removal_rate"] == 0.5


def test_region_without_data_has_no_index_not_zero() -> None:
    result = regional_index(
        _units(),
        year=2024,
        level=RegionLevel.PROVINCE,
        regions=["320000", "440000", "650000"],
        region_of=province_of,
        data_as_of=AS_OF,
    )
    by_region = {r.region: r for r in result}
    xj = by_region["650000"]
    assert xj.index is None and xj.rank is None and not xj.has_data
    assert all(v is None for v in xj.indicators.values())
    assert all(v is None for v in xj.pillars.values())
    assert result[-1].region == "650000"  # unranked regions come last
    js, gd = by_region["320000"], by_region["440000"]
    assert js.rank == 1 and gd.rank == 2
    assert js.index is not None and 0 <= gd.index <= js.index <= 100  # type: ignore[operator]
    assert js.data_as_of == AS_OF
    # Jiangsu is better on every indicator both have, so it scores 100 on each of them
    assert js.scores["energy_intensity"] == 100.0 and gd.scores["energy_intensity"] == 0.0
    assert js.scores["energy_intensity_trend"] == 50.0  # the only region with a trend
    assert gd.scores["energy_intensity_trend"] is None


def test_city_level_and_economic_grouping() -> None:
    cities = regional_index(
        _units(), year=2024, level=RegionLevel.CITY, regions=[], region_of=city_of, data_as_of=AS_OF
    )
    assert [c.rank for c in cities] == [1, 2, 3]
    assert {c.region for c in cities} == {"320100", "320500", "440100"}
    east = regional_index(
        _units(),
        year=2024,
        level=RegionLevel.ECONOMIC,
        regions=["east", "west"],
        region_of=lambda a: "east",
        data_as_of=AS_OF,
    )
    assert east[0].region == "east" and east[0].index == 50.0  # a single region: every score 50
    assert east[1].region == "west" and east[1].index is None
