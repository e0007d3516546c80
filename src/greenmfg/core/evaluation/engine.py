"""The scoring engine: veto → basic requirements → scoring → total, with gap analysis.

Inputs are plain mappings, so the engine runs without the accounting engine or a database:

- ``metrics``: metric code (core.metrics) → value, from the accounting results of the
  same filing; an absent metric is *no data*, never zero;
- ``answers``: basic-requirement code → bool, qualitative item code → bool (true earns
  the item's full points) or the points earned, quantitative indicator code → value
  (only for indicators that no metric computes, or whose metric is absent);
- ``vetoes``: veto-condition code → bool (true = the condition happened).

Arithmetic (shared with the Polars path in core.batch.evaluation, which must give the
same numbers bit for bit)::

    share   = clamp((value - baseline) * (1 / (leading - baseline)), 0, 1)
    earned  = points * (at_baseline + (1 - at_baseline) * share)   if value meets the baseline
            = 0                                                    otherwise
    contribution(category) = earned_c * (weight_c * (100 / Σ weights) / max_c)
    total   = Σ contributions, categories in file order
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict

from greenmfg.core.errors import EvaluationInputInvalidError
from greenmfg.core.evaluation.schema import Indicator, IndicatorSet, Status
from greenmfg.core.metrics import METRICS_BY_CODE, Direction

Answer = bool | float


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class VetoResult(_Out):
    code: str
    text_zh: str
    text_en: str
    clause: str | None
    status: Status
    hit: bool | None  # None: not declared


class RequirementResult(_Out):
    code: str
    text_zh: str
    text_en: str
    evidence: list[str]
    met: bool | None  # None: not answered


class ItemResult(_Out):
    code: str
    text_zh: str
    text_en: str
    evidence: list[str]
    max_points: float
    earned: float | None  # None: not answered (no data)
    status: Status


class IndicatorResult(_Out):
    code: str
    category: str
    name_zh: str
    name_en: str
    type: Literal["qualitative", "quantitative"]
    mandatory: bool
    max_points: float
    earned: float | None  # None: no data
    state: Literal["scored", "no_data"]
    value: float | None = None
    input_source: Literal["accounting", "answer"] | None = None
    metric: str | None = None
    unit: str | None = None
    direction: str | None = None
    baseline: float | None = None
    leading: float | None = None
    share: float | None = None
    meets_baseline: bool | None = None
    items: list[ItemResult] = []
    evidence: list[str] = []
    unverified: list[str] = []  # which of its numbers no source confirms


class CategoryResult(_Out):
    code: str
    name_zh: str
    name_en: str
    weight: float
    weight_status: Status
    max_points: float
    earned: float
    score: float  # 0–100 within the category
    contribution: float  # points of the total
    no_data: list[str]


class UnmetMandatory(_Out):
    indicator: str
    name_zh: str
    name_en: str
    reason: Literal["no_data", "below_baseline", "item_not_met"]
    items: list[str] = []


class Gap(_Out):
    indicator: str
    item: str | None
    category: str
    name_zh: str
    name_en: str
    mandatory: bool
    reason: Literal["below_leading", "no_data", "item_not_met"]
    points_gained: float  # on the total's 0–100 scale
    current_value: float | None
    target_value: float | bool
    baseline: float | None
    unit: str | None


class UnverifiedInput(_Out):
    path: str
    value: float
    source: str


class EvaluationResult(_Out):
    standard: str
    title_zh: str
    title_en: str
    kind: str
    standard_status: Status
    eligible: bool
    vetoes_hit: list[str]
    vetoes_undeclared: list[str]
    vetoes: list[VetoResult]
    basic_requirements_met: bool
    basic_unmet: list[str]
    basic_requirements: list[RequirementResult]
    total: float
    threshold: float | None
    threshold_status: Status | None
    passed: bool
    band: str | None
    band_en: str | None
    categories: list[CategoryResult]
    indicators: list[IndicatorResult]
    unmet_mandatory: list[UnmetMandatory]
    gaps: list[Gap]
    no_data: list[str]
    missing_metrics: list[str]
    unverified_inputs: list[UnverifiedInput]

    def indicator(self, code: str) -> IndicatorResult:
        for result in self.indicators:
            if result.code == code:
                return result
        raise KeyError(code)

    def category(self, code: str) -> CategoryResult:
        for result in self.categories:
            if result.code == code:
                return result
        raise KeyError(code)


# --- arithmetic shared with the batch path ---------------------------------------------


def meets_baseline(value: float, baseline: float, direction: Direction) -> bool:
    if direction is Direction.HIGHER_IS_BETTER:
        return value >= baseline
    return value <= baseline


def linear_share(value: float, baseline: float, leading: float) -> float:
    # a product with the precomputed reciprocal, never a division by the span: vectorised
    # kernels may turn a division by a constant into that product, and both paths must
    # round the same way
    share = (value - baseline) * (1.0 / (leading - baseline))
    return min(max(share, 0.0), 1.0)


def quantitative_points(indicator: Indicator, value: float) -> tuple[float, float, bool]:
    """(earned points, share, meets baseline) of a quantitative indicator."""
    assert indicator.baseline is not None and indicator.leading is not None
    assert indicator.points is not None and indicator.direction is not None
    baseline = indicator.baseline.value
    share = linear_share(value, baseline, indicator.leading.value)
    meets = meets_baseline(value, baseline, indicator.direction)
    at_baseline = indicator.scoring.at_baseline.value if indicator.scoring.at_baseline else 0.0
    earned = indicator.points.value * (at_baseline + (1.0 - at_baseline) * share) if meets else 0.0
    return earned, share, meets


def weight_scale(standard: IndicatorSet) -> float:
    total = 0.0
    for category in standard.categories:
        total = total + category.weight.value
    return 100.0 / total


def category_max(standard: IndicatorSet, category: str) -> float:
    total = 0.0
    for indicator in standard.indicators_of(category):
        total = total + indicator.max_points
    return total


def category_factors(standard: IndicatorSet, category: str) -> tuple[float, float]:
    """(score factor, contribution factor): earned points × factor = the category's score
    (0–100) and its points of the total."""
    maximum = category_max(standard, category)
    weight = standard.category(category).weight.value
    return 100.0 / maximum, weight * weight_scale(standard) / maximum


# --- input checks ------------------------------------------------------------------------


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def check_input(
    standard: IndicatorSet,
    metrics: Mapping[str, float],
    answers: Mapping[str, Answer],
    vetoes: Mapping[str, bool],
) -> None:
    """Refuse unknown codes and values of the wrong type, naming the field."""
    for code, value in metrics.items():
        if code.partition(":")[0] not in METRICS_BY_CODE:
            raise EvaluationInputInvalidError(
                where="",
                field=f"metrics.{code}",
                reason=f"unknown metric; expected one of: {', '.join(sorted(METRICS_BY_CODE))}",
            )
        if not _is_number(value):
            raise EvaluationInputInvalidError(
                where="", field=f"metrics.{code}", reason=f"{value!r} is not a finite number"
            )
    veto_codes = [v.code for v in standard.vetoes]
    for code, hit in vetoes.items():
        if code not in veto_codes:
            raise EvaluationInputInvalidError(
                where="",
                field=f"vetoes.{code}",
                reason=f"not a veto condition of {standard.code}; expected one of: {', '.join(veto_codes) or '(none)'}",
            )
        if not isinstance(hit, bool):
            raise EvaluationInputInvalidError(
                where="", field=f"vetoes.{code}", reason=f"{hit!r} is not true or false"
            )
    requirements = {b.code for b in standard.basic_requirements}
    items = {it.code: it for i in standard.indicators for it in i.items}
    quantitative = {i.code: i for i in standard.indicators if i.type == "quantitative"}
    qualitative = {i.code for i in standard.indicators if i.type == "qualitative"}
    for code, value in answers.items():
        field = f"answers.{code}"
        if code in requirements:
            if not isinstance(value, bool):
                raise EvaluationInputInvalidError(
                    where="",
                    field=field,
                    reason=f"a basic requirement is true or false, got {value!r}",
                )
        elif code in items:
            if isinstance(value, bool):
                continue
            maximum = items[code].points.value
            if not _is_number(value) or not 0 <= value <= maximum:
                raise EvaluationInputInvalidError(
                    where="",
                    field=field,
                    reason=f"an item is true, false or the points earned (0 to {maximum:g}); got {value!r}",
                )
        elif code in qualitative:
            if not isinstance(value, bool):
                raise EvaluationInputInvalidError(
                    where="",
                    field=field,
                    reason=f"a qualitative indicator answered as a whole is true or false, got {value!r}",
                )
        elif code in quantitative:
            indicator = quantitative[code]
            if not _is_number(value):
                raise EvaluationInputInvalidError(
                    where="",
                    field=field,
                    reason=f"a quantitative indicator takes a number ({indicator.unit}), got {value!r}",
                )
            if indicator.metric is not None and indicator.metric in metrics:
                raise EvaluationInputInvalidError(
                    where="",
                    field=field,
                    reason=f"computed by accounting (metric {indicator.metric}); remove the answer",
                )
        else:
            raise EvaluationInputInvalidError(
                where="",
                field=field,
                reason=(
                    f"no basic requirement, item or quantitative indicator of {standard.code} "
                    f"has this code"
                ),
            )


# --- evaluation ----------------------------------------------------------------------------


def _item_points(answer: Answer | None, maximum: float) -> float | None:
    if answer is None:
        return None
    if isinstance(answer, bool):
        return maximum if answer else 0.0
    return float(answer)


def evaluate(
    standard: IndicatorSet,
    *,
    metrics: Mapping[str, float],
    answers: Mapping[str, Answer],
    vetoes: Mapping[str, bool],
) -> EvaluationResult:
    check_input(standard, metrics, answers, vetoes)

    # 1. veto conditions (一票否决)
    veto_results = [
        VetoResult(
            code=v.code,
            text_zh=v.text_zh,
            text_en=v.text_en,
            clause=v.clause,
            status=v.status,
            hit=vetoes.get(v.code),
        )
        for v in standard.vetoes
    ]
    vetoes_hit = [v.code for v in veto_results if v.hit is True]
    undeclared = [v.code for v in veto_results if v.hit is None]

    # 2. basic requirements (基本要求)
    req_results = []
    for b in standard.basic_requirements:
        met = answers.get(b.code)
        req_results.append(
            RequirementResult(
                code=b.code,
                text_zh=b.text_zh,
                text_en=b.text_en,
                evidence=list(b.evidence),
                met=met if isinstance(met, bool) else None,
            )
        )
    basic_unmet = [r.code for r in req_results if r.met is not True]

    # 3. scored indicators
    unverified_numbers = {path: num for path, num in standard.numbers() if num.unverified}
    indicator_results: list[IndicatorResult] = []
    unmet: list[UnmetMandatory] = []
    missing_metrics: list[str] = []
    earned_by_category: dict[str, float] = {c.code: 0.0 for c in standard.categories}
    flags_of = _unverified_flags(standard, unverified_numbers)
    for indicator in standard.indicators:
        flags = flags_of.get(indicator.code, [])
        if indicator.type == "qualitative":
            items = []
            earned: float | None = None
            whole = answers.get(indicator.code)  # true/false for every item at once
            for item in indicator.items:
                points = _item_points(answers.get(item.code, whole), item.points.value)
                items.append(
                    ItemResult(
                        code=item.code,
                        text_zh=item.text_zh,
                        text_en=item.text_en,
                        evidence=list(item.evidence),
                        max_points=item.points.value,
                        earned=points,
                        status=item.points.status,
                    )
                )
                if points is not None:
                    earned = (earned if earned is not None else 0.0) + points
            result = IndicatorResult(
                code=indicator.code,
                category=indicator.category,
                name_zh=indicator.name_zh,
                name_en=indicator.name_en,
                type="qualitative",
                mandatory=indicator.mandatory,
                max_points=indicator.max_points,
                earned=earned,
                state="scored" if earned is not None else "no_data",
                items=items,
                evidence=list(indicator.evidence),
                unverified=flags,
            )
            if indicator.mandatory:
                short = [it.code for it in items if it.earned is None or it.earned < it.max_points]
                if short:
                    all_missing = all(it.earned is None for it in items)
                    unmet.append(
                        UnmetMandatory(
                            indicator=indicator.code,
                            name_zh=indicator.name_zh,
                            name_en=indicator.name_en,
                            reason="no_data" if all_missing else "item_not_met",
                            items=short,
                        )
                    )
        else:
            assert indicator.baseline is not None and indicator.leading is not None
            value: float | None = None
            source: Literal["accounting", "answer"] | None = None
            if indicator.metric is not None and indicator.metric in metrics:
                value, source = float(metrics[indicator.metric]), "accounting"
            elif indicator.code in answers:
                value, source = float(answers[indicator.code]), "answer"
            elif indicator.metric is not None:
                missing_metrics.append(indicator.metric)
            if value is None:
                result = IndicatorResult(
                    code=indicator.code,
                    category=indicator.category,
                    name_zh=indicator.name_zh,
                    name_en=indicator.name_en,
                    type="quantitative",
                    mandatory=indicator.mandatory,
                    max_points=indicator.max_points,
                    earned=None,
                    state="no_data",
                    metric=indicator.metric,
                    unit=indicator.unit,
                    direction=indicator.direction.value if indicator.direction else None,
                    baseline=indicator.baseline.value,
                    leading=indicator.leading.value,
                    evidence=list(indicator.evidence),
                    unverified=flags,
                )
                if indicator.mandatory:
                    unmet.append(
                        UnmetMandatory(
                            indicator=indicator.code,
                            name_zh=indicator.name_zh,
                            name_en=indicator.name_en,
                            reason="no_data",
                        )
                    )
            else:
                earned_q, share, meets = quantitative_points(indicator, value)
                earned = earned_q
                result = IndicatorResult(
                    code=indicator.code,
                    category=indicator.category,
                    name_zh=indicator.name_zh,
                    name_en=indicator.name_en,
                    type="quantitative",
                    mandatory=indicator.mandatory,
                    max_points=indicator.max_points,
                    earned=earned_q,
                    state="scored",
                    value=value,
                    input_source=source,
                    metric=indicator.metric,
                    unit=indicator.unit,
                    direction=indicator.direction.value if indicator.direction else None,
                    baseline=indicator.baseline.value,
                    leading=indicator.leading.value,
                    share=share,
                    meets_baseline=meets,
                    evidence=list(indicator.evidence),
                    unverified=flags,
                )
                if indicator.mandatory and not meets:
                    unmet.append(
                        UnmetMandatory(
                            indicator=indicator.code,
                            name_zh=indicator.name_zh,
                            name_en=indicator.name_en,
                            reason="below_baseline",
                        )
                    )
        if result.earned is not None:
            earned_by_category[indicator.category] = (
                earned_by_category[indicator.category] + result.earned
            )
        indicator_results.append(result)

    # 4. totals by category
    category_results = []
    total = 0.0
    for category in standard.categories:
        maximum = category_max(standard, category.code)
        score_factor, contribution_factor = category_factors(standard, category.code)
        earned_c = earned_by_category[category.code]
        contribution = earned_c * contribution_factor
        total = total + contribution
        category_results.append(
            CategoryResult(
                code=category.code,
                name_zh=category.name_zh,
                name_en=category.name_en,
                weight=category.weight.value,
                weight_status=category.weight.status,
                max_points=maximum,
                earned=earned_c,
                score=earned_c * score_factor,
                contribution=contribution,
                no_data=[
                    r.code
                    for r in indicator_results
                    if r.category == category.code and r.state == "no_data"
                ],
            )
        )

    # 5. gaps ranked by points gained
    gaps = _gaps(standard, indicator_results)

    # 6. conclusion
    rule = standard.pass_rule
    eligible = not vetoes_hit and not undeclared
    threshold = rule.threshold.value if rule.threshold is not None else None
    passed = (
        eligible
        and not basic_unmet
        and (not rule.mandatory_all or not unmet)
        and (threshold is None or total >= threshold)
    )
    band = None
    band_en = None
    if passed:
        for rule_band in sorted(rule.bands, key=lambda x: x.min.value, reverse=True):
            if total >= rule_band.min.value:
                band, band_en = rule_band.label_zh, rule_band.label_en
                break
    return EvaluationResult(
        standard=standard.code,
        title_zh=standard.metadata.title_zh,
        title_en=standard.metadata.title_en,
        kind=standard.metadata.kind.value,
        standard_status=standard.metadata.status,
        eligible=eligible,
        vetoes_hit=vetoes_hit,
        vetoes_undeclared=undeclared,
        vetoes=veto_results,
        basic_requirements_met=not basic_unmet,
        basic_unmet=basic_unmet,
        basic_requirements=req_results,
        total=total,
        threshold=threshold,
        threshold_status=rule.threshold.status if rule.threshold is not None else None,
        passed=passed,
        band=band,
        band_en=band_en,
        categories=category_results,
        indicators=indicator_results,
        unmet_mandatory=unmet,
        gaps=gaps,
        no_data=[r.code for r in indicator_results if r.state == "no_data"],
        missing_metrics=missing_metrics,
        unverified_inputs=[
            UnverifiedInput(path=path, value=num.value, source=num.source)
            for path, num in unverified_numbers.items()
        ],
    )


def _unverified_flags(
    standard: IndicatorSet, unverified: Mapping[str, object]
) -> dict[str, list[str]]:
    """indicator code → the names of its numbers no source confirms."""
    out: dict[str, list[str]] = {}
    for indicator in standard.indicators:
        prefix = f"indicators.{indicator.code}."
        names = [
            name
            for name in ("baseline", "leading", "points", "scoring.at_baseline")
            if prefix + name in unverified
        ]
        names += [
            f"items.{it.code}.points"
            for it in indicator.items
            if f"items.{it.code}.points" in unverified
        ]
        if names:
            out[indicator.code] = names
    return out


def _gaps(standard: IndicatorSet, results: list[IndicatorResult]) -> list[Gap]:
    gaps: list[Gap] = []
    factors = {c.code: category_factors(standard, c.code)[1] for c in standard.categories}
    for r in results:
        per_point = factors[r.category]
        if r.type == "quantitative":
            if r.earned is not None and r.earned >= r.max_points:
                continue
            assert r.leading is not None
            gaps.append(
                Gap(
                    indicator=r.code,
                    item=None,
                    category=r.category,
                    name_zh=r.name_zh,
                    name_en=r.name_en,
                    mandatory=r.mandatory,
                    reason="no_data" if r.earned is None else "below_leading",
                    points_gained=(r.max_points - (r.earned or 0.0)) * per_point,
                    current_value=r.value,
                    target_value=r.leading,
                    baseline=r.baseline,
                    unit=r.unit,
                )
            )
        else:
            for item in r.items:
                if item.earned is not None and item.earned >= item.max_points:
                    continue
                gaps.append(
                    Gap(
                        indicator=r.code,
                        item=item.code,
                        category=r.category,
                        name_zh=f"{r.name_zh}：{item.text_zh}",
                        name_en=f"{r.name_en}: {item.text_en}",
                        mandatory=r.mandatory,
                        reason="no_data" if item.earned is None else "item_not_met",
                        points_gained=(item.max_points - (item.earned or 0.0)) * per_point,
                        current_value=item.earned,
                        target_value=True,
                        baseline=None,
                        unit=None,
                    )
                )
    gaps.sort(key=lambda g: (-g.points_gained, not g.mandatory, g.indicator, g.item or ""))
    return gaps


class WhatIf(_Out):
    before: EvaluationResult
    after: EvaluationResult
    total_change: float
    changed_indicators: list[str]


def what_if(
    standard: IndicatorSet,
    *,
    metrics: Mapping[str, float],
    answers: Mapping[str, Answer],
    vetoes: Mapping[str, bool],
    change_metrics: Mapping[str, float] | None = None,
    change_answers: Mapping[str, Answer] | None = None,
    change_vetoes: Mapping[str, bool] | None = None,
) -> WhatIf:
    """Evaluate, change some inputs, evaluate again: the new score and what moved."""
    before = evaluate(standard, metrics=metrics, answers=answers, vetoes=vetoes)
    new_metrics = {**metrics, **(change_metrics or {})}
    new_answers = {**answers, **(change_answers or {})}
    # an indicator value typed for a metric the accounting also gives replaces the metric
    for indicator in standard.indicators:
        if indicator.code in (change_answers or {}) and indicator.metric in new_metrics:
            new_metrics.pop(indicator.metric)
    after = evaluate(
        standard,
        metrics=new_metrics,
        answers=new_answers,
        vetoes={**vetoes, **(change_vetoes or {})},
    )
    changed = [
        b.code
        for b, a in zip(before.indicators, after.indicators, strict=True)
        if b.earned != a.earned or b.value != a.value
    ]
    return WhatIf(
        before=before,
        after=after,
        total_change=after.total - before.total,
        changed_indicators=changed,
    )
