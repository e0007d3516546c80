"""Demo step: self-evaluations for enterprises of the demo city and its province, scored
by the engine from their stored accounting results.

The checklist answers are synthetic (drawn from a generator seeded with the credit code),
like the rest of the demo data set; the quantitative values come from the accounting of
each enterprise's annual filing, never invented.
"""

from __future__ import annotations

import random
from typing import Any, TextIO

from django.db.models import Count

from greenmfg.platform.common.demo import DemoStep
from greenmfg.platform.evaluations.services import evaluation_answer, evaluation_create
from greenmfg.platform.evaluations.standards import platform_registry

DEMO_CITY = "320500"  # 苏州: the city of the demo enterprise account
DEMO_LIMIT = 40


def demo_answers(standard: Any, seed: str) -> tuple[dict[str, Any], dict[str, bool]]:
    """Plausible synthetic answers for a demo unit (deterministic per ``seed``)."""
    rng = random.Random(seed)
    answers: dict[str, Any] = {}
    for requirement in standard.basic_requirements:
        answers[requirement.code] = rng.random() < 0.95
    for indicator in standard.indicators:
        if indicator.type == "qualitative":
            for item in indicator.items:
                answers[item.code] = rng.random() < 0.7
        elif indicator.metric is None:
            low, high = sorted((indicator.baseline.value, indicator.leading.value))
            span = high - low
            answers[indicator.code] = round(rng.uniform(low - 0.3 * span, high + 0.2 * span), 2)
    vetoes = {v.code: rng.random() < 0.02 for v in standard.vetoes}
    return answers, vetoes


def demo_self_evaluation(enterprise: Any, registry: Any = None) -> Any:
    """A scored self-evaluation of the enterprise's latest filed year (None: no filing)."""
    from greenmfg.platform.filings.models import AnnualFiling

    registry = registry or platform_registry()
    year = (
        AnnualFiling.objects.filter(enterprise=enterprise)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if year is None:
        return None
    evaluation = evaluation_create(actor=None, enterprise=enterprise, year=year)
    standard = registry.get(evaluation.standard_code)
    answers, vetoes = demo_answers(standard, enterprise.uscc)
    vetoes = {**vetoes, **evaluation.vetoes}  # the year's own declaration wins
    evaluation_answer(actor=None, evaluation=evaluation, answers=answers, vetoes=vetoes)
    return evaluation


def evaluations_demo(dataset: Any, stdout: TextIO) -> None:
    from greenmfg.platform.registry.models import Enterprise

    registry = platform_registry()
    with_filings = Enterprise.objects.filter(annual_filings__isnull=False).annotate(
        n=Count("listings", distinct=True)
    )
    # the demo city first, then the rest of its province
    enterprises = list(with_filings.filter(adcode=DEMO_CITY).order_by("-n", "uscc")[:DEMO_LIMIT])
    if len(enterprises) < DEMO_LIMIT:
        enterprises += list(
            with_filings.filter(adcode__startswith=DEMO_CITY[:2])
            .exclude(adcode=DEMO_CITY)
            .order_by("-n", "uscc")[: DEMO_LIMIT - len(enterprises)]
        )
    made = passed = 0
    for enterprise in enterprises:
        evaluation = demo_self_evaluation(enterprise, registry)
        if evaluation is None:
            continue
        made += 1
        passed += bool(evaluation.passed)
    stdout.write(f"  self-evaluations (province {DEMO_CITY[:2]}): {made} scored, {passed} passed\n")


def engagement_demo(dataset: Any, stdout: TextIO) -> None:
    """The demo enterprise engages the demo evaluator's institution, which prepares the
    third-party evaluation of its latest filed year from its filings and signs the
    report (so that the evaluator's clients, the signed report and its attachment to an
    application can be tried at once)."""
    from greenmfg.platform.accounts.models import User
    from greenmfg.platform.evaluations.engagements import engagement_grant
    from greenmfg.platform.evaluations.models import Engagement
    from greenmfg.platform.evaluations.services import report_create
    from greenmfg.platform.filings.models import AnnualFiling

    enterprise_user = (
        User.objects.filter(username="enterprise").select_related("enterprise").first()
    )
    evaluator = User.objects.filter(username="evaluator").select_related("institution").first()
    if enterprise_user is None or evaluator is None or enterprise_user.enterprise is None:
        return
    enterprise = enterprise_user.enterprise
    if (
        evaluator.institution is None
        or Engagement.objects.filter(
            enterprise=enterprise, institution=evaluator.institution, revoked_at__isnull=True
        ).exists()
    ):
        return
    engagement_grant(
        actor=enterprise_user,
        enterprise=enterprise,
        institution=evaluator.institution,
        purpose="国家级绿色工厂申报第三方评价（演示）",
    )
    year = (
        AnnualFiling.objects.filter(enterprise=enterprise)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    if year is None:
        return
    registry = platform_registry()
    evaluation = evaluation_create(actor=evaluator, enterprise=enterprise, year=year)
    standard = registry.get(evaluation.standard_code)
    answers, _vetoes = demo_answers(standard, enterprise.uscc + "-third-party")
    vetoes = {v.code: False for v in standard.vetoes}  # verified on site by the evaluator
    evaluation_answer(actor=evaluator, evaluation=evaluation, answers=answers, vetoes=vetoes)
    report = report_create(actor=evaluator, evaluation=evaluation, lang="zh", sign=True)
    stdout.write(
        f"  {evaluator.institution.name} evaluated {enterprise.name} ({year}): "
        f"{evaluation.total:.1f} points, signed report {report.content_hash[:12]}\n"
    )


DEMO_STEPS = [
    DemoStep(order=85, name="self-evaluations", run=evaluations_demo),
    DemoStep(order=95, name="third-party engagement", run=engagement_demo),
]
