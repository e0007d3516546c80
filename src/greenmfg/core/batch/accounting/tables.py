"""Lookup tables of the batch path: carrier and product combinations, sums."""

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
from greenmfg.core.units import factor_to

_KIND_CODE = {
    CarrierKind.FUEL: 0,
    CarrierKind.ELECTRICITY: 1,
    CarrierKind.HEAT: 2,
    CarrierKind.STEAM: 2,
    CarrierKind.MEDIUM: 3,
}


def _pair_key(carrier: pl.Expr, unit: pl.Expr) -> pl.Expr:
    return (
        carrier.to_physical().cast(pl.UInt64) * pl.lit(2**32, pl.UInt64)
    ) + unit.to_physical().cast(pl.UInt64)


def _combo_table(
    energy: pl.DataFrame,
    year: int,
    fs: FactorSet,
    guideline: str,
    gwp_set: str,
    include_non_co2: bool = True,
) -> tuple[pl.DataFrame, pl.Series]:
    """Default coefficients per (carrier, unit) — computed once per combination by the
    per-filing engine's own functions — and each line's row in that table.

    (Electricity's equal-value coefficient, the only year-dependent one, is applied per
    filing by the caller.)  ``energy``'s carrier and unit columns are categorical.
    """
    carriers = energy.get_column("carrier").unique()
    units = energy.get_column("unit").unique()
    names = (
        "ef_c",
        "ch4_c",
        "n2o_c",
        "kcode",
        "m",
        "coef_eq",
        "coef_ev",
        "has_ghg",
        "ncv_gj",
        "cc",
        "of",
        "ch4_pg",
        "n2o_pg",
        "gwp_ch4",
        "gwp_n2o",
        "heat_ef",
        "heat_pg",
        "e_per_gj",
        "kind",
    )
    rows: dict[str, list[Any]] = {k: [] for k in names}
    keys: list[int] = []
    c_names, c_phys = carriers.cast(pl.String).to_list(), carriers.to_physical().to_list()
    u_names, u_phys = units.cast(pl.String).to_list(), units.to_physical().to_list()
    for carrier_code, cp in zip(c_names, c_phys, strict=True):
        carrier = CARRIERS.get(carrier_code)
        if carrier is None:
            raise UnknownCodeError(
                where="", kind="carrier", value=carrier_code, expected=", ".join(sorted(CARRIERS))
            )
        d = carrier_defaults(fs, carrier.code, year, guideline, gwp_set)
        for unit, up in zip(u_names, u_phys, strict=True):
            try:
                m = activity_multiplier(carrier, unit)
            except GreenmfgError:
                continue  # a pair no line may have; lines that do are reported below
            keys.append(cp * 2**32 + up)
            # per-combination products, formed exactly as the engine forms them per line
            ghg = d.ncv_gj is not None and d.cc_t_per_gj is not None and d.oxidation is not None
            rows["ef_c"].append(d.ncv_gj * d.cc_t_per_gj * d.oxidation * C_TO_CO2 if ghg else 0.0)  # type: ignore[operator]
            non_co2 = ghg and include_non_co2 and bool(d.gwp_ch4)
            rows["ch4_c"].append(d.ncv_gj * d.ch4_per_gj if non_co2 else 0.0)  # type: ignore[operator]
            rows["n2o_c"].append(d.ncv_gj * d.n2o_per_gj if non_co2 else 0.0)  # type: ignore[operator]
            rows["kcode"].append(_KIND_CODE[carrier.kind])
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
            rows["kind"].append(str(carrier.kind))
    schema = {
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
        "kind": pl.String,
    }
    combos = pl.DataFrame(rows, schema=schema)
    mapping = {k: i for i, k in enumerate(keys)}
    cidx = energy.select(
        _pair_key(pl.col("carrier"), pl.col("unit"))
        .replace_strict(mapping, default=None, return_dtype=pl.UInt32)
        .alias("cidx")
    ).to_series()
    if cidx.null_count():
        bad = energy.filter(cidx.is_null()).row(0, named=True)
        activity_multiplier(
            CARRIERS[str(bad["carrier"])],
            str(bad["unit"]),
            where=f"energy line {int(bad['seq']) + 1} of filing {bad['fid']}: ",
        )
    return combos, cidx


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


def _key_counts(keys: pl.Series, n: int) -> pl.Series:
    """How many rows each key 0 … n-1 has."""
    if n == 0:
        return pl.Series([], dtype=F64)
    k = keys.cast(pl.Int64)
    if k.is_sorted():
        bounds = k.search_sorted(pl.int_range(0, n + 1, dtype=pl.Int64, eager=True), side="left")
        return (bounds.tail(n) - bounds.head(n)).cast(F64)
    counted = k.value_counts()
    return pl.zeros(n, dtype=F64, eager=True).scatter(
        counted.get_column(k.name), counted.get_column("count").cast(F64)
    )


def _sequential_sums(
    lines: pl.DataFrame, key: str, n: int, cols: list[str]
) -> dict[str, pl.Series]:
    """Per-key sums of ``cols`` added one line at a time in ``seq`` order, exactly as a
    Python loop adds them.

    Position by position (the k-th line of every key), the values are added onto a
    running total per key.  When the lines are sorted by key with contiguous positions
    0, 1, 2 … (what :func:`frames_from_filings` and the generators produce) the k-th
    lines are found by offset arithmetic; otherwise the frame is split by ``seq``.
    """
    acc = {c: pl.zeros(n, dtype=F64, eager=True).alias(c) for c in cols}
    if lines.height == 0 or n == 0:
        return acc
    keys = lines.get_column(key).cast(pl.Int64)
    seq = lines.get_column("seq").cast(pl.Int64)
    if keys.is_sorted():
        bounds = keys.search_sorted(pl.int_range(0, n + 1, dtype=pl.Int64, eager=True), side="left")
        offsets = bounds.head(n)
        counts = bounds.tail(n) - offsets
        width = int(counts.max() or 0)  # type: ignore[arg-type]
        rows = pl.int_range(0, lines.height, dtype=pl.Int64, eager=True)
        # every key with the same number of lines: seq = row mod width (no gather needed)
        expected_seq = rows % width if lines.height == n * width else rows - offsets.gather(keys)
        ordered = seq.equals(expected_seq, check_names=False, check_dtypes=False)
    else:
        ordered = False
    if ordered:
        values = {c: lines.get_column(c) for c in cols}
        max_count = int(counts.max() or 0)  # type: ignore[arg-type]
        all_keys = pl.int_range(0, n, dtype=pl.Int64, eager=True)
        if max_count and lines.height == n * max_count:  # every key has the same number of lines
            for k in range(max_count):
                for c in cols:
                    acc[c] = acc[c] + values[c].gather_every(max_count, offset=k)
            return acc
        for k in range(max_count):
            present = counts > k
            if bool(present.all()):
                rows = offsets + k
                for c in cols:
                    acc[c] = acc[c] + values[c].gather(rows)
                continue
            idx = all_keys.filter(present)
            rows = offsets.filter(present) + k
            for c in cols:
                acc[c] = acc[c].scatter(idx, acc[c].gather(idx) + values[c].gather(rows))
        return acc
    for _, part in sorted(
        lines.select(key, "seq", *cols)
        .partition_by("seq", as_dict=True, maintain_order=True)
        .items()
    ):
        idx = part.get_column(key)
        for c in cols:
            acc[c] = acc[c].scatter(idx, acc[c].gather(idx) + part.get_column(c))
    return acc
