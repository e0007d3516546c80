"""Batch product footprints with Polars: the rules of :mod:`greenmfg.core.footprint`
applied to long frames of lines.

Frames (see :func:`frames_from_inputs`):

* ``footprints``: one row per footprint — ``fid`` (0 … n-1), ``year``, ``adcode``,
  ``gwp_set``, ``quantity`` (declared units);
* ``lines``: one row per counted line, in the single path's order — ``fid``, ``seq``,
  ``kind`` (flow, energy, process, transport), ``stage`` (0 … 4, the order of
  :data:`~greenmfg.core.footprint.model.STAGES`), ``q``/``q_unit``, ``d``/``d_unit``
  (transport distance), ``fval``/``f_unit`` (the factor), ``carrier`` and ``energy_key``
  (energy lines), ``share`` (allocation) and ``primary``.

Exactness: multipliers come from :func:`~greenmfg.core.footprint.engine.raw_multipliers`
and energy coefficients from :func:`~greenmfg.core.footprint.engine.energy_coefficient`,
one call per distinct key; every product is formed in the single path's order
(``amount × coefficient × share``) and per-footprint sums are added line by line in
``seq`` order, so the results equal :func:`~greenmfg.core.footprint.compute` bit for bit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from greenmfg.core.accounting.factors import FactorSet, default_factor_set
from greenmfg.core.footprint.engine import energy_coefficient, raw_multipliers, resolve_lines
from greenmfg.core.footprint.library import FactorLibrary, default_library
from greenmfg.core.footprint.model import STAGES, FootprintInput

__all__ = [
    "FOOTPRINT_SCHEMA",
    "LINE_SCHEMA",
    "FootprintFrames",
    "compute_frames",
    "frames_from_inputs",
]

F64 = pl.Float64
FOOTPRINT_SCHEMA: dict[str, Any] = {
    "fid": pl.UInt32,
    "year": pl.Int32,
    "adcode": pl.String,
    "gwp_set": pl.String,
    "quantity": F64,
}
LINE_SCHEMA: dict[str, Any] = {
    "fid": pl.UInt32,
    "seq": pl.UInt32,
    "kind": pl.String,
    "stage": pl.UInt8,
    "q": F64,
    "q_unit": pl.String,
    "d": F64,
    "d_unit": pl.String,
    "fval": F64,  # energy: the electricity factor's value (1 when none), × the coefficient
    "f_unit": pl.String,
    "carrier": pl.String,
    "energy_key": pl.String,
    "share": F64,
    "primary": pl.Boolean,
}
STAGE_NAMES = tuple(str(s) for s in STAGES)


@dataclass(frozen=True)
class FootprintFrames:
    footprints: pl.DataFrame
    lines: pl.DataFrame


def frames_from_inputs(
    inputs: Sequence[FootprintInput],
    *,
    library: FactorLibrary | None = None,
    factor_set: FactorSet | None = None,
) -> FootprintFrames:
    """Frames of validated inputs (each is checked as the single path checks it)."""
    lib = library or default_library()
    fs = factor_set or default_factor_set()
    heads: dict[str, list[Any]] = {k: [] for k in FOOTPRINT_SCHEMA}
    cols: dict[str, list[Any]] = {k: [] for k in LINE_SCHEMA}
    stage_index = {s: i for i, s in enumerate(STAGES)}
    for fid, inp in enumerate(inputs):
        res = resolve_lines(inp, library=lib, factor_set=fs)
        for key, value in (
            ("fid", fid),
            ("year", inp.year),
            ("adcode", inp.enterprise.adcode),
            ("gwp_set", inp.gwp_set),
            ("quantity", inp.quantity),
        ):
            heads[key].append(value)
        for seq, line in enumerate(res.lines):
            raw = line.raw
            row: tuple[Any, ...] = (
                fid,
                seq,
                raw.kind,
                stage_index[line.stage],
                raw.q,
                raw.q_unit,
                raw.d,
                raw.d_unit,
                raw.fval,
                raw.f_unit,
                raw.carrier,
                raw.energy_key,
                line.share,
                line.primary,
            )
            for name, cell in zip(LINE_SCHEMA, row, strict=True):
                cols[name].append(cell)
    return FootprintFrames(
        pl.DataFrame(heads, schema=FOOTPRINT_SCHEMA),
        pl.DataFrame(cols, schema=LINE_SCHEMA),
    )


def _multiplier_table(lines: pl.DataFrame) -> pl.DataFrame:
    keys = lines.select("kind", "q_unit", "d_unit", "f_unit", "carrier").unique()
    m1: list[float] = []
    m2: list[float] = []
    m3: list[float] = []
    for kind, q_unit, d_unit, f_unit, carrier in keys.iter_rows():
        a, b, c = raw_multipliers(kind, q_unit, d_unit, f_unit, carrier)
        m1.append(a)
        m2.append(b)
        m3.append(c)
    return keys.with_columns(
        pl.Series("m1", m1, dtype=F64),
        pl.Series("m2", m2, dtype=F64),
        pl.Series("m3", m3, dtype=F64),
    )


def _energy_table(lines: pl.DataFrame, heads: pl.DataFrame, fs: FactorSet) -> pl.DataFrame:
    keys = (
        lines.filter(pl.col("kind") == "energy")
        .select("fid", "energy_key")
        .join(heads.select("fid", "year", "adcode", "gwp_set"), on="fid", how="left")
        .select("energy_key", "year", "adcode", "gwp_set")
        .unique()
    )
    coefs = [
        energy_coefficient(key, year, adcode, gwp, fs)[0]
        for key, year, adcode, gwp in keys.iter_rows()
    ]
    return keys.with_columns(pl.Series("ecoef", coefs, dtype=F64))


def _sequential_sums(lines: pl.DataFrame, n: int, cols: list[str]) -> dict[str, pl.Series]:
    """Per-footprint sums of ``cols`` added line by line in ``seq`` order, from 0.0, as the
    single path adds them (a group-by sum adds in another order)."""
    acc = {c: pl.zeros(n, dtype=F64, eager=True) for c in cols}
    for _, part in sorted(
        lines.select("fid", "seq", *cols)
        .partition_by("seq", as_dict=True, maintain_order=True)
        .items()
    ):
        idx = part.get_column("fid")
        for c in cols:
            acc[c] = acc[c].scatter(idx, acc[c].gather(idx) + part.get_column(c))
    return acc


def compute_frames(frames: FootprintFrames, *, factor_set: FactorSet | None = None) -> pl.DataFrame:
    """One row per footprint: ``fid``, ``total_kgco2e``, ``total_kgco2e_per_unit``, the five
    stages per declared unit, ``primary_kgco2e`` and ``primary_data_share``."""
    fs = factor_set or default_factor_set()
    heads = frames.footprints.sort("fid")
    n = heads.height
    lines = frames.lines
    mult = _multiplier_table(lines)
    lines = lines.join(
        mult, on=["kind", "q_unit", "d_unit", "f_unit", "carrier"], how="left", nulls_equal=True
    )
    if lines.filter(pl.col("kind") == "energy").height:
        energy = _energy_table(lines, heads, fs)
        lines = (
            lines.join(heads.select("fid", "year", "adcode", "gwp_set"), on="fid", how="left")
            .join(
                energy, on=["energy_key", "year", "adcode", "gwp_set"], how="left", nulls_equal=True
            )
            .with_columns(
                fval=pl.when(pl.col("kind") == "energy")
                .then(pl.col("fval") * pl.col("ecoef"))
                .otherwise(pl.col("fval"))
            )
        )
    amount = (
        pl.when(pl.col("kind") == "transport")
        .then((pl.col("q") * pl.col("m1")) * (pl.col("d") * pl.col("m2")))
        .otherwise(pl.col("q") * pl.col("m1"))
    )
    coef = pl.col("fval") * pl.col("m3")
    lines = lines.with_columns(alloc=(amount * coef) * pl.col("share"))
    zero = pl.lit(0.0, dtype=F64)
    lines = lines.with_columns(
        *(
            pl.when(pl.col("stage") == i).then(pl.col("alloc")).otherwise(zero).alias(f"s_{name}")
            for i, name in enumerate(STAGE_NAMES)
        ),
        pl.when(pl.col("primary")).then(pl.col("alloc")).otherwise(zero).alias("p_alloc"),
    ).sort("fid", "seq")
    cols = ["alloc", *(f"s_{s}" for s in STAGE_NAMES), "p_alloc"]
    sums = _sequential_sums(lines, n, cols)
    q = heads.get_column("quantity")
    out = pl.DataFrame(
        {
            "fid": heads.get_column("fid"),
            "total_kgco2e": sums["alloc"],
            "total_kgco2e_per_unit": sums["alloc"] / q,
            **{s: sums[f"s_{s}"] / q for s in STAGE_NAMES},
            "primary_kgco2e": sums["p_alloc"],
        }
    )
    return out.with_columns(
        primary_data_share=pl.when(pl.col("total_kgco2e") > 0)
        .then(pl.col("primary_kgco2e") / pl.col("total_kgco2e"))
        .otherwise(None)
    )
