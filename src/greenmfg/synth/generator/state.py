"""The generator's working state: plants, listings and what has been drawn."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from greenmfg.core.codes.regions import Region
from greenmfg.core.domain import ListLevel, UnitKind
from greenmfg.synth.model import (
    RemovalReason,
    SynthEnterprise,
    SynthPark,
    SynthProduct,
)
from greenmfg.synth.profiles import IndustryProfile, QuotaProduct


@dataclass(slots=True)
class _Plant:
    """What the filings of one enterprise are drawn from."""

    profile: IndustryProfile
    quota: QuotaProduct | None
    quantity: float  # t of the quota product in 2021
    output: float  # 万元 in 2021
    growth: float  # yearly growth of output
    intensity: float  # kgce/t in 2021 (quota products)
    hot_metal_ratio: float  # t of hot metal per t of BOF steel (integrated works)
    hot_metal_intensity: float  # kgce/t of the works' blast furnace in 2021
    employees: int
    land: float
    floor: float
    footprint: float
    coal: str  # which coal the plant burns (烟煤 / 原煤 / 无烟煤)
    ncv: float  # GJ/t of that coal
    buys_heat: bool  # buys hot water / heat (GJ) instead of steam
    self_renewable: float
    export_share: float  # share of the own renewable power delivered to others
    green_from: int
    green_share: float


@dataclass(slots=True)
class _Listing:
    kind: UnitKind
    level: ListLevel
    year: int
    batch: str
    unit: str
    adcode: str
    authority: str
    listed_on: dt.date
    province: str
    removed_on: dt.date | None = None
    removal: RemovalReason | None = None


@dataclass(slots=True)
class _State:
    rng: random.Random
    scale: float
    provinces: list[Region]
    province_weights: list[float]  # cumulative
    cities: dict[str, tuple[list[Region], list[float]]]  # units, cumulative weights
    enterprises: list[SynthEnterprise] = field(default_factory=list)
    plants: dict[str, _Plant] = field(default_factory=dict)
    by_province: dict[str, list[str]] = field(default_factory=dict)
    by_city: dict[str, list[str]] = field(default_factory=dict)
    city_of: dict[str, str] = field(default_factory=dict)
    industry_of: dict[str, str] = field(default_factory=dict)
    by_level: dict[tuple[UnitKind, ListLevel], list[int]] = field(default_factory=dict)
    parks: list[SynthPark] = field(default_factory=list)
    products: list[SynthProduct] = field(default_factory=list)
    product_keys: set[str] = field(default_factory=set)
    products_of: dict[str, int] = field(default_factory=dict)
    used_codes: set[str] = field(default_factory=set)
    used_names: set[str] = field(default_factory=set)
    listings: list[_Listing] = field(default_factory=list)
    listed: set[tuple[UnitKind, ListLevel, str]] = field(default_factory=set)
    pools: dict[tuple[UnitKind, ListLevel, str], list[int]] = field(default_factory=dict)
    barred_until: dict[str, int] = field(default_factory=dict)
