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

from greenmfg.core.evaluation.engine.arithmetic import (
    category_factors,
    category_max,
    linear_share,
    meets_baseline,
    quantitative_points,
    weight_scale,
)
from greenmfg.core.evaluation.engine.checks import check_input
from greenmfg.core.evaluation.engine.results import (
    Answer,
    CategoryResult,
    EvaluationResult,
    Gap,
    IndicatorResult,
    ItemResult,
    RequirementResult,
    UnmetMandatory,
    UnverifiedInput,
    VetoResult,
)
from greenmfg.core.evaluation.engine.scenarios import WhatIf, what_if
from greenmfg.core.evaluation.engine.scoring import evaluate

__all__ = [
    "Answer",
    "CategoryResult",
    "EvaluationResult",
    "Gap",
    "IndicatorResult",
    "ItemResult",
    "RequirementResult",
    "UnmetMandatory",
    "UnverifiedInput",
    "VetoResult",
    "WhatIf",
    "category_factors",
    "category_max",
    "check_input",
    "evaluate",
    "linear_share",
    "meets_baseline",
    "quantitative_points",
    "weight_scale",
    "what_if",
]
