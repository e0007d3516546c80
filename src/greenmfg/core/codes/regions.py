"""Administrative divisions (行政区划, GB/T 2260) and the NBS four economic regions.

Data: ``core/data/regions/gbt2260-2025-12.csv`` (source, edition, status and the
conventions for municipalities and province-administered counties are documented in
its header).  The file is read once, validated with pydantic and kept immutable.

City-level units (what an enterprise's ``adcode`` and a municipal authority's scope
point to) are the prefecture-level units (地级市/自治州/地区/盟, plus the municipalities'
市辖区 codes such as 110100) and the county-level units administered directly by a
province (省直辖县级行政单位, e.g. 419001 济源市).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from types import MappingProxyType
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from greenmfg.core.codes._datafile import parse_csv, read_text
from greenmfg.core.errors import DataFileInvalidError, UnknownAdcodeError

DATA_FILE: Final = "gbt2260-2025-12.csv"
EDITION: Final = "2025-12-31"


class RegionLevel(StrEnum):
    PROVINCE = "province"  # 省级 (省/自治区/直辖市)
    PREFECTURE = "prefecture"  # 地级 (地级市/自治州/地区/盟; 直辖市的市辖区/县)
    COUNTY_DIRECT = "county_direct"  # 省直辖县级行政单位

    @property
    def name_zh(self) -> str:
        return _LEVEL_ZH[self]


_LEVEL_ZH: Final = MappingProxyType(
    {
        RegionLevel.PROVINCE: "省级",
        RegionLevel.PREFECTURE: "地级",
        RegionLevel.COUNTY_DIRECT: "省直辖县级",
    }
)

CITY_LEVELS: Final = frozenset({RegionLevel.PREFECTURE, RegionLevel.COUNTY_DIRECT})

LevelFilter = RegionLevel | Literal["province", "prefecture", "county_direct", "city"]
"""A level to validate against; ``"city"`` accepts any city-level unit."""


class EconomicRegion(StrEnum):
    """The four economic regions of the National Bureau of Statistics (NBS)."""

    EAST = "east"  # 东部
    CENTRAL = "central"  # 中部
    WEST = "west"  # 西部
    NORTHEAST = "northeast"  # 东北

    @property
    def name_zh(self) -> str:
        return _ECON_ZH[self]

    @property
    def name_en(self) -> str:
        return self.value.capitalize()


_ECON_ZH: Final = MappingProxyType(
    {
        EconomicRegion.EAST: "东部",
        EconomicRegion.CENTRAL: "中部",
        EconomicRegion.WEST: "西部",
        EconomicRegion.NORTHEAST: "东北",
    }
)


@dataclass(frozen=True, slots=True)
class Region:
    adcode: str
    name_zh: str
    name_en: str
    level: RegionLevel
    parent: str | None  # the province's adcode for city-level units
    economic_region: EconomicRegion
    status: str

    @property
    def is_city_level(self) -> bool:
        return self.level in CITY_LEVELS

    @property
    def province_adcode(self) -> str:
        return self.adcode[:2] + "0000"


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    adcode: str = Field(pattern=r"^[1-9]\d{5}$")
    name_zh: str = Field(min_length=2)
    name_en: str = Field(min_length=2)
    level: RegionLevel
    parent: str | None
    economic_region: EconomicRegion | None
    status: Literal["verified", "secondary", "unverified"]

    @field_validator("parent", "economic_region", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return None if value == "" else value


@dataclass(frozen=True, slots=True)
class _Registry:
    by_code: MappingProxyType[str, Region]
    provinces: tuple[Region, ...]
    cities: MappingProxyType[str, tuple[Region, ...]]


@cache
def _registry() -> _Registry:
    return _build(read_text("regions", DATA_FILE), file=f"core/data/regions/{DATA_FILE}")


def _build(text: str, *, file: str) -> _Registry:
    rows = parse_csv(text, _Row, file=file)
    provinces: dict[str, Region] = {}
    for line, row in rows:
        if row.level is not RegionLevel.PROVINCE:
            continue
        if not row.adcode.endswith("0000"):
            raise DataFileInvalidError(
                file=file, line=line, field="adcode", reason="a province code must end in 0000"
            )
        if row.economic_region is None:
            raise DataFileInvalidError(
                file=file,
                line=line,
                field="economic_region",
                reason="a province needs its economic region (east/central/west/northeast)",
            )
        if row.adcode in provinces:
            raise DataFileInvalidError(
                file=file, line=line, field="adcode", reason=f"duplicate code {row.adcode}"
            )
        provinces[row.adcode] = Region(
            adcode=row.adcode,
            name_zh=row.name_zh,
            name_en=row.name_en,
            level=row.level,
            parent=None,
            economic_region=row.economic_region,
            status=row.status,
        )
    by_code: dict[str, Region] = dict(provinces)
    cities: dict[str, list[Region]] = {code: [] for code in provinces}
    for line, row in rows:
        if row.level is RegionLevel.PROVINCE:
            continue
        province = provinces.get(row.parent or "")
        if province is None or row.parent != row.adcode[:2] + "0000":
            raise DataFileInvalidError(
                file=file,
                line=line,
                field="parent",
                reason=f"parent {row.parent!r} is not the province of {row.adcode}",
            )
        if row.adcode in by_code:
            raise DataFileInvalidError(
                file=file, line=line, field="adcode", reason=f"duplicate code {row.adcode}"
            )
        region = Region(
            adcode=row.adcode,
            name_zh=row.name_zh,
            name_en=row.name_en,
            level=row.level,
            parent=province.adcode,
            economic_region=province.economic_region,
            status=row.status,
        )
        by_code[row.adcode] = region
        cities[province.adcode].append(region)
    return _Registry(
        by_code=MappingProxyType(by_code),
        provinces=tuple(sorted(provinces.values(), key=lambda r: r.adcode)),
        cities=MappingProxyType(
            {code: tuple(sorted(units, key=lambda r: r.adcode)) for code, units in cities.items()}
        ),
    )


def _clean(adcode: object) -> str:
    if isinstance(adcode, int) and not isinstance(adcode, bool):
        adcode = str(adcode)
    if not isinstance(adcode, str):
        raise UnknownAdcodeError(adcode=repr(adcode), reason="expected a 6-digit text code")
    text = adcode.strip()
    if len(text) != 6 or not (text.isascii() and text.isdigit()):
        raise UnknownAdcodeError(adcode=adcode, reason="expected exactly 6 digits")
    return text


def provinces() -> tuple[Region, ...]:
    """The 31 provincial-level divisions, ordered by code."""
    return _registry().provinces


def cities(province_adcode: str) -> tuple[Region, ...]:
    """The city-level units of one province, ordered by code."""
    province = get(province_adcode)
    if province.level is not RegionLevel.PROVINCE:
        raise UnknownAdcodeError(
            adcode=province_adcode,
            reason=f"{province.name_zh} is a {province.level.value} unit, expected a province",
        )
    return _registry().cities[province.adcode]


def all_cities() -> tuple[Region, ...]:
    """Every city-level unit of the country, ordered by code."""
    reg = _registry()
    return tuple(city for province in reg.provinces for city in reg.cities[province.adcode])


def get(adcode: str) -> Region:
    """The province or city-level unit with this code, or UnknownAdcodeError."""
    text = _clean(adcode)
    region = _registry().by_code.get(text)
    if region is not None:
        return region
    if text[:2] + "0000" not in _registry().by_code:
        raise UnknownAdcodeError(
            adcode=adcode, reason=f"no province has the code prefix {text[:2]!r}"
        )
    raise UnknownAdcodeError(
        adcode=adcode,
        reason=(
            f"not a provincial or city-level code of the {EDITION} edition "
            f"(county-level codes are not registered)"
        ),
    )


def validate_adcode(adcode: str, *, level: LevelFilter | None = None) -> str:
    """Return the normalised code if it is a known unit of the wanted level."""
    region = get(adcode)
    if level is None:
        return region.adcode
    if level == "city":
        if region.is_city_level:
            return region.adcode
        wanted = "a city-level unit (prefecture or province-administered county)"
    else:
        wanted_level = RegionLevel(level)
        if region.level is wanted_level:
            return region.adcode
        wanted = f"a {wanted_level.value} unit"
    raise UnknownAdcodeError(
        adcode=adcode,
        reason=f"{region.name_zh} ({region.name_en}) is a {region.level.value} unit, expected {wanted}",
    )


def is_valid(adcode: str, *, level: LevelFilter | None = None) -> bool:
    try:
        validate_adcode(adcode, level=level)
    except UnknownAdcodeError:
        return False
    return True


def province_of(adcode: str) -> Region:
    """The province of any 6-digit code (county-level codes included) by its prefix."""
    text = _clean(adcode)
    region = _registry().by_code.get(text[:2] + "0000")
    if region is None:
        raise UnknownAdcodeError(
            adcode=adcode, reason=f"no province has the code prefix {text[:2]!r}"
        )
    return region


def city_of(adcode: str) -> Region:
    """The city-level unit containing a code (a county-level code maps to its prefecture).

    Known city-level codes map to themselves; ``XXYYZZ`` otherwise maps to ``XXYY00``.
    """
    text = _clean(adcode)
    reg = _registry()
    region = reg.by_code.get(text)
    if region is not None and region.is_city_level:
        return region
    if region is not None:
        raise UnknownAdcodeError(
            adcode=adcode, reason=f"{region.name_zh} is a province, not inside a city"
        )
    parent = reg.by_code.get(text[:4] + "00")
    if parent is not None and parent.is_city_level:
        return parent
    province_of(text)
    raise UnknownAdcodeError(
        adcode=adcode, reason=f"no city-level unit with the code prefix {text[:4]!r}"
    )


def economic_region(adcode: str) -> EconomicRegion:
    """The NBS economic region (east/central/west/northeast) of any code's province."""
    return province_of(adcode).economic_region


def provinces_in(region: EconomicRegion) -> tuple[Region, ...]:
    return tuple(p for p in provinces() if p.economic_region is region)


def load_file(text: str, *, file: str) -> tuple[Region, ...]:
    """Validate a regions file given as text (used to test the schema); return its units."""
    return tuple(_build(text, file=file).by_code.values())
