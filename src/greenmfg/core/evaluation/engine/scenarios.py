"""What-if scenarios: the score with some answers changed."""

from __future__ import annotations

from collections.abc import Mapping

from greenmfg.core.evaluation.engine.results import Answer, EvaluationResult, _Out
from greenmfg.core.evaluation.engine.scoring import evaluate
from greenmfg.core.evaluation.quota import QuotaInputs
from greenmfg.core.evaluation.schema import IndicatorSet


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
    quotas: Mapping[str, QuotaInputs] | None = None,
) -> WhatIf:
    """Evaluate, change some inputs, evaluate again: the new score and what moved."""
    before = evaluate(standard, metrics=metrics, answers=answers, vetoes=vetoes, quotas=quotas)
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
        quotas=quotas,
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
