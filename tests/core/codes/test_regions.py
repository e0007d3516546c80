"""Administrative divisions (GB/T 2260) and the NBS economic regions."""

from __future__ import annotations

from collections import Counter

import pytest

from greenmfg.core.codes import regions
from greenmfg.core.codes.regions import EconomicRegion, RegionLevel
from greenmfg.core.errors import DataFileInvalidError, ErrorCode, UnknownAdcodeError

MUNICIPALITY_UNITS = {"110100", "120100", "310100", "500100", "500200"}


def test_31_provinces_with_nbs_regions() -> None:
    provinces = regions.provinces()
    assert len(provinces) == 31
    counts = Counter(p.economic_region for p in provinces)
    assert counts == {
        EconomicRegion.EAST: 10,
        EconomicRegion.CENTRAL: 6,
        EconomicRegion.WEST: 12,
        EconomicRegion.NORTHEAST: 3,
    }
    east = {p.name_zh for p in regions.provinces_in(EconomicRegion.EAST)}
    assert east == {
        "北京市",
        "天津市",
        "河北省",
        "上海市",
        "江苏省",
        "浙江省",
        "福建省",
        "山东省",
        "广东省",
        "海南省",
    }
    northeast = {p.adcode for p in regions.provinces_in(EconomicRegion.NORTHEAST)}
    assert northeast == {"210000", "220000", "230000"}
    assert EconomicRegion.WEST.name_zh == "西部"


def test_prefecture_count() -> None:
    prefectures = [c for c in regions.all_cities() if c.level is RegionLevel.PREFECTURE]
    # 333 prefecture-level units (293 cities, 7 prefectures, 30 autonomous prefectures,
    # 3 leagues) + 雄安新区 + the municipalities' 5 city-level codes.
    assert len(prefectures) == 333 + 1 + len(MUNICIPALITY_UNITS)
    assert {c.adcode for c in prefectures} >= MUNICIPALITY_UNITS


def test_every_province_has_cities_and_each_city_its_parent() -> None:
    for province in regions.provinces():
        cities = regions.cities(province.adcode)
        assert cities, province
        for city in cities:
            assert city.parent == province.adcode
            assert city.economic_region is province.economic_region
            assert city.is_city_level
    assert len(regions.cities("320000")) == 13  # Jiangsu
    assert len(regions.cities("440000")) == 21  # Guangdong


def test_get_and_names() -> None:
    suzhou = regions.get("320500")
    assert (suzhou.name_zh, suzhou.level, suzhou.parent) == (
        "苏州市",
        RegionLevel.PREFECTURE,
        "320000",
    )
    assert suzhou.name_en.startswith("Suzhou")
    assert regions.get("110100").name_zh == "北京市"
    assert regions.get(" 419001 ").level is RegionLevel.COUNTY_DIRECT
    assert regions.get("540000").name_en == "Tibet"


def test_province_city_and_economic_region_of_county_codes() -> None:
    assert regions.province_of("320506").adcode == "320000"
    assert regions.city_of("320506").adcode == "320500"
    assert regions.city_of("110105").adcode == "110100"
    assert regions.city_of("419001").adcode == "419001"
    assert regions.economic_region("620102") is EconomicRegion.WEST
    assert regions.economic_region("230100") is EconomicRegion.NORTHEAST


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("32050", "exactly 6 digits"),
        ("32O500", "exactly 6 digits"),
        ("990000", "no province has the code prefix '99'"),
        ("710000", "no province has the code prefix '71'"),
        ("320599", "not a provincial or city-level code"),
    ],
)
def test_unknown_codes(code: str, fragment: str) -> None:
    with pytest.raises(UnknownAdcodeError) as info:
        regions.get(code)
    assert info.value.code is ErrorCode.UNKNOWN_ADCODE
    assert fragment in info.value.params["reason"]


def test_validate_level() -> None:
    assert regions.validate_adcode("320500", level="city") == "320500"
    assert regions.validate_adcode("419001", level="city") == "419001"
    assert regions.validate_adcode("320000", level=RegionLevel.PROVINCE) == "320000"
    with pytest.raises(UnknownAdcodeError, match="is a province unit, expected a city-level"):
        regions.validate_adcode("320000", level="city")
    with pytest.raises(UnknownAdcodeError, match="expected a province unit"):
        regions.validate_adcode("320500", level="province")
    with pytest.raises(UnknownAdcodeError, match="expected a province"):
        regions.cities("320500")
    assert not regions.is_valid("320599")
    with pytest.raises(UnknownAdcodeError, match="is a province, not inside a city"):
        regions.city_of("320000")


def test_data_is_immutable() -> None:
    with pytest.raises(AttributeError):
        regions.get("320500").name_zh = "x"  # type: ignore[misc]
    assert regions.provinces() is regions.provinces()


_HEADER = "# test\nadcode,name_zh,name_en,level,parent,economic_region,status\n"


@pytest.mark.parametrize(
    ("body", "line", "field"),
    [
        ("32000,江苏省,Jiangsu,province,,east,secondary\n", 3, "adcode"),
        ("320000,江苏省,Jiangsu,province,,eastern,secondary\n", 3, "economic_region"),
        ("320000,江苏省,Jiangsu,province,,east,checked\n", 3, "status"),
        ("320000,江苏省,Jiangsu,province,,,secondary\n", 3, "economic_region"),
        (
            "320000,江苏省,Jiangsu,province,,east,secondary\n"
            "320500,苏州市,Suzhou,prefecture,330000,,secondary\n",
            4,
            "parent",
        ),
        (
            "320000,江苏省,Jiangsu,province,,east,secondary\n"
            "320500,苏州市,Suzhou,prefecture,320000,,secondary\n"
            "320500,苏州市,Suzhou,prefecture,320000,,secondary\n",
            5,
            "adcode",
        ),
        ("320000,江苏省,Jiangsu,province,east,secondary\n", 3, "-"),
    ],
)
def test_bad_file_names_line_and_field(body: str, line: int, field: str) -> None:
    with pytest.raises(DataFileInvalidError) as info:
        regions.load_file(_HEADER + body, file="bad.csv")
    assert info.value.params["file"] == "bad.csv"
    assert info.value.params["line"] == line
    assert info.value.params["field"] == field


def test_missing_column_is_reported() -> None:
    with pytest.raises(DataFileInvalidError, match="column missing"):
        regions.load_file("adcode,name_zh\n110000,北京市\n", file="bad.csv")
