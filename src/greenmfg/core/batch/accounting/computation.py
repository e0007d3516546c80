"""Accounting of whole frames at once, line for line as the single path."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from greenmfg.core.accounting.engine import check_options
from greenmfg.core.accounting.factors import FactorSet, default_factor_set
from greenmfg.core.accounting.methods import resolve_method
from greenmfg.core.accounting.resolve import (
    C_TO_CO2,
    DEFAULT_GUIDELINE,
    carrier_defaults,
    resolve_grid,
)
from greenmfg.core.accounting.sectors import FIXED_CARBON_PRODUCTS, resolve_product, sector_lines
from greenmfg.core.batch.accounting.base import F64
from greenmfg.core.batch.accounting.frames import (
    ENERGY_SCHEMA,
    FILING_SCHEMA,
    PROCESS_SCHEMA,
    PRODUCT_SCHEMA,
    BatchFrames,
)
from greenmfg.core.batch.accounting.tables import (
    _combo_table,
    _key_counts,
    _sequential_sums,
    _unit_table,
)
from greenmfg.core.errors import InvalidValueError
from greenmfg.core.filing.model import ProcessLine, ProductLine


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
        products.filter(_implies_lines(resolved_products.get_column("code"), products, choices)),
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


def _implies_lines(codes: pl.Series, products: pl.DataFrame, choices: Sequence[Any]) -> pl.Series:
    """Which product rows :func:`sector_lines` turns into lines: liquid aluminium (PFC)
    always, crude steel (fixed carbon) only under the steel guideline (``cn-steel``)."""
    steel = pl.Series([c.guideline.key == "cn-steel" for c in choices], dtype=pl.Boolean)
    on_steel = steel.gather(products.get_column("fid")) if len(steel) else steel
    return (codes == "aluminium_liquid") | (codes.is_in(list(FIXED_CARBON_PRODUCTS)) & on_steel)


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
