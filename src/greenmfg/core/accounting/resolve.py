"""Per-line coefficients: the ONE place where factor rows and units become the floats the
engine multiplies by.  The per-filing engine and the batch (Polars) path both use these
functions, so both multiply by the very same numbers in the very same order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from greenmfg.core.accounting.catalogue import CARRIERS, Carrier, CarrierKind
from greenmfg.core.accounting.factors import FactorRow, FactorSet
from greenmfg.core.accounting.messages import (
    EQUAL_VALUE_YEAR_MISSING,
    GRID_BASIS_NATIONAL_ONLY,
    GRID_ETS_YEAR_MISSING,
    GRID_NO_PROVINCIAL,
    GRID_NO_REGION,
    GRID_REGIONAL,
    GRID_YEAR_MISSING,
    NO_COMBUSTION_FACTOR,
    RAW_COAL_DEFAULTS,
    Notice,
)
from greenmfg.core.errors import FactorNotFoundError
from greenmfg.core.units import factor_to, parse_unit, ureg

__all__ = [
    "C_TO_CO2",
    "DEFAULT_GUIDELINE",
    "CarrierDefaults",
    "GridChoice",
    "activity_multiplier",
    "carrier_defaults",
    "resolve_grid",
]

C_TO_CO2 = 44.0 / 12.0  # molar mass ratio CO2 / C
DEFAULT_GUIDELINE = "GB/T 32151.22-2024"


def activity_multiplier(carrier: Carrier, unit: str, *, where: str = "") -> float:
    """Multiplier from ``unit`` to the carrier's activity unit (water filed in m3 → t at
    1 t/m3)."""
    target = carrier.unit
    if carrier.density is not None:
        parsed = parse_unit(unit, where=where)
        if ureg.Quantity(1.0, parsed).check("[length] ** 3"):
            return factor_to(unit, "m3", where=where) * carrier.density
    return factor_to(unit, target, where=where)


@dataclass(frozen=True, slots=True)
class CarrierDefaults:
    """Default coefficients of one carrier for one (year, guideline, gwp_set)."""

    coef_eq: float  # tce per activity unit, equivalent basis (当量值)
    coef_ev: float  # tce per activity unit, equal-value basis (等价值)
    ncv_gj: float | None  # GJ per activity unit
    cc_t_per_gj: float | None  # tC per GJ
    oxidation: float | None  # fraction
    ef_co2: float  # tCO2 per activity unit from the defaults (0 when none)
    ch4_per_gj: float  # t CH4 per GJ of fuel (IPCC kg/TJ × 1e-6)
    n2o_per_gj: float  # t N2O per GJ
    gwp_ch4: float
    gwp_n2o: float
    heat_ef: float  # tCO2 per activity unit for heat/steam
    heat_per_gj: float = 0.0  # tCO2 per GJ of heat (steam / hot water by enthalpy)
    energy_per_gj: bool = False  # coef_eq is tce per GJ of heat content (hot water)
    rows: tuple[FactorRow, ...] = field(default=())
    warnings: tuple[Notice, ...] = field(default=())
    # which rows serve which part, so a result lists only the rows it really used
    energy_rows: tuple[FactorRow, ...] = field(default=())
    ncv_rows: tuple[FactorRow, ...] = field(default=())
    cc_rows: tuple[FactorRow, ...] = field(default=())
    of_rows: tuple[FactorRow, ...] = field(default=())
    non_co2_rows: tuple[FactorRow, ...] = field(default=())
    heat_rows: tuple[FactorRow, ...] = field(default=())
    base_enthalpy_rows: tuple[FactorRow, ...] = field(default=())


def _row(fs: FactorSet, quantity: str, carrier: str, **kw: str | None) -> FactorRow | None:
    return fs.current(quantity, carrier, **kw)  # type: ignore[arg-type]


def _by_year(rows: tuple[FactorRow, ...], year: int) -> FactorRow | None:
    """The latest row whose data year is not after ``year`` (else the earliest row)."""
    superseded = {r.supersedes for r in rows if r.supersedes}
    rows = tuple(r for r in rows if r.factor_id not in superseded)
    dated = [r for r in rows if (r.data_year or 0) <= year]
    return dated[-1] if dated else (rows[0] if rows else None)


@lru_cache(maxsize=512)
def carrier_defaults(
    fs: FactorSet, code: str, year: int, guideline: str, gwp_set: str
) -> CarrierDefaults:
    carrier = CARRIERS[code]
    canon = carrier.unit
    rows: list[FactorRow] = []
    warnings: list[Notice] = []
    # --- energy (GB/T 2589) ---
    basis = "equal_value" if carrier.kind is CarrierKind.MEDIUM else "equivalent"
    # hot water (热水) has no per-tonne coefficient: its heat content counts as heat (热力)
    energy_per_gj = code == "hot_water"
    eq_row = _row(fs, "coal_equiv", "heat" if energy_per_gj else code, basis=basis)
    if eq_row is None:
        raise FactorNotFoundError(
            quantity="coal_equiv", key=code, reason="no standard-coal coefficient in the factor set"
        )
    rows.append(eq_row)
    energy_rows = [eq_row]
    coef_eq = eq_row.value * factor_to(eq_row.unit, "tce/GJ" if energy_per_gj else f"tce/{canon}")
    coef_ev = coef_eq
    if carrier.kind is CarrierKind.ELECTRICITY:
        ev_row = _by_year(fs.candidates("coal_equiv", code, basis="equal_value"), year)
        if ev_row is None:
            raise FactorNotFoundError(
                quantity="coal_equiv (equal value)", key=code, reason="no equal-value coefficient"
            )
        rows.append(ev_row)
        energy_rows.append(ev_row)
        coef_ev = ev_row.value * factor_to(ev_row.unit, f"tce/{canon}")
        if ev_row.data_year is not None and ev_row.data_year != year:
            warnings.append(
                Notice(
                    EQUAL_VALUE_YEAR_MISSING,
                    year=year,
                    factor_id=ev_row.factor_id,
                    value=ev_row.value,
                    unit=ev_row.unit,
                    data_year=ev_row.data_year,
                )
            )
    # --- combustion defaults (GB/T 32151) ---
    ncv_gj = cc = of = None
    ncv_rows: tuple[FactorRow, ...] = ()
    cc_rows: tuple[FactorRow, ...] = ()
    of_rows: tuple[FactorRow, ...] = ()
    non_co2_rows: tuple[FactorRow, ...] = ()
    heat_rows: list[FactorRow] = []
    ef_co2 = ch4_per_gj = n2o_per_gj = 0.0
    gwp_ch4 = gwp_n2o = 0.0
    if carrier.ghg_fuel is not None:
        ncv_r = _row(fs, "ncv", carrier.ghg_fuel, guideline=guideline) or _row(
            fs, "ncv", carrier.ghg_fuel, guideline=DEFAULT_GUIDELINE
        )
        cc_r = _row(fs, "carbon_content", carrier.ghg_fuel, guideline=guideline) or _row(
            fs, "carbon_content", carrier.ghg_fuel, guideline=DEFAULT_GUIDELINE
        )
        of_r = _row(fs, "oxidation", carrier.ghg_fuel, guideline=guideline) or _row(
            fs, "oxidation", carrier.ghg_fuel, guideline=DEFAULT_GUIDELINE
        )
        if ncv_r is None or cc_r is None or of_r is None:
            raise FactorNotFoundError(
                quantity="combustion",
                key=f"{code} ({guideline})",
                reason="NCV, carbon content or oxidation missing",
            )
        rows += [ncv_r, cc_r, of_r]
        ncv_rows, cc_rows, of_rows = (ncv_r,), (cc_r,), (of_r,)
        ncv_gj = ncv_r.value * factor_to(ncv_r.unit, f"GJ/{canon}")
        cc = cc_r.value * factor_to(cc_r.unit, "tC/GJ")
        of = of_r.value * factor_to(of_r.unit, "dimensionless")
        ef_co2 = ncv_gj * cc * of * C_TO_CO2
        if code == "raw_coal":
            warnings.append(Notice(RAW_COAL_DEFAULTS))
        if carrier.ipcc_fuel is not None:
            ch4_r = _row(fs, "ch4_ef", carrier.ipcc_fuel, region="GLOBAL")
            n2o_r = _row(fs, "n2o_ef", carrier.ipcc_fuel, region="GLOBAL")
            g_ch4 = _row(fs, "gwp", "CH4", region="GLOBAL", guideline=gwp_set)
            g_n2o = _row(fs, "gwp", "N2O", region="GLOBAL", guideline=gwp_set)
            if ch4_r and n2o_r and g_ch4 and g_n2o:
                rows += [ch4_r, n2o_r, g_ch4, g_n2o]
                non_co2_rows = (ch4_r, n2o_r, g_ch4, g_n2o)
                ch4_per_gj = ch4_r.value * factor_to(ch4_r.unit, "t/GJ")
                n2o_per_gj = n2o_r.value * factor_to(n2o_r.unit, "t/GJ")
                gwp_ch4, gwp_n2o = g_ch4.value, g_n2o.value
    elif carrier.kind is CarrierKind.FUEL:
        warnings.append(Notice(NO_COMBUSTION_FACTOR, carrier=code))
    # --- heat / steam ---
    heat_ef = heat_per_gj = 0.0
    base_rows: tuple[FactorRow, ...] = ()
    if carrier.kind in (CarrierKind.HEAT, CarrierKind.STEAM):
        h = _row(fs, "ef_heat", "heat")
        if h is None:
            raise FactorNotFoundError(
                quantity="ef_heat", key="heat", reason="no heat emission factor"
            )
        rows.append(h)
        heat_rows.append(h)
        per_gj = h.value * factor_to(h.unit, "t/GJ")
        heat_per_gj = per_gj
        base = _row(fs, "process_param", "steam.base_enthalpy")
        base_rows = (base,) if base is not None else ()
        if energy_per_gj:
            heat_ef = 0.0  # only by the line's enthalpy
        elif carrier.kind is CarrierKind.STEAM:
            enth = _row(fs, "heat_content", "steam")
            if enth is None:
                raise FactorNotFoundError(
                    quantity="heat_content", key="steam", reason="no steam enthalpy"
                )
            rows.append(enth)
            heat_rows.append(enth)
            heat_ef = (enth.value * factor_to(enth.unit, f"GJ/{canon}")) * per_gj
        else:
            heat_ef = factor_to(canon, "GJ") * per_gj
    return CarrierDefaults(
        coef_eq,
        coef_ev,
        ncv_gj,
        cc,
        of,
        ef_co2,
        ch4_per_gj,
        n2o_per_gj,
        gwp_ch4,
        gwp_n2o,
        heat_ef,
        heat_per_gj,
        energy_per_gj,
        tuple(rows),
        tuple(warnings),
        tuple(energy_rows),
        ncv_rows,
        cc_rows,
        of_rows,
        non_co2_rows,
        tuple(heat_rows),
        base_rows,
    )


@dataclass(frozen=True, slots=True)
class GridChoice:
    ef: float  # tCO2/MWh
    row: FactorRow
    warnings: tuple[Notice, ...] = ()


@lru_cache(maxsize=1024)
def resolve_grid(fs: FactorSet, year: int, adcode: str, scope: str, basis: str) -> GridChoice:
    """The purchased-electricity factor for accounting year ``year``.

    ``basis`` location / market / fossil: the MEE + NBS series; year Y uses the latest
    published factor, the one for data year Y-2; if that year is missing, the latest
    earlier one is used (or, when none is earlier, the earliest one), with a warning
    naming it.  ``ets``: the national-ETS series by accounting year.  ``scope``
    national / regional / provincial (location basis only; the other bases are national).
    """
    notes: list[Notice] = []
    region = "CN"
    if basis == "location" and scope == "provincial":
        region = adcode[:2] + "0000"
        if not fs.candidates("grid_ef", "electricity", region=region, basis="location"):
            notes.append(Notice(GRID_NO_PROVINCIAL, region=region))
            region = "CN"
    elif basis == "location" and scope == "regional":
        grid_region = fs.grid_region_of(adcode)
        if grid_region is None:
            notes.append(Notice(GRID_NO_REGION, adcode=adcode))
        else:
            region = grid_region.code
            notes.append(
                Notice(
                    GRID_REGIONAL,
                    name=grid_region.name_zh,
                    code=grid_region.code,
                    adcode=adcode,
                    status=fs.grid_region_status,
                )
            )
    elif scope != "national" and basis != "location":
        notes.append(Notice(GRID_BASIS_NATIONAL_ONLY, basis=basis))
    rows = fs.candidates("grid_ef", "electricity", region=region, basis=basis)
    if not rows:
        raise FactorNotFoundError(
            quantity="grid_ef", key=f"{region}/{basis}", reason="no grid emission factor rows"
        )
    if basis == "ets":
        applicable = [
            r for r in rows if (r.applies_from_year or 0) <= year <= (r.applies_to_year or 9999)
        ]
        if applicable:
            row = applicable[-1]
        else:
            earlier = [r for r in rows if (r.applies_from_year or 0) <= year]
            row = earlier[-1] if earlier else rows[0]
            notes.append(
                Notice(
                    GRID_ETS_YEAR_MISSING,
                    year=year,
                    factor_id=row.factor_id,
                    value=row.value,
                    unit=row.unit,
                    data_year=row.data_year,
                )
            )
        return GridChoice(row.value * factor_to(row.unit, "t/MWh"), row, tuple(notes))
    target = year - 2
    exact = [r for r in rows if r.data_year == target]
    if exact:
        row = exact[-1]
    else:
        earlier = [r for r in rows if (r.data_year or 0) < target]
        row = earlier[-1] if earlier else rows[0]
        notes.append(
            Notice(
                GRID_YEAR_MISSING,
                target=target,
                year=year,
                factor_id=row.factor_id,
                value=row.value,
                unit=row.unit,
                data_year=row.data_year,
            )
        )
    return GridChoice(row.value * factor_to(row.unit, "t/MWh"), row, tuple(notes))
