"""Evaluation against green manufacturing standards (评价标准): indicator sets as data,
the scoring engine, gap analysis and what-if."""

from greenmfg.core.evaluation.engine import (
    EvaluationResult,
    WhatIf,
    check_input,
    evaluate,
    what_if,
)
from greenmfg.core.evaluation.loader import (
    StandardRegistry,
    default_registry,
    load_standard,
)
from greenmfg.core.evaluation.schema import IndicatorSet, Status

__all__ = [
    "EvaluationResult",
    "IndicatorSet",
    "StandardRegistry",
    "Status",
    "WhatIf",
    "check_input",
    "default_registry",
    "evaluate",
    "load_standard",
    "what_if",
]
