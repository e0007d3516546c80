"""Batch accounting with Polars: the per-filing rules of ``greenmfg.core.accounting``
applied to long frames of lines.

Inputs (see :func:`frames_from_filings`):

* ``filings``: one row per filing — ``fid``, ``year``, ``adcode`` and the economic /
  resource values already in canonical units (万元, m3, t, m2) or null;
* ``energy``: one row per energy line — ``fid``, ``seq`` (line order), ``carrier``,
  ``unit``, ``quantity``, ``origin`` and the optional overrides (``ncv_value``/
  ``ncv_unit``, ``cc_value``/``cc_unit``, ``oxidation``, ``ef_value``/``ef_unit``) and
  ``product``;
* ``process`` and ``products`` likewise.

Exactness: every coefficient comes from :mod:`greenmfg.core.accounting.resolve` (the
per-filing engine's own functions), each product is formed in the engine's order, and
per-filing sums are running sums in line order (``cum_sum().over("fid")``), because a
plain group-by sum adds in a different order and differs in the last bits.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import polars as pl

from greenmfg.core.accounting.catalogue import CARRIERS, CarrierKind
from greenmfg.core.accounting.engine import check_options
from greenmfg.core.accounting.factors import FactorSet, default_factor_set
from greenmfg.core.accounting.methods import resolve_method
from greenmfg.core.accounting.resolve import (
    C_TO_CO2,
    DEFAULT_GUIDELINE,
    activity_multiplier,
    carrier_defaults,
    resolve_grid,
)
from greenmfg.core.accounting.sectors import heat_gj_per_t, resolve_product, sector_lines
from greenmfg.core.errors import GreenmfgError, InvalidValueError, UnknownCodeError
from greenmfg.core.filing.model import Filing, ProcessLine, ProductLine
from greenmfg.core.units import factor_to

__all__ = ["BatchFrames", "account_frames", "frames_from_filings", "metrics_by_filing"]

F64 = pl.Float64

ENERGY_SCHEMA: dict[str, Any] = {
    "fid": pl.UInt32,
    "seq": pl.UInt32,
    "carrier": pl.String,
    "unit": pl.String,
    "quantity": F64,
    "origin": pl.String,
    "ncv_value": F64,
    "ncv_unit": pl.String,
    "cc_value": F64,
    "cc_unit": pl.String,
    "oxidation": F64,
    "ef_value": F64,
    "ef_unit": pl.String,
    "product": pl.String,
    "heat_gj": F64,  # GJ per t of steam / hot water by enthalpy (null: the default)
}
PROCESS_SCHEMA: dict[str, Any] = {
    "fid": pl.UInt32,
    "seq": pl.UInt32,
    "material": pl.String,
    "quantity": F64,
    "unit": pl.String,
    "ef_value": F64,
    "ef_unit": pl.String,
    "purity": F64,
    "cao": F64,
    "mgo": F64,
    "cao_noncarb": F64,
    "mgo_noncarb": F64,
    "product": pl.String,
    "line_json": pl.String,  # the whole line, for the sector rules
}
PRODUCT_SCHEMA: dict[str, Any] = {
    "fid": pl.UInt32,
    "pseq": pl.UInt32,
    "product": pl.String,
    "quantity": F64,
    "unit": pl.String,
    "anode_effect_minutes": F64,
    "concentration": F64,
}
FILING_SCHEMA: dict[str, Any] = {
    "fid": pl.UInt32,
    "year": pl.Int32,
    "adcode": pl.String,
    "industry": pl.String,
    "method": pl.String,
    "output_value_wan": F64,
    "value_added_wan": F64,
    "employees": pl.Int64,
    "water_withdrawal_m3": F64,
    "water_reused_m3": F64,
    "solid_waste_generated_t": F64,
    "solid_waste_utilised_t": F64,
    "land_area_m2": F64,
    "floor_area_m2": F64,
    "building_footprint_m2": F64,
}

_RESOURCES = (
    ("water_withdrawal_m3", "resources", "water_withdrawal", "m3"),
    ("water_reused_m3", "resources", "water_reused", "m3"),
    ("solid_waste_generated_t", "resources", "solid_waste_generated", "t"),
    ("solid_waste_utilised_t", "resources", "solid_waste_utilised", "t"),
    ("land_area_m2", "resources", "land_area", "m2"),
    ("floor_area_m2", "resources", "floor_area", "m2"),
    ("building_footprint_m2", "resources", "building_footprint_area", "m2"),
    ("output_value_wan", "economics", "output_value", "万元"),
    ("value_added_wan", "economics", "value_added", "万元"),
)


class BatchFrames:
    """The four input frames of the batch path."""

    def __init__(
        self,
        filings: pl.DataFrame,
        energy: pl.DataFrame,
        process: pl.DataFrame,
        products: pl.DataFrame,
    ) -> None:
        self.filings = filings
        self.energy = energy
        self.process = process
        self.products = products


def frames_from_filings(filings: Sequence[Filing]) -> BatchFrames:
    """Long frames from validated filings (``fid`` = position in ``filings``)."""
    from greenmfg.core.accounting.engine import _measured, _product_codes

    frows: dict[str, list[Any]] = {k: [] for k in FILING_SCHEMA}
    erows: dict[str, list[Any]] = {k: [] for k in ENERGY_SCHEMA}
    prows: dict[str, list[Any]] = {k: [] for k in PROCESS_SCHEMA}
    qrows: dict[str, list[Any]] = {k: [] for k in PRODUCT_SCHEMA}
    for fid, f in enumerate(filings):
        frows["fid"].append(fid)
        frows["year"].append(f.year)
        frows["adcode"].append(f.enterprise.adcode)
        frows["industry"].append(f.enterprise.industry)
        frows["method"].append(str(f.method) if f.method else None)
        tags = _product_codes(f)
        frows["employees"].append(f.economics.employees)
        for col, section, field, target in _RESOURCES:
            frows[col].append(
                _measured(getattr(getattr(f, section), field), target, f"{section}.{field}: ")
            )
        for seq, ln in enumerate(f.energy):
            erows["fid"].append(fid)
            erows["seq"].append(seq)
            erows["carrier"].append(ln.carrier)
            erows["unit"].append(ln.unit)
            erows["quantity"].append(ln.quantity)
            erows["origin"].append(str(ln.origin))
            erows["ncv_value"].append(ln.ncv.value if ln.ncv else None)
            erows["ncv_unit"].append(ln.ncv.unit if ln.ncv else None)
            erows["cc_value"].append(ln.carbon_content.value if ln.carbon_content else None)
            erows["cc_unit"].append(ln.carbon_content.unit if ln.carbon_content else None)
            erows["oxidation"].append(ln.oxidation)
            erows["ef_value"].append(ln.emission_factor.value if ln.emission_factor else None)
            erows["ef_unit"].append(ln.emission_factor.unit if ln.emission_factor else None)
            erows["product"].append(tags.get(ln.product, ln.product) if ln.product else None)
            erows["heat_gj"].append(
                heat_gj_per_t(
                    ln.carrier, ln.enthalpy, ln.pressure, ln.temperature,
                    where=f"energy line {seq + 1} of filing {fid}: ",
                )
                if ln.carrier in _STEAM_CARRIERS
                else None
            )  # fmt: skip
        base = len(f.energy)
        for seq, p in enumerate(f.process):
            prows["fid"].append(fid)
            prows["seq"].append(base + seq)
            prows["material"].append(p.material)
            prows["quantity"].append(p.quantity)
            prows["unit"].append(p.unit)
            prows["ef_value"].append(p.emission_factor.value if p.emission_factor else None)
            prows["ef_unit"].append(p.emission_factor.unit if p.emission_factor else None)
            for k in ("purity", "cao", "mgo", "cao_noncarb", "mgo_noncarb"):
                prows[k].append(getattr(p, k))
            prows["product"].append(tags.get(p.product, p.product) if p.product else None)
            prows["line_json"].append(p.model_dump_json(exclude_none=True))
        for pseq, q in enumerate(f.products):
            qrows["fid"].append(fid)
            qrows["pseq"].append(pseq)
            qrows["product"].append(q.product)
            qrows["quantity"].append(q.quantity)
            qrows["unit"].append(q.unit)
            qrows["anode_effect_minutes"].append(q.anode_effect_minutes)
            qrows["concentration"].append(q.concentration)
    return BatchFrames(
        pl.DataFrame(frows, schema=FILING_SCHEMA),
        pl.DataFrame(erows, schema=ENERGY_SCHEMA),
        pl.DataFrame(prows, schema=PROCESS_SCHEMA),
        pl.DataFrame(qrows, schema=PRODUCT_SCHEMA),
    )


_STEAM_CARRIERS = frozenset(c.code for c in CARRIERS.values() if c.kind is CarrierKind.STEAM)

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


def account_frames(
    frames: BatchFrames,
    *,
    method: str | None = None,
    gwp_set: str | None = None,
    factor_set: FactorSet | None = None,
    grid_scope: str = "national",
    grid_basis: str = "location",
    guideline: str = DEFAULT_GUIDELINE,
    include_non_co2: bool | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Account every filing: (per-filing frame, per-product frame).

    The per-filing frame has ``fid``, ``equivalent_tce``, ``equal_value_tce``,
    ``renewable_tce``, ``scope1``, ``scope2``, ``n_energy``, ``n_process`` and the
    filing's economic columns; the per-product frame ``fid``, ``product``, ``quantity_t``,
    ``energy_tce``, ``electricity_mwh``, ``co2e_t`` (null when not allocatable).
    """
    check_options(gwp_set, grid_scope, grid_basis)
    fs = factor_set or default_factor_set()
    filings, energy, process, products = (
        _complete(frames.filings, FILING_SCHEMA),
        _complete(frames.energy, ENERGY_SCHEMA),
        _complete(frames.process, PROCESS_SCHEMA),
        _complete(frames.products, PRODUCT_SCHEMA),
    )
    if process.height and process.get_column("line_json").null_count():
        process = process.with_columns(line_json=_process_json(process))
    # ---- the method of each filing (the option, else the filing's own, else the default) ----
    by_key: dict[tuple[Any, Any], Any] = {}
    for industry, own in filings.select("industry", "method").unique().iter_rows():
        choice = resolve_method(method or own, str(industry or ""), gwp_set)
        if include_non_co2 is not None and include_non_co2 != choice.include_non_co2:
            choice = type(choice)(choice.method, choice.guideline, choice.gwp_set, include_non_co2)
        by_key[(industry, own)] = choice
    choices = [by_key[k] for k in filings.select("industry", "method").iter_rows()]
    non_co2_by_fid = pl.Series("nc", [c.include_non_co2 for c in choices], dtype=pl.Boolean)
    ipcc_gwp = gwp_set or resolve_method("ipcc", "", None).gwp_set

    n = filings.height
    if not filings.get_column("fid").equals(
        pl.Series("fid", range(n), dtype=pl.UInt32), check_dtypes=False
    ):
        raise InvalidValueError(
            where="", field="fid", value="…", expected="filings numbered 0 … n-1 in order"
        )

    # ---- per-filing factors: grid factor and electricity equal-value coefficient by (year, adcode) ----
    keys = filings.select("year", "adcode").unique()
    per_key: dict[str, list[Any]] = {"year": [], "adcode": [], "grid_ef": [], "ev_elec": []}
    for year, adcode in keys.iter_rows():
        per_key["year"].append(year)
        per_key["adcode"].append(adcode)
        per_key["grid_ef"].append(
            resolve_grid(fs, int(year), str(adcode), grid_scope, grid_basis).ef
        )
        per_key["ev_elec"].append(
            carrier_defaults(fs, "electricity", int(year), guideline, ipcc_gwp).coef_ev
        )
    fkeys = filings.select("fid", "year", "adcode").join(
        pl.DataFrame(
            per_key, schema={"year": pl.Int32, "adcode": pl.String, "grid_ef": F64, "ev_elec": F64}
        ),
        on=["year", "adcode"],
        how="left",
        maintain_order="left",
    )
    grid_by_fid, ev_by_fid = fkeys.get_column("grid_ef"), fkeys.get_column("ev_elec")
    year_min = filings.get_column("year").min() if n else None
    any_year = int(year_min) if isinstance(year_min, int) else 2024

    if energy.schema["carrier"] != pl.Categorical or energy.schema["unit"] != pl.Categorical:
        energy = energy.with_columns(pl.col("carrier", "unit").cast(pl.Categorical))
    combos, cidx = _combo_table(energy, any_year, fs, guideline, ipcc_gwp, True)
    ncv_units = _unit_table(
        energy,
        "ncv_value",
        "ncv_unit",
        {"m_ncv_tce": "tce/{canon}", "m_ncv_gj": "GJ/{canon}"},
        "ncv",
    )
    cc_units = _unit_table(energy, "cc_value", "cc_unit", {"m_cc": "tC/GJ"}, "carbon_content")
    ef_units = _unit_table(energy, "ef_value", "ef_unit", {"m_ef": "t/{canon}"}, "emission_factor")

    # One small join gives each line its (carrier, unit) combination; every coefficient is
    # then gathered from the combination table inside the expressions (no wide join).
    e = energy.lazy().with_columns(cidx=cidx)
    for table, on in ((ncv_units, "ncv_unit"), (cc_units, "cc_unit"), (ef_units, "ef_unit")):
        if table.height:
            e = e.join(table.lazy(), on=["carrier", on], how="left", maintain_order="left")

    def coef(name: str) -> pl.Expr:
        return pl.lit(combos.get_column(name)).gather(pl.col("cidx"))

    kcode = coef("kcode")
    is_fuel = kcode == 0
    is_elec = kcode == 1
    is_heat = kcode == 2
    grid_ef = pl.lit(grid_by_fid).gather(pl.col("fid"))
    self_ren = pl.col("origin") == "self_renewable"
    by_product = pl.col("origin") == "by_product"
    coef_ev_default = (
        pl.when(is_elec & ~self_ren)
        .then(pl.lit(ev_by_fid).gather(pl.col("fid")))
        .when(is_elec)
        .then(coef("coef_eq"))  # self-generated renewable power: 当量值 on both bases
        .otherwise(coef("coef_ev"))
    )
    has_heat_gj = pl.col("heat_gj").is_not_null()
    any_heat_gj = energy.get_column("heat_gj").null_count() < energy.height
    if any_heat_gj:
        per_gj_eq = pl.col("heat_gj") * coef("coef_eq")
        coef_eq_base = pl.when(coef("e_per_gj")).then(per_gj_eq).otherwise(coef("coef_eq"))
        coef_ev_default = pl.when(coef("e_per_gj")).then(per_gj_eq).otherwise(coef_ev_default)
    else:
        coef_eq_base = coef("coef_eq")

    exported = pl.col("origin") == "exported"
    any_nc = bool(non_co2_by_fid.any())
    nc = (pl.lit(non_co2_by_fid).gather(pl.col("fid")) & ~exported) if any_nc else pl.lit(False)
    origin_col = energy.get_column("origin")
    any_own = bool((origin_col == "self_renewable").any())
    any_by_product = bool((origin_col == "by_product").any())
    sign = pl.when(exported).then(pl.lit(-1.0)).otherwise(pl.lit(1.0))
    has_ncv = pl.col("ncv_value").is_not_null()
    # Override columns that are null on every line are skipped (same values, less work).
    any_ncv = energy.get_column("ncv_value").null_count() < energy.height
    any_cc = energy.get_column("cc_value").null_count() < energy.height
    any_ox = energy.get_column("oxidation").null_count() < energy.height
    any_ef = energy.get_column("ef_value").null_count() < energy.height

    def override(flag: bool, present: pl.Expr, value: pl.Expr, default: pl.Expr) -> pl.Expr:
        return pl.when(present).then(value).otherwise(default) if flag else default

    act = pl.col("quantity") * coef("m")
    coef_eq_l = override(any_ncv, has_ncv, pl.col("ncv_value") * pl.col("m_ncv_tce"), coef_eq_base)
    coef_ev_l = override(
        any_ncv, has_ncv, pl.col("ncv_value") * pl.col("m_ncv_tce"), coef_ev_default
    )
    ncv_gj_l = override(any_ncv, has_ncv, pl.col("ncv_value") * pl.col("m_ncv_gj"), coef("ncv_gj"))
    cc_l = override(
        any_cc, pl.col("cc_value").is_not_null(), pl.col("cc_value") * pl.col("m_cc"), coef("cc")
    )
    of_l = override(any_ox, pl.col("oxidation").is_not_null(), pl.col("oxidation"), coef("of"))
    tce_eq = sign * (act * coef_eq_l)
    tce_ev = sign * (act * coef_ev_l)
    # fuel combustion; exported fuel credited at its CO2 factor; by-product gas: none
    if any_ncv or any_cc or any_ox:
        fuel_co2 = sign * (act * (ncv_gj_l * cc_l * of_l * pl.lit(C_TO_CO2)))
        gwp_ch4, gwp_n2o = coef("gwp_ch4"), coef("gwp_n2o")
        non_co2 = (
            pl.when(nc & (gwp_ch4 != 0))
            .then(act * (ncv_gj_l * coef("ch4_pg")))
            .otherwise(pl.lit(0.0))
        )
        non_n2o = (
            pl.when(nc & (gwp_ch4 != 0))
            .then(act * (ncv_gj_l * coef("n2o_pg")))
            .otherwise(pl.lit(0.0))
        )
        fuel_default = (
            pl.when(coef("has_ghg"))
            .then(fuel_co2 + non_co2 * gwp_ch4 + non_n2o * gwp_n2o)
            .otherwise(pl.lit(0.0))
        )
    else:
        # no measured value anywhere: the per-combination products serve every line
        g_ch4 = float(combos.get_column("gwp_ch4").max() or 0.0)  # type: ignore[arg-type]
        g_n2o = float(combos.get_column("gwp_n2o").max() or 0.0)  # type: ignore[arg-type]
        fuel_default = (
            (
                sign * (act * coef("ef_c"))
                + pl.when(nc).then(act * coef("ch4_c")).otherwise(pl.lit(0.0)) * pl.lit(g_ch4)
                + pl.when(nc).then(act * coef("n2o_c")).otherwise(pl.lit(0.0)) * pl.lit(g_n2o)
            )
            if any_nc
            else sign * (act * coef("ef_c"))  # CO2 only: co2 + 0.0 + 0.0 is co2
        )
    has_ef = pl.col("ef_value").is_not_null()
    line_ef = pl.col("ef_value") * pl.col("m_ef") if any_ef else pl.lit(None, F64)
    fuel_co2e = (
        pl.when(has_ef).then(sign * (act * line_ef)).otherwise(fuel_default)
        if any_ef
        else fuel_default
    )
    green_zero = pl.col("origin") == "green"
    grid_or_green = (
        pl.when(green_zero).then(pl.lit(0.0)).otherwise(grid_ef)
        if grid_basis == "market"
        else grid_ef
    )
    elec_ef = pl.when(has_ef).then(line_ef).otherwise(grid_or_green) if any_ef else grid_or_green
    heat_default = (
        pl.when(has_heat_gj).then(pl.col("heat_gj") * coef("heat_pg")).otherwise(coef("heat_ef"))
        if any_heat_gj
        else coef("heat_ef")
    )
    heat_ef = pl.when(has_ef).then(line_ef).otherwise(heat_default) if any_ef else heat_default
    scope1 = is_fuel & ~by_product
    scope2 = (is_elec & ~self_ren) | is_heat
    co2e = (
        pl.when(scope1)
        .then(fuel_co2e)
        .when(is_elec & ~self_ren)
        .then(sign * (act * elec_ef))
        .when(is_heat)
        .then(sign * (act * heat_ef))
        .otherwise(pl.lit(0.0))
    )
    elec_mwh = (
        pl.when(is_elec).then(pl.when(exported).then(-act).otherwise(act)).otherwise(pl.lit(0.0))
    )

    # ---- process lines and the lines products imply (PFC, fixed carbon) ----
    resolved_products = _resolve_products(products)
    n_energy_by_fid = _key_counts(energy.get_column("fid"), filings.height)
    p_lines = _sector_frame(
        process,
        products.filter(resolved_products.get_column("code").is_in(list(_SECTOR_PRODUCTS))),
        choices,
        fs,
        n_energy_by_fid,
    )

    # ---- sequential sums (line order) ----
    n = filings.height
    if not filings.get_column("fid").equals(
        pl.Series("fid", range(n), dtype=pl.UInt32), check_dtypes=False
    ):
        raise InvalidValueError(
            where="", field="fid", value="…", expected="filings numbered 0 … n-1 in order"
        )
    e_sel = e.select(
        "fid",
        "seq",
        "product",
        tce_eq=tce_eq,
        **(
            {
                "tce_eq_tot": pl.when(by_product).then(pl.lit(0.0)).otherwise(tce_eq),
                "tce_ev": pl.when(by_product).then(pl.lit(0.0)).otherwise(tce_ev),
            }
            if any_by_product
            else {"tce_ev": tce_ev}
        ),
        green=pl.when(is_elec & green_zero).then(tce_eq).otherwise(pl.lit(0.0)),
        **(
            {
                "own": pl.when(is_elec & self_ren).then(tce_eq).otherwise(pl.lit(0.0)),
                "exp_el": pl.when(is_elec & exported).then(tce_eq).otherwise(pl.lit(0.0)),
            }
            if any_own
            else {}
        ),
        s1=pl.when(scope1).then(co2e).otherwise(pl.lit(0.0)),
        s2=pl.when(scope2).then(co2e).otherwise(pl.lit(0.0)),
        co2e=co2e,
        elec_mwh=elec_mwh,
        n_energy=pl.lit(1.0),
        n_lines=pl.lit(1.0),
        n_tagged=pl.col("product").is_not_null().cast(F64),
    ).collect(engine="in-memory")
    parts = [e_sel]
    if p_lines.height:
        parts.append(
            p_lines.select(
                "fid",
                "seq",
                "product",
                tce_eq=pl.lit(0.0),
                **({"tce_eq_tot": pl.lit(0.0)} if any_by_product else {}),
                tce_ev=pl.lit(0.0),
                green=pl.lit(0.0),
                **({"own": pl.lit(0.0), "exp_el": pl.lit(0.0)} if any_own else {}),
                s1="co2e",
                s2=pl.lit(0.0),
                co2e="co2e",
                elec_mwh=pl.lit(0.0),
                n_energy=pl.lit(0.0),
                n_lines=pl.lit(1.0),
                n_tagged=pl.col("product").is_not_null().cast(F64),
            )
        )
    lines = pl.concat(parts, how="vertical_relaxed").sort("fid", "seq") if len(parts) > 1 else e_sel
    any_tagged = lines.get_column("product").null_count() < lines.height
    sums = _sequential_sums(
        lines,
        "fid",
        n,
        [
            "tce_eq_tot" if any_by_product else "tce_eq",
            "tce_ev",
            "green",
            *(["own", "exp_el"] if any_own else []),
            "s1",
            "s2",
            *(["n_tagged"] if any_tagged else []),
        ],
    )
    if not any_by_product:  # the same sums: no line is left out of the total
        sums["tce_eq_tot"] = sums["tce_eq"]
    # renewable power consumed on site: generation less export, never below 0 (without any
    # self-generation that is 0 for every filing, and green + 0.0 = green exactly)
    own_net = (
        (sums["own"] + sums["exp_el"]).clip(lower_bound=0.0)
        if any_own
        else pl.zeros(n, dtype=F64, eager=True)
    )
    # counts are whole numbers: order does not matter
    sums["n_energy"] = _key_counts(e_sel.get_column("fid"), n)
    sums["n_lines"] = (
        sums["n_energy"] if lines is e_sel else _key_counts(lines.get_column("fid"), n)
    )
    if not any_tagged:
        sums["n_tagged"] = pl.zeros(n, dtype=F64, eager=True)
    per_filing = filings.with_columns(
        eq=sums["tce_eq_tot"],
        ev=sums["tce_ev"],
        ren=sums["green"] + own_net,
        method=pl.Series([c.method for c in choices], dtype=pl.String),
        gwp_set=pl.Series([c.gwp_set for c in choices], dtype=pl.String),
        s1=sums["s1"],
        s2=sums["s2"],
        n_energy=sums["n_energy"].cast(pl.UInt32),
        n_lines=sums["n_lines"].cast(pl.UInt32),
        n_tagged=sums["n_tagged"].cast(pl.UInt32),
    )

    # ---- products ----
    prod = products.with_row_index("pidx").with_columns(
        product=resolved_products.get_column("code"),
        quantity=resolved_products.get_column("quantity"),
        unit=resolved_products.get_column("unit"),
    )
    prod = prod.with_columns(quantity_t=pl.when(pl.col("unit") == "t").then(pl.col("quantity")))
    tagged = lines.filter(pl.col("product").is_not_null()).join(
        prod.select("fid", "product", "pidx"), on=["fid", "product"], how="inner"
    )
    psums = _sequential_sums(tagged, "pidx", prod.height, ["tce_eq", "co2e", "elec_mwh"])
    has_tagged = tagged.select("pidx").unique().with_columns(tag=pl.lit(True))
    n_products = prod.group_by("fid").agg(n_products=pl.len())
    prod = (
        prod.with_columns(t_energy=psums["tce_eq"], t_co2=psums["co2e"], t_elec=psums["elec_mwh"])
        .join(has_tagged, on="pidx", how="left")
        .join(n_products, on="fid", how="left")
        .join(per_filing.select("fid", "eq", "s1", "s2", "n_tagged"), on="fid", how="left")
    )
    whole = (pl.col("n_tagged") == 0) & (pl.col("n_products") == 1)
    prod = prod.with_columns(
        energy_tce=pl.when(whole).then(pl.col("eq")).when(pl.col("tag")).then(pl.col("t_energy")),
        co2e_t=pl.when(whole)
        .then(pl.col("s1") + pl.col("s2"))
        .when(pl.col("tag"))
        .then(pl.col("t_co2")),
        electricity_mwh=pl.when(pl.col("tag")).then(pl.col("t_elec")),
    ).select(
        "fid",
        "pseq",
        "product",
        "quantity",
        "unit",
        "quantity_t",
        "energy_tce",
        "electricity_mwh",
        "co2e_t",
    )
    return per_filing, prod.sort("fid", "pseq")


def _complete(frame: pl.DataFrame, schema: dict[str, Any]) -> pl.DataFrame:
    """``frame`` with every optional column of ``schema`` it lacks, as nulls (frames built
    by other code than :func:`frames_from_filings` may omit them)."""
    missing = [
        pl.lit(None, dtype).alias(col) for col, dtype in schema.items() if col not in frame.columns
    ]
    return frame.with_columns(missing) if missing else frame


def _process_json(process: pl.DataFrame) -> pl.Series:
    """The process lines as interchange JSON, from the frame's columns where it has none."""
    out: list[str] = []
    for row in process.iter_rows(named=True):
        if row["line_json"] is not None:
            out.append(row["line_json"])
            continue
        data: dict[str, Any] = {
            k: row[k]
            for k in (
                "material",
                "quantity",
                "unit",
                "purity",
                "cao",
                "mgo",
                "cao_noncarb",
                "mgo_noncarb",
                "product",
            )
            if row[k] is not None
        }
        if row["ef_value"] is not None:
            data["emission_factor"] = {"value": row["ef_value"], "unit": row["ef_unit"]}
        out.append(ProcessLine.model_validate(data).model_dump_json(exclude_none=True))
    return pl.Series("line_json", out, dtype=pl.String)


def _resolve_products(products: pl.DataFrame) -> pl.DataFrame:
    """Each product row's resolved code, unit and quantity in that unit, exactly as
    :func:`resolve_product` forms them (one resolution per distinct product and unit;
    rows with a concentration are resolved one by one)."""
    if products.height == 0:
        return pl.DataFrame(schema={"code": pl.String, "unit": pl.String, "quantity": F64})
    keys: dict[tuple[str, str], tuple[str, str, float]] = {}
    for fid, pseq, product, unit in (
        products.select("fid", "pseq", "product", "unit").unique(["product", "unit"]).iter_rows()
    ):
        rp = resolve_product(
            ProductLine(product=product, quantity=1.0, unit=unit),
            where=f"product {pseq + 1} of filing {fid}: ",
        )
        keys[(product, unit)] = (rp.code, rp.unit, rp.quantity)
    if not keys:  # no product filed: an empty mapping would give the columns no type
        return pl.DataFrame(schema={"code": pl.String, "unit": pl.String, "quantity": F64})
    key = pl.concat_str(["product", "unit"], separator="\x1f")
    mapping = {f"{p}\x1f{u}": v for (p, u), v in keys.items()}
    out = products.select(
        code=key.replace_strict({k: v[0] for k, v in mapping.items()}, return_dtype=pl.String),
        unit=key.replace_strict({k: v[1] for k, v in mapping.items()}, return_dtype=pl.String),
        quantity=pl.col("quantity")
        * key.replace_strict({k: v[2] for k, v in mapping.items()}, return_dtype=F64),
    )
    conc = products.get_column("concentration")
    if conc.null_count() < products.height:
        rows = products.with_row_index("i").filter(pl.col("concentration").is_not_null())
        idx: list[int] = []
        qty: list[float] = []
        for i, fid, pseq, product, quantity, unit, c in rows.select(
            "i", "fid", "pseq", "product", "quantity", "unit", "concentration"
        ).iter_rows():
            rp = resolve_product(
                ProductLine(product=product, quantity=quantity, unit=unit, concentration=c),
                where=f"product {pseq + 1} of filing {fid}: ",
            )
            idx.append(i)
            qty.append(rp.quantity)
        out = out.with_columns(
            quantity=out.get_column("quantity").scatter(idx, pl.Series(qty, dtype=F64))
        )
    return out


_SECTOR_PRODUCTS = frozenset({"aluminium_liquid", "crude_steel_bof", "crude_steel_eaf"})


def _sector_frame(
    process: pl.DataFrame,
    products: pl.DataFrame,
    choices: Sequence[Any],
    fs: FactorSet,
    n_energy: pl.Series,
) -> pl.DataFrame:
    """Process-side lines of every filing through :func:`sector_lines` (the engine's own
    function): process lines, then PFC and fixed carbon implied by the products."""
    by_fid: dict[int, tuple[list[ProcessLine], list[str | None], list[ProductLine]]] = {}
    for fid, product, line_json in process.select("fid", "product", "line_json").iter_rows():
        entry = by_fid.setdefault(int(fid), ([], [], []))
        entry[0].append(ProcessLine.model_validate_json(line_json))
        entry[1].append(product)
    for fid, code, qty, unit, aem, conc in products.select(
        "fid", "product", "quantity", "unit", "anode_effect_minutes", "concentration"
    ).iter_rows():
        entry = by_fid.setdefault(int(fid), ([], [], []))
        entry[2].append(
            ProductLine(
                product=code,
                quantity=qty,
                unit=unit,
                anode_effect_minutes=aem,
                concentration=conc,
            )
        )
    out: dict[str, list[Any]] = {"fid": [], "seq": [], "product": [], "co2e": []}
    counts = n_energy.to_list()
    for fid in sorted(by_fid):
        lines, tags, prods = by_fid[fid]
        base = int(counts[fid])
        for k, r in enumerate(sector_lines(lines, prods, choices[fid], fs)):
            out["fid"].append(fid)
            out["seq"].append(base + k)
            out["product"].append(tags[k] if k < len(tags) else None)
            out["co2e"].append(r.co2e_t)
    return pl.DataFrame(
        out, schema={"fid": pl.UInt32, "seq": pl.UInt32, "product": pl.String, "co2e": F64}
    )


def metrics_by_filing(per_filing: pl.DataFrame, products: pl.DataFrame) -> list[dict[str, float]]:
    """Metric mappings (same keys and values as ``AccountingResult.metrics()``), by fid."""
    from greenmfg.core.metrics import product_metric

    out: list[dict[str, float]] = []
    prods: dict[int, list[dict[str, Any]]] = {}
    for row in products.iter_rows(named=True):
        prods.setdefault(int(row["fid"]), []).append(row)
    for r in per_filing.sort("fid").iter_rows(named=True):
        m: dict[str, float] = {}
        eq, ev, ren, s1, s2 = r["eq"], r["ev"], r["ren"], r["s1"], r["s2"]
        has_energy = r["n_energy"] > 0
        has_emissions = r["n_lines"] > 0
        total = s1 + s2
        if has_energy:
            m["energy_total_tce"] = eq
            m["energy_total_equal_value_tce"] = ev
            if eq > 0:
                m["renewable_share"] = ren / eq * 100.0
        if has_emissions:
            m["co2_scope1_t"] = s1
            m["co2_scope2_t"] = s2
            m["co2_total_t"] = total
        va, ov = r["value_added_wan"], r["output_value_wan"]
        water, reused = r["water_withdrawal_m3"], r["water_reused_m3"]
        if va:
            if has_energy:
                m["energy_per_value_added"] = eq * 1000.0 / va
            if has_emissions:
                m["co2_per_value_added"] = total * 1000.0 / va
            if water is not None:
                m["water_per_value_added"] = water / va
        if ov:
            if has_energy:
                m["energy_per_output_value"] = eq * 1000.0 / ov
            if has_emissions:
                m["co2_per_output_value"] = total * 1000.0 / ov
        land = r["land_area_m2"]
        if ov is not None:
            if land:
                m["output_per_land_area"] = ov / (land / 10000.0)
            if r["employees"]:
                m["output_per_employee"] = ov / r["employees"]
        plist = prods.get(int(r["fid"]), [])
        for p in plist:
            if p["energy_tce"] is not None:
                m[product_metric("energy_per_product", p["product"])] = (
                    p["energy_tce"] * 1000.0 / p["quantity"]
                )
            if p["co2e_t"] is not None:
                m[product_metric("co2_per_product", p["product"])] = p["co2e_t"] / p["quantity"]
        if water is not None and len(plist) == 1:
            m[product_metric("water_per_product", plist[0]["product"])] = (
                water / plist[0]["quantity"]
            )
        if water is not None and reused is not None:
            denom = reused + water
            if denom > 0:
                m["water_reuse_rate"] = reused / denom * 100.0
        gen, used = r["solid_waste_generated_t"], r["solid_waste_utilised_t"]
        if gen and used is not None:
            m["solid_waste_utilisation_rate"] = used / gen * 100.0
        if land:
            if r["floor_area_m2"] is not None:
                m["floor_area_ratio"] = r["floor_area_m2"] / land
            if r["building_footprint_m2"] is not None:
                m["building_coverage"] = r["building_footprint_m2"] / land * 100.0
        out.append(m)
    return out


def account_filings(filings: Iterable[Filing], **options: Any) -> list[dict[str, float]]:
    """Metrics of many filings through the batch path (convenience for callers with
    Filing objects)."""
    frames = frames_from_filings(list(filings))
    per_filing, products = account_frames(frames, **options)
    return metrics_by_filing(per_filing, products)
