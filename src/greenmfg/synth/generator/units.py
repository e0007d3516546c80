"""Synthetic enterprises, plants, parks and products (企业、工厂、园区、产品)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from itertools import accumulate
from typing import Final

from greenmfg.core.codes import industries, uscc
from greenmfg.core.codes.regions import Region, RegionLevel
from greenmfg.core.domain import UnitKind
from greenmfg.synth import names
from greenmfg.synth.generator.base import FILING_YEARS
from greenmfg.synth.generator.state import _Plant, _State
from greenmfg.synth.model import (
    SynthEnterprise,
    SynthPark,
    SynthParkLevel,
    SynthProduct,
)
from greenmfg.synth.profiles import PROFILES, IndustryProfile, QuotaProduct
from greenmfg.synth.reference import quota_bands

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
