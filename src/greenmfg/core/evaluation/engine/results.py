"""Evaluation results: vetoes, requirements, items, indicators, categories."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from greenmfg.core.evaluation.quota import ProductQuota, SkippedProduct
from greenmfg.core.evaluation.schema import Status

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


class QuotaScore(ProductQuota):
    """One product scored against its quota (level 1 = 引领值, level 2 = 基准值)."""

    share: float
    earned: float
    meets_baseline: bool
    binding: bool  # the product whose score the indicator takes


class QuotaRuleRef(_Out):
    source: str
    clause: str | None
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
    # an indicator with a quota rule: "quota" = scored per product against its GB quota
    # (value, unit, baseline and leading are the binding product's), "standard" = the
    # standard's own metric and values (``quota_fallback`` says why)
    threshold_source: Literal["quota", "standard"] | None = None
    quota_rule: QuotaRuleRef | None = None
    quota_products: list[QuotaScore] = []
    quota_skipped: list[SkippedProduct] = []
    quota_fallback: Literal["no_products", "no_quota_product"] | None = None


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
