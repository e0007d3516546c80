"""The Polars path gives exactly the numbers of the per-unit path (same floats, same flags)."""

from __future__ import annotations

import random

import pytest

from greenmfg.core.batch.evaluation import evaluate_frame, inputs_frame
from greenmfg.core.errors import EvaluationInputInvalidError
from greenmfg.core.evaluation import IndicatorSet, evaluate
from greenmfg.core.evaluation.loader import StandardRegistry
from greenmfg.core.evaluation.quota import ProductQuota, QuotaInputs


@pytest.fixture(scope="module")
def registry() -> StandardRegistry:
    return StandardRegistry()


def _random_input(standard: IndicatorSet, rng: random.Random) -> tuple[dict, dict, dict]:
    metrics: dict[str, float] = {}
    answers: dict[str, bool | float] = {}
    vetoes: dict[str, bool] = {}
    for v in standard.vetoes:
        r = rng.random()
        if r < 0.9:
            vetoes[v.code] = r < 0.03
    for b in standard.basic_requirements:
        if rng.random() < 0.95:
            answers[b.code] = rng.random() < 0.93
    for ind in standard.indicators:
        if ind.type == "qualitative":
            if rng.random() < 0.2:
                answers[ind.code] = rng.random() < 0.5  # the whole indicator at once
                continue
            for item in ind.items:
                r = rng.random()
                if r < 0.6:
                    answers[item.code] = rng.random() < 0.7
                elif r < 0.8:
                    answers[item.code] = round(rng.uniform(0, item.points.value), 2)
        else:
            assert ind.baseline is not None and ind.leading is not None
            lo = min(ind.baseline.value, ind.leading.value)
            hi = max(ind.baseline.value, ind.leading.value)
            span = hi - lo
            if rng.random() < 0.85:
                value = rng.uniform(lo - span, hi + span)
                if rng.random() < 0.1:
                    value = ind.baseline.value  # exactly at the baseline
                if ind.metric is not None and rng.random() < 0.8:
                    metrics[ind.metric] = value
                else:
                    answers[ind.code] = value
    return metrics, answers, vetoes


SHIPPED = sorted(StandardRegistry().codes())


@pytest.mark.parametrize("code", SHIPPED)
def test_batch_equals_single(registry: StandardRegistry, code: str) -> None:
    standard = registry.get(code)
    rng = random.Random(f"batch-{code}")
    rows = [_random_input(standard, rng) for _ in range(600)]
    frame = inputs_frame(rows, standard=standard).with_row_index("row")
    out = evaluate_frame(standard, frame)
    assert out.height == len(rows)
    for rec, (metrics, answers, vetoes) in zip(out.iter_rows(named=True), rows, strict=True):
        single = evaluate(standard, metrics=metrics, answers=answers, vetoes=vetoes)
        assert rec["total"] == single.total  # exact, not approximate
        assert rec["eligible"] == single.eligible
        assert rec["basic_met"] == single.basic_requirements_met
        assert rec["passed"] == single.passed
        assert rec["band"] == single.band
        assert rec["unmet_mandatory"] == len(single.unmet_mandatory)
        for c in single.categories:
            assert rec["cat." + c.code] == c.score
            assert rec["contrib." + c.code] == c.contribution
        for i in single.indicators:
            assert rec["ind." + i.code] == i.earned, i.code


def test_batch_refuses_unknown_columns(registry: StandardRegistry) -> None:
    import polars as pl

    standard = registry.get("GB/T 36132-2025")
    with pytest.raises(EvaluationInputInvalidError) as info:
        evaluate_frame(standard, pl.DataFrame({"a.X99": [True]}))
    assert info.value.params["field"] == "a.X99"
    with pytest.raises(EvaluationInputInvalidError) as info:
        evaluate_frame(standard, pl.DataFrame({"m.renewable_share": [10.0], "a.EL3": [12.0]}))
    assert info.value.params["field"] == "a.EL3"


def _random_quotas(standard: IndicatorSet, rng: random.Random) -> dict[str, QuotaInputs]:
    """0–3 products per quota rule, values around their levels (negative ones too, as
    GB 21256 BOF levels are), sometimes exactly at 基准值 or 引领值."""
    out: dict[str, QuotaInputs] = {}
    for ind in standard.indicators:
        if ind.quota is None or rng.random() < 0.15:
            continue
        products = []
        for k in range(rng.choice([0, 1, 1, 2, 3])):
            leading = rng.uniform(-40.0, 14000.0)
            baseline = leading + rng.uniform(0.5, 60.0)
            value = rng.uniform(leading - 30.0, baseline + 30.0)
            if rng.random() < 0.1:
                value = rng.choice([leading, baseline])
            products.append(
                ProductQuota(
                    product=f"p{k}",
                    name_zh="产品",
                    product_unit="t",
                    value=value,
                    unit="kgce/t",
                    leading=leading,
                    baseline=baseline,
                    quota="q",
                    standard="GB 0-0",
                    title="",
                    indicator="",
                    indicator_en="",
                    clause="表1",
                    status="secondary",
                )
            )
        out[ind.code] = QuotaInputs(products=tuple(products))
    return out


@pytest.mark.parametrize("code", SHIPPED)
def test_batch_equals_single_with_quota_thresholds(registry: StandardRegistry, code: str) -> None:
    standard = registry.get(code)
    rng = random.Random(f"quota-{code}")
    rows = [_random_input(standard, rng) for _ in range(400)]
    quotas = [_random_quotas(standard, rng) for _ in rows]
    out = evaluate_frame(standard, inputs_frame(rows, standard=standard, quotas=quotas))
    for rec, (metrics, answers, vetoes), q in zip(
        out.iter_rows(named=True), rows, quotas, strict=True
    ):
        single = evaluate(standard, metrics=metrics, answers=answers, vetoes=vetoes, quotas=q)
        assert rec["total"] == single.total
        assert rec["passed"] == single.passed
        assert rec["unmet_mandatory"] == len(single.unmet_mandatory)
        for i in single.indicators:
            assert rec["ind." + i.code] == i.earned, i.code
