"""The evaluation (评价) of one set of answers, gaps and unverified inputs."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from greenmfg.core.evaluation.engine.arithmetic import (
    category_factors,
    category_max,
    quantitative_points,
)
from greenmfg.core.evaluation.engine.checks import check_input
from greenmfg.core.evaluation.engine.results import (
    Answer,
    CategoryResult,
    EvaluationResult,
    Gap,
    IndicatorResult,
    ItemResult,
    QuotaRuleRef,
    QuotaScore,
    RequirementResult,
    UnmetMandatory,
    UnverifiedInput,
    VetoResult,
)
from greenmfg.core.evaluation.quota import QuotaInputs
from greenmfg.core.evaluation.schema import Indicator, IndicatorSet
from greenmfg.core.metrics import METRICS_BY_CODE


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
    quotas: Mapping[str, QuotaInputs] | None = None,
) -> EvaluationResult:
    """Score one unit.  ``quotas`` (indicator code → :class:`QuotaInputs`, from
    :func:`greenmfg.core.evaluation.quota.quota_inputs`) are the per-filing thresholds of
    the indicators with a quota rule; without them such an indicator uses the standard's
    own metric and values, and its result says so."""
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
        elif indicator.quota is not None and _has_quota(quotas, indicator.code):
            assert quotas is not None
            result = _quota_result(indicator, quotas[indicator.code], flags)
            if indicator.mandatory and not result.meets_baseline:
                unmet.append(
                    UnmetMandatory(
                        indicator=indicator.code,
                        name_zh=result.name_zh,
                        name_en=result.name_en,
                        reason="below_baseline",
                    )
                )
        else:
            assert indicator.baseline is not None and indicator.leading is not None
            fallback = _fallback_fields(indicator, quotas)
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
                    **fallback,
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
                    **fallback,
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


def _has_quota(quotas: Mapping[str, QuotaInputs] | None, code: str) -> bool:
    return quotas is not None and code in quotas and bool(quotas[code].products)


def _rule_ref(indicator: Indicator) -> QuotaRuleRef:
    assert indicator.quota is not None
    return QuotaRuleRef(
        source=indicator.quota.source, clause=indicator.quota.clause, status=indicator.quota.status
    )


def _fallback_fields(
    indicator: Indicator, quotas: Mapping[str, QuotaInputs] | None
) -> dict[str, Any]:
    """The trace of an indicator with a quota rule scored on the standard's own values."""
    if indicator.quota is None:
        return {}
    given = (quotas or {}).get(indicator.code)
    return {
        "threshold_source": "standard",
        "quota_rule": _rule_ref(indicator),
        "quota_skipped": list(given.skipped) if given is not None else [],
        "quota_fallback": "no_quota_product"
        if given is not None and given.skipped
        else "no_products",
    }


def _quota_result(indicator: Indicator, given: QuotaInputs, flags: list[str]) -> IndicatorResult:
    """Every product with a quota scored against its own levels; the indicator takes the
    lowest score (a product above its 基准值 earns 0 and leaves a mandatory indicator unmet)."""
    scores: list[tuple[float, float, bool]] = [
        quantitative_points(indicator, p.value, baseline=p.baseline, leading=p.leading)
        for p in given.products
    ]
    binding = min(range(len(scores)), key=lambda i: (scores[i][0], scores[i][2], scores[i][1]))
    earned, share, meets = scores[binding]
    meets = all(s[2] for s in scores)
    chosen = given.products[binding]
    # the generic EL1 reads energy per value added; scored against quotas it is the
    # energy per unit of product (单位产品综合能耗), and is named so
    per_product = METRICS_BY_CODE["energy_per_product"]
    generic = (indicator.metric or "").partition(":")[0] != per_product.code
    return IndicatorResult(
        code=indicator.code,
        category=indicator.category,
        name_zh=per_product.name_zh if generic else indicator.name_zh,
        name_en=per_product.name_en if generic else indicator.name_en,
        type="quantitative",
        mandatory=indicator.mandatory,
        max_points=indicator.max_points,
        earned=earned,
        state="scored",
        value=chosen.value,
        input_source="accounting",
        metric=indicator.metric,
        unit=chosen.unit,
        direction=indicator.direction.value if indicator.direction else None,
        baseline=chosen.baseline,
        leading=chosen.leading,
        share=share,
        meets_baseline=meets,
        evidence=list(indicator.evidence),
        # the standard's own baseline and leading value are not used
        unverified=[f for f in flags if f not in ("baseline", "leading")],
        threshold_source="quota",
        quota_rule=_rule_ref(indicator),
        quota_products=[
            QuotaScore(
                **p.model_dump(),
                share=sc[1],
                earned=sc[0],
                meets_baseline=sc[2],
                binding=i == binding,
            )
            for i, (p, sc) in enumerate(zip(given.products, scores, strict=True))
        ],
        quota_skipped=list(given.skipped),
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
