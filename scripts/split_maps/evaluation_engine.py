"""How ``scripts/split_module.py`` splits ``greenmfg/core/evaluation/engine.py``."""

MAPPING = {
    "default": "scoring",
    "shared": "base",
    "docstrings": {
        "base": "Helpers the evaluation engine's steps share.",
        "results": "Evaluation results: vetoes, requirements, items, indicators, categories.",
        "arithmetic": "Scoring arithmetic shared with the batch path.",
        "checks": "Checks of the answers before an evaluation.",
        "scoring": "The evaluation (评价) of one set of answers, gaps and unverified inputs.",
        "scenarios": "What-if scenarios: the score with some answers changed.",
    },
    "modules": {
        "results": [
            "Answer",
            "_Out",
            "VetoResult",
            "RequirementResult",
            "ItemResult",
            "IndicatorResult",
            "CategoryResult",
            "UnmetMandatory",
            "Gap",
            "UnverifiedInput",
            "EvaluationResult",
        ],
        "arithmetic": [
            "meets_baseline",
            "linear_share",
            "quantitative_points",
            "weight_scale",
            "category_max",
            "category_factors",
        ],
        "checks": ["_is_number", "check_input"],
        "scoring": ["_item_points", "evaluate", "_unverified_flags", "_gaps"],
        "scenarios": ["WhatIf", "what_if"],
    },
}
