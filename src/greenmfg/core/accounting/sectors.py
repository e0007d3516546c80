"""Sector rules of the Chinese accounting guidelines, shared by the per-filing engine and
the batch path (both call these functions, so both multiply the same numbers in the same
order).

* Steam and hot water by enthalpy (蒸汽/热水按焓值): heat = mass × (En − 83.74) / 1000 GJ,
  En from IAPWS-IF97 (the ``iapws`` library) when pressure (and temperature) are filed.
* Process lines (工业生产过程): carbonates, clinker with kiln and bypass dust, raw-meal
  non-fuel carbon, carbon-bearing inputs (electrodes, purchased pig iron, ferroalloys),
  fixed carbon sold (固碳产品), prebaked-anode net consumption, nitric / adipic acid N2O.
* Lines derived from products: aluminium PFC (CF4, C2F6) whenever liquid aluminium is
  filed, and the carbon fixed in crude steel for a steel works.
* Products: a catalogue code or a free Chinese name, in any unit the registry can convert
  to the product's unit.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, TypeVar

from greenmfg.core.accounting.catalogue import (
    MATERIALS,
    PRODUCTS,
    PRODUCTS_BY_NAME,
    MaterialKind,
    Product,
)
from greenmfg.core.accounting.factors import FactorRow, FactorSet
from greenmfg.core.accounting.methods import MethodChoice, guidelines
from greenmfg.core.errors import (
    FactorNotFoundError,
    InvalidValueError,
    MissingValueError,
    UnknownCodeError,
)
from greenmfg.core.filing.model import Measured, ProcessLine, ProductLine
from greenmfg.core.units import Q_, factor_to, parse_unit

__all__ = [
    "BASE_ENTHALPY_KJ_PER_KG",
    "ProcessLineResult",
    "ResolvedProduct",
    "clinker_ef",
    "clinker_ratios",
    "co2e_per_ef",
    "heat_gj_per_t",
    "proportional",
    "resolve_product",
    "sector_lines",
]

C_TO_CO2 = 44.0 / 12.0
_N = TypeVar("_N", float, Any)  # a number, or a column of numbers (Polars expression)
# Feed-water reference of the guidelines' steam formula: 20 °C × 4.1868 kJ/(kg·K).
BASE_ENTHALPY_KJ_PER_KG = 83.74
_STEAM_P_MIN_MPA = 0.000611657  # triple point
_STEAM_P_CRIT_MPA = 22.064  # critical point: no saturated steam above it
_ATMOSPHERE_MPA = 0.101325


@dataclass(frozen=True, slots=True)
class ProcessLineResult:
    index: int
    material: str
    quantity_t: float
    co2e_t: float
    product: str | None
    factor_ids: tuple[str, ...]
    source: str = "process"  # process / anode / pfc / n2o / fixed_carbon


# ---------------------------------------------------------------- steam and hot water


def _temperature_k(m: Measured, where: str) -> float:
    unit = m.unit.strip().replace("℃", "degC").replace("°C", "degC")
    if unit in ("C", "摄氏度"):
        unit = "degC"
    try:
        return float(Q_(m.value, unit).to("kelvin").magnitude)
    except Exception as exc:
        raise InvalidValueError(
            where=where,
            field="temperature",
            value=f"{m.value} {m.unit}",
            expected="a temperature in degC or K",
        ) from exc


@lru_cache(maxsize=4096)
def _iapws_enthalpy(p_mpa: float, t_k: float | None) -> float:
    from iapws import IAPWS97

    state = IAPWS97(P=p_mpa, x=1.0) if t_k is None else IAPWS97(P=p_mpa, T=t_k)
    return float(state.h)


def heat_gj_per_t(
    carrier: str,
    enthalpy: Measured | None,
    pressure: Measured | None,
    temperature: Measured | None,
    *,
    where: str = "",
) -> float | None:
    """GJ of heat per tonne of steam / hot water above 20 °C feed water, or None when the
    line carries no enthalpy data.

    ``(En − 83.74) / 1000`` with En in kJ/kg (1 kJ/kg = 0.001 GJ/t).  En is the filed
    ``enthalpy``, or IAPWS-IF97 at ``pressure`` (MPa, absolute) and ``temperature``
    (saturated steam when no temperature is given; hot water at atmospheric pressure when
    only a temperature is given).
    """
    if enthalpy is None and pressure is None and temperature is None:
        return None
    if enthalpy is not None:
        h = enthalpy.value * factor_to(enthalpy.unit, "kJ/kg", where=where + "enthalpy ")
        field, shown = "enthalpy", f"{enthalpy.value} {enthalpy.unit}"
    else:
        t_k = _temperature_k(temperature, where) if temperature is not None else None
        if pressure is not None:
            p = pressure.value * factor_to(pressure.unit, "MPa", where=where + "pressure ")
        elif carrier == "hot_water" and t_k is not None:
            p = _ATMOSPHERE_MPA
        else:
            raise MissingValueError(
                where=where,
                field="pressure",
                expected="the steam's absolute pressure (MPa) beside its temperature, or its enthalpy (kJ/kg)",
            )
        if t_k is None:
            if carrier == "hot_water":
                raise MissingValueError(
                    where=where,
                    field="temperature",
                    expected="the hot water's temperature (degC) or its enthalpy (kJ/kg)",
                )
            if not _STEAM_P_MIN_MPA <= p <= _STEAM_P_CRIT_MPA:
                raise InvalidValueError(
                    where=where,
                    field="pressure",
                    value=f"{pressure.value} {pressure.unit}" if pressure else p,
                    expected="saturated steam between the triple point (0.000611657 MPa) and the critical point (22.064 MPa), absolute (IAPWS-IF97)",
                )
        try:
            h = _iapws_enthalpy(p, t_k)
        except (NotImplementedError, ValueError, ZeroDivisionError) as exc:
            raise InvalidValueError(
                where=where,
                field="pressure" if pressure is not None else "temperature",
                value=f"{p} MPa, {temperature.value if temperature else '–'} "
                f"{temperature.unit if temperature else ''}".strip(),
                expected="a state inside the IAPWS-IF97 steam table (0.000611–100 MPa, 0–800 °C)",
            ) from exc
        field, shown = "pressure" if pressure is not None else "temperature", f"{h:.2f} kJ/kg"
    if h <= BASE_ENTHALPY_KJ_PER_KG:
        raise InvalidValueError(
            where=where,
            field=field,
            value=shown,
            expected="an enthalpy above 83.74 kJ/kg (feed water at 20 °C); this line delivers no heat",
        )
    return (h - BASE_ENTHALPY_KJ_PER_KG) / 1000.0


# ---------------------------------------------------------------- products

_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True, slots=True)
class ResolvedProduct:
    code: str  # catalogue code, or the free name itself
    name_zh: str
    unit: str  # intensities are per this unit
    quantity: float  # in ``unit``
    info: Product | None


def _unit_for_free(unit: str, where: str) -> str:
    q = Q_(1.0, parse_unit(unit, where=where))
    for target, dim in (
        ("t", "[mass]"),
        ("m2", "[length] ** 2"),
        ("m3", "[length] ** 3"),
        ("m", "[length]"),
        ("piece", "[product_count]"),
        ("kWh", "[energy]"),
        ("万元", "[currency]"),
    ):
        if q.check(dim):
            return target
    return unit


def resolve_product(prod: ProductLine, *, where: str = "") -> ResolvedProduct:
    """The product's code, name, unit and quantity in that unit.

    A catalogue code or catalogue Chinese name files as that product; any other name with
    Chinese characters files as a product of its own, in the unit family it was filed in
    (t, m2, m3, m, piece, kWh, 万元).  Caustic soda with a ``concentration`` is converted to
    折百 (100 % NaOH) tonnes and checked against its grade.
    """
    code = prod.product
    info = PRODUCTS.get(code)
    if info is None and code in PRODUCTS_BY_NAME:
        info = PRODUCTS[PRODUCTS_BY_NAME[code]]
        code = info.code
    if info is None and not _CJK.search(code):
        raise UnknownCodeError(
            where=where,
            kind="product",
            value=code,
            expected="a product code of the catalogue (see the template's product list) or a product name in Chinese (e.g. 铸件)",
        )
    unit = info.unit if info is not None else _unit_for_free(prod.unit, where)
    qty = prod.quantity * factor_to(prod.unit, unit, where=where)
    if info is not None and info.min_concentration is not None and prod.concentration is not None:
        if prod.concentration < info.min_concentration:
            raise InvalidValueError(
                where=where,
                field="concentration",
                value=prod.concentration,
                expected="at least the NaOH concentration of the product's grade (30, 45 or 98 %)",
            )
        qty = qty * (prod.concentration / 100.0)
    elif prod.concentration is not None and (info is None or info.min_concentration is None):
        raise InvalidValueError(
            where=where,
            field="concentration",
            value=prod.concentration,
            expected="a concentration only on caustic soda (折百 conversion)",
        )
    name = info.name_zh if info is not None else code
    return ResolvedProduct(code, name, unit, qty, info)


# ---------------------------------------------------------------- process lines


def _lookup(fs: FactorSet, quantity: str, carrier: str, guideline: str) -> FactorRow | None:
    """The row of the enterprise's guideline, else the generic row, else any guideline's."""
    row = fs.current(quantity, carrier, guideline=guideline) or fs.current(quantity, carrier)
    if row is not None:
        return row
    for key in guidelines()[0]:
        row = fs.current(quantity, carrier, guideline=key)
        if row is not None:
            return row
    return None


def _need(fs: FactorSet, quantity: str, carrier: str, guideline: str) -> FactorRow:
    row = _lookup(fs, quantity, carrier, guideline)
    if row is None:
        raise FactorNotFoundError(quantity=quantity, key=carrier, reason="no row in the factor set")
    return row


def _fraction(m: Measured, field: str, where: str) -> float:
    v = m.value * factor_to(m.unit, "1", where=where + field + " ")
    if not 0.0 <= v < 1.0:
        raise InvalidValueError(
            where=where,
            field=field,
            value=f"{m.value} {m.unit}",
            expected="at least 0 and below 100 %",
        )
    return v


def _gwp(fs: FactorSet, gas: str, gwp_set: str) -> FactorRow:
    row = fs.current("gwp", gas, region="GLOBAL", guideline=gwp_set)
    if row is None:
        raise FactorNotFoundError(quantity="gwp", key=f"{gas} ({gwp_set})", reason="no GWP value")
    return row


def check_process_line(p: ProcessLine, *, where: str) -> None:
    """Value checks of a process line that need no factor set (shared with the checker)."""
    material = MATERIALS[p.material]
    for name in ("kiln_dust", "bypass_dust"):
        m = getattr(p, name)
        if m is not None:
            if material.kind is not MaterialKind.CLINKER:
                raise InvalidValueError(
                    where=where, field=name, value=m.value, expected="dust only on a clinker line"
                )
            factor_to(m.unit, "t", where=where + name + " ")
            if m.value < 0:
                raise InvalidValueError(
                    where=where, field=name, value=m.value, expected="a value ≥ 0"
                )
    for name in ("sulfur", "ash"):
        m = getattr(p, name)
        if m is not None:
            if material.kind is not MaterialKind.ANODE:
                raise InvalidValueError(
                    where=where,
                    field=name,
                    value=m.value,
                    expected="sulfur / ash only on a prebaked_anode line",
                )
            _fraction(m, name, where)
    if p.sulfur is not None and p.ash is not None:
        s = _fraction(p.sulfur, "sulfur", where)
        a = _fraction(p.ash, "ash", where)
        if s + a >= 1.0:
            raise InvalidValueError(
                where=where,
                field="sulfur + ash",
                value=f"{(s + a) * 100:g} %",
                expected="below 100 %",
            )
    if p.carbon is not None:
        if material.kind not in (MaterialKind.CARBON, MaterialKind.FIXED, MaterialKind.RAW_MEAL):
            raise InvalidValueError(
                where=where,
                field="carbon",
                value=p.carbon.value,
                expected="a carbon content only on raw meal, carbon-bearing inputs and fixed-carbon products",
            )
        _fraction(p.carbon, "carbon", where)


def clinker_ratios(fs: FactorSet, guideline: str) -> tuple[FactorRow, FactorRow]:
    """The CO2 per t of CaO and of MgO in clinker (CaO / MgO method) of ``guideline``."""
    return (
        _need(fs, "ef_process_ratio", "clinker_cao", guideline),
        _need(fs, "ef_process_ratio", "clinker_mgo", guideline),
    )


def clinker_ef(cao: _N, mgo: _N, cao_noncarb: _N, mgo_noncarb: _N, r_ca: _N, r_mg: _N) -> _N:
    """tCO2 per t of clinker by the CaO / MgO method, from the mass fractions of CaO and
    MgO and those from non-carbonate sources.  Plain arithmetic, so the batch path applies
    it to columns (Polars expressions) and gets the engine's factors."""
    return (cao - cao_noncarb) * r_ca + (mgo - mgo_noncarb) * r_mg


def co2e_per_ef(p: ProcessLine, choice: MethodChoice, fs: FactorSet) -> float:
    """CO2e of the carbonate or clinker line ``p`` per tCO2/t of its emission factor: the
    line with an emission factor of 1 t/t (its calcined mass × purity).  The batch path
    multiplies it by each line's factor (e.g. :func:`clinker_ef` of its composition)."""
    probe = p.model_copy(update={"emission_factor": Measured(value=1.0, unit="t/t")})
    return _process_line(0, probe, choice, fs).co2e_t


def proportional(p: ProcessLine) -> bool:
    """Whether the line's CO2e is its quantity times a figure that does not depend on the
    quantity: every rule but clinker with kiln or bypass dust (the dust adds to the mass
    calcined).  The lines :func:`sector_lines` derives from products are proportional to
    the product's quantity.  The batch path evaluates proportional lines once per
    distinct set of their other values, at quantity 1, and scales the result."""
    return p.kiln_dust is None and p.bypass_dust is None


def _process_line(i: int, p: ProcessLine, choice: MethodChoice, fs: FactorSet) -> ProcessLineResult:
    where = f"process line {i + 1}: "
    g = choice.guideline.key
    material = MATERIALS[p.material]
    kind = material.kind
    qty_t = p.quantity * factor_to(p.unit, "t", where=where)
    rows: list[FactorRow] = []
    override = (
        p.emission_factor.value * factor_to(p.emission_factor.unit, "t/t")
        if p.emission_factor is not None
        else None
    )
    source = "process"
    if kind is MaterialKind.CARBONATE:
        if override is not None:
            ef = override
        else:
            row = _need(fs, "ef_process", material.factor, g)
            rows.append(row)
            ef = row.value * factor_to(row.unit, "t/t")
        purity = p.purity if p.purity is not None else 1.0
        co2e = qty_t * ef * purity
    elif kind is MaterialKind.CLINKER:
        if override is not None:
            ef = override
        else:
            r_ca, r_mg = clinker_ratios(fs, g)
            assert p.cao is not None and p.mgo is not None
            rows += [r_ca, r_mg]
            ef = clinker_ef(
                p.cao, p.mgo, p.cao_noncarb or 0.0, p.mgo_noncarb or 0.0, r_ca.value, r_mg.value
            )
        mass = qty_t
        if p.kiln_dust is not None:
            mass = mass + p.kiln_dust.value * factor_to(p.kiln_dust.unit, "t")
        if p.bypass_dust is not None:
            mass = mass + p.bypass_dust.value * factor_to(p.bypass_dust.unit, "t")
        purity = p.purity if p.purity is not None else 1.0
        co2e = mass * ef * purity
    elif kind is MaterialKind.RAW_MEAL:
        if p.carbon is not None:
            fr0 = p.carbon.value * factor_to(p.carbon.unit, "1")
        else:
            row = _need(fs, "process_param", "raw_meal.carbon", g)
            rows.append(row)
            fr0 = row.value * factor_to(row.unit, "1")
        co2e = qty_t * fr0 * C_TO_CO2
    elif kind in (MaterialKind.CARBON, MaterialKind.FIXED):
        quantity = "ef_process" if kind is MaterialKind.CARBON else "ef_fixed_carbon"
        if override is not None:
            ef = override
        elif p.carbon is not None:
            ef = p.carbon.value * factor_to(p.carbon.unit, "1") * C_TO_CO2
        else:
            row = _need(fs, quantity, material.factor, g)
            rows.append(row)
            ef = row.value * factor_to(row.unit, "t/t")
        co2e = qty_t * ef
        if kind is MaterialKind.FIXED:
            co2e = -co2e
            source = "fixed_carbon"
    elif kind is MaterialKind.ANODE:
        if p.sulfur is not None:
            s = p.sulfur.value * factor_to(p.sulfur.unit, "1")
        else:
            row = _need(fs, "process_param", "prebaked_anode.sulfur", g)
            rows.append(row)
            s = row.value * factor_to(row.unit, "1")
        if p.ash is not None:
            a = p.ash.value * factor_to(p.ash.unit, "1")
        else:
            row = _need(fs, "process_param", "prebaked_anode.ash", g)
            rows.append(row)
            a = row.value * factor_to(row.unit, "1")
        co2e = qty_t * (1.0 - s - a) * C_TO_CO2
        source = "anode"
    elif kind is MaterialKind.N2O:
        row = _need(fs, "ef_n2o_process", material.factor, g)
        gwp = _gwp(fs, "N2O", choice.gwp_set)
        rows += [row, gwp]
        n2o_t = qty_t * (row.value * factor_to(row.unit, "t/t"))
        co2e = n2o_t * gwp.value
        source = "n2o"
    else:  # feedstock: a material, not energy, with no process emission of its own
        co2e = 0.0
        source = "feedstock"
    return ProcessLineResult(
        i, p.material, qty_t, co2e, p.product, tuple(r.factor_id for r in rows), source
    )


def _pfc_lines(
    start: int, al_t: float, aem: float | None, choice: MethodChoice, fs: FactorSet
) -> list[ProcessLineResult]:
    g = choice.guideline.key
    out: list[ProcessLineResult] = []
    if aem is not None:  # slope method
        slope = _need(fs, "ef_pfc", "CF4-slope", g)
        ratio = _need(fs, "process_param", "C2F6/CF4", g)
        ef_cf4 = slope.value * factor_to(slope.unit, "t/t") * aem
        ef_c2f6 = ef_cf4 * ratio.value
        cf4_rows: tuple[FactorRow, ...] = (slope,)
        c2f6_rows: tuple[FactorRow, ...] = (slope, ratio)
    else:
        r_cf4 = _need(fs, "ef_pfc", "CF4", g)
        r_c2f6 = _need(fs, "ef_pfc", "C2F6", g)
        ef_cf4 = r_cf4.value * factor_to(r_cf4.unit, "t/t")
        ef_c2f6 = r_c2f6.value * factor_to(r_c2f6.unit, "t/t")
        cf4_rows, c2f6_rows = (r_cf4,), (r_c2f6,)
    for k, (gas, ef, rows) in enumerate((("CF4", ef_cf4, cf4_rows), ("C2F6", ef_c2f6, c2f6_rows))):
        gwp = _gwp(fs, gas, choice.gwp_set)
        co2e = (al_t * ef) * gwp.value
        out.append(
            ProcessLineResult(
                start + k,
                f"pfc_{gas.lower()}",
                al_t,
                co2e,
                None,
                tuple(r.factor_id for r in (*rows, gwp)),
                "pfc",
            )
        )
    return out


FIXED_CARBON_PRODUCTS = {"crude_steel_bof": "crude_steel", "crude_steel_eaf": "crude_steel"}


def sector_lines(
    process: Sequence[ProcessLine],
    products: Sequence[ProductLine],
    choice: MethodChoice,
    fs: FactorSet,
) -> list[ProcessLineResult]:
    """Every process-side result of a filing, in order: its process lines, then per
    product the PFC of liquid aluminium and the carbon fixed in crude steel (steel works).

    Process lines are checked first (:func:`check_process_line`)."""
    out = [_process_line(i, p, choice, fs) for i, p in enumerate(process)]
    steel = choice.guideline.key == "cn-steel"
    for j, prod in enumerate(products):
        rp = resolve_product(prod, where=f"product {j + 1}: ")
        if rp.code == "aluminium_liquid":
            out += _pfc_lines(len(out), rp.quantity, prod.anode_effect_minutes, choice, fs)
        elif steel and rp.code in FIXED_CARBON_PRODUCTS:
            row = _need(fs, "ef_fixed_carbon", FIXED_CARBON_PRODUCTS[rp.code], choice.guideline.key)
            co2e = -(rp.quantity * (row.value * factor_to(row.unit, "t/t")))
            out.append(
                ProcessLineResult(
                    len(out),
                    f"fixed_carbon_{rp.code}",
                    rp.quantity,
                    co2e,
                    None,
                    (row.factor_id,),
                    "fixed_carbon",
                )
            )
    return out
