"""Per-filing metrics from the accounted frames, and the one-call entry."""

from __future__ import annotations

import json
from collections.abc import Iterable
from itertools import repeat
from typing import Any

import polars as pl

from greenmfg.core.batch.accounting.computation import account_frames
from greenmfg.core.batch.accounting.frames import frames_from_filings
from greenmfg.core.filing.model import Filing

_FILING_METRICS = (
    "energy_total_tce",
    "energy_total_equal_value_tce",
    "renewable_share",
    "co2_scope1_t",
    "co2_scope2_t",
    "co2_total_t",
    "energy_per_value_added",
    "co2_per_value_added",
    "water_per_value_added",
    "energy_per_output_value",
    "co2_per_output_value",
    "output_per_land_area",
    "output_per_employee",
)
_RESOURCE_METRICS = (
    "water_reuse_rate",
    "solid_waste_utilisation_rate",
    "floor_area_ratio",
    "building_coverage",
)


def _truthy(c: pl.Expr) -> pl.Expr:
    """Python's ``if value:`` for a nullable number."""
    return c.is_not_null() & (c != 0)


def metric_columns(per_filing: pl.DataFrame) -> pl.DataFrame:
    """The per-filing metrics (``AccountingResult.metrics()`` without the per-product
    ones) as columns by ``fid``, null where the metric is absent.  Each value is formed
    in the per-filing engine's order (e.g. ``eq × 1000 ÷ va``), so it is the same float."""
    eq, ev, ren, s1, s2 = (pl.col(c) for c in ("eq", "ev", "ren", "s1", "s2"))
    has_energy = pl.col("n_energy") > 0
    has_em = pl.col("n_lines") > 0
    total = s1 + s2
    va, ov = pl.col("value_added_wan"), pl.col("output_value_wan")
    water, reused = pl.col("water_withdrawal_m3"), pl.col("water_reused_m3")
    land, emp = pl.col("land_area_m2"), pl.col("employees")
    gen, used = pl.col("solid_waste_generated_t"), pl.col("solid_waste_utilised_t")
    floor, foot = pl.col("floor_area_m2"), pl.col("building_footprint_m2")

    # Polars divides by a scalar as a multiplication by its reciprocal, which can differ
    # from Python's division in the last bit: divide by a column of the constant instead.
    m2_per_hm2 = pl.lit(pl.repeat(10000.0, per_filing.height, eager=True, dtype=pl.Float64))

    def when(cond: pl.Expr, value: pl.Expr) -> pl.Expr:
        return pl.when(cond).then(value)

    values = {
        "energy_total_tce": when(has_energy, eq),
        "energy_total_equal_value_tce": when(has_energy, ev),
        "renewable_share": when(has_energy & (eq > 0), ren / eq * 100.0),
        "co2_scope1_t": when(has_em, s1),
        "co2_scope2_t": when(has_em, s2),
        "co2_total_t": when(has_em, total),
        "energy_per_value_added": when(_truthy(va) & has_energy, eq * 1000.0 / va),
        "co2_per_value_added": when(_truthy(va) & has_em, total * 1000.0 / va),
        "water_per_value_added": when(_truthy(va) & water.is_not_null(), water / va),
        "energy_per_output_value": when(_truthy(ov) & has_energy, eq * 1000.0 / ov),
        "co2_per_output_value": when(_truthy(ov) & has_em, total * 1000.0 / ov),
        "output_per_land_area": when(ov.is_not_null() & _truthy(land), ov / (land / m2_per_hm2)),
        "output_per_employee": when(ov.is_not_null() & _truthy(emp), ov / emp.cast(pl.Float64)),
        "water_reuse_rate": when(
            water.is_not_null() & reused.is_not_null() & ((reused + water) > 0),
            reused / (reused + water) * 100.0,
        ),
        "solid_waste_utilisation_rate": when(_truthy(gen) & used.is_not_null(), used / gen * 100.0),
        "floor_area_ratio": when(_truthy(land) & floor.is_not_null(), floor / land),
        "building_coverage": when(_truthy(land) & foot.is_not_null(), foot / land * 100.0),
    }
    ordered = per_filing if per_filing.get_column("fid").is_sorted() else per_filing.sort("fid")
    return ordered.select(pl.col("fid"), **values)


def product_metrics(per_filing: pl.DataFrame, products: pl.DataFrame) -> pl.DataFrame:
    """The per-product metrics, long: ``fid``, ``metric``, ``value`` (in product order:
    energy then CO2 per product, then water per product when the filing has one)."""
    from greenmfg.core.metrics import product_metric

    energy_key = product_metric("energy_per_product", "\x00")
    co2_key = product_metric("co2_per_product", "\x00")
    water_key = product_metric("water_per_product", "\x00")
    q = pl.col("quantity")
    count = pl.len().over("fid")
    water = per_filing.select("fid", "water_withdrawal_m3")
    fids = water.get_column("fid")
    if fids.equals(pl.Series(range(water.height), dtype=fids.dtype), check_names=False):
        p = products.with_columns(  # filings 0 … n-1 in order: a gather, no join
            water_withdrawal_m3=pl.lit(water.get_column("water_withdrawal_m3")).gather(
                pl.col("fid")
            )
        )
    else:
        p = products.join(water, on="fid", how="left")
    order = p.select(pl.col("fid").cast(pl.UInt64) * (2**32) + pl.col("pseq")).to_series()
    if not order.is_sorted():
        p = p.sort("fid", "pseq")

    def key(template: str) -> pl.Expr:
        head, tail = template.split("\x00")
        return pl.concat_str(pl.lit(head), pl.col("product"), pl.lit(tail))

    parts = [
        p.select(
            "fid",
            "pseq",
            k=pl.lit(0),
            metric=key(energy_key),
            value=pl.col("energy_tce") * 1000.0 / q,
        ),
        p.select("fid", "pseq", k=pl.lit(1), metric=key(co2_key), value=pl.col("co2e_t") / q),
        p.filter(pl.col("water_withdrawal_m3").is_not_null() & (count == 1)).select(
            "fid",
            "pseq",
            k=pl.lit(2),
            metric=key(water_key),
            value=pl.col("water_withdrawal_m3") / q,
        ),
    ]
    return (
        pl.concat(parts)
        .drop_nulls("value")
        .sort("fid", "k", "pseq")
        .select("fid", "metric", "value")
    )


def metrics_by_filing(per_filing: pl.DataFrame, products: pl.DataFrame) -> list[dict[str, float]]:
    """Metric mappings (same keys and values as ``AccountingResult.metrics()``), by fid.

    Filings with the same metrics present share one list of keys: their mappings are
    built from the column values by ``dict(zip(keys, row))``."""
    wide = metric_columns(per_filing)
    names = [c for c in wide.columns if c != "fid"]
    present = _patterns(wide, names)
    out: list[dict[str, float]] = [{} for _ in range(wide.height)]
    for pattern in present.unique().to_list():
        keys = [c for i, c in enumerate(names) if pattern >> i & 1]
        if not keys:
            continue
        where = present == pattern
        group = wide.filter(where)
        columns = [group.get_column(c).to_list() for c in keys]
        mappings = list(map(dict, map(zip, repeat(keys), zip(*columns, strict=True))))
        if group.height == wide.height:
            out = mappings
            continue
        for i, mapping in zip(where.arg_true().to_list(), mappings, strict=True):
            out[i] = mapping
    if products.height:
        long = product_metrics(per_filing, products)
        for fid, metric, value in zip(
            long.get_column("fid").to_list(),
            long.get_column("metric").to_list(),
            long.get_column("value").to_list(),
            strict=True,
        ):
            out[fid][metric] = value
    return out


def _json_number(value: pl.Expr) -> pl.Expr:
    """A float as JSON text, as ``json.dumps`` writes it (shortest round-trip form)."""
    return (
        pl.when(value.is_nan())
        .then(pl.lit("NaN"))
        .when(value == float("inf"))
        .then(pl.lit("Infinity"))
        .when(value == float("-inf"))
        .then(pl.lit("-Infinity"))
        .otherwise(value.cast(pl.String))
    )


def _patterns(wide: pl.DataFrame, names: list[str]) -> pl.Series:
    """Which metrics each row has, as a bit set over ``names``."""
    return wide.select(
        pattern=pl.sum_horizontal(
            pl.col(c).is_not_null().cast(pl.UInt32) * (1 << i) for i, c in enumerate(names)
        )
    ).to_series()


def metrics_json(per_filing: pl.DataFrame, products: pl.DataFrame) -> pl.Series:
    """Each filing's metric mapping (as :func:`metrics_by_filing`) as a JSON object's
    text, by fid, built without a Python object per filing (one string expression per
    set of metrics present, with the keys as literals)."""
    wide = metric_columns(per_filing)
    names = [c for c in wide.columns if c != "fid"]
    present = _patterns(wide, names)
    if products.height:
        long = product_metrics(per_filing, products)
        keys = long.get_column("metric").unique()
        quoted = {k: json.dumps(k, ensure_ascii=False) for k in keys.to_list()}
        joined = (
            long.select(
                "fid",
                pair=pl.concat_str(
                    pl.col("metric").replace_strict(quoted, return_dtype=pl.String),
                    pl.lit(": "),
                    _json_number(pl.col("value")),
                ),
            )
            .group_by("fid", maintain_order=True)
            .agg(pl.col("pair").str.join(", "))
        )
        wide = wide.join(joined, on="fid", how="left", maintain_order="left")
    else:
        wide = wide.with_columns(pair=pl.lit(None, pl.String))
    parts: list[pl.DataFrame] = []
    for pattern in present.unique().to_list():
        keys_present = [c for i, c in enumerate(names) if pattern >> i & 1]
        pieces: list[pl.Expr] = []
        for j, c in enumerate(keys_present):
            head = "{" if j == 0 else ", "
            pieces += [
                pl.lit(head + json.dumps(c, ensure_ascii=False) + ": "),
                _json_number(pl.col(c)),
            ]
        if keys_present:
            pieces.append(pl.concat_str(pl.lit(", "), pl.col("pair")).fill_null(""))
        else:
            pieces += [pl.lit("{"), pl.col("pair").fill_null("")]
        pieces.append(pl.lit("}"))
        where = present == pattern
        group = wide.filter(where) if len(where) and not where.all() else wide
        parts.append(
            group.select(
                row=where.arg_true() if group is not wide else pl.int_range(pl.len()),
                metrics=pl.concat_str(pieces),
            )
        )
    if not parts:
        return pl.Series("metrics", [], dtype=pl.String)
    out = parts[0] if len(parts) == 1 else pl.concat(parts).sort("row")
    return out.get_column("metrics")


def account_filings(filings: Iterable[Filing], **options: Any) -> list[dict[str, float]]:
    """Metrics of many filings through the batch path (convenience for callers with
    Filing objects)."""
    frames = frames_from_filings(list(filings))
    per_filing, products = account_frames(frames, **options)
    return metrics_by_filing(per_filing, products)
