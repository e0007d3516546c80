"""The data-quality checks of the dynamic management table (数据质量校验), vectorised with
Polars for many tables at once.

Same rules as :func:`greenmfg.core.supervision.checks.check_table` (parts, plausibility,
year-on-year, against the unit's own accounting), written so that every floating-point
operation happens in the same order: :func:`check_tables` returns, for each table, the
same flags in the same order as ``check_table`` (tests/core/batch/test_supervision.py).

The tables' figures go into one wide frame (one row per table, one Float64 column per
figure, null = absent) and three long frames (products, pollutants and accounting pairs,
one row per item); each check is a filter on those frames, and flags are built only for
the rows a filter keeps.

Worked example (checks-*.yaml tolerance ``parts`` 0.01): a table with CO2 scope 1
1,200 t, scope 2 800 t and total 2,100 t gives parts 1,200 + 800 = 2,000 t and a relative
difference |2,000 − 2,100| / max(2,000, 2,100) = 100 / 2,100 ≈ 0.0476 > 0.01: one
blocking ``parts_mismatch`` flag on ``co2_total_t``, as ``check_parts`` gives.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from greenmfg.core.domain import VetoItem
from greenmfg.core.supervision.checks import (
    FlagCode,
    QualityFlag,
    Severity,
    _bounds,
    _intensity_rows,
)
from greenmfg.core.supervision.data import CheckSettings, check_settings
from greenmfg.core.supervision.table import METRIC_TO_FIELD, NUMERIC_FIELDS, DynamicTable

_RATES = ("renewable_share_pct", "water_reuse_rate_pct", "solid_waste_utilisation_rate_pct")
_INTENSITIES = (
    ("energy_per_value_added", "energy_total_tce", 1000.0),
    ("co2_per_value_added", "co2_total_t", 1000.0),
)
_VETO_ORDER = {item: i for i, item in enumerate(VetoItem)}

# Section of each flag in check_table's order (parts, plausibility, year-on-year,
# accounting); flags of a table are sorted by (section, position within the section).
_S_RATE, _S_CO2, _S_WATER, _S_WASTE, _S_INTENSITY, _S_POLLUTANT, _S_VETO = range(7)
_S_PLAUSIBLE, _S_YOY, _S_ACCOUNTING = 7, 8, 9

Key = tuple[int, int]


def _rel_diff(a: pl.Expr, b: pl.Expr) -> pl.Expr:
    """|a − b| / max(|a|, |b|), 0 when both are 0 (``checks._rel_diff``)."""
    scale = pl.max_horizontal(a.abs(), b.abs())
    return pl.when(scale == 0).then(pl.lit(0.0)).otherwise((a - b).abs() / scale)


def tables_frame(tables: Sequence[DynamicTable]) -> pl.DataFrame:
    """One row per table (column ``row``: its position), one Float64 column per figure."""
    data: dict[str, list[Any]] = {"row": list(range(len(tables)))}
    for name in NUMERIC_FIELDS:
        data[name] = [getattr(t, name) for t in tables]
    schema: dict[str, Any] = {"row": pl.Int64, **dict.fromkeys(NUMERIC_FIELDS, pl.Float64)}
    return pl.DataFrame(data, schema=schema)


def _hits(frame: pl.DataFrame, condition: pl.Expr, *columns: str) -> list[tuple[Any, ...]]:
    return frame.filter(condition).select("row", *columns).rows()


def _parts(
    df: pl.DataFrame, s: CheckSettings, out: dict[int, list[tuple[Key, QualityFlag]]]
) -> None:
    tol = s.tolerance.parts
    for i, name in enumerate(_RATES):
        for row, value in _hits(df, pl.col(name) > 100, name):
            flag = QualityFlag(
                FlagCode.RATE_OUT_OF_RANGE, Severity.BLOCKING, name, {"value": value}
            )
            out.setdefault(row, []).append(((_S_RATE, i), flag))
    parts = pl.col("co2_scope1_t") + pl.col("co2_scope2_t")
    co2 = df.with_columns(parts.alias("_parts"))
    for row, total, expected in _hits(
        co2, _rel_diff(pl.col("_parts"), pl.col("co2_total_t")) > tol, "co2_total_t", "_parts"
    ):
        flag = QualityFlag(
            FlagCode.PARTS_MISMATCH,
            Severity.BLOCKING,
            "co2_total_t",
            {"value": total, "expected": expected, "parts": "co2_scope1_t + co2_scope2_t"},
        )
        out.setdefault(row, []).append(((_S_CO2, 0), flag))
    total = pl.col("water_withdrawal_m3") + pl.col("water_reused_m3")
    water = df.with_columns(
        total.alias("_total"),
        (pl.lit(100.0) * pl.col("water_reused_m3") / total).alias("_expected"),
    )
    for row, value, expected in _hits(
        water,
        (pl.col("_total") > 0)
        & pl.col("water_reuse_rate_pct").is_not_null()
        & ((pl.col("_expected") - pl.col("water_reuse_rate_pct")).abs() > 100 * tol),
        "water_reuse_rate_pct",
        "_expected",
    ):
        flag = QualityFlag(
            FlagCode.PARTS_MISMATCH,
            Severity.BLOCKING,
            "water_reuse_rate_pct",
            {
                "value": value,
                "expected": expected,
                "parts": "water_reused_m3 / (water_withdrawal_m3 + water_reused_m3)",
            },
        )
        out.setdefault(row, []).append(((_S_WATER, 0), flag))
    gen, used = pl.col("solid_waste_generated_t"), pl.col("solid_waste_utilised_t")
    exceeds = used > gen * (1 + tol)
    for row, u, g in _hits(df, exceeds, "solid_waste_utilised_t", "solid_waste_generated_t"):
        flag = QualityFlag(
            FlagCode.UTILISED_EXCEEDS_GENERATED,
            Severity.ABNORMAL,
            "solid_waste_utilised_t",
            {"utilised": u, "generated": g},
        )
        out.setdefault(row, []).append(((_S_WASTE, 0), flag))
    waste = df.with_columns((pl.lit(100.0) * used / gen).alias("_expected"))
    rate = pl.col("solid_waste_utilisation_rate_pct")
    for row, value, expected in _hits(
        waste,
        ~exceeds
        & (gen > 0)
        & rate.is_not_null()
        & ((pl.col("_expected") - rate).abs() > 100 * tol),
        "solid_waste_utilisation_rate_pct",
        "_expected",
    ):
        flag = QualityFlag(
            FlagCode.PARTS_MISMATCH,
            Severity.BLOCKING,
            "solid_waste_utilisation_rate_pct",
            {
                "value": value,
                "expected": expected,
                "parts": "solid_waste_utilised_t / solid_waste_generated_t",
            },
        )
        out.setdefault(row, []).append(((_S_WASTE, 0), flag))
    va = pl.col("value_added_10k_yuan")
    for i, (name, total_name, factor) in enumerate(_INTENSITIES):
        frame = df.with_columns((pl.col(total_name) * factor / va).alias("_expected"))
        for row, stated, expected in _hits(
            frame,
            (va > 0) & (_rel_diff(pl.col(name), pl.col("_expected")) > tol),
            name,
            "_expected",
        ):
            flag = QualityFlag(
                FlagCode.PARTS_MISMATCH,
                Severity.BLOCKING,
                name,
                {
                    "value": stated,
                    "expected": expected,
                    "parts": f"{total_name} × 1000 / value_added_10k_yuan",
                },
            )
            out.setdefault(row, []).append(((_S_INTENSITY, i), flag))


def _pollutants_and_vetoes(
    tables: Sequence[DynamicTable], out: dict[int, list[tuple[Key, QualityFlag]]]
) -> None:
    readings = pl.DataFrame(
        [
            (row, i, p.pollutant, p.concentration, p.permit_limit, p.unit)
            for row, t in enumerate(tables)
            for i, p in enumerate(t.pollutants)
        ],
        schema={
            "row": pl.Int64,
            "i": pl.Int64,
            "pollutant": pl.String,
            "concentration": pl.Float64,
            "limit": pl.Float64,
            "unit": pl.String,
        },
        orient="row",
    )
    for row, i, pollutant, concentration, limit, unit in readings.filter(
        pl.col("concentration") > pl.col("limit")
    ).rows():
        flag = QualityFlag(
            FlagCode.PERMIT_EXCEEDED,
            Severity.ABNORMAL,
            f"pollutant:{pollutant}",
            {"pollutant": pollutant, "concentration": concentration, "limit": limit, "unit": unit},
        )
        out.setdefault(row, []).append(((_S_POLLUTANT, i), flag))
    for row, t in enumerate(tables):
        for item, declared in t.vetoes.items():
            if declared:
                flag = QualityFlag(
                    FlagCode.VETO_DECLARED,
                    Severity.ABNORMAL,
                    f"veto:{item.value}",
                    {"item": item.value},
                )
                out.setdefault(row, []).append(((_S_VETO, _VETO_ORDER[item]), flag))


def _plausibility(
    tables: Sequence[DynamicTable], s: CheckSettings, out: dict[int, list[tuple[Key, QualityFlag]]]
) -> None:
    rows = _intensity_rows(s)
    ranges = pl.DataFrame(
        [(p, *_bounds(r, s)) for p, r in rows.items()],
        schema={"product": pl.String, "low": pl.Float64, "high": pl.Float64},
        orient="row",
    )
    values = pl.DataFrame(
        [(row, p, v) for row, t in enumerate(tables) for p, v in t.energy_per_product.items()],
        schema={"row": pl.Int64, "product": pl.String, "value": pl.Float64},
        orient="row",
    )
    hits = values.join(ranges, on="product", how="inner").filter(
        (pl.col("value") < pl.col("low")) | (pl.col("value") > pl.col("high"))
    )
    for row, product, value, low, high in hits.select(
        "row", "product", "value", "low", "high"
    ).rows():
        r = rows[product]
        flag = QualityFlag(
            FlagCode.IMPLAUSIBLE_INTENSITY,
            Severity.ABNORMAL,
            f"energy_per_product:{product}",
            {
                "value": value,
                "unit": r.unit,
                "low": low,
                "high": high,
                "source": r.source,
                "clause": r.clause,
                "status": r.status,
            },
        )
        # sorted(product) within the section, as check_plausibility iterates
        out.setdefault(row, []).append(((_S_PLAUSIBLE, 0), flag))


def _yoy(
    df: pl.DataFrame,
    previous: Sequence[DynamicTable | None],
    s: CheckSettings,
    out: dict[int, list[tuple[Key, QualityFlag]]],
) -> None:
    fields = sorted({b.field for b in s.yoy_bands})
    prev = pl.DataFrame(
        {
            "row": list(range(len(previous))),
            "_has_prev": [p is not None for p in previous],
            **{
                f"_prev_{f}": [None if p is None else getattr(p, f, None) for p in previous]
                for f in fields
            },
        },
        schema={
            "row": pl.Int64,
            "_has_prev": pl.Boolean,
            **{f"_prev_{f}": pl.Float64 for f in fields},
        },
    )
    now_cols = {
        f: [None] * df.height if f not in df.columns else df.get_column(f).to_list() for f in fields
    }
    frame = prev.with_columns(
        **{f"_now_{f}": pl.Series(v, dtype=pl.Float64) for f, v in now_cols.items()}
    )
    for i, band in enumerate(s.yoy_bands):
        now, before = pl.col(f"_now_{band.field}"), pl.col(f"_prev_{band.field}")
        ratio = frame.with_columns((now / before).alias("_ratio"))
        for row, value, previous_value, r in _hits(
            ratio,
            pl.col("_has_prev")
            & (before > 0)
            & ((pl.col("_ratio") < band.min_ratio) | (pl.col("_ratio") > band.max_ratio)),
            f"_now_{band.field}",
            f"_prev_{band.field}",
            "_ratio",
        ):
            flag = QualityFlag(
                FlagCode.YOY_JUMP,
                Severity.ABNORMAL,
                band.field,
                {
                    "value": value,
                    "previous": previous_value,
                    "ratio": r,
                    "min_ratio": band.min_ratio,
                    "max_ratio": band.max_ratio,
                    "source": band.source,
                    "status": band.status,
                },
            )
            out.setdefault(row, []).append(((_S_YOY, i), flag))


def _accounting(
    tables: Sequence[DynamicTable],
    metrics: Sequence[Mapping[str, float] | None],
    s: CheckSettings,
    out: dict[int, list[tuple[Key, QualityFlag]]],
) -> None:
    tol = s.tolerance.accounting
    fixed = list(METRIC_TO_FIELD.items())
    pairs: list[tuple[int, int, str, float, float]] = []
    for row, (table, m) in enumerate(zip(tables, metrics, strict=True)):
        if m is None:
            continue
        filed = table.figures()
        more = [(code, code) for code in m if code.partition(":")[2]]
        for i, (code, fld) in enumerate(fixed + more):
            if code in m and fld in filed:
                pairs.append((row, i, fld, filed[fld], float(m[code])))
    frame = pl.DataFrame(
        pairs,
        schema={
            "row": pl.Int64,
            "i": pl.Int64,
            "field": pl.String,
            "value": pl.Float64,
            "accounted": pl.Float64,
        },
        orient="row",
    ).with_columns(_rel_diff(pl.col("value"), pl.col("accounted")).alias("_diff"))
    for row, i, fld, value, accounted, diff in frame.filter(pl.col("_diff") > tol).rows():
        flag = QualityFlag(
            FlagCode.CONTRADICTS_ACCOUNTING,
            Severity.ABNORMAL,
            fld,
            {
                "value": value,
                "accounted": accounted,
                "diff_pct": 100 * diff,
                "tolerance_pct": 100 * tol,
            },
        )
        out.setdefault(row, []).append(((_S_ACCOUNTING, i), flag))


def check_tables(
    tables: Sequence[DynamicTable],
    *,
    previous: Sequence[DynamicTable | None] | None = None,
    metrics: Sequence[Mapping[str, float] | None] | None = None,
    settings: CheckSettings | None = None,
) -> list[list[QualityFlag]]:
    """:func:`~greenmfg.core.supervision.checks.check_table` of every table at once:
    ``previous[i]`` and ``metrics[i]`` belong to ``tables[i]`` (None: no previous table,
    no accounting).  Returns each table's flags, in ``check_table``'s order."""
    s = settings or check_settings()
    n = len(tables)
    previous = list(previous) if previous is not None else [None] * n
    metrics = list(metrics) if metrics is not None else [None] * n
    if len(previous) != n or len(metrics) != n:
        raise ValueError("previous and metrics must have one entry per table")
    out: dict[int, list[tuple[Key, QualityFlag]]] = {}
    if n:
        df = tables_frame(tables)
        _parts(df, s, out)
        _pollutants_and_vetoes(tables, out)
        _plausibility(tables, s, out)
        _yoy(df, previous, s, out)
        _accounting(tables, metrics, s, out)
    result: list[list[QualityFlag]] = []
    for row in range(n):
        found = out.get(row)
        if not found:
            result.append([])
            continue
        # a stable sort: within the plausibility section, by product as check_plausibility
        found.sort(
            key=lambda kf: (
                kf[0],
                kf[1].field if kf[0][0] == _S_PLAUSIBLE else "",
            )
        )
        result.append([f for _k, f in found])
    return result
