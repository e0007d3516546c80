"""Lookup tables of the batch path: coefficients per carrier and unit, and the
multipliers of measured values' units."""

from __future__ import annotations

from typing import Any

import polars as pl

from greenmfg.core.accounting.catalogue import CARRIERS, CarrierKind
from greenmfg.core.accounting.factors import FactorSet
from greenmfg.core.accounting.resolve import (
    C_TO_CO2,
    activity_multiplier,
    carrier_defaults,
)
from greenmfg.core.batch.accounting.base import F64
from greenmfg.core.errors import GreenmfgError, UnknownCodeError
from greenmfg.core.filing.model import Origin
from greenmfg.core.units import factor_to

_KIND_CODE = {
    CarrierKind.FUEL: 0,
    CarrierKind.ELECTRICITY: 1,
    CarrierKind.HEAT: 2,
    CarrierKind.STEAM: 2,
    CarrierKind.MEDIUM: 3,
}


def _line_table(
    energy: pl.DataFrame,
    year: int,
    fs: FactorSet,
    guideline: str,
    gwp_set: str,
    include_non_co2: bool = True,
) -> tuple[pl.DataFrame, pl.Series]:
    """Default coefficients per (carrier, unit) of the lines — computed once per
    combination by the per-filing engine's own functions — and each line's row in that
    table.

    (Electricity's equal-value coefficient and the grid factor, which depend on the
    filing, are applied per filing by the caller.)  A combination no line may have (a
    unit that does not fit its carrier) is reported with the first line that has it.
    """
    coded = energy.select(pl.col("carrier", "unit").cast(pl.Categorical))  # both at once
    carrier, unit = coded.get_column("carrier"), coded.get_column("unit")
    key = carrier.to_physical().cast(pl.UInt64) * (2**32) + unit.to_physical().cast(pl.UInt64)
    pairs = pl.DataFrame({"key": key, "carrier": carrier, "unit": unit}).unique("key")
    rows: dict[str, list[Any]] = {k: [] for k in _LINE_SCHEMA}
    defaults: dict[str, Any] = {}
    for carrier_code, unit_code in pairs.select(
        pl.col("carrier", "unit").cast(pl.String)
    ).iter_rows():
        found = CARRIERS.get(carrier_code)
        if found is None:
            raise UnknownCodeError(
                where="", kind="carrier", value=carrier_code, expected=", ".join(sorted(CARRIERS))
            )
        d = defaults.get(found.code)
        if d is None:
            d = defaults[found.code] = carrier_defaults(fs, found.code, year, guideline, gwp_set)
        try:
            m = activity_multiplier(found, unit_code)
        except GreenmfgError:
            bad = energy.filter(
                (pl.col("carrier").cast(pl.String) == carrier_code)
                & (pl.col("unit").cast(pl.String) == unit_code)
            ).row(0, named=True)
            activity_multiplier(
                found,
                unit_code,
                where=f"energy line {int(bad['seq']) + 1} of filing {bad['fid']}: ",
            )
            raise
        # per-combination products, formed exactly as the engine forms them per line
        ghg = d.ncv_gj is not None and d.cc_t_per_gj is not None and d.oxidation is not None
        rows["ef_c"].append(d.ncv_gj * d.cc_t_per_gj * d.oxidation * C_TO_CO2 if ghg else 0.0)  # type: ignore[operator]
        non_co2 = ghg and include_non_co2 and bool(d.gwp_ch4)
        rows["ch4_c"].append(d.ncv_gj * d.ch4_per_gj if non_co2 else 0.0)  # type: ignore[operator]
        rows["n2o_c"].append(d.ncv_gj * d.n2o_per_gj if non_co2 else 0.0)  # type: ignore[operator]
        rows["kcode"].append(_KIND_CODE[found.kind])
        rows["m"].append(m)
        rows["coef_eq"].append(d.coef_eq)
        rows["coef_ev"].append(d.coef_ev)
        rows["has_ghg"].append(d.ncv_gj is not None)
        rows["ncv_gj"].append(d.ncv_gj)
        rows["cc"].append(d.cc_t_per_gj)
        rows["of"].append(d.oxidation)
        rows["ch4_pg"].append(d.ch4_per_gj)
        rows["n2o_pg"].append(d.n2o_per_gj)
        rows["gwp_ch4"].append(d.gwp_ch4)
        rows["gwp_n2o"].append(d.gwp_n2o)
        rows["heat_ef"].append(d.heat_ef)
        rows["heat_pg"].append(d.heat_per_gj)
        rows["e_per_gj"].append(d.energy_per_gj)
    table = pl.DataFrame(rows, schema=_LINE_SCHEMA)
    cp, up = carrier.to_physical(), unit.to_physical()
    width = int(up.max() or 0) + 1  # type: ignore[arg-type]
    size = (int(cp.max() or 0) + 1) * width  # type: ignore[arg-type]
    if size <= 1 << 22:  # small codes: a dense lookup by code pair
        dense = [0] * size
        for i, k in enumerate(pairs.get_column("key").to_list()):
            dense[(k >> 32) * width + (k & 0xFFFFFFFF)] = i
        index = cp.cast(pl.UInt32) * width + up.cast(pl.UInt32)
        return table, pl.Series("k", dense, dtype=pl.UInt32).gather(index).alias("k")
    mapping = dict(zip(pairs.get_column("key").to_list(), range(pairs.height), strict=True))
    return table, key.replace_strict(mapping, return_dtype=pl.UInt32).alias("k")


_LINE_SCHEMA: dict[str, Any] = {
    "ef_c": F64,
    "ch4_c": F64,
    "n2o_c": F64,
    "kcode": pl.Int8,
    "m": F64,
    "coef_eq": F64,
    "coef_ev": F64,
    "has_ghg": pl.Boolean,
    "ncv_gj": F64,
    "cc": F64,
    "of": F64,
    "ch4_pg": F64,
    "n2o_pg": F64,
    "gwp_ch4": F64,
    "gwp_n2o": F64,
    "heat_ef": F64,
    "heat_pg": F64,
    "e_per_gj": pl.Boolean,
}


def _unit_table(
    energy: pl.DataFrame, value_col: str, unit_col: str, targets: dict[str, str], name: str
) -> pl.DataFrame:
    """Multipliers for override units per (carrier, unit): ``targets`` maps output column
    → target-unit template with ``{canon}``."""
    pairs = energy.filter(pl.col(value_col).is_not_null()).select("carrier", unit_col).unique()
    rows: dict[str, list[Any]] = {k: [] for k in targets}
    for carrier_code, unit in pairs.select(
        pl.col("carrier").cast(pl.String), pl.col(unit_col).cast(pl.String)
    ).iter_rows():
        canon = CARRIERS[carrier_code].unit
        for out, template in targets.items():
            rows[out].append(factor_to(unit, template.format(canon=canon), where=f"{name} "))
    return pl.concat(
        [pairs, pl.DataFrame(rows, schema=dict.fromkeys(targets, F64))], how="horizontal"
    )


ORIGINS: tuple[str, ...] = tuple(str(o) for o in Origin)
"""The origins in code order (an origin's code is its position)."""

_PLAIN_SCHEMA: dict[str, Any] = {
    "m": F64,
    "a_tce": F64,
    "a_eq": F64,
    "a_ev": F64,
    "a_s1": F64,
    "a_s2": F64,
    "a_mwh": F64,
}


def _plain_table(table: pl.DataFrame) -> pl.DataFrame:
    """Per (row of ``table``, origin, non-CO2 included): what each figure of a line
    without measured values is per unit of its activity (the line's activity × the
    coefficient is the engine's figure: a sign and a coefficient multiply exactly), at
    row ``(row × len(ORIGINS) + origin code) × 2 + non-CO2``.

    Purchased electricity's equal-value coefficient and emission factor depend on the
    filing: their coefficients here are 0 (the caller adds them, and the renewable parts
    of electricity).  With non-CO2 gases a fuel's coefficient is CO2 + CH4 × GWP + N2O ×
    GWP per unit."""
    rows: dict[str, list[Any]] = {k: [] for k in _PLAIN_SCHEMA}
    for r in table.iter_rows(named=True):
        fuel, elec, heat = r["kcode"] == 0, r["kcode"] == 1, r["kcode"] == 2
        for origin in ORIGINS:
            sign = -1.0 if origin == "exported" else 1.0
            by_product = origin == "by_product"
            own = elec and origin == "self_renewable"
            grid = elec and not own
            tce = sign * r["coef_eq"]
            for non_co2 in (False, True):
                co2 = sign * r["ef_c"]
                if non_co2 and origin != "exported":
                    co2 = co2 + r["ch4_c"] * r["gwp_ch4"] + r["n2o_c"] * r["gwp_n2o"]
                rows["m"].append(r["m"])
                rows["a_tce"].append(tce)
                rows["a_eq"].append(0.0 if by_product else tce)
                rows["a_ev"].append(
                    0.0
                    if by_product or grid
                    else tce
                    if own  # self-generated renewable power: 当量值 on both bases
                    else sign * r["coef_ev"]
                )
                rows["a_s1"].append(co2 if fuel and not by_product else 0.0)
                rows["a_s2"].append(sign * r["heat_ef"] if heat else 0.0)
                rows["a_mwh"].append(sign if elec else 0.0)
    return pl.DataFrame(rows, schema=_PLAIN_SCHEMA)
