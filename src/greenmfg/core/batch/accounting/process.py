"""Process lines and the lines products imply (PFC, fixed carbon) for the batch path.

Every figure comes from the per-filing engine's own function
(:func:`greenmfg.core.accounting.sectors.sector_lines`).  A line whose CO2e is
proportional to its quantity (:func:`~greenmfg.core.accounting.sectors.proportional`) is
evaluated once per distinct set of its other values and method, at quantity 1, and the
result multiplied by each line's quantity; a clinker line by its composition once per
distinct unit, purity and method (:func:`~greenmfg.core.accounting.sectors.co2e_per_ef`)
times its factor, :func:`~greenmfg.core.accounting.sectors.clinker_ef` of its CaO and MgO
columns; the lines products imply likewise per distinct
product, unit and method.  Lines with values the frame has no column for (kiln dust,
sulfur, ash, carbon content) are evaluated one filing at a time from their JSON text, as
is everything when an evaluation raises (so the error names the filing and line).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from greenmfg.core.accounting.catalogue import MATERIALS, MaterialKind
from greenmfg.core.accounting.factors import FactorSet
from greenmfg.core.accounting.methods import MethodChoice
from greenmfg.core.accounting.sectors import (
    FIXED_CARBON_PRODUCTS,
    clinker_ef,
    clinker_ratios,
    co2e_per_ef,
    proportional,
    resolve_product,
    sector_lines,
)
from greenmfg.core.batch.accounting.base import F64
from greenmfg.core.errors import GreenmfgError
from greenmfg.core.filing.model import Measured, ProcessLine, ProductLine

_LINE_COLUMNS = (
    "material",
    "unit",
    "ef_value",
    "ef_unit",
    "purity",
    "cao",
    "mgo",
    "cao_noncarb",
    "mgo_noncarb",
)
_PRODUCT_COLUMNS = ("product", "unit", "anode_effect_minutes", "concentration")
# fields of a process line the frame keeps only in its JSON text
_EXTRA = sorted(
    set(ProcessLine.model_fields)
    - {*_LINE_COLUMNS, "quantity", "emission_factor", "product"}
    - {"ef_value", "ef_unit"}
)
_EXTRA_PATTERN = "|".join(f'"{name}"' for name in _EXTRA)

_CLINKER = [code for code, m in MATERIALS.items() if m.kind is MaterialKind.CLINKER]

SECTOR_SCHEMA: dict[str, Any] = {"fid": pl.UInt32, "product": pl.String, "co2e": F64}


def _line_from_columns(row: dict[str, Any], quantity: float) -> ProcessLine:
    data: dict[str, Any] = {
        k: row[k] for k in _LINE_COLUMNS if k not in ("ef_value", "ef_unit") and row[k] is not None
    }
    if row["ef_value"] is not None:
        data["emission_factor"] = Measured(value=row["ef_value"], unit=row["ef_unit"])
    return ProcessLine(quantity=quantity, **data)


def _implies_lines(codes: pl.Series, products: pl.DataFrame, choices: Sequence[Any]) -> pl.Series:
    """Which product rows :func:`sector_lines` turns into lines: liquid aluminium (PFC)
    always, crude steel (fixed carbon) only under the steel guideline (``cn-steel``)."""
    steel = pl.Series([c.guideline.key == "cn-steel" for c in choices], dtype=pl.Boolean)
    on_steel = steel.gather(products.get_column("fid")) if len(steel) else steel
    return (codes == "aluminium_liquid") | (codes.is_in(list(FIXED_CARBON_PRODUCTS)) & on_steel)


def sector_frame(
    process: pl.DataFrame,
    products: pl.DataFrame,
    resolved_codes: pl.Series,
    choices: Sequence[MethodChoice],
    distinct: Sequence[MethodChoice],
    cid: pl.Series,
    fs: FactorSet,
) -> pl.DataFrame:
    """The process-side lines of every filing (``fid``, ``product`` tag, ``co2e``): its
    process lines and those its products imply, in no particular order.  ``choices`` is
    each filing's method, ``cid`` its index in ``distinct``."""
    empty = pl.DataFrame(schema=SECTOR_SCHEMA)
    implying = (
        products.filter(_implies_lines(resolved_codes, products, choices))
        if products.height
        else products
    )
    if process.height == 0 and implying.height == 0:
        return empty
    try:
        parts = [
            _process_lines(process, cid, distinct, fs),
            _implied_lines(implying, cid, distinct, fs),
        ]
    except GreenmfgError:
        return _sector_loop(process, implying, choices, fs)  # raises with the line named
    return pl.concat([p for p in parts if p.height] or [empty], how="vertical_relaxed")


def _with_cid(frame: pl.DataFrame, cid: pl.Series) -> pl.DataFrame:
    return frame.with_columns(cid=pl.lit(cid, pl.UInt32).gather(pl.col("fid")))


def _process_lines(
    process: pl.DataFrame, cid: pl.Series, choices: Sequence[MethodChoice], fs: FactorSet
) -> pl.DataFrame:
    if process.height == 0:
        return pl.DataFrame(schema=SECTOR_SCHEMA)
    p = _with_cid(process, cid)
    extra = pl.col("line_json").is_not_null() & pl.col("line_json").str.contains(_EXTRA_PATTERN)
    # clinker by its composition: the line's CO2e per unit of its factor, once per
    # distinct unit, purity and method, times the factor of each line's CaO and MgO
    clinker = pl.col("material").is_in(list(_CLINKER)) & pl.col("ef_value").is_null()
    parts = [_clinker_lines(p.filter(~extra & clinker), choices, fs)]
    simple = p.filter(~extra & ~clinker)
    keys = simple.select(*_LINE_COLUMNS, "cid").unique()
    per_unit: list[float] = []
    for row in keys.iter_rows(named=True):
        line = _line_from_columns(row, 1.0)
        assert proportional(line)  # no dust: the frame has no column for it
        per_unit.append(sector_lines([line], [], choices[row["cid"]], fs)[0].co2e_t)
    keys = keys.with_columns(pl.Series("per_unit", per_unit, dtype=F64))
    parts.append(
        simple.join(keys, on=[*_LINE_COLUMNS, "cid"], how="left", nulls_equal=True).select(
            "fid", "product", co2e=pl.col("quantity") * pl.col("per_unit")
        )
    )
    rest = p.filter(extra)
    if rest.height:
        parts.append(_extra_lines(rest, choices, fs))
    return pl.concat(parts, how="vertical_relaxed")


def _clinker_lines(
    lines: pl.DataFrame, choices: Sequence[MethodChoice], fs: FactorSet
) -> pl.DataFrame:
    if lines.height == 0:
        return pl.DataFrame(schema=SECTOR_SCHEMA)
    keys = lines.select("material", "unit", "purity", "cid").unique()
    per_ef: list[float] = []
    r_ca: list[float] = []
    r_mg: list[float] = []
    for material, unit, purity, c in keys.iter_rows():
        line = ProcessLine(material=material, quantity=1.0, unit=unit, purity=purity)
        assert proportional(line)
        per_ef.append(co2e_per_ef(line, choices[c], fs))
        ratios = clinker_ratios(fs, choices[c].guideline.key)
        r_ca.append(ratios[0].value)
        r_mg.append(ratios[1].value)
    keys = keys.with_columns(
        pl.Series("per_ef", per_ef, dtype=F64),
        pl.Series("r_ca", r_ca, dtype=F64),
        pl.Series("r_mg", r_mg, dtype=F64),
    )
    ef = clinker_ef(
        pl.col("cao"),
        pl.col("mgo"),
        pl.col("cao_noncarb").fill_null(0.0),
        pl.col("mgo_noncarb").fill_null(0.0),
        pl.col("r_ca"),
        pl.col("r_mg"),
    )
    return lines.join(
        keys, on=["material", "unit", "purity", "cid"], how="left", nulls_equal=True
    ).select("fid", "product", co2e=pl.col("quantity") * pl.col("per_ef") * ef)


def _extra_lines(
    rest: pl.DataFrame, choices: Sequence[MethodChoice], fs: FactorSet
) -> pl.DataFrame:
    """Lines with values only their JSON text holds, one at a time."""
    out: dict[str, list[Any]] = {"fid": [], "product": [], "co2e": []}
    for fid, c, product, line_json in rest.select("fid", "cid", "product", "line_json").iter_rows():
        line = ProcessLine.model_validate_json(line_json)
        out["fid"].append(fid)
        out["product"].append(product)
        out["co2e"].append(sector_lines([line], [], choices[c], fs)[0].co2e_t)
    return pl.DataFrame(out, schema=SECTOR_SCHEMA)


def _implied_lines(
    implying: pl.DataFrame, cid: pl.Series, choices: Sequence[MethodChoice], fs: FactorSet
) -> pl.DataFrame:
    if implying.height == 0:
        return pl.DataFrame(schema=SECTOR_SCHEMA)
    p = _with_cid(implying, cid)
    keys = p.select(*_PRODUCT_COLUMNS, "cid").unique()
    per_unit: list[list[float]] = []
    for product, unit, aem, conc, c in keys.iter_rows():
        prod = ProductLine(
            product=product,
            quantity=1.0,
            unit=unit,
            anode_effect_minutes=aem,
            concentration=conc,
        )
        per_unit.append([r.co2e_t for r in sector_lines([], [prod], choices[c], fs)])
    keys = keys.with_columns(pl.Series("per_unit", per_unit, dtype=pl.List(F64)))
    return (
        p.join(keys, on=[*_PRODUCT_COLUMNS, "cid"], how="left", nulls_equal=True)
        .select("fid", "quantity", "per_unit")
        .explode("per_unit")
        .select(
            "fid",
            product=pl.lit(None, pl.String),
            co2e=pl.col("quantity") * pl.col("per_unit"),
        )
    )


def _sector_loop(
    process: pl.DataFrame,
    products: pl.DataFrame,
    choices: Sequence[MethodChoice],
    fs: FactorSet,
) -> pl.DataFrame:
    """Process-side lines filing by filing through :func:`sector_lines` (the engine's own
    function), in line order: process lines, then PFC and fixed carbon implied by the
    products."""
    by_fid: dict[int, tuple[list[ProcessLine], list[str | None], list[ProductLine]]] = {}
    for row in process.iter_rows(named=True):
        entry = by_fid.setdefault(int(row["fid"]), ([], [], []))
        line_json = row["line_json"]
        entry[0].append(
            ProcessLine.model_validate_json(line_json)
            if line_json is not None
            else _line_from_columns(row, row["quantity"])
        )
        entry[1].append(row["product"])
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
    out: dict[str, list[Any]] = {"fid": [], "product": [], "co2e": []}
    for fid in sorted(by_fid):
        lines, tags, prods = by_fid[fid]
        for k, r in enumerate(sector_lines(lines, prods, choices[fid], fs)):
            out["fid"].append(fid)
            out["product"].append(tags[k] if k < len(tags) else None)
            out["co2e"].append(r.co2e_t)
    return pl.DataFrame(out, schema=SECTOR_SCHEMA)


def resolve_products(products: pl.DataFrame) -> pl.DataFrame:
    """Each product row's resolved code, unit and quantity in that unit, exactly as
    :func:`resolve_product` forms them (one resolution per distinct product and unit;
    rows with a concentration are resolved one by one)."""
    if products.height == 0:
        return pl.DataFrame(schema={"code": pl.String, "unit": pl.String, "quantity": F64})
    keys = products.select("fid", "pseq", "product", "unit").unique(["product", "unit"])
    codes: list[str] = []
    units: list[str] = []
    factors: list[float] = []
    for fid, pseq, product, unit in keys.iter_rows():
        rp = resolve_product(
            ProductLine(product=product, quantity=1.0, unit=unit),
            where=f"product {pseq + 1} of filing {fid}: ",
        )
        codes.append(rp.code)
        units.append(rp.unit)
        factors.append(rp.quantity)
    table = keys.select("product", "unit").with_columns(
        pl.Series("r_code", codes, dtype=pl.String),
        pl.Series("r_unit", units, dtype=pl.String),
        pl.Series("r_factor", factors, dtype=F64),
    )
    out = products.join(table, on=["product", "unit"], how="left", maintain_order="left").select(
        code="r_code",
        unit="r_unit",
        quantity=pl.col("quantity") * pl.col("r_factor"),
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
