"""Checks of the answers before an evaluation."""

from __future__ import annotations

import math
from collections.abc import Mapping

from greenmfg.core.errors import EvaluationInputInvalidError
from greenmfg.core.evaluation.engine.results import Answer
from greenmfg.core.evaluation.schema import IndicatorSet
from greenmfg.core.metrics import METRICS_BY_CODE


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
