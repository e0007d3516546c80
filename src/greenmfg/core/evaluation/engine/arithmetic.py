"""Scoring arithmetic shared with the batch path."""

from __future__ import annotations

from greenmfg.core.evaluation.schema import Indicator, IndicatorSet
from greenmfg.core.metrics import Direction


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


def quantitative_points(
    indicator: Indicator,
    value: float,
    *,
    baseline: float | None = None,
    leading: float | None = None,
) -> tuple[float, float, bool]:
    """(earned points, share, meets baseline) of a quantitative indicator; ``baseline`` and
    ``leading`` replace the standard's values for one filing (a product's quota levels)."""
    assert indicator.baseline is not None and indicator.leading is not None
    assert indicator.points is not None and indicator.direction is not None
    base = indicator.baseline.value if baseline is None else baseline
    lead = indicator.leading.value if leading is None else leading
    share = linear_share(value, base, lead)
    meets = meets_baseline(value, base, indicator.direction)
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
