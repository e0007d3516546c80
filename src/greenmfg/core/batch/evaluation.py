"""Evaluation of many units at once, vectorised with Polars.

The same rules as :func:`greenmfg.core.evaluation.engine.evaluate`, written so that every
floating-point operation happens in the same order: the numbers agree exactly with the
per-unit path (tests/core/evaluation/test_batch.py).

Input frame (one row per unit; every column nullable — null means no data / not answered):

- ``m.<metric code>`` Float64: the accounting metrics (``m.energy_per_product:clinker``);
- ``a.<code>`` Boolean or Float64: answers (basic requirements, items, qualitative
  indicators as a whole, quantitative indicators without a metric);
- ``v.<veto code>`` Boolean: veto declarations;
- ``q.<indicator>.value`` / ``.baseline`` / ``.leading`` List(Float64): for an indicator
  with a quota rule, one element per filed product with a GB quota (the per-filing
  thresholds of :func:`greenmfg.core.evaluation.quota.quota_inputs`); null or empty = no
  product with a quota, the standard's own metric and values apply;
- any other column (``id``, ``uscc`` …) is carried through.

Output: the carried columns plus ``eligible``, ``basic_met``, ``total``, ``passed``,
``band``, ``unmet_mandatory`` (count), ``cat.<code>`` (score 0–100),
``contrib.<code>`` (points of the total) and ``ind.<code>`` (earned points, null = no data).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import polars as pl

from greenmfg.core.errors import EvaluationInputInvalidError
from greenmfg.core.evaluation.engine import Answer, category_factors
from greenmfg.core.evaluation.quota import QuotaInputs
from greenmfg.core.evaluation.schema import Indicator, IndicatorSet
from greenmfg.core.metrics import METRICS_BY_CODE, Direction

METRIC = "m."
ANSWER = "a."
VETO = "v."
QUOTA = "q."
_QUOTA_PARTS = ("value", "baseline", "leading")
_ROW = "__row"


def inputs_frame(
    rows: Iterable[tuple[Mapping[str, float], Mapping[str, Answer], Mapping[str, bool]]],
    *,
    standard: IndicatorSet,
    quotas: Iterable[Mapping[str, QuotaInputs]] | None = None,
) -> pl.DataFrame:
    """Build the input frame from (metrics, answers, vetoes) triples, with one column for
    every code the standard reads; ``quotas`` (one mapping per row, in the same order) are
    the per-filing quota inputs of the indicators with a quota rule."""
    metric_codes = sorted({i.metric for i in standard.indicators if i.metric})
    bool_answers = [b.code for b in standard.basic_requirements] + [
        i.code for i in standard.indicators if i.type == "qualitative"
    ]
    items = [it.code for i in standard.indicators for it in i.items]
    numbers = [i.code for i in standard.indicators if i.type == "quantitative"]
    vetoes = [v.code for v in standard.vetoes]
    columns: dict[str, list[object]] = {
        **{METRIC + c: [] for c in metric_codes},
        **{ANSWER + c: [] for c in bool_answers + items + numbers},
        **{VETO + c: [] for c in vetoes},
    }
    for metrics, answers, declared in rows:
        for c in metric_codes:
            columns[METRIC + c].append(metrics.get(c))
        for c in bool_answers:
            columns[ANSWER + c].append(answers.get(c))
        for c in items:
            columns[ANSWER + c].append(answers.get(c))
        for c in numbers:
            value = answers.get(c)
            columns[ANSWER + c].append(None if value is None else float(value))
        for c in vetoes:
            columns[VETO + c].append(declared.get(c))
    schema: dict[str, pl.DataType] = {}
    bool_names = {ANSWER + c for c in bool_answers} | {VETO + c for c in vetoes}
    item_names = {ANSWER + c for c in items}
    for name, values in list(columns.items()):
        if name in bool_names:
            schema[name] = pl.Boolean()
        elif name in item_names and any(v is not None and not isinstance(v, bool) for v in values):
            # an item answered with points in some rows: numbers here, flags beside
            columns[name + "#flag"] = [v if isinstance(v, bool) else None for v in values]
            columns[name] = [None if isinstance(v, bool) else v for v in values]
            schema[name] = pl.Float64()
            schema[name + "#flag"] = pl.Boolean()
        elif name in item_names:
            schema[name] = pl.Boolean()
        else:
            schema[name] = pl.Float64()
    frame = pl.DataFrame({k: columns[k] for k in schema}, schema=schema)
    if quotas is None:
        return frame
    rules = [i.code for i in standard.indicators if i.quota is not None]
    lists: dict[str, list[list[float] | None]] = {
        f"{QUOTA}{code}.{part}": [] for code in rules for part in _QUOTA_PARTS
    }
    for given in quotas:
        for code in rules:
            inputs = given.get(code)
            products = inputs.products if inputs is not None else ()
            for part in _QUOTA_PARTS:
                lists[f"{QUOTA}{code}.{part}"].append(
                    [float(getattr(p, part)) for p in products] if products else None
                )
    if lists and any(len(v) != frame.height for v in lists.values()):
        raise EvaluationInputInvalidError(
            where="", field="quotas", reason="one mapping of quota inputs per row"
        )
    return frame.with_columns(
        [pl.Series(name, values, dtype=pl.List(pl.Float64)) for name, values in lists.items()]
    )


def _col(frame: pl.DataFrame, name: str, dtype: pl.DataType) -> pl.Expr:
    if name in frame.columns:
        return pl.col(name)
    return pl.lit(None, dtype=dtype)


def _flag_points(name: str, maximum: float) -> pl.Expr:
    """A true/false answer column as points: true → maximum, false → 0, null → null."""
    return (
        pl.when(pl.col(name).is_null())
        .then(pl.lit(None, dtype=pl.Float64))
        .when(pl.col(name))
        .then(pl.lit(maximum))
        .otherwise(pl.lit(0.0))
    )


def _item_points(frame: pl.DataFrame, code: str, whole: str, maximum: float) -> pl.Expr:
    """Points of one item: bool → maximum or 0, number → itself, null → null; the
    indicator-level bool applies when the item has no answer."""
    name = ANSWER + code
    parts: list[pl.Expr] = []
    if name in frame.columns:
        if frame.schema[name] == pl.Boolean:
            parts.append(_flag_points(name, maximum))
        else:
            parts.append(pl.col(name).cast(pl.Float64))
            flag = name + "#flag"
            if flag in frame.columns:
                parts.append(_flag_points(flag, maximum))
    whole_name = ANSWER + whole
    if whole_name in frame.columns:
        parts.append(_flag_points(whole_name, maximum))
    if not parts:
        return pl.lit(None, dtype=pl.Float64)
    return pl.coalesce(parts)


def _quantitative(frame: pl.DataFrame, indicator: Indicator) -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """(value, earned, meets baseline) of a quantitative indicator."""
    assert indicator.baseline is not None and indicator.leading is not None
    assert indicator.points is not None and indicator.direction is not None
    sources = []
    if indicator.metric is not None:
        sources.append(_col(frame, METRIC + indicator.metric, pl.Float64()))
    sources.append(_col(frame, ANSWER + indicator.code, pl.Float64()).cast(pl.Float64))
    value = pl.coalesce(sources) if len(sources) > 1 else sources[0]
    baseline = indicator.baseline.value
    leading = indicator.leading.value
    share = ((value - pl.lit(baseline)) * pl.lit(1.0 / (leading - baseline))).clip(0.0, 1.0)
    meets = (
        value >= pl.lit(baseline)
        if indicator.direction is Direction.HIGHER_IS_BETTER
        else value <= pl.lit(baseline)
    )
    ab = indicator.scoring.at_baseline.value if indicator.scoring.at_baseline else 0.0
    earned = (
        pl.when(value.is_null())
        .then(pl.lit(None, dtype=pl.Float64))
        .when(meets)
        .then(pl.lit(indicator.points.value) * (pl.lit(ab) + pl.lit(1.0 - ab) * share))
        .otherwise(pl.lit(0.0))
    )
    return value, earned, meets


def _with_quota_scores(standard: IndicatorSet, frame: pl.DataFrame) -> pl.DataFrame:
    """Score every product of the ``q.`` columns against its own levels (the per-unit
    arithmetic, element by element) and add, per indicator with a quota rule, the lowest
    earned points, whether every product meets its 基准值, and the product count."""
    for indicator in standard.indicators:
        names = [f"{QUOTA}{indicator.code}.{part}" for part in _QUOTA_PARTS]
        if indicator.quota is None or not all(n in frame.columns for n in names):
            continue
        assert indicator.points is not None
        ab = indicator.scoring.at_baseline.value if indicator.scoring.at_baseline else 0.0
        value, baseline, leading = (pl.col(n) for n in names)
        share = ((value - baseline) * (pl.lit(1.0) / (leading - baseline))).clip(0.0, 1.0)
        meets = value <= baseline
        earned = (
            pl.when(meets)
            .then(pl.lit(indicator.points.value) * (pl.lit(ab) + pl.lit(1.0 - ab) * share))
            .otherwise(pl.lit(0.0))
        )
        prefix = f"{_ROW}.{indicator.code}"
        scores = (
            frame.select(pl.int_range(pl.len(), dtype=pl.UInt32).alias(_ROW), *names)
            .explode(names)
            .drop_nulls(names[0])
            .group_by(_ROW)
            .agg(
                earned.min().alias(prefix + ".earned"),
                meets.all().alias(prefix + ".meets"),
                pl.len().alias(prefix + ".n"),
            )
        )
        frame = (
            frame.with_row_index(_ROW)
            .join(scores, on=_ROW, how="left", maintain_order="left")
            .drop(_ROW)
        )
    return frame


def _check_frame(standard: IndicatorSet, frame: pl.DataFrame) -> None:
    known = standard.answerable_codes()
    vetoes = {v.code for v in standard.vetoes}
    for name in frame.columns:
        if name.startswith(METRIC):
            if name[len(METRIC) :].partition(":")[0] not in METRICS_BY_CODE:
                raise EvaluationInputInvalidError(where="", field=name, reason="unknown metric")
        elif name.startswith(ANSWER):
            code = name[len(ANSWER) :].removesuffix("#flag")
            if code not in known:
                raise EvaluationInputInvalidError(
                    where="", field=name, reason=f"no code of {standard.code} has this name"
                )
        elif name.startswith(QUOTA):
            code, _, part = name[len(QUOTA) :].rpartition(".")
            rule = next((i for i in standard.indicators if i.code == code), None)
            if rule is None or rule.quota is None or part not in _QUOTA_PARTS:
                raise EvaluationInputInvalidError(
                    where="",
                    field=name,
                    reason=f"no indicator of {standard.code} has a quota rule of this name",
                )
        elif name.startswith(VETO) and name[len(VETO) :] not in vetoes:
            raise EvaluationInputInvalidError(
                where="", field=name, reason=f"not a veto condition of {standard.code}"
            )
    for indicator in standard.indicators:
        if indicator.metric is None:
            continue
        m, a = METRIC + indicator.metric, ANSWER + indicator.code
        if m in frame.columns and a in frame.columns:
            both = frame.select((pl.col(m).is_not_null() & pl.col(a).is_not_null()).sum()).item()
            if both:
                raise EvaluationInputInvalidError(
                    where="",
                    field=a,
                    reason=f"{both} row(s) answer a value computed by accounting (metric {indicator.metric})",
                )


def evaluate_frame(
    standard: IndicatorSet, frame: pl.DataFrame, *, keep: Sequence[str] | None = None
) -> pl.DataFrame:
    """Evaluate every row of ``frame`` against ``standard``."""
    _check_frame(standard, frame)
    carried = (
        list(keep)
        if keep is not None
        else [c for c in frame.columns if not c.startswith((METRIC, ANSWER, VETO, QUOTA))]
    )
    frame = _with_quota_scores(standard, frame)
    exprs: list[pl.Expr] = []
    unmet: list[pl.Expr] = []
    for indicator in standard.indicators:
        if indicator.type == "qualitative":
            points = [
                _item_points(frame, item.code, indicator.code, item.points.value)
                for item in indicator.items
            ]
            total: pl.Expr = pl.lit(0.0)
            for p in points:
                total = total + p.fill_null(0.0)
            any_answer = pl.any_horizontal([p.is_not_null() for p in points])
            earned = pl.when(any_answer).then(total).otherwise(pl.lit(None, dtype=pl.Float64))
            if indicator.mandatory:
                short = pl.any_horizontal(
                    [
                        p.is_null() | (p < pl.lit(item.points.value))
                        for p, item in zip(points, indicator.items, strict=True)
                    ]
                )
                unmet.append(short)
        else:
            value, earned, meets = _quantitative(frame, indicator)
            short = value.is_null() | ~meets.fill_null(False)
            scored = f"{_ROW}.{indicator.code}.n"
            if scored in frame.columns:
                # scored per product against its quota where the row has one
                by_quota = pl.col(scored).fill_null(0) > 0
                earned = (
                    pl.when(by_quota)
                    .then(pl.col(f"{_ROW}.{indicator.code}.earned"))
                    .otherwise(earned)
                )
                short = (
                    pl.when(by_quota)
                    .then(~pl.col(f"{_ROW}.{indicator.code}.meets"))
                    .otherwise(short)
                )
            if indicator.mandatory:
                unmet.append(short)
        exprs.append(earned.alias("ind." + indicator.code))

    contribs: list[pl.Expr] = []
    scores: list[pl.Expr] = []
    for category in standard.categories:
        score_factor, contribution_factor = category_factors(standard, category.code)
        earned_c: pl.Expr = pl.lit(0.0)
        for indicator in standard.indicators_of(category.code):
            earned_c = earned_c + pl.col("ind." + indicator.code).fill_null(0.0)
        contrib = earned_c * pl.lit(contribution_factor)
        scores.append((earned_c * pl.lit(score_factor)).alias("cat." + category.code))
        contribs.append(contrib.alias("contrib." + category.code))

    veto_ok = [
        (_col(frame, VETO + v.code, pl.Boolean()) == pl.lit(False)).fill_null(False)
        for v in standard.vetoes
    ]
    basic_ok = [
        (_col(frame, ANSWER + b.code, pl.Boolean()) == pl.lit(True)).fill_null(False)
        for b in standard.basic_requirements
    ]
    eligible = pl.all_horizontal(veto_ok) if veto_ok else pl.lit(True)
    basic = pl.all_horizontal(basic_ok) if basic_ok else pl.lit(True)
    unmet_count = (
        pl.sum_horizontal([u.cast(pl.Int32) for u in unmet]) if unmet else pl.lit(0, dtype=pl.Int32)
    )

    stage1 = frame.select(
        [
            *[pl.col(c) for c in carried],
            *exprs,
            eligible.alias("eligible"),
            basic.alias("basic_met"),
            unmet_count.alias("unmet_mandatory"),
        ]
    )
    # categories need the indicator columns: second pass on the narrow frame
    total_expr: pl.Expr = pl.lit(0.0)
    for category in standard.categories:
        total_expr = total_expr + pl.col("contrib." + category.code)
    stage2 = stage1.with_columns([*scores, *contribs]).with_columns(total_expr.alias("total"))
    rule = standard.pass_rule
    passed = pl.col("eligible") & pl.col("basic_met")
    if rule.mandatory_all:
        passed = passed & (pl.col("unmet_mandatory") == 0)
    if rule.threshold is not None:
        passed = passed & (pl.col("total") >= pl.lit(rule.threshold.value))
    band: pl.Expr = pl.lit(None, dtype=pl.String)
    for b in sorted(rule.bands, key=lambda x: x.min.value):
        band = (
            pl.when(pl.col("total") >= pl.lit(b.min.value)).then(pl.lit(b.label_zh)).otherwise(band)
        )
    band = pl.when(pl.col("passed")).then(band).otherwise(pl.lit(None, dtype=pl.String))
    out = stage2.with_columns(passed.alias("passed")).with_columns(band.alias("band"))
    first = [*carried, "eligible", "basic_met", "total", "passed", "band", "unmet_mandatory"]
    rest = [c for c in out.columns if c not in first]
    return out.select(first + rest)
