"""Accounting of whole frames at once, by the per-filing engine's rules.

Every coefficient comes from the engine's own functions (once per combination of
carrier, unit and origin), and a line's figures are its activity times them.  The
per-filing and per-product totals are Polars group-by sums: they add the lines' figures
but not necessarily in the engine's order, so they agree with the engine's totals to
rounding — 12 significant digits — rather than to the last bit (see docs/architecture.md,
"Batch and per-filing figures").
"""

from __future__ import annotations

from typing import Any

import polars as pl

from greenmfg.core.accounting.engine import check_options
from greenmfg.core.accounting.factors import FactorSet, default_factor_set
from greenmfg.core.accounting.methods import MethodChoice, resolve_method
from greenmfg.core.accounting.resolve import (
    C_TO_CO2,
    DEFAULT_GUIDELINE,
    carrier_defaults,
    resolve_grid,
)
from greenmfg.core.batch.accounting.base import F64
from greenmfg.core.batch.accounting.frames import (
    ENERGY_SCHEMA,
    FILING_SCHEMA,
    PROCESS_SCHEMA,
    PRODUCT_SCHEMA,
    BatchFrames,
)
from greenmfg.core.batch.accounting.process import resolve_products, sector_frame
from greenmfg.core.batch.accounting.tables import (
    ORIGINS,
    _line_table,
    _plain_table,
    _unit_table,
)
from greenmfg.core.errors import InvalidValueError

_MEASURED = ("ncv_value", "cc_value", "oxidation", "ef_value", "heat_gj")


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

    The per-filing frame has ``fid``, ``eq`` (equivalent tce), ``ev`` (equal-value tce),
    ``ren`` (renewable tce), ``s1``, ``s2`` (scope 1 / 2 tCO2e), ``method``, ``gwp_set``,
    ``n_energy``, ``n_lines``, ``n_tagged`` and the filing's columns; the per-product frame
    ``fid``, ``pseq``, ``product``, ``quantity``, ``unit``, ``quantity_t``,
    ``energy_tce``, ``electricity_mwh``, ``co2e_t`` (null when not allocatable), in
    filing and product order.
    """
    check_options(gwp_set, grid_scope, grid_basis)
    fs = factor_set or default_factor_set()
    filings, energy, process, products = (
        _complete(frames.filings, FILING_SCHEMA),
        _complete(frames.energy, ENERGY_SCHEMA),
        _complete(frames.process, PROCESS_SCHEMA),
        _complete(frames.products, PRODUCT_SCHEMA),
    )
    n = filings.height
    if not filings.get_column("fid").equals(
        pl.Series("fid", range(n), dtype=pl.UInt32), check_dtypes=False
    ):
        raise InvalidValueError(
            where="", field="fid", value="…", expected="filings numbered 0 … n-1 in order"
        )

    # ---- the method of each filing (the option, else the filing's own, else the default) ----
    keys = filings.select("industry", "method").unique()
    distinct: list[MethodChoice] = []
    for industry, own in keys.iter_rows():
        choice = resolve_method(method or own, str(industry or ""), gwp_set)
        if include_non_co2 is not None and include_non_co2 != choice.include_non_co2:
            choice = type(choice)(choice.method, choice.guideline, choice.gwp_set, include_non_co2)
        distinct.append(choice)
    cid = (
        filings.select("industry", "method")
        .join(
            keys.with_row_index("cid"),
            on=["industry", "method"],
            how="left",
            maintain_order="left",
            nulls_equal=True,
        )
        .get_column("cid")
    )
    choices = [distinct[c] for c in cid.to_list()]
    non_co2_by_fid = pl.Series([c.include_non_co2 for c in distinct], dtype=pl.Boolean).gather(cid)
    ipcc_gwp = gwp_set or resolve_method("ipcc", "", None).gwp_set

    # ---- per-filing factors: grid factor and electricity equal-value coefficient by (year, adcode) ----
    year_adcode = filings.select("year", "adcode").unique()
    per_key: dict[str, list[Any]] = {"year": [], "adcode": [], "grid_ef": [], "ev_elec": []}
    for year, adcode in year_adcode.iter_rows():
        per_key["year"].append(year)
        per_key["adcode"].append(adcode)
        per_key["grid_ef"].append(
            resolve_grid(fs, int(year), str(adcode), grid_scope, grid_basis).ef
        )
        per_key["ev_elec"].append(
            carrier_defaults(fs, "electricity", int(year), guideline, ipcc_gwp).coef_ev
        )
    fkeys = filings.select("year", "adcode").join(
        pl.DataFrame(
            per_key, schema={"year": pl.Int32, "adcode": pl.String, "grid_ef": F64, "ev_elec": F64}
        ),
        on=["year", "adcode"],
        how="left",
        maintain_order="left",
    )
    per_fid = _PerFiling(
        fkeys.get_column("grid_ef"), fkeys.get_column("ev_elec"), non_co2_by_fid, grid_basis
    )
    year_min = filings.get_column("year").min() if n else None
    any_year = int(year_min) if isinstance(year_min, int) else 2024

    # ---- energy lines: coefficients by (carrier, unit), sums by filing ----
    table, k = _line_table(energy, any_year, fs, guideline, ipcc_gwp, True)
    ocode = (
        energy.get_column("origin")
        .cast(pl.Enum(ORIGINS))
        .to_physical()
        .cast(pl.UInt32)
        .fill_null(ORIGINS.index("purchased"))
    )
    origins = {ORIGINS[c] for c in ocode.unique().to_list()}
    any_tagged_e = energy.get_column("product").null_count() < energy.height
    measured = [c for c in _MEASURED if energy.get_column(c).null_count() < energy.height]
    queries: list[pl.LazyFrame] = []
    tagged_queries: list[pl.LazyFrame] = []
    has_measured = (
        energy.select(pl.any_horizontal(pl.col(c).is_not_null() for c in measured)).to_series()
        if measured
        else None
    )
    # every line by the coefficients of its combination (measured lines count 0 here)
    plain, plain_tagged = _plain_lines(energy, k, ocode, table, per_fid, origins, has_measured)
    queries += plain
    if any_tagged_e:
        tagged_queries += plain_tagged
    if has_measured is not None:  # lines with measured values: the general expressions
        lines = energy.select(
            "fid",
            "product",
            "carrier",
            "quantity",
            "origin",
            *(c for c in ENERGY_SCHEMA if c in _MEASURED or c.endswith("_unit")),
        ).filter(has_measured)
        present = tuple(measured)
        values = _line_values(per_fid, present, table, origins)
        used = {c for v in values.values() for c in v.meta.root_names()} & set(table.columns)
        rows = k.filter(has_measured)
        lf = (
            _with_units(lines)
            .lazy()
            .with_columns(pl.lit(table.get_column(c)).gather(rows).alias(c) for c in sorted(used))
        )
        queries.append(_filing_sums(lf, values, counted=False))
        if any_tagged_e:
            tagged_queries.append(
                lf.filter(pl.col("product").is_not_null()).select(
                    "fid", "product", **{k: values[k] for k in ("tce_eq", "co2e", "elec_mwh")}
                )
            )
    collected = pl.collect_all([*queries, *tagged_queries])
    partial = collected[: len(queries)]
    tagged_parts = collected[len(queries) :]

    # ---- process lines and the lines products imply (PFC, fixed carbon) ----
    resolved = resolve_products(products)
    sector = sector_frame(
        process, products, resolved.get_column("code"), choices, distinct, cid, fs
    )
    if sector.height:
        partial.append(
            sector.group_by("fid").agg(
                s1=pl.col("co2e").sum(),
                n_sector=pl.len(),
                n_tagged=pl.col("product").is_not_null().sum(),
            )
        )
        tagged_parts.append(
            sector.filter(pl.col("product").is_not_null()).select(
                "fid", "product", tce_eq=pl.lit(0.0), co2e="co2e", elec_mwh=pl.lit(0.0)
            )
        )

    # ---- per-filing totals ----
    sums = (
        partial[0]
        if len(partial) == 1
        else pl.concat(partial, how="diagonal_relaxed").group_by("fid").agg(pl.all().sum())
    )
    zero = pl.lit(0.0)
    per_filing = (
        filings.join(sums, on="fid", how="left", maintain_order="left")
        .with_columns(
            pl.col(c).fill_null(zero) if c in sums.columns else zero.alias(c)
            for c in ("eq", "ev", "green", "ownexp", "s1", "s2")
        )
        .with_columns(
            pl.col(c).fill_null(0).cast(pl.UInt32)
            if c in sums.columns
            else pl.lit(0, pl.UInt32).alias(c)
            for c in ("n_energy", "n_sector", "n_tagged")
        )
        .with_columns(
            # renewable power consumed on site: generation less export, never below 0
            ren=pl.col("green") + pl.col("ownexp").clip(lower_bound=0.0),
            n_lines=pl.col("n_energy") + pl.col("n_sector"),
            method=pl.Series([c.method for c in distinct], dtype=pl.String).gather(cid),
            gwp_set=pl.Series([c.gwp_set for c in distinct], dtype=pl.String).gather(cid),
        )
        .drop("green", "ownexp", "n_sector")
    )
    return per_filing, _product_frame(products, resolved, per_filing, tagged_parts)


def _complete(frame: pl.DataFrame, schema: dict[str, Any]) -> pl.DataFrame:
    """``frame`` with every optional column of ``schema`` it lacks, as nulls (frames built
    by other code than :func:`frames_from_filings` may omit them)."""
    missing = [
        pl.lit(None, dtype).alias(col) for col, dtype in schema.items() if col not in frame.columns
    ]
    return frame.with_columns(missing) if missing else frame


class _PerFiling:
    """Per-filing factors of the energy lines, as expressions over a line's ``fid``."""

    def __init__(
        self, grid_ef: pl.Series, ev_elec: pl.Series, non_co2: pl.Series, grid_basis: str
    ) -> None:
        self.grid_ef = pl.lit(grid_ef).gather(pl.col("fid"))
        self.ev_elec = pl.lit(ev_elec).gather(pl.col("fid"))
        self.any_non_co2 = bool(non_co2.any())
        self.non_co2_series = non_co2
        self.non_co2 = pl.lit(True) if non_co2.all() else pl.lit(non_co2).gather(pl.col("fid"))
        self.market = grid_basis == "market"


def _with_units(energy: pl.DataFrame) -> pl.DataFrame:
    """``energy`` with the multipliers of its measured values' units (joined in line
    order)."""
    ncv_units = _unit_table(
        energy,
        "ncv_value",
        "ncv_unit",
        {"m_ncv_tce": "tce/{canon}", "m_ncv_gj": "GJ/{canon}"},
        "ncv",
    )
    cc_units = _unit_table(energy, "cc_value", "cc_unit", {"m_cc": "tC/GJ"}, "carbon_content")
    ef_units = _unit_table(energy, "ef_value", "ef_unit", {"m_ef": "t/{canon}"}, "emission_factor")
    for table, on in ((ncv_units, "ncv_unit"), (cc_units, "cc_unit"), (ef_units, "ef_unit")):
        if table.height:
            energy = energy.join(table, on=["carrier", on], how="left", maintain_order="left")
    return energy


def _plain_lines(
    energy: pl.DataFrame,
    k: pl.Series,
    ocode: pl.Series,
    table: pl.DataFrame,
    per_fid: _PerFiling,
    origins: set[str],
    left_out: pl.Series | None,
) -> tuple[list[pl.LazyFrame], list[pl.LazyFrame]]:
    """Per-filing sums (with the line counts) and tagged lines' figures of every line by
    the default coefficients of its carrier, unit and origin (:func:`_plain_table`);
    electricity's filing-dependent parts (equal-value coefficient of the filing's year,
    grid factor) and its renewable parts in a second query over its lines.
    ``k`` is each line's row in ``table``, ``ocode`` its origin's code (position in
    ``ORIGINS``).  Lines ``left_out`` count with figures 0."""
    coefficients = _plain_table(table)
    index = (k * len(ORIGINS) + ocode) * 2
    if per_fid.any_non_co2:
        index = index + per_fid.non_co2_series.gather(energy.get_column("fid")).cast(pl.UInt32)
    fid = pl.col("fid").set_sorted() if energy.get_column("fid").is_sorted() else pl.col("fid")
    wanted = ["m", "a_eq", "a_ev", "a_s1", "a_s2"]
    any_tagged = energy.get_column("product").null_count() < energy.height
    wanted += ["a_tce", "a_mwh"] if any_tagged else []
    lf = (
        energy.select(
            fid,
            "product",
            "quantity",
            *([left_out.alias("left_out")] if left_out is not None else []),
        )
        .hstack(coefficients.select(wanted)[index])
        .lazy()
    )
    act = pl.col("quantity") * pl.col("m")
    if left_out is not None:
        act = pl.when(pl.col("left_out")).then(pl.lit(0.0)).otherwise(act)
    lf = lf.with_columns(act=act)
    values = {
        "eq": pl.col("act") * pl.col("a_eq"),
        "ev": pl.col("act") * pl.col("a_ev"),
        "s1": pl.col("act") * pl.col("a_s1"),
        "s2": pl.col("act") * pl.col("a_s2"),
    }
    queries = [_filing_sums(lf, values, counted=True, tagged=any_tagged)]
    tagged: list[pl.LazyFrame] = []
    if any_tagged:
        tagged.append(
            lf.filter(pl.col("product").is_not_null()).select(
                "fid",
                "product",
                tce_eq=pl.col("act") * pl.col("a_tce"),
                co2e=values["s1"] + values["s2"],
                elec_mwh=pl.col("act") * pl.col("a_mwh"),
            )
        )
    # electricity: equal-value coefficient of the filing's year, grid factor; renewables
    elec = table.get_column("kcode").gather(k) == 1
    if left_out is not None:
        elec = elec & ~left_out
    if elec.any():
        rows = k.filter(elec)
        lines = (
            energy.select("fid", "product", "quantity", "origin")
            .filter(elec)
            .with_columns(
                m=table.get_column("m").gather(rows),
                coef_eq=table.get_column("coef_eq").gather(rows),
            )
            .lazy()
        )
        origin = pl.col("origin")
        sign = pl.when(origin == "exported").then(pl.lit(-1.0)).otherwise(pl.lit(1.0))
        act_e = pl.col("quantity") * pl.col("m")
        tce = sign * (act_e * pl.col("coef_eq"))
        grid = origin != "self_renewable"  # self-generated power: 当量值, no emission
        ef = (
            pl.when(origin == "green").then(pl.lit(0.0)).otherwise(per_fid.grid_ef)
            if per_fid.market
            else per_fid.grid_ef
        )
        zero = pl.lit(0.0)
        figures = {
            "ev": pl.when(grid).then(sign * (act_e * per_fid.ev_elec)).otherwise(zero),
            "s2": pl.when(grid).then(sign * (act_e * ef)).otherwise(zero),
            **(
                {"green": pl.when(origin == "green").then(tce).otherwise(zero)}
                if "green" in origins
                else {}
            ),
            **(
                {
                    "ownexp": pl.when(origin.is_in(["self_renewable", "exported"]))
                    .then(tce)
                    .otherwise(zero)
                }
                if {"self_renewable", "exported"} & origins
                else {}
            ),
        }
        queries.append(_filing_sums(lines, figures, counted=False))
        if tagged:
            tagged.append(
                lines.filter(pl.col("product").is_not_null()).select(
                    "fid",
                    "product",
                    tce_eq=pl.lit(0.0),
                    co2e=figures["s2"],
                    elec_mwh=pl.lit(0.0),
                )
            )
    return queries, tagged


def _line_values(
    per_fid: _PerFiling,
    present: tuple[str, ...],
    table: pl.DataFrame,
    origins: set[str],
) -> dict[str, pl.Expr]:
    """Each line's figures as the engine forms them: ``tce_eq``, ``eq`` (without
    by-product gas), ``ev``, ``green``, ``ownexp`` (self-generated less exported power),
    ``s1``, ``s2``, ``co2e``, ``elec_mwh``.  ``present`` names the measured-value columns
    the lines may have (none: every line takes the defaults of its combination);
    ``origins`` the origins any line has."""
    col = pl.col
    zero = pl.lit(0.0)
    kcode = col("kcode")
    is_fuel, is_elec, is_heat = kcode == 0, kcode == 1, kcode == 2
    origin = col("origin")
    exported, self_ren = origin == "exported", origin == "self_renewable"
    by_product, green_origin = origin == "by_product", origin == "green"
    any_by_product = "by_product" in origins
    any_green = "green" in origins
    any_ownexp = bool({"self_renewable", "exported"} & origins)
    grid_line = is_elec & ~self_ren if "self_renewable" in origins else is_elec
    sign = (
        pl.when(exported).then(pl.lit(-1.0)).otherwise(pl.lit(1.0))
        if "exported" in origins
        else pl.lit(1.0)
    )
    act = col("quantity") * col("m")

    def measured(name: str, value: pl.Expr, default: pl.Expr) -> pl.Expr:
        return (
            pl.when(col(name).is_not_null()).then(value).otherwise(default)
            if name in present
            else default
        )

    has_heat_gj = col("heat_gj").is_not_null()
    coef_ev_default = (
        pl.when(grid_line)
        .then(per_fid.ev_elec)
        .when(is_elec)
        .then(col("coef_eq"))  # self-generated renewable power: 当量值 on both bases
        .otherwise(col("coef_ev"))
    )
    if "heat_gj" in present:
        per_gj_eq = col("heat_gj") * col("coef_eq")
        coef_eq_base = pl.when(col("e_per_gj")).then(per_gj_eq).otherwise(col("coef_eq"))
        coef_ev_default = pl.when(col("e_per_gj")).then(per_gj_eq).otherwise(coef_ev_default)
    else:
        coef_eq_base = col("coef_eq")
    ncv_tce = col("ncv_value") * col("m_ncv_tce") if "ncv_value" in present else zero
    tce_eq = sign * (act * measured("ncv_value", ncv_tce, coef_eq_base))
    tce_ev = sign * (act * measured("ncv_value", ncv_tce, coef_ev_default))

    # fuel combustion; exported fuel credited at its CO2 factor; by-product gas: none
    nc = (per_fid.non_co2 & ~exported) if per_fid.any_non_co2 else pl.lit(False)
    if {"ncv_value", "cc_value", "oxidation"} & set(present):
        ncv_gj_l = measured(
            "ncv_value",
            col("ncv_value") * col("m_ncv_gj") if "ncv_value" in present else zero,
            col("ncv_gj"),
        )
        cc_l = measured(
            "cc_value", col("cc_value") * col("m_cc") if "cc_value" in present else zero, col("cc")
        )
        of_l = measured("oxidation", col("oxidation"), col("of"))
        fuel_co2 = sign * (act * (ncv_gj_l * cc_l * of_l * pl.lit(C_TO_CO2)))
        gwp_ch4, gwp_n2o = col("gwp_ch4"), col("gwp_n2o")
        with_nc = nc & (gwp_ch4 != 0)
        non_co2 = pl.when(with_nc).then(act * (ncv_gj_l * col("ch4_pg"))).otherwise(zero)
        non_n2o = pl.when(with_nc).then(act * (ncv_gj_l * col("n2o_pg"))).otherwise(zero)
        fuel_default = (
            pl.when(col("has_ghg"))
            .then(fuel_co2 + non_co2 * gwp_ch4 + non_n2o * gwp_n2o)
            .otherwise(zero)
        )
    else:
        # no measured value: the per-combination products serve every line
        g_ch4 = float(table.get_column("gwp_ch4").max() or 0.0)  # type: ignore[arg-type]
        g_n2o = float(table.get_column("gwp_n2o").max() or 0.0)  # type: ignore[arg-type]
        fuel_default = (
            (
                sign * (act * col("ef_c"))
                + pl.when(nc).then(act * col("ch4_c")).otherwise(zero) * pl.lit(g_ch4)
                + pl.when(nc).then(act * col("n2o_c")).otherwise(zero) * pl.lit(g_n2o)
            )
            if per_fid.any_non_co2
            else sign * (act * col("ef_c"))  # CO2 only: co2 + 0.0 + 0.0 is co2
        )
    has_ef = col("ef_value").is_not_null()
    line_ef = col("ef_value") * col("m_ef") if "ef_value" in present else zero
    fuel_co2e = measured("ef_value", sign * (act * line_ef), fuel_default)
    grid_or_green = (
        pl.when(green_origin).then(zero).otherwise(per_fid.grid_ef)
        if per_fid.market
        else per_fid.grid_ef
    )
    elec_ef = (
        pl.when(has_ef).then(line_ef).otherwise(grid_or_green)
        if "ef_value" in present
        else grid_or_green
    )
    heat_default = measured("heat_gj", col("heat_gj") * col("heat_pg"), col("heat_ef"))
    heat_ef = measured("ef_value", line_ef, heat_default)
    s1 = pl.when(is_fuel & ~by_product).then(fuel_co2e).otherwise(zero)
    s2 = (
        pl.when(grid_line)
        .then(sign * (act * elec_ef))
        .when(is_heat)
        .then(sign * (act * heat_ef))
        .otherwise(zero)
    )
    del has_heat_gj
    return {
        "tce_eq": tce_eq,
        "eq": pl.when(by_product).then(zero).otherwise(tce_eq) if any_by_product else tce_eq,
        "ev": pl.when(by_product).then(zero).otherwise(tce_ev) if any_by_product else tce_ev,
        **(
            {"green": pl.when(is_elec & green_origin).then(tce_eq).otherwise(zero)}
            if any_green
            else {}
        ),
        **(
            {"ownexp": pl.when(is_elec & (self_ren | exported)).then(tce_eq).otherwise(zero)}
            if any_ownexp
            else {}
        ),
        "s1": s1,
        "s2": s2,
        "co2e": s1 + s2,
        "elec_mwh": pl.when(is_elec)
        .then(pl.when(exported).then(-act).otherwise(act))
        .otherwise(zero),
    }


_SUMMED = ("eq", "ev", "green", "ownexp", "s1", "s2")


def _filing_sums(
    lines: pl.LazyFrame, values: dict[str, pl.Expr], *, counted: bool, tagged: bool = True
) -> pl.LazyFrame:
    """Per-filing sums of the lines' figures and, when ``counted``, their count and (when
    any line may be ``tagged``) how many carry a product."""
    summed = [k for k in _SUMMED if k in values]
    counts: dict[str, pl.Expr] = {"n_energy": pl.len()} if counted else {}
    if counted and tagged:
        counts["n_tagged"] = pl.col("product").is_not_null().sum()
    return (
        lines.select(
            "fid", *(["product"] if "n_tagged" in counts else []), **{k: values[k] for k in summed}
        )
        .group_by("fid")
        .agg(*(pl.col(k).sum() for k in summed), **counts)
    )


def _product_frame(
    products: pl.DataFrame,
    resolved: pl.DataFrame,
    per_filing: pl.DataFrame,
    tagged_parts: list[pl.DataFrame],
) -> pl.DataFrame:
    """Each product's quantity and the energy, electricity and CO2e allocated to it: the
    lines tagged with it, else the whole plant when the filing has one product and no
    tagged line, else none."""
    prod = products.with_columns(
        product=resolved.get_column("code"),
        quantity=resolved.get_column("quantity"),
        unit=resolved.get_column("unit"),
    ).with_columns(quantity_t=pl.when(pl.col("unit") == "t").then(pl.col("quantity")))
    tagged = [t for t in tagged_parts if t.height]
    if tagged:
        psums = (
            pl.concat(tagged, how="vertical_relaxed")
            .group_by("fid", "product")
            .agg(
                t_energy=pl.col("tce_eq").sum(),
                t_co2=pl.col("co2e").sum(),
                t_elec=pl.col("elec_mwh").sum(),
                tag=pl.lit(True),
            )
        )
        prod = prod.join(psums, on=["fid", "product"], how="left", maintain_order="left")
    else:
        prod = prod.with_columns(
            t_energy=pl.lit(None, F64),
            t_co2=pl.lit(None, F64),
            t_elec=pl.lit(None, F64),
            tag=pl.lit(None, pl.Boolean),
        )

    def of_filing(name: str) -> pl.Expr:
        return pl.lit(per_filing.get_column(name)).gather(pl.col("fid"))

    whole = (of_filing("n_tagged") == 0) & (pl.len().over("fid") == 1)
    prod = prod.with_columns(
        energy_tce=pl.when(whole)
        .then(of_filing("eq"))
        .when(pl.col("tag"))
        .then(pl.col("t_energy")),
        co2e_t=pl.when(whole)
        .then(of_filing("s1") + of_filing("s2"))
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
    order = prod.select(
        pl.col("fid").cast(pl.UInt64) * (2**32) + pl.col("pseq").cast(pl.UInt64)
    ).to_series()
    return prod if order.is_sorted() else prod.sort("fid", "pseq")
