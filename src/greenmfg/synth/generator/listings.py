"""Listing history (名单): listings, promotions, removals, parks, suppliers."""

from __future__ import annotations

import datetime as dt
import random
from functools import partial
from typing import Final

from greenmfg.core.codes import regions
from greenmfg.core.codes.regions import Region
from greenmfg.core.domain import ListLevel, UnitKind
from greenmfg.synth import names
from greenmfg.synth.generator.base import (
    INSTITUTIONS_AT_SCALE_1,
    LEVELS,
    MUNICIPAL_MULTIPLIER,
    PROMOTE_SHARE,
    PROVINCIAL_MULTIPLIER,
    REMOVAL_RATE,
    scaled,
)
from greenmfg.synth.generator.state import _Listing, _State
from greenmfg.synth.generator.units import (
    _new_code,
    _new_enterprise,
    _new_unit,
    _pick_city,
    _pick_province,
    _unique_name,
)
from greenmfg.synth.model import (
    BAR_YEARS,
    RemovalReason,
    SynthInstitution,
    SynthParkMember,
    SynthSupplierLink,
)
from greenmfg.synth.reference import national_batches

_REMOVAL_WEIGHTS: Final = (
    (RemovalReason.NON_FILING, 0.35),
    (RemovalReason.CLOSED, 0.2),
    (RemovalReason.BOTTOM_FIVE_PERCENT, 0.15),
    (RemovalReason.FALSIFIED_DATA, 0.1),
    (RemovalReason.MAJOR_ACCIDENT, 0.1),
    (RemovalReason.SERIOUS_DISHONESTY, 0.1),
)


_INSTITUTION_WORDS: Final = (
    "节能环保科技",
    "检测认证",
    "工程咨询",
    "环境科技",
    "低碳科技",
    "质量技术服务",
)


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
