"""Batch frames straight from stored filings' JSON text (the interchange format as
:meth:`Filing.to_dict` writes it), without building a :class:`Filing` per filing.

The text is decoded by Polars against the format's schema; every value the per-filing
path derives in Python (product tags, heat per tonne of steam, resource units) is derived
once per distinct value and joined back.  The frames are the ones
:func:`~greenmfg.core.batch.accounting.frames_from_filings` builds from the validated
filings.

The engine's checks (:func:`greenmfg.core.accounting.engine.check_filing`) are applied
per distinct combination too (carrier, unit, origin, units of measured values, signs …).
A filing any of them might refuse is reported in ``suspect``: the caller validates those
few in full and takes the engine's own first error (see
:func:`greenmfg.platform.filings.batch.account_in_bulk`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import polars as pl

from greenmfg.core.accounting.engine.base import _resource_multiplier
from greenmfg.core.accounting.engine.checks import check_energy_line, check_process
from greenmfg.core.accounting.methods import guideline_for
from greenmfg.core.accounting.sectors import heat_gj_per_t, resolve_product
from greenmfg.core.batch.accounting.base import _STEAM_CARRIERS, F64
from greenmfg.core.batch.accounting.frames import (
    _RESOURCES,
    ENERGY_SCHEMA,
    FILING_SCHEMA,
    PROCESS_SCHEMA,
    PRODUCT_SCHEMA,
    BatchFrames,
)
from greenmfg.core.errors import GreenmfgError
from greenmfg.core.filing.model import EnergyLine, Measured, ProcessLine, ProductLine

_M = pl.Struct({"value": F64, "unit": pl.String})
_ENERGY = pl.Struct(
    {
        "carrier": pl.String,
        "quantity": F64,
        "unit": pl.String,
        "origin": pl.String,
        "ncv": _M,
        "carbon_content": _M,
        "oxidation": F64,
        "emission_factor": _M,
        "enthalpy": _M,
        "pressure": _M,
        "temperature": _M,
        "product": pl.String,
    }
)
_PROCESS = pl.Struct(
    {
        "material": pl.String,
        "quantity": F64,
        "unit": pl.String,
        "emission_factor": _M,
        "purity": F64,
        "cao": F64,
        "mgo": F64,
        "cao_noncarb": F64,
        "mgo_noncarb": F64,
        "kiln_dust": _M,
        "bypass_dust": _M,
        "sulfur": _M,
        "ash": _M,
        "carbon": _M,
        "product": pl.String,
    }
)
_PRODUCT = pl.Struct(
    {
        "product": pl.String,
        "quantity": F64,
        "unit": pl.String,
        "altitude": F64,
        "pressure": F64,
        "clinker_share": F64,
        "iron_grade": F64,
        "scrap_ratio": F64,
        "hot_metal_ratio": F64,
        "furnace_capacity": F64,
        "anode_effect_minutes": F64,
        "concentration": F64,
    }
)
FILING_JSON = pl.Struct(
    {
        "enterprise": pl.Struct(
            {"uscc": pl.String, "name": pl.String, "industry": pl.String, "adcode": pl.String}
        ),
        "year": pl.Int32,
        "energy": pl.List(_ENERGY),
        "process": pl.List(_PROCESS),
        "products": pl.List(_PRODUCT),
        "economics": pl.Struct({"output_value": _M, "value_added": _M, "employees": pl.Int64}),
        "resources": pl.Struct(
            {
                "water_withdrawal": _M,
                "water_reused": _M,
                "solid_waste_generated": _M,
                "solid_waste_utilised": _M,
                "land_area": _M,
                "floor_area": _M,
                "building_footprint_area": _M,
            }
        ),
        "method": pl.String,
    }
)
"""The interchange format as a Polars type (docs/filing-format.md)."""


class StoredFrames:
    """Frames of stored filings: the batch frames, the enterprise columns of each filing
    (``uscc``, ``name``, ``industry``, ``adcode``, ``year``) and ``suspect`` (True where
    the engine's checks may refuse the filing)."""

    def __init__(self, frames: BatchFrames, enterprises: pl.DataFrame, suspect: pl.Series):
        self.frames = frames
        self.enterprises = enterprises
        self.suspect = suspect


def _lines(decoded: pl.DataFrame, field: str) -> pl.DataFrame:
    """One row per element of the list column ``field`` with ``fid`` and its position."""
    return (
        decoded.select("fid", pl.col(field))
        .filter(pl.col(field).list.len() > 0)
        .with_columns(seq=pl.int_ranges(pl.col(field).list.len(), dtype=pl.UInt32))
        .explode(field, "seq")
        .unnest(field)
    )


def _per_value(frame: pl.DataFrame, keys: list[str], fn: Any, dtype: Any) -> pl.DataFrame:
    """``fn(*key)`` once per distinct key (None where it raises), with an ``ok`` flag."""
    distinct = frame.select(keys).unique(maintain_order=True)
    values: list[Any] = []
    ok: list[bool] = []
    for key in distinct.iter_rows():
        try:
            values.append(fn(*key))
            ok.append(True)
        except GreenmfgError:
            values.append(None)
            ok.append(False)
    return distinct.with_columns(
        pl.Series("value", values, dtype=dtype), pl.Series("ok", ok, dtype=pl.Boolean)
    )


def _measured(struct: dict[str, Any] | None) -> Measured | None:
    return None if struct is None else Measured(value=struct["value"], unit=struct["unit"])


def frames_from_json(texts: Sequence[str] | pl.Series) -> StoredFrames:
    """Batch frames (``fid`` = position in ``texts``) from filings stored as JSON text."""
    raw = texts if isinstance(texts, pl.Series) else pl.Series("raw", texts, dtype=pl.String)
    decoded = (
        raw.str.json_decode(FILING_JSON)
        .struct.unnest()
        .with_row_index("fid")
        .with_columns(pl.col("fid").cast(pl.UInt32))
    )
    n = decoded.height
    suspect = pl.zeros(n, dtype=pl.Boolean, eager=True)

    def flag(fids: pl.Series) -> None:
        nonlocal suspect
        if fids.len():
            suspect = suspect.scatter(fids.cast(pl.Int64).unique(), True)

    ent = decoded.select("fid", "year", pl.col("enterprise").struct.unnest(), "method")

    # ---- resources and economics in canonical units (one multiplier per unit) ----
    res = decoded.select(
        "fid",
        "economics",
        pl.col("resources").struct.unnest(),
    ).with_columns(pl.col("economics").struct.unnest())
    filing_cols: dict[str, pl.Series] = {}
    for col, _section, field, target in _RESOURCES:
        m = res.select(
            "fid",
            value=pl.col(field).struct.field("value"),
            unit=pl.col(field).struct.field("unit"),
        )
        table = _per_value(
            m.filter(pl.col("unit").is_not_null()),
            ["unit"],
            lambda unit, target=target: _resource_multiplier(unit, target, where=""),
            F64,
        )
        joined = m.join(table, on="unit", how="left", maintain_order="left")
        flag(
            joined.filter(
                pl.col("unit").is_not_null() & (~pl.col("ok") | (pl.col("value") < 0))
            ).get_column("fid")
        )
        filing_cols[col] = joined.get_column("value") * joined.get_column("value_right")
    filings = pl.DataFrame(
        {
            "fid": decoded.get_column("fid"),
            "year": decoded.get_column("year"),
            "adcode": ent.get_column("adcode"),
            "industry": ent.get_column("industry"),
            "method": decoded.get_column("method"),
            "employees": res.get_column("employees"),
            **filing_cols,
        }
    ).select(list(FILING_SCHEMA))

    # ---- products and the names lines may tag (as filed → resolved code) ----
    q = _lines(decoded, "products").rename({"seq": "pseq"})
    codes = _per_value(
        q,
        ["product", "unit", "concentration"],
        lambda product, unit, conc: (
            resolve_product(
                ProductLine(product=product, quantity=1.0, unit=unit, concentration=conc)
            ).code
        ),
        pl.String,
    )
    q = q.join(
        codes,
        on=["product", "unit", "concentration"],
        how="left",
        nulls_equal=True,
        maintain_order="left",
    )
    flag(q.filter(~pl.col("ok") | pl.struct("fid", "value").is_duplicated()).get_column("fid"))
    filed = q.select("fid", name="product", code="value").unique(
        ["fid", "name"], keep="last", maintain_order=True
    )
    own = (
        q.select("fid", name="value", code="value")
        .drop_nulls()
        .unique(["fid", "name"], maintain_order=True)
        .join(filed, on=["fid", "name"], how="anti")
    )
    tags = pl.concat([filed, own]).filter(pl.col("code").is_not_null())
    products = q.select(list(PRODUCT_SCHEMA)).cast(PRODUCT_SCHEMA)  # type: ignore[arg-type]

    def tagged(lines: pl.DataFrame) -> pl.DataFrame:
        out = lines.join(
            tags.rename({"name": "product", "code": "tag"}),
            on=["fid", "product"],
            how="left",
            maintain_order="left",
        )
        flag(
            out.filter(pl.col("product").is_not_null() & pl.col("tag").is_null()).get_column("fid")
        )
        return out.with_columns(product=pl.col("tag")).drop("tag")

    # ---- energy lines ----
    e = (
        tagged(_lines(decoded, "energy"))
        .join(ent.select("fid", "industry"), on="fid", how="left", maintain_order="left")
        .with_columns(pl.col("origin").fill_null("purchased"))
    )
    heat_keys = ["carrier", "enthalpy", "pressure", "temperature"]
    has_heat = pl.any_horizontal(pl.col(c).is_not_null() for c in heat_keys[1:])
    heat = _per_value(
        e.filter(has_heat & pl.col("carrier").is_in(list(_STEAM_CARRIERS))),
        heat_keys,
        lambda carrier, enthalpy, pressure, temperature: heat_gj_per_t(
            carrier, _measured(enthalpy), _measured(pressure), _measured(temperature)
        ),
        F64,
    ).rename({"value": "heat_gj", "ok": "heat_ok"})
    e = e.join(heat, on=heat_keys, how="left", nulls_equal=True, maintain_order="left")
    flag(e.filter(pl.col("heat_ok").not_()).get_column("fid"))
    # the engine's line checks, once per combination of what they look at
    sig = e.select(
        "fid",
        "carrier",
        "unit",
        "origin",
        industry=pl.when(pl.col("origin") == "by_product").then(pl.col("industry")),
        heat=has_heat,
        ncv_unit=pl.col("ncv").struct.field("unit"),
        ncv_ok=pl.col("ncv").struct.field("value") > 0,
        cc_unit=pl.col("carbon_content").struct.field("unit"),
        cc_ok=pl.col("carbon_content").struct.field("value") >= 0,
        ef_unit=pl.col("emission_factor").struct.field("unit"),
        ef_ok=pl.col("emission_factor").struct.field("value") >= 0,
    )
    keys = [c for c in sig.columns if c != "fid"]
    firsts = sig.with_columns(
        e.select("ncv", "carbon_content", "emission_factor", heat_fields=pl.struct(heat_keys[1:]))
    )
    reps = firsts.unique(keys, keep="first", maintain_order=True)
    bad: list[dict[str, Any]] = []
    for r in reps.iter_rows(named=True):
        hf = r["heat_fields"]
        line = EnergyLine(
            carrier=r["carrier"],
            quantity=1.0,
            unit=r["unit"],
            origin=r["origin"],
            ncv=_measured(r["ncv"]),
            carbon_content=_measured(r["carbon_content"]),
            emission_factor=_measured(r["emission_factor"]),
            enthalpy=_measured(hf["enthalpy"]),
            pressure=_measured(hf["pressure"]),
            temperature=_measured(hf["temperature"]),
        )
        industry = r["industry"] or ""
        try:
            check_energy_line(
                line,
                where="",
                products=None,
                by_products=guideline_for(industry).by_products if industry else (),
            )
        except GreenmfgError:
            bad.append({k: r[k] for k in keys})
    if bad:
        flag(
            sig.join(
                pl.DataFrame(bad, schema=sig.select(keys).schema), on=keys, nulls_equal=True
            ).get_column("fid")
        )
    energy = e.select(
        "fid",
        "seq",
        "carrier",
        "unit",
        "quantity",
        "origin",
        ncv_value=pl.col("ncv").struct.field("value"),
        ncv_unit=pl.col("ncv").struct.field("unit"),
        cc_value=pl.col("carbon_content").struct.field("value"),
        cc_unit=pl.col("carbon_content").struct.field("unit"),
        oxidation="oxidation",
        ef_value=pl.col("emission_factor").struct.field("value"),
        ef_unit=pl.col("emission_factor").struct.field("unit"),
        product="product",
        heat_gj="heat_gj",
    ).cast(ENERGY_SCHEMA)  # type: ignore[arg-type]

    # ---- process lines (checked one by one: few, and each carries its own figures) ----
    p_raw = _lines(decoded, "process")
    p = tagged(
        p_raw.with_columns(
            line_json=pl.struct(p_raw.select(pl.exclude("fid", "seq")).columns).struct.json_encode()
        )
    )
    n_energy = decoded.select("fid", n=pl.col("energy").list.len().cast(pl.UInt32))
    p = p.join(n_energy, on="fid", how="left", maintain_order="left").with_columns(
        seq=pl.col("seq") + pl.col("n")
    )
    bad_fids: list[int] = []
    for fid, text in p.select("fid", "line_json").iter_rows():
        try:
            check_process(ProcessLine.model_validate_json(text), where="", products=None)
        except GreenmfgError:
            bad_fids.append(fid)
    flag(pl.Series(bad_fids, dtype=pl.UInt32))
    process = p.select(
        "fid",
        "seq",
        "material",
        "quantity",
        "unit",
        pl.col("emission_factor").struct.field("value").alias("ef_value"),
        pl.col("emission_factor").struct.field("unit").alias("ef_unit"),
        *("purity", "cao", "mgo", "cao_noncarb", "mgo_noncarb", "product", "line_json"),
    ).cast(PROCESS_SCHEMA)  # type: ignore[arg-type]
    return StoredFrames(
        BatchFrames(filings.cast(FILING_SCHEMA), energy, process, products),  # type: ignore[arg-type]
        ent.select("fid", "uscc", "name", "industry", "adcode", "year"),
        suspect,
    )


def subset(frames: BatchFrames, keep: pl.Series) -> BatchFrames:
    """The frames of the filings where ``keep`` is True, numbered 0 … again."""
    new = (keep.cast(pl.UInt32).cum_sum() - 1).cast(pl.UInt32)
    out = []
    for frame in (frames.filings, frames.energy, frames.process, frames.products):
        kept = frame.filter(keep.gather(frame.get_column("fid")))
        out.append(kept.with_columns(fid=new.gather(kept.get_column("fid"))))
    return BatchFrames(*out)
