"""The synthetic national data set generator, deterministic by seed.

How the list history is built (years 2017–2025, see ``synth/data/national_batches.csv``):

* National batch sizes at scale ``s`` are ``round(real × s)`` (at least 1 when the real
  size is not 0), exactly, per carrier (factories, parks, supply-chain enterprises,
  design products).
* Provincial lists of a year hold ``PROVINCIAL_MULTIPLIER`` × that year's national size;
  municipal lists ``MUNICIPAL_MULTIPLIER`` × the provincial size (factories and
  supply-chain enterprises only: parks and design products have no municipal list here).
* Gradient cultivation (梯度培育): national candidates are drawn from the same province's
  provincial list (listed the same year before the batch date, or earlier, and still
  listed); when a province has none left, a unit is put on its provincial list first.
  ``PROMOTE_SHARE`` of provincial listings are promoted from the municipal list.
* Dynamic management: from 2018 on, each year removes a share drawn from
  ``REMOVAL_RATE`` (1–2 %) of the units listed at each level in earlier years, with a
  reason; a removed unit is not listed again at any level for ``BAR_YEARS`` years.
* Provinces are drawn with the weights of ``synth/data/province_weights.csv`` (the east
  far ahead of the west), cities with random weights (the capital ×3).
* Annual filings (2021–2025) are made for every enterprise on a provincial or national
  factory or supply-chain list.  Quota industries get unit-product intensities inside
  the bands of the accounting quota data (``core/data/quotas``): about 8 % better than
  level 1, 78 % between levels 1 and 3, 14 % above level 3; ``ABNORMAL_SHARE`` of them
  are made abnormal on purpose and listed in ``abnormal_filings`` with the reason.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import accumulate
from typing import Any, Final

from greenmfg.core.codes import industries, regions, uscc
from greenmfg.core.codes.regions import Region, RegionLevel
from greenmfg.core.domain import ListLevel, UnitKind
from greenmfg.core.errors import InvalidScaleError
from greenmfg.synth import names
from greenmfg.synth.model import (
    BAR_YEARS,
    AbnormalFiling,
    AbnormalKind,
    RemovalReason,
    SynthEnterprise,
    SyntheticDataset,
    SynthInstitution,
    SynthListing,
    SynthPark,
    SynthParkLevel,
    SynthParkMember,
    SynthProduct,
    SynthSupplierLink,
)
from greenmfg.synth.profiles import PROFILES, IndustryProfile, QuotaProduct
from greenmfg.synth.reference import coefficients, national_batches, province_weights, quota_bands

DEFAULT_SEED: Final = 20251231
DEFAULT_SCALE: Final = 0.05
YEARS: Final = tuple(range(2017, 2026))
FILING_YEARS: Final = tuple(range(2021, 2026))
PROVINCIAL_MULTIPLIER: Final = 3.0
MUNICIPAL_MULTIPLIER: Final = 2.0
PROMOTE_SHARE: Final = 0.6
REMOVAL_RATE: Final = (0.01, 0.02)
REMOVALS_FROM: Final = 2018
ABNORMAL_SHARE: Final = 0.004
INSTITUTIONS_AT_SCALE_1: Final = 400

LEVELS: Final[dict[UnitKind, tuple[ListLevel, ...]]] = {
    UnitKind.FACTORY: (ListLevel.MUNICIPAL, ListLevel.PROVINCIAL, ListLevel.NATIONAL),
    UnitKind.SUPPLY_CHAIN: (ListLevel.MUNICIPAL, ListLevel.PROVINCIAL, ListLevel.NATIONAL),
    UnitKind.PARK: (ListLevel.PROVINCIAL, ListLevel.NATIONAL),
    UnitKind.PRODUCT: (ListLevel.PROVINCIAL, ListLevel.NATIONAL),
}

_REMOVAL_WEIGHTS: Final = (
    (RemovalReason.NON_FILING, 0.35),
    (RemovalReason.CLOSED, 0.2),
    (RemovalReason.BOTTOM_FIVE_PERCENT, 0.15),
    (RemovalReason.FALSIFIED_DATA, 0.1),
    (RemovalReason.MAJOR_ACCIDENT, 0.1),
    (RemovalReason.SERIOUS_DISHONESTY, 0.1),
)
_LEADER_CLASSES: Final = (
    ("3611", 2.0), ("3612", 2.0), ("3670", 1.0), ("3851", 1.5), ("3852", 1.5), ("3911", 1.5),
    ("3921", 1.5), ("3825", 1.5), ("3841", 1.5), ("3514", 1.0), ("2911", 0.7), ("1819", 0.7),
    ("2110", 0.5), ("3974", 0.8), ("2720", 0.6), ("3130", 0.6),
)  # fmt: skip
_COALS: Final = ("bituminous_coal", "raw_coal", "anthracite")
_COAL_NCV: Final = {  # GJ/t drawn for measured NCVs (实测低位发热量); synthetic ranges
    "bituminous_coal": (20.5, 24.5),
    "raw_coal": (18.5, 22.0),
    "anthracite": (22.5, 26.0),
}
_HOT_METAL_MIX: Final = next(q.mix for q in PROFILES["3110"].quota if q.product == "hot_metal")
_FILING_PRODUCT_PRICE: Final = {"paper": 5200.0, "glass": 1900.0, "steel_products": 4300.0}
_INSTITUTION_WORDS: Final = (
    "节能环保科技",
    "检测认证",
    "工程咨询",
    "环境科技",
    "低碳科技",
    "质量技术服务",
)

Progress = Callable[[str, int, int], None]


def scaled(real: int, scale: float) -> int:
    """``round(real × scale)``, half up, at least 1 when ``real`` is not 0."""
    if real <= 0:
        return 0
    return max(1, math.floor(real * scale + 0.5))


def batch_sizes(kind: UnitKind, scale: float) -> dict[str, int]:
    """National batch sizes of ``kind`` at ``scale``, by batch key (B1 … 2025)."""
    _check_scale(scale)
    return {b.key: scaled(b.sizes[kind], scale) for b in national_batches()}


def _check_scale(scale: float) -> None:
    if not isinstance(scale, int | float) or isinstance(scale, bool) or not scale > 0:
        raise InvalidScaleError(scale=scale)
    if not math.isfinite(scale):
        raise InvalidScaleError(scale=scale)


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


def generate(
    *, seed: int = DEFAULT_SEED, scale: float = DEFAULT_SCALE, progress: Progress | None = None
) -> SyntheticDataset:
    """Generate the synthetic national data set; identical output for identical arguments."""
    _check_scale(scale)
    report: Progress = progress or (lambda _phase, _done, _total: None)
    rng = random.Random(seed)
    provinces = list(regions.provinces())
    weights = province_weights()
    cities: dict[str, tuple[list[Region], list[float]]] = {}
    for province in provinces:
        units = list(regions.cities(province.adcode))
        city_weights = [rng.lognormvariate(0.0, 0.8) for _ in units]
        # the capital (or the first unit of a municipality) weighs more
        city_weights[0] *= 3.0
        cities[province.adcode] = (units, list(accumulate(city_weights)))
    state = _State(
        rng=rng,
        scale=scale,
        provinces=provinces,
        province_weights=list(accumulate(weights[p.adcode] for p in provinces)),
        cities=cities,
    )
    batches = national_batches()
    for index, year in enumerate(YEARS):
        report("list history", index, len(YEARS))
        if year >= REMOVALS_FROM:
            _remove(state, year)
        for kind in UnitKind:
            _list_year(state, kind, year)
    report("list history", len(YEARS), len(YEARS))
    members = _park_members(state)
    links = _supplier_links(state)
    institutions = _institutions(state)
    filings, abnormal = _filings(state, report)
    listings = tuple(
        SynthListing(
            kind=item.kind,
            level=item.level,
            year=item.year,
            batch=item.batch,
            unit=item.unit,
            adcode=item.adcode,
            authority_adcode=item.authority,
            listed_on=item.listed_on,
            removed_on=item.removed_on,
            removal_code=item.removal,
            removal_reason=item.removal.text if item.removal else "",
        )
        for item in state.listings
    )
    return SyntheticDataset(
        seed=seed,
        scale=scale,
        enterprises=tuple(state.enterprises),
        parks=tuple(state.parks),
        park_members=members,
        supplier_links=links,
        products=tuple(state.products),
        institutions=institutions,
        listings=listings,
        filings=filings,
        abnormal_filings=abnormal,
        batches=batches,
        sources=(
            "national batch sizes: synth/data/national_batches.csv (green_system_rules.md §7)",
            "quota bands: core/data/quotas (factors.md §3, secondary)",
            "province weights: synth/data/province_weights.csv (synthetic assumption, unverified)",
            "regions: core/data/regions (GB/T 2260, 2025-12-31, secondary)",
            "industries: core/data/industries (GB/T 4754-2017, unverified)",
        ),
    )


# --- units --------------------------------------------------------------------------------


def _pick_province(state: _State) -> Region:
    return state.rng.choices(state.provinces, cum_weights=state.province_weights)[0]


def _pick_city(state: _State, province: Region) -> Region:
    units, cum_weights = state.cities[province.adcode]
    return state.rng.choices(units, cum_weights=cum_weights)[0]


def _registration_adcode(rng: random.Random, city: Region) -> str:
    """A county-like code inside the city, as embedded in credit codes (positions 3–8)."""
    if city.level is RegionLevel.COUNTY_DIRECT:
        return city.adcode
    return city.adcode[:4] + f"{rng.randint(1, 12):02d}"


_ORG_CHARS: Final = (
    "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100 characters, so the code stays legal
)


def _new_code(state: _State, head: str, city: Region, *, modern: bool) -> str:
    rng = state.rng
    while True:
        if modern:
            body8 = "MA" + "".join(rng.choice(_ORG_CHARS) for _ in range(6))
        else:
            body8 = "".join(rng.choice("0123456789") for _ in range(8))
        body = body8 + uscc.organisation_code_check(body8)
        code = uscc.make(head + _registration_adcode(rng, city) + body)
        if code not in state.used_codes:
            state.used_codes.add(code)
            return code


def _unique_name(state: _State, make: Callable[[], str]) -> str:
    for _ in range(6):
        name = make()
        if name not in state.used_names:
            state.used_names.add(name)
            return name
    n = 2
    base = make()
    while f"{base}（{n}）" in state.used_names:
        n += 1
    state.used_names.add(f"{base}（{n}）")
    return f"{base}（{n}）"


_LEADER_CODES: Final = tuple(code for code, _ in _LEADER_CLASSES)
_LEADER_CUM: Final = tuple(accumulate(weight for _, weight in _LEADER_CLASSES))
_CLASS_CODES: Final = tuple(PROFILES)
_CLASS_CUM: Final = tuple(accumulate(PROFILES[code].weight for code in _CLASS_CODES))


def _pick_class(state: _State, *, leader: bool) -> str:
    if leader:
        return state.rng.choices(_LEADER_CODES, cum_weights=_LEADER_CUM)[0]
    return state.rng.choices(_CLASS_CODES, cum_weights=_CLASS_CUM)[0]


def _new_enterprise(
    state: _State, province: Region, *, city: Region | None = None, leader: bool = False
) -> str:
    rng = state.rng
    city = city or _pick_city(state, province)
    industry = _pick_class(state, leader=leader)
    profile = PROFILES[industry]
    established = dt.date(rng.randint(1985, 2016), rng.randint(1, 12), rng.randint(1, 28))
    code = _new_code(state, "91", city, modern=established.year >= 2015)
    short = names.city_short(city)
    name = _unique_name(
        state, lambda: f"{short}{names.trade_name(rng)}{profile.word}{names.suffix(rng)}"
    )
    plant = _new_plant(rng, profile, leader=leader)
    latest = FILING_YEARS[-1] - FILING_YEARS[0]
    output = plant.output * (1 + plant.growth) ** latest
    enterprise = SynthEnterprise(
        uscc=code,
        name=name,
        adcode=city.adcode,
        industry=industry,
        legal_representative=names.person(rng),
        address=names.address(rng, province, city),
        established=established,
        employees=plant.employees,
        output_value_10k_yuan=round(output, 2),
        value_added_10k_yuan=round(output * profile.va_ratio, 2),
        land_area_m2=round(plant.land, 1),
        floor_area_m2=round(plant.floor, 1),
        water_withdrawal_m3=round(output * profile.water_per_output, 1),
        solid_waste_t=round(output * profile.waste_per_output, 1),
    )
    state.enterprises.append(enterprise)
    state.plants[code] = plant
    state.by_province.setdefault(province.adcode, []).append(code)
    state.by_city.setdefault(city.adcode, []).append(code)
    state.city_of[code] = city.adcode
    state.industry_of[code] = industry
    return code


def _new_plant(rng: random.Random, profile: IndustryProfile, *, leader: bool) -> _Plant:
    quota: QuotaProduct | None = None
    quantity = 0.0
    intensity = 0.0
    if profile.quota:
        quota = rng.choices(profile.quota, weights=[q.share for q in profile.quota])[0]
        quantity = quota.capacity_t * rng.lognormvariate(0.0, 0.45)
        output = quantity * quota.price_yuan_t / 1e4
        intensity = _draw_intensity(rng, quota.product)
        employees = max(50, round(output / profile.output_per_employee * rng.uniform(0.7, 1.4)))
    else:
        employees = max(30, round(profile.employees * rng.lognormvariate(0.0, 0.6)))
        if leader:
            employees *= 3
        output = employees * profile.output_per_employee * rng.lognormvariate(0.0, 0.3)
    land = output * profile.land_per_output * rng.uniform(0.6, 1.5)
    coal = rng.choices(_COALS, weights=(0.7, 0.2, 0.1))[0]
    return _Plant(
        profile=profile,
        quota=quota,
        quantity=quantity,
        output=output,
        growth=rng.gauss(0.05, 0.04),
        intensity=intensity,
        hot_metal_ratio=rng.uniform(0.85, 0.95),
        hot_metal_intensity=_draw_intensity(rng, "hot_metal"),
        employees=employees,
        land=land,
        floor=land * rng.uniform(0.6, 1.4),
        footprint=land * rng.uniform(0.3, 0.55),
        coal=coal,
        ncv=rng.uniform(*_COAL_NCV[coal]),
        buys_heat=rng.random() < 0.25,
        self_renewable=rng.uniform(0.0, 0.06) if rng.random() < 0.45 else 0.0,
        export_share=rng.uniform(0.1, 0.3) if rng.random() < 0.2 else 0.0,
        green_from=rng.choice((2022, 2023, 2024, 2025, 2026, 2026)),
        green_share=rng.uniform(0.03, 0.2),
    )


def _draw_intensity(rng: random.Random, product: str) -> float:
    band = quota_bands()[product]
    span = band.level3 - band.level1
    r = rng.random()
    if r < 0.08:
        return band.level1 - abs(band.level1) * rng.uniform(0.0, 0.06)
    if r < 0.86:
        return rng.uniform(band.level1, band.level3)
    return band.level3 + span * rng.uniform(0.1, 0.6)


def _new_park(state: _State, province: Region) -> str:
    rng = state.rng
    city = _pick_city(state, province)
    short = names.city_short(city)
    r = rng.random()
    if r < 0.3:
        level, word = SynthParkLevel.NATIONAL_ETDZ, "经济技术开发区"
    elif r < 0.5:
        level, word = SynthParkLevel.NATIONAL_HIDZ, "高新技术产业开发区"
    elif r < 0.85:
        level, word = SynthParkLevel.PROVINCIAL, "经济开发区"
    else:
        level, word = SynthParkLevel.OTHER, "工业园区"

    def make() -> str:
        if level in (SynthParkLevel.PROVINCIAL, SynthParkLevel.OTHER) or rng.random() < 0.5:
            return f"{short}{names.trade_name(rng)}{word}"
        return f"{short}{word}"

    name = _unique_name(state, make)
    code = _new_code(state, "11", city, modern=rng.random() < 0.5)
    state.parks.append(SynthPark(uscc=code, name=name, adcode=city.adcode, park_level=level))
    state.city_of[code] = city.adcode
    return code


def _new_product(state: _State, province: Region) -> str:
    rng = state.rng
    pool = state.by_province.get(province.adcode) or []
    owner: str | None = None
    for _ in range(4 if pool else 0):
        candidate = rng.choice(pool)
        if _vocabulary(state, candidate):
            owner = candidate
            break
    if owner is None:
        owner = _new_enterprise(state, province)
    vocabulary = _vocabulary(state, owner)
    product = rng.choice(vocabulary) if vocabulary else industries.get_product("paper")
    n = state.products_of.get(owner, 0) + 1
    state.products_of[owner] = n
    key = f"{owner}/{n}"
    trade = names.trade_name(rng)
    state.products.append(
        SynthProduct(
            key=key,
            enterprise_uscc=owner,
            code=product.code,
            name=f"{trade}牌{product.name_zh}",
            model=f"{trade[:1]}{rng.choice('ABCDEFGHKLMNPRSTX')}-{rng.randint(100, 9999)}",
            standard_code="GB/T 32161-2015",
            category=product.name_zh,
        )
    )
    state.city_of[key] = state.city_of[owner]
    return key


def _vocabulary(state: _State, enterprise: str) -> tuple[industries.Product, ...]:
    return industries.products_of(state.industry_of[enterprise])


def _new_unit(state: _State, kind: UnitKind, province: Region) -> str:
    if kind is UnitKind.FACTORY:
        return _new_enterprise(state, province)
    if kind is UnitKind.SUPPLY_CHAIN:
        return _new_enterprise(state, province, leader=True)
    if kind is UnitKind.PARK:
        return _new_park(state, province)
    return _new_product(state, province)


# --- listings -----------------------------------------------------------------------------


def _random_date(
    rng: random.Random, year: int, start: tuple[int, int], end: tuple[int, int]
) -> dt.date:
    first = dt.date(year, *start)
    last = dt.date(year, *end)
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


def _add_listing(
    state: _State,
    kind: UnitKind,
    level: ListLevel,
    unit: str,
    province: Region,
    listed_on: dt.date,
    batch: str,
) -> None:
    adcode = state.city_of[unit]
    authority = {
        ListLevel.MUNICIPAL: adcode,
        ListLevel.PROVINCIAL: province.adcode,
        ListLevel.NATIONAL: "",
    }[level]
    state.listings.append(
        _Listing(
            kind=kind,
            level=level,
            year=listed_on.year,
            batch=batch,
            unit=unit,
            adcode=adcode,
            authority=authority,
            listed_on=listed_on,
            province=province.adcode,
        )
    )
    state.listed.add((kind, level, unit))
    state.by_level.setdefault((kind, level), []).append(len(state.listings) - 1)
    state.pools.setdefault((kind, level, province.adcode), []).append(len(state.listings) - 1)


def _promote(
    state: _State, kind: UnitKind, lower: ListLevel, upper: ListLevel, province: Region, on: dt.date
) -> str | None:
    """A unit of the province's ``lower`` list that may go on the ``upper`` list on ``on``."""
    pool = state.pools.get((kind, lower, province.adcode))
    rng = state.rng
    for _ in range(8):
        if not pool:
            return None
        position = rng.randrange(len(pool))
        item = state.listings[pool[position]]
        gone = item.removed_on is not None or (kind, upper, item.unit) in state.listed
        if gone:
            pool[position] = pool[-1]
            pool.pop()
            continue
        if item.listed_on >= on or state.barred_until.get(item.unit, 0) >= on.year:
            continue
        return item.unit
    return None


def _list_year(state: _State, kind: UnitKind, year: int) -> None:
    rng = state.rng
    levels = LEVELS[kind]
    batches = [b for b in national_batches() if b.year == year]
    national_real = sum(b.sizes[kind] for b in batches)
    provincial_n = scaled(round(national_real * PROVINCIAL_MULTIPLIER), state.scale)
    label = f"{year}年度"
    if ListLevel.MUNICIPAL in levels:
        municipal_n = scaled(
            round(national_real * PROVINCIAL_MULTIPLIER * MUNICIPAL_MULTIPLIER), state.scale
        )
        for _ in range(municipal_n):
            province = _pick_province(state)
            unit = _new_unit(state, kind, province)
            on = _random_date(rng, year, (1, 10), (6, 30))
            _add_listing(state, kind, ListLevel.MUNICIPAL, unit, province, on, label)
    for _ in range(provincial_n):
        province = _pick_province(state)
        on = _random_date(rng, year, (3, 1), (9, 30))
        promoted: str | None = None
        if ListLevel.MUNICIPAL in levels and rng.random() < PROMOTE_SHARE:
            promoted = _promote(
                state, kind, ListLevel.MUNICIPAL, ListLevel.PROVINCIAL, province, on
            )
        unit = promoted if promoted is not None else _new_unit(state, kind, province)
        _add_listing(state, kind, ListLevel.PROVINCIAL, unit, province, on, label)
    for batch in batches:
        for _ in range(scaled(batch.sizes[kind], state.scale)):
            province = _pick_province(state)
            promoted = _promote(
                state, kind, ListLevel.PROVINCIAL, ListLevel.NATIONAL, province, batch.listed_on
            )
            if promoted is not None:
                unit = promoted
            else:
                # gradient rule: put a unit on its provincial list first
                unit = _new_unit(state, kind, province)
                on = batch.listed_on - dt.timedelta(days=rng.randint(20, 60))
                _add_listing(
                    state, kind, ListLevel.PROVINCIAL, unit, province, on, f"{on.year}年度"
                )
            _add_listing(
                state, kind, ListLevel.NATIONAL, unit, province, batch.listed_on, batch.label_zh
            )


def _remove(state: _State, year: int) -> None:
    rng = state.rng
    reasons, weights = zip(*_REMOVAL_WEIGHTS, strict=True)
    for kind in UnitKind:
        for level in LEVELS[kind]:
            active = [
                i
                for i in state.by_level.get((kind, level), [])
                if state.listings[i].removed_on is None and state.listings[i].year < year
            ]
            if not active:
                continue
            count = round(len(active) * rng.uniform(*REMOVAL_RATE))
            for index in sorted(rng.sample(active, count)):
                item = state.listings[index]
                reason: RemovalReason = rng.choices(reasons, weights=weights)[0]
                if reason is RemovalReason.BOTTOM_FIVE_PERCENT and year - item.year < 3:
                    reason = RemovalReason.NON_FILING
                item.removed_on = _random_date(rng, year, (1, 15), (12, 20))
                item.removal = reason
                state.barred_until[item.unit] = max(
                    state.barred_until.get(item.unit, 0), year + BAR_YEARS
                )


# --- relations ----------------------------------------------------------------------------


def _first_listing(state: _State, kind: UnitKind) -> dict[str, dt.date]:
    first: dict[str, dt.date] = {}
    for item in state.listings:
        if item.kind is kind and (item.unit not in first or item.listed_on < first[item.unit]):
            first[item.unit] = item.listed_on
    return first


def _park_members(state: _State) -> tuple[SynthParkMember, ...]:
    rng = state.rng
    first = _first_listing(state, UnitKind.PARK)
    out: list[SynthParkMember] = []
    province_of = {p.adcode: p for p in state.provinces}
    for park in list(state.parks):
        wanted = rng.randint(6, 30)
        local = [c for c in state.by_city.get(park.adcode, []) if c != park.uscc]
        chosen = rng.sample(local, min(len(local), wanted))
        city = regions.get(park.adcode)
        province = province_of[city.province_adcode]
        while len(chosen) < min(wanted, 6):
            chosen.append(_new_enterprise(state, province, city=city))
        listed = first.get(park.uscc, dt.date(2025, 12, 31))
        for member in chosen:
            joined = listed - dt.timedelta(days=rng.randint(180, 4000))
            out.append(
                SynthParkMember(park_uscc=park.uscc, enterprise_uscc=member, joined_on=joined)
            )
    return tuple(out)


def _supplier_links(state: _State) -> tuple[SynthSupplierLink, ...]:
    rng = state.rng
    first = _first_listing(state, UnitKind.SUPPLY_CHAIN)
    out: list[SynthSupplierLink] = []
    everyone = [e.uscc for e in state.enterprises]
    province_of = {p.adcode: p for p in state.provinces}
    leader_province = {
        item.unit: item.province for item in state.listings if item.kind is UnitKind.SUPPLY_CHAIN
    }
    for leader, listed in first.items():
        wanted = rng.randint(4, 12)
        local = state.by_province.get(leader_province[leader], [])
        chosen: list[str] = []
        seen = {leader}
        for _ in range(wanted * 3):
            if len(chosen) >= wanted:
                break
            source = local if local and rng.random() < 0.6 else everyone
            candidate = rng.choice(source)
            if candidate not in seen:
                seen.add(candidate)
                chosen.append(candidate)
        while len(chosen) < 4:
            chosen.append(_new_enterprise(state, province_of[leader_province[leader]]))
        for supplier in chosen:
            since = listed - dt.timedelta(days=rng.randint(200, 2500))
            out.append(SynthSupplierLink(leader_uscc=leader, supplier_uscc=supplier, since=since))
    return tuple(out)


def _compose(rng: random.Random, head: str, tail: str) -> str:
    return f"{head}{names.trade_name(rng)}{tail}"


def _institutions(state: _State) -> tuple[SynthInstitution, ...]:
    rng = state.rng
    out: list[SynthInstitution] = []
    people: list[str] = []
    for _ in range(scaled(INSTITUTIONS_AT_SCALE_1, state.scale)):
        province = _pick_province(state)
        city = _pick_city(state, province)
        public = rng.random() < 0.2
        if public:
            head = names.province_short(province)
            tail = rng.choice(("节能监察中心", "质量检验检测研究院", "节能技术服务中心"))
        else:
            head = names.city_short(city)
            tail = rng.choice(_INSTITUTION_WORDS) + "有限公司"
        name = _unique_name(state, partial(_compose, rng, head, tail))
        code = _new_code(state, "12" if public else "91", city, modern=True)
        person = rng.choice(people) if people and rng.random() < 0.06 else names.person(rng)
        people.append(person)
        staff = rng.randint(15, 300)
        out.append(
            SynthInstitution(
                uscc=code,
                name=name,
                legal_representative=person,
                adcode=city.adcode,
                staff_total=staff,
                evaluators=rng.randint(3, min(staff, 40)),
            )
        )
    return tuple(out)


# --- filings ------------------------------------------------------------------------------


def _measured(value: float, unit: str) -> dict[str, Any]:
    return {"value": value, "unit": unit}


def _mass_line(carrier: str, tonnes: float) -> dict[str, Any]:
    return {"carrier": carrier, **_amount(tonnes)}


def _amount(tonnes: float) -> dict[str, Any]:
    if tonnes >= 1e4:
        return {"quantity": round(tonnes / 1e4, 4), "unit": "万t"}
    return {"quantity": round(tonnes, 2), "unit": "t"}


def _year_intensity(rng: random.Random, product: str, base: float, t: int) -> float:
    """The plant's intensity in year ``2021 + t``: 2 % of the band better each year, noisy."""
    band = quota_bands()[product]
    span = band.level3 - band.level1
    return base - span * 0.02 * t + span * rng.gauss(0.0, 0.02)


def _energy_lines(
    plant: _Plant, year: int, kgce: float, mix: tuple[tuple[str, float], ...]
) -> list[dict[str, Any]]:
    coef = coefficients()
    lines: list[dict[str, Any]] = []
    for carrier, share in mix:
        part = kgce * share
        if part <= 0:
            continue
        if carrier in ("bituminous_coal", "raw_coal", "anthracite"):
            ncv = round(plant.ncv, 2)
            line = _mass_line(plant.coal, part / (ncv * 1000 / 29.3076))
            line["ncv"] = _measured(ncv, "GJ/t")
            lines.append(line)
        elif carrier == "electricity":
            kwh = part / (coef["electricity"].kgce_per_unit / 1e4)
            renewable = kwh * plant.self_renewable
            green = kwh * plant.green_share if year >= plant.green_from else 0.0
            exported = renewable * plant.export_share
            grid = kwh - renewable - green + exported
            lines.append(
                {
                    "carrier": "electricity",
                    "quantity": round(grid / 1e4, 4),
                    "unit": "万kWh",
                    "origin": "grid",
                }
            )
            if renewable > 0:
                lines.append(
                    {
                        "carrier": "electricity",
                        "quantity": round(renewable / 1e3, 3),
                        "unit": "MWh",
                        "origin": "self_renewable",
                    }
                )
            if green > 0:
                lines.append(
                    {
                        "carrier": "electricity",
                        "quantity": round(green / 1e3, 3),
                        "unit": "MWh",
                        "origin": "green",
                    }
                )
            if exported > 0:
                lines.append(
                    {
                        "carrier": "electricity",
                        "quantity": round(exported / 1e3, 3),
                        "unit": "MWh",
                        "origin": "exported",
                    }
                )
        elif carrier == "natural_gas":
            lines.append(
                {
                    "carrier": "natural_gas",
                    "quantity": round(part / coef["natural_gas"].kgce_per_unit, 4),
                    "unit": "万Nm3",
                }
            )
        elif carrier in ("coke", "diesel"):
            lines.append(_mass_line(carrier, part / coef[carrier].kgce_per_unit))
        elif carrier == "steam" and plant.buys_heat:
            lines.append(
                {
                    "carrier": "heat",
                    "quantity": round(part / coef["heat"].kgce_per_unit, 1),
                    "unit": "GJ",
                }
            )
        elif carrier == "steam":
            lines.append(
                {
                    "carrier": "steam",
                    "quantity": round(part / coef["steam"].kgce_per_unit, 1),
                    "unit": "t",
                }
            )
        elif carrier == "heat":
            lines.append(
                {
                    "carrier": "heat",
                    "quantity": round(part / coef["heat"].kgce_per_unit, 1),
                    "unit": "GJ",
                }
            )
        else:  # pragma: no cover - profiles only use the carriers above
            raise ValueError(f"no coefficient for carrier {carrier!r}")
    return lines


def _bfg_burnt_inside(rng: random.Random, hot_metal_t: float) -> dict[str, Any]:
    """Blast-furnace gas made and burnt inside the works (hot stoves, boilers: about
    1 400–1 700 Nm3 per t of hot metal), filed as a by-product (自产自用副产煤气): its
    carbon is in the coke and coal, so it carries no emission and is not counted again in
    the works' energy."""
    return {
        "carrier": "blast_furnace_gas",
        "quantity": round(hot_metal_t * rng.uniform(0.14, 0.17), 4),
        "unit": "万Nm3",
        "origin": "by_product",
        "note": "高炉煤气自产自用",
    }


def _filing(state: _State, enterprise: SynthEnterprise, plant: _Plant, year: int) -> dict[str, Any]:
    rng = state.rng
    profile = plant.profile
    t = year - FILING_YEARS[0]
    output = plant.output * (1 + plant.growth) ** t * rng.uniform(0.97, 1.03)
    products: list[dict[str, Any]] = []
    process: list[dict[str, Any]] = []
    if plant.quota is not None:
        quantity = plant.quantity * (1 + plant.growth) ** t * rng.uniform(0.97, 1.03)
        intensity = _year_intensity(rng, plant.quota.product, plant.intensity, t)
        product_line: dict[str, Any] = {"product": plant.quota.product, **_amount(quantity)}
        if plant.quota.product == "crude_steel_eaf":
            product_line["furnace_capacity"] = 100
        if plant.quota.product == "crude_steel_bof":
            # an integrated works (长流程): blast furnace + converter; every line is
            # assigned to its product, the converter recovers gas (exported, 外供)
            hot_metal = quantity * plant.hot_metal_ratio
            bf = _year_intensity(rng, "hot_metal", plant.hot_metal_intensity, t)
            products.append({"product": "hot_metal", **_amount(hot_metal)})
            products.append(product_line)
            energy = [
                {**line, "product": "hot_metal"}
                for line in _energy_lines(plant, year, bf * hot_metal, _HOT_METAL_MIX)
            ]
            consumed = 25.0 + 5.0 * rng.random()
            energy += [
                {**line, "product": "crude_steel_bof"}
                for line in _energy_lines(plant, year, consumed * quantity, plant.quota.mix)
            ]
            exported = (consumed - intensity) * quantity
            energy.append(
                {
                    "carrier": "converter_gas",
                    "quantity": round(exported / coefficients()["converter_gas"].kgce_per_unit, 4),
                    "unit": "万Nm3",
                    "origin": "exported",
                    "product": "crude_steel_bof",
                }
            )
            energy.append(_bfg_burnt_inside(rng, hot_metal))
        else:
            products.append(product_line)
            energy = _energy_lines(plant, year, intensity * quantity, plant.quota.mix)
            if plant.quota.product == "hot_metal":
                energy.append(_bfg_burnt_inside(rng, quantity))
        for material, per_t in plant.quota.process:
            process.append({"material": material, **_amount(quantity * per_t)})
    else:
        efficiency = (1 - 0.02 * t) * rng.uniform(0.95, 1.05)
        energy = _energy_lines(
            plant, year, output * profile.energy_per_output * efficiency, profile.mix
        )
        if profile.filing_product is not None:
            tonnes = output * 1e4 / _FILING_PRODUCT_PRICE[profile.filing_product]
            products.append({"product": profile.filing_product, **_amount(tonnes)})
    water = output * profile.water_per_output * rng.uniform(0.85, 1.15)
    waste = output * profile.waste_per_output * rng.uniform(0.85, 1.15)
    return {
        "enterprise": {
            "uscc": enterprise.uscc,
            "name": enterprise.name,
            "industry": enterprise.industry,
            "adcode": enterprise.adcode,
        },
        "year": year,
        "energy": energy,
        "process": process,
        "products": products,
        "economics": {
            "output_value": _measured(round(output, 2), "万元"),
            "value_added": _measured(
                round(output * profile.va_ratio * rng.uniform(0.9, 1.1), 2), "万元"
            ),
            "employees": max(1, round(plant.employees * rng.uniform(0.96, 1.04))),
        },
        "resources": {
            "water_withdrawal": _measured(round(water, 1), "m3"),
            "water_reused": _measured(
                round(water * profile.reuse_ratio * rng.uniform(0.8, 1.2), 1), "m3"
            ),
            "solid_waste_generated": _measured(round(waste, 2), "t"),
            "solid_waste_utilised": _measured(round(waste * rng.uniform(0.55, 1.0), 2), "t"),
            "land_area": _measured(round(plant.land, 1), "m2"),
            "floor_area": _measured(round(plant.floor, 1), "m2"),
            "building_footprint_area": _measured(round(plant.footprint, 1), "m2"),
        },
    }


def _filers(state: _State) -> list[SynthEnterprise]:
    wanted = {
        item.unit
        for item in state.listings
        if item.kind in (UnitKind.FACTORY, UnitKind.SUPPLY_CHAIN)
        and item.level in (ListLevel.PROVINCIAL, ListLevel.NATIONAL)
    }
    return [e for e in state.enterprises if e.uscc in wanted]


def _filings(
    state: _State, report: Progress
) -> tuple[tuple[dict[str, Any], ...], tuple[AbnormalFiling, ...]]:
    filers = _filers(state)
    out: list[dict[str, Any]] = []
    step = max(1, len(filers) // 50)
    for n, enterprise in enumerate(filers):
        if n % step == 0:
            report("filings", n, len(filers))
        plant = state.plants[enterprise.uscc]
        for year in FILING_YEARS:
            out.append(_filing(state, enterprise, plant, year))
    report("filings", len(filers), len(filers))
    abnormal = _make_abnormal(state, out)
    return tuple(out), abnormal


def _make_abnormal(state: _State, filings: list[dict[str, Any]]) -> tuple[AbnormalFiling, ...]:
    rng = state.rng
    candidates = [
        i
        for i, f in enumerate(filings)
        if f["year"] >= FILING_YEARS[1]
        and len(f["products"]) == 1
        and f["products"][0]["product"] in quota_bands()
        and quota_bands()[f["products"][0]["product"]].level1 > 0
    ]
    if not candidates:
        return ()
    count = max(3, round(len(filings) * ABNORMAL_SHARE))
    chosen = rng.sample(candidates, min(count, len(candidates)))
    peers: dict[tuple[int, str], list[int]] = {}
    for i in candidates:
        peers.setdefault((filings[i]["year"], filings[i]["products"][0]["product"]), []).append(i)
    taken: set[tuple[str, int]] = set()
    out: list[AbnormalFiling] = []
    kinds = list(AbnormalKind)
    for n, i in enumerate(chosen):
        filing = filings[i]
        key = (filing["enterprise"]["uscc"], filing["year"])
        if key in taken:
            continue
        kind = kinds[n % len(kinds)]
        product = filing["products"][0]["product"]
        band = quota_bands()[product]
        if kind is AbnormalKind.YOY_JUMP:
            for line in filing["energy"]:
                line["quantity"] = round(line["quantity"] * 10, 4)
            reason = (
                f"energy use 10× the {filing['year'] - 1} filing at about the same output "
                f"(a unit slip such as kWh filed as 万kWh)"
            )
            out.append(AbnormalFiling(key[0], key[1], kind, reason))
        elif kind is AbnormalKind.DUPLICATE:
            others = [
                j
                for j in peers[(filing["year"], product)]
                if j != i and (filings[j]["enterprise"]["uscc"], filings[j]["year"]) not in taken
            ]
            if not others:
                continue
            other = filings[rng.choice(others)]
            for part in ("energy", "process", "products"):
                filing[part] = copy.deepcopy(other[part])
            reason = (
                f"energy and production figures identical to the {filing['year']} filing of "
                f"{other['enterprise']['uscc']}"
            )
            out.append(AbnormalFiling(key[0], key[1], kind, reason, other["enterprise"]["uscc"]))
            taken.add((other["enterprise"]["uscc"], other["year"]))
        else:
            factor = 0.3 * band.level1 / filing_intensity(filing)
            for line in filing["energy"]:
                line["quantity"] = round(line["quantity"] * factor, 4)
            reason = (
                f"unit-product energy about 70 % below level 1 ({band.level1:g} kgce/t) "
                f"of {band.standard}"
            )
            out.append(AbnormalFiling(key[0], key[1], kind, reason))
        taken.add(key)
    return tuple(sorted(out, key=lambda a: (a.uscc, a.year)))


_TO_BASE: Final = {"t": 1.0, "万t": 1e4, "万kWh": 1e4, "MWh": 1e3, "万Nm3": 1.0, "GJ": 1.0}


def filing_intensity(filing: dict[str, Any], product: str | None = None) -> float:
    """kgce per t of one product of a generated filing (equivalent-value basis).

    ``product`` defaults to the first one.  Lines assigned to another product are left
    out; exported lines count negative.  Uses the generator's own coefficients
    (``synth/data/coefficients.csv``; coal by its NCV).
    """
    coef = coefficients()
    line_product = product or filing["products"][0]["product"]
    total = 0.0
    for line in filing["energy"]:
        if line.get("product", line_product) != line_product:
            continue
        if line.get("origin") == "by_product" and "product" not in line:
            continue  # made and burnt inside: not counted again (its energy is in the coke)
        quantity = line["quantity"] * _TO_BASE[line["unit"]]
        carrier = line["carrier"]
        if "ncv" in line:
            kgce = quantity * line["ncv"]["value"] * 1000 / 29.3076
        elif carrier == "electricity":
            kgce = quantity * coef["electricity"].kgce_per_unit / 1e4
        else:
            kgce = quantity * coef[carrier].kgce_per_unit
        total += -kgce if line.get("origin") == "exported" else kgce
    made = next(p for p in filing["products"] if p["product"] == line_product)
    return float(total / (made["quantity"] * _TO_BASE[made["unit"]]))
