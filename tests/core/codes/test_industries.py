"""GB/T 4754-2017 industry codes and product codes."""

from __future__ import annotations

import pytest

from greenmfg.core.codes import industries
from greenmfg.core.errors import (
    DataFileInvalidError,
    ErrorCode,
    UnknownCodeError,
    UnknownIndustryError,
)


def test_31_manufacturing_divisions() -> None:
    divisions = industries.divisions()
    assert [d.code for d in divisions] == [str(n) for n in range(13, 44)]
    assert all(d.manufacturing and d.name_zh and d.name_en for d in divisions)
    assert industries.get("30").name_zh == "非金属矿物制品业"


@pytest.mark.parametrize(
    ("code", "standard", "products"),
    [
        ("3011", "GB 16780-2021", ("clinker", "cement")),
        ("3110", "GB 21256-2025", ("sinter", "pellet", "hot_metal")),
        ("3120", "GB 21256-2025", ("crude_steel_bof", "crude_steel_eaf")),
        ("3216", "GB 21346-2022", ("aluminium_liquid", "aluminium_ingot", "alumina")),
        ("2612", "GB 21257-2024", ("caustic_soda_30", "caustic_soda_45", "caustic_soda_98")),
        ("2651", "GB 21257-2024", ("pvc_carbide",)),
        ("2614", "GB 29436-2023", ("methanol_coal", "methanol_gas")),
        ("4411", "GB 21258-2024", ("power_supplied",)),
    ],
)
def test_quota_classes(code: str, standard: str, products: tuple[str, ...]) -> None:
    industry = industries.get(code)
    assert industry.quota_standard == standard
    assert industry.products == products
    for product in industries.products_of(code):
        assert product.industry == code
        assert product.quota_standard == standard


def test_coal_power_is_flagged_outside_manufacturing() -> None:
    power = industries.get("4411")
    assert not power.manufacturing
    assert power.section == "D"
    assert power.label == "D4411 火力发电"
    assert industries.division_of("4411").code == "44"
    assert "44" not in {d.code for d in industries.divisions()}


def test_division_of_and_section_prefix() -> None:
    assert industries.division_of("3011").code == "30"
    assert industries.division_of("30").code == "30"
    assert industries.get("C3011").code == "3011"
    assert industries.validate_industry(" c3612 ") == "3612"
    assert industries.validate_industry("3011", level="class") == "3011"


@pytest.mark.parametrize(
    ("code", "fragment"),
    [
        ("12", "not a manufacturing division"),
        ("0610", "not a manufacturing division"),
        ("3019", "class 3019 is not registered under division 30"),
        ("301", "3-digit groups"),
        ("30111", "expected a 2-digit division or a 4-digit class"),
        ("abc", "expected a 2-digit division or a 4-digit class"),
    ],
)
def test_unknown_industries(code: str, fragment: str) -> None:
    with pytest.raises(UnknownIndustryError) as info:
        industries.validate_industry(code)
    assert info.value.code is ErrorCode.UNKNOWN_INDUSTRY
    assert fragment in info.value.params["reason"]
    assert not industries.is_valid(code)


def test_level_checks() -> None:
    with pytest.raises(UnknownIndustryError, match="is a division, expected a 4-digit class"):
        industries.validate_industry("30", level="class")
    with pytest.raises(UnknownIndustryError, match="is a class, expected a 2-digit division"):
        industries.validate_industry("3011", level="division")


def test_every_class_product_is_registered() -> None:
    codes = {p.code for p in industries.products()}
    for industry in industries.classes():
        assert industry.division in {d.code for d in industries.divisions()} | {"44"}
        assert set(industry.products) <= codes
    assert industries.get_product("clinker").unit == "t"
    with pytest.raises(UnknownCodeError):
        industries.get_product("unobtainium")


_IND = "code,name_zh,name_en,division,manufacturing,quota_standard,products,status\n"
_PROD = "code,name_zh,name_en,industry,unit,quota_standard,quota_indicator,status\n"
_DIV = "30,非金属矿物制品业,Non-metallic,30,true,,,unverified\n"


@pytest.mark.parametrize(
    ("ind", "prod", "file", "line", "field"),
    [
        (_IND + "3011,水泥制造,Cement,30,true,,,unverified\n", _PROD, "i.csv", 2, "division"),
        (
            _IND + _DIV + "3011,水泥制造,Cement,31,true,,,unverified\n",
            _PROD,
            "i.csv",
            3,
            "division",
        ),
        (
            _IND + _DIV + "3011,水泥制造,Cement,30,maybe,,,unverified\n",
            _PROD,
            "i.csv",
            3,
            "manufacturing",
        ),
        (
            _IND + _DIV + "3011,水泥制造,Cement,30,true,,clinker,unverified\n",
            _PROD,
            "i.csv",
            3,
            "products",
        ),
        (_IND + _DIV, _PROD + "clinker,熟料,Clinker,3011,t,,,secondary\n", "p.csv", 2, "industry"),
        (_IND + _DIV + _DIV, _PROD, "i.csv", 3, "code"),
    ],
)
def test_bad_files(ind: str, prod: str, file: str, line: int, field: str) -> None:
    with pytest.raises(DataFileInvalidError) as info:
        industries.load_files(ind, prod, industry_file="i.csv", product_file="p.csv")
    assert (info.value.params["file"], info.value.params["line"], info.value.params["field"]) == (
        file,
        line,
        field,
    )
