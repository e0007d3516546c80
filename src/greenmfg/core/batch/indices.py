"""The green code and the regional index aggregation, vectorised with Polars.

Same rules as :mod:`greenmfg.core.indices.greencode` and
:mod:`greenmfg.core.indices.regional`, written so that every floating-point operation
happens in the same order: the results agree exactly with the per-unit path
(tests/core/indices/test_batch.py).

Frames
------
``grade_frame`` input: ``uscc`` (str), ``industry`` (str, 4 digits), ``filed`` (bool),
``abnormal`` (bool) and one Float64 column per metric of the method (null = missing).

``aggregate_regions_frame`` input: ``adcode``, ``year``, ``output_value``,
``energy_tce``, ``co2_t`` (Float64, nullable), ``level`` (str or null), ``newly_listed``,
``removed`` (bool), ``grade`` (str or null), ``degree_mean`` (Float64, nullable), and the
region key column named by ``region_col``.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from greenmfg.core.domain import ListLevel
from greenmfg.core.indices.greencode import (
    ALL_PEERS,
    Exclusion,
    Grade,
    GradingRun,
    GreenCodeInput,
    GreenCodeResult,
    validate_units,
)
from greenmfg.core.indices.methods import GreenCodeMethod, green_code_method
from greenmfg.core.indices.regional import DEGREE_FIXED, FIXED, RegionAggregate, UnitYear

GRADE_COLUMNS = (
    "uscc",
    "industry",
    "score",
    "rank_overall",
    "overall_size",
    "rank_industry",
    "industry_size",
    "grade",
    "peer_group",
    "excluded",
)


def inputs_to_frame(units: Sequence[GreenCodeInput], method: GreenCodeMethod) -> pl.DataFrame:
    """The grading input frame of ``units`` (used by tests and the platform export)."""
    data: dict[str, list[object]] = {
        "uscc": [u.uscc for u in units],
        "industry": [u.industry for u in units],
        "filed": [u.filed for u in units],
        "abnormal": [u.abnormal for u in units],
    }
    for indicator in method.indicators:
        data[indicator.metric] = [
            None if (v := u.metrics.get(indicator.metric)) is None else float(v) for u in units
        ]
    schema: dict[str, pl.DataType | type[pl.DataType]] = {
        "uscc": pl.String,
        "industry": pl.String,
        "filed": pl.Boolean,
        "abnormal": pl.Boolean,
        **{i.metric: pl.Float64 for i in method.indicators},
    }
    return pl.DataFrame(data, schema=schema)


def grade_frame(frame: pl.DataFrame, method: GreenCodeMethod | None = None) -> pl.DataFrame:
    """Score, rank and grade; one output row per input row, in input order."""
    method = method or green_code_method()
    metrics = [i.metric for i in method.indicators]
    df = frame.with_row_index("_row").with_columns(
        pl.sum_horizontal([pl.col(m).is_not_null().cast(pl.Int32) for m in metrics]).alias(
            "_present"
        )
    )
    df = df.with_columns(
        pl.when(~pl.col("filed"))
        .then(pl.lit(Exclusion.NOT_FILED.value))
        .when(pl.col("abnormal"))
        .then(pl.lit(Exclusion.ABNORMAL.value))
        .when(pl.col("_present") < method.min_indicators)
        .then(pl.lit(Exclusion.INSUFFICIENT_DATA.value))
        .otherwise(pl.lit(None, dtype=pl.String))
        .alias("excluded")
    )
    eligible = df.filter(pl.col("excluded").is_null()).with_columns(
        pl.col("industry").str.slice(0, 2).alias("_division")
    )
    eligible = eligible.with_columns(
        pl.len().over("industry").alias("_class_n"),
        pl.len().over("_division").alias("_division_n"),
    ).with_columns(
        pl.when(pl.col("_class_n") >= method.min_peers)
        .then(pl.col("industry"))
        .when(pl.col("_division_n") >= method.min_peers)
        .then(pl.col("_division"))
        .otherwise(pl.lit(ALL_PEERS))
        .alias("peer_group")
    )
    pct_cols = []
    for indicator in method.indicators:
        m = indicator.metric
        rank = (
            pl.col(m).rank("average", descending=indicator.direction == "lower").over("peer_group")
        )
        count = pl.col(m).count().over("peer_group")
        pct = (
            pl.when(pl.col(m).is_null())
            .then(pl.lit(None, dtype=pl.Float64))
            .when(count == 1)
            .then(pl.lit(0.5))
            .otherwise((rank - 1.0) / (count.cast(pl.Float64) - 1.0))
        )
        pct_cols.append(pct.alias(f"_p_{m}"))
    eligible = eligible.with_columns(pct_cols)
    # One materialised step per indicator, in the method's order: inside a single
    # expression the optimiser may reassociate the sum and change the last bit.
    # Start from a real column, not a literal: Polars divides by a scalar column through
    # its reciprocal, which is not the correctly rounded quotient Python computes.
    zero = pl.col("_present").cast(pl.Float64) * 0.0
    eligible = eligible.with_columns(zero.alias("_num"), zero.alias("_den"))
    for indicator in method.indicators:
        p = pl.col(f"_p_{indicator.metric}")
        eligible = eligible.with_columns(
            (pl.col("_num") + (pl.lit(float(100 * indicator.weight)) * p).fill_null(0.0)).alias(
                "_num"
            ),
            (
                pl.col("_den") + pl.when(p.is_null()).then(0.0).otherwise(float(indicator.weight))
            ).alias("_den"),
        )
    eligible = eligible.with_columns((pl.col("_num") / pl.col("_den")).alias("score"))
    # ties on the score as stored and shown (micro-points), then the credit code: two
    # mathematically equal scores summed from different percentiles differ in the last bits
    eligible = eligible.sort(
        [(pl.col("score") * 1e6).round(0), pl.col("uscc")], descending=[True, False]
    )
    n = eligible.height
    grades: list[str] = []
    for grade, count_ in method.grade_counts(n):
        grades.extend([grade] * count_)
    eligible = eligible.with_columns(
        pl.int_range(1, n + 1, dtype=pl.Int64).alias("rank_overall"),
        pl.lit(n, dtype=pl.Int64).alias("overall_size"),
        pl.Series("grade", grades, dtype=pl.String),
    ).with_columns(
        pl.col("rank_overall")
        .rank("ordinal")
        .over("industry")
        .cast(pl.Int64)
        .alias("rank_industry"),
        pl.len().over("industry").cast(pl.Int64).alias("industry_size"),
    )
    graded = eligible.select(
        "_row",
        "score",
        "rank_overall",
        "overall_size",
        "rank_industry",
        "industry_size",
        "grade",
        "peer_group",
    )
    return (
        df.select("_row", "uscc", "industry", "excluded")
        .join(graded, on="_row", how="left")
        .sort("_row")
        .select(GRADE_COLUMNS)
    )


def units_to_frame(
    units: Sequence[UnitYear], region_col: str, regions: Sequence[str | None]
) -> pl.DataFrame:
    """The regional-index input frame of ``units`` with their region keys."""
    return pl.DataFrame(
        {
            "adcode": [u.adcode for u in units],
            "year": [u.year for u in units],
            "output_value": [u.output_value for u in units],
            "energy_tce": [u.energy_tce for u in units],
            "co2_t": [u.co2_t for u in units],
            "level": [None if u.level is None else u.level.value for u in units],
            "newly_listed": [u.newly_listed for u in units],
            "removed": [u.removed for u in units],
            "grade": [u.grade for u in units],
            "degree_mean": [u.degree_mean for u in units],
            region_col: list(regions),
        },
        schema={
            "adcode": pl.String,
            "year": pl.Int64,
            "output_value": pl.Float64,
            "energy_tce": pl.Float64,
            "co2_t": pl.Float64,
            "level": pl.String,
            "newly_listed": pl.Boolean,
            "removed": pl.Boolean,
            "grade": pl.String,
            "degree_mean": pl.Float64,
            region_col: pl.String,
        },
    )


def _fx(column: str, scale: int = FIXED) -> pl.Expr:
    return (pl.col(column) * float(scale) + 0.5).floor().cast(pl.Int64)


def aggregate_regions_frame(
    frame: pl.DataFrame, region_col: str = "region"
) -> dict[tuple[str, int], RegionAggregate]:
    """(region, year) → aggregate, equal to :func:`regional.aggregate_regions`."""
    out_fx = _fx("output_value")
    has_out = pl.col("output_value").is_not_null()
    zero = pl.lit(0, dtype=pl.Int64)
    df = frame.filter(pl.col(region_col).is_not_null()).with_columns(
        out_fx.fill_null(0).alias("_out"),
        pl.when(pl.col("energy_tce").is_not_null() & has_out)
        .then(_fx("energy_tce"))
        .otherwise(zero)
        .alias("_energy"),
        pl.when(pl.col("energy_tce").is_not_null())
        .then(out_fx.fill_null(0))
        .otherwise(zero)
        .alias("_energy_out"),
        pl.when(pl.col("co2_t").is_not_null() & has_out)
        .then(_fx("co2_t"))
        .otherwise(zero)
        .alias("_co2"),
        pl.when(pl.col("co2_t").is_not_null())
        .then(out_fx.fill_null(0))
        .otherwise(zero)
        .alias("_co2_out"),
        _fx("degree_mean", DEGREE_FIXED).fill_null(0).alias("_degree"),
    )
    grouped = df.group_by([region_col, "year"]).agg(
        pl.len().alias("units"),
        (pl.col("level") == ListLevel.MUNICIPAL.value).sum().alias("listed_municipal"),
        (pl.col("level") == ListLevel.PROVINCIAL.value).sum().alias("listed_provincial"),
        (pl.col("level") == ListLevel.NATIONAL.value).sum().alias("listed_national"),
        pl.col("newly_listed").sum().alias("new_listings"),
        pl.col("removed").sum().alias("removals"),
        pl.col("grade").is_not_null().sum().alias("coded"),
        pl.col("grade").is_in(["A+", "A"]).sum().alias("coded_top"),
        pl.col("_out").sum().alias("output_fx"),
        pl.when(pl.col("level").is_not_null())
        .then(pl.col("_out"))
        .otherwise(0)
        .sum()
        .alias("listed_output_fx"),
        pl.col("_energy").sum().alias("energy_fx"),
        pl.col("_energy_out").sum().alias("energy_output_fx"),
        pl.col("_co2").sum().alias("co2_fx"),
        pl.col("_co2_out").sum().alias("co2_output_fx"),
        pl.col("_degree").sum().alias("degree_fx"),
        pl.col("degree_mean").is_not_null().sum().alias("degree_count"),
    )
    result: dict[tuple[str, int], RegionAggregate] = {}
    for row in grouped.iter_rows(named=True):
        region = row.pop(region_col)
        year = int(row.pop("year"))
        result[(region, year)] = RegionAggregate(
            region=region, year=year, **{k: int(v or 0) for k, v in row.items()}
        )
    return result


def grade_units_batch(
    units: Sequence[GreenCodeInput], method: GreenCodeMethod | None = None
) -> GradingRun:
    """:func:`greenmfg.core.indices.greencode.grade_units` through :func:`grade_frame`:
    the same validation, the same :class:`GradingRun` (without per-indicator percentiles,
    which the frame does not keep), for the thousands of units of a national grading."""
    method = method or green_code_method()
    units = list(units)
    validate_units(units, method)
    graded = grade_frame(inputs_to_frame(units, method), method)
    results: list[GreenCodeResult] = []
    for row in graded.iter_rows(named=True):
        excluded = row["excluded"]
        grade = row["grade"]
        results.append(
            GreenCodeResult(
                uscc=row["uscc"],
                industry=row["industry"],
                score=row["score"],
                rank_overall=row["rank_overall"],
                overall_size=row["overall_size"],
                rank_industry=row["rank_industry"],
                industry_size=row["industry_size"],
                grade=None if grade is None else Grade(grade),
                peer_group=row["peer_group"],
                excluded=None if excluded is None else Exclusion(excluded),
            )
        )
    return GradingRun(method.version, tuple(results))
