"""Where dynamic management reads data other apps own.

- The year's accounting data of a unit (H3's ``filings`` app), for the prefill and the
  "contradicts the unit's own accounting" check;
- objections from the workflow app and scores, for the risk-weighted spot check.

Each reader returns ``None`` / empty when the other app has no data for the unit, so
dynamic management works (without prefill) before those apps hold anything.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping
from typing import Any

from greenmfg.core.supervision.table import AMOUNT_FIELDS


def _module(name: str) -> Any | None:
    try:
        if importlib.util.find_spec(name) is None:
            return None
    except ModuleNotFoundError:
        return None
    return importlib.import_module(name)


def accounting_for(unit: Any, year: int) -> tuple[dict[str, float], dict[str, float]] | None:
    """(metrics, amounts) of ``unit``'s accounting result for ``year``, or None.

    Reads the filings app's selector ``accounting_result(enterprise, year)`` when it
    exists; it returns an object with ``metrics`` (metric code → value) and ``filing``
    (the interchange-format dict) or None.
    """
    selectors = _module("greenmfg.platform.filings.selectors")
    reader = getattr(selectors, "accounting_result", None) if selectors is not None else None
    if reader is None or not hasattr(
        unit, "industry"
    ):  # enterprises only; parks have no accounting
        return None
    result = reader(unit, year)
    if result is None:
        return None
    metrics = {str(k): float(v) for k, v in dict(result.metrics).items()}
    amounts: dict[str, float] = {}
    filing = getattr(result, "filing", None)
    if isinstance(filing, Mapping):
        from greenmfg.core.supervision.table import amounts_from_filing

        amounts = {k: v for k, v in amounts_from_filing(filing).items() if k in AMOUNT_FIELDS}
    return metrics, amounts


def accounting_bulk(
    enterprise_ids: list[int], year: int
) -> dict[int, tuple[dict[str, float], dict[str, float]]]:
    """:func:`accounting_for` of many enterprises in one query: enterprise id →
    (metrics, amounts) of its current accounting result for ``year``."""
    selectors = _module("greenmfg.platform.filings.selectors")
    reader = getattr(selectors, "accounting_results_bulk", None) if selectors is not None else None
    if reader is None or not enterprise_ids:
        return {}
    from greenmfg.core.supervision.table import amounts_from_filing

    out: dict[int, tuple[dict[str, float], dict[str, float]]] = {}
    for enterprise_id, (metrics, filing) in reader(enterprise_ids, year).items():
        amounts = {k: v for k, v in amounts_from_filing(filing).items() if k in AMOUNT_FIELDS}
        out[enterprise_id] = ({str(k): float(v) for k, v in metrics.items()}, amounts)
    return out


def objections_for(enterprise_ids: list[int]) -> dict[int, int]:
    """Objections (异议) upheld or open against each enterprise's applications."""
    models = _module("greenmfg.platform.workflow.models")
    objection = getattr(models, "Objection", None) if models is not None else None
    if objection is None or not enterprise_ids:
        return {}
    from django.db.models import Count

    rows = (
        objection.objects.filter(application__enterprise_id__in=enterprise_ids)
        .exclude(status="dismissed")
        .values("application__enterprise_id")
        .annotate(n=Count("pk"))
    )
    return {r["application__enterprise_id"]: r["n"] for r in rows}


def table_fields(metrics: Mapping[str, float], amounts: Mapping[str, float]) -> dict[str, Any]:
    """The table's fields (as the form and the services take them) from accounting metrics
    and the filing's amounts."""
    from greenmfg.core.supervision.table import METRIC_TO_FIELD

    fields: dict[str, Any] = {
        name: metrics[code] for code, name in METRIC_TO_FIELD.items() if code in metrics
    }
    for base in ("energy_per_product", "co2_per_product"):
        fields[base] = {
            k.partition(":")[2]: v for k, v in metrics.items() if k.startswith(f"{base}:")
        }
    fields.update({k: v for k, v in amounts.items() if k in AMOUNT_FIELDS})
    return fields


def table_inputs_from_filing(filing: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, float]]:
    """(table fields, accounting metrics) for a filing in the interchange format, through
    the accounting engine (greenmfg.core.accounting): what the form would be prefilled with."""
    from greenmfg.core.accounting import account
    from greenmfg.core.filing.model import Filing

    result = account(Filing.model_validate(dict(filing)))
    metrics = dict(result.metrics())
    amounts = {
        name: value
        for name, value in (
            ("output_value_10k_yuan", result.output_value_wan),
            ("value_added_10k_yuan", result.value_added_wan),
            ("water_withdrawal_m3", result.water_withdrawal_m3),
            ("water_reused_m3", result.water_reused_m3),
            ("solid_waste_generated_t", result.solid_waste_generated_t),
            ("solid_waste_utilised_t", result.solid_waste_utilised_t),
        )
        if value is not None
    }
    return table_fields(metrics, amounts), metrics


def table_inputs_for(
    unit: Any, year: int, filing: Mapping[str, Any] | None = None
) -> tuple[dict[str, Any], dict[str, float]] | None:
    """(table fields, metrics) of ``unit``'s ``year``: from its stored accounting (the
    filings app) when there is one, else by accounting ``filing`` here, else None."""
    stored = accounting_for(unit, year)
    if stored is not None:
        metrics, amounts = stored
        return table_fields(metrics, amounts), metrics
    if filing is not None:
        return table_inputs_from_filing(filing)
    return None


def green_code_grade(unit: Any) -> str | None:
    """The grade (A+ / A / B) of the unit's latest enterprise green code, if it has one."""
    selectors = _module("greenmfg.platform.greencode.selectors")
    reader = getattr(selectors, "latest_code", None) if selectors is not None else None
    if reader is None or getattr(unit, "uscc", None) is None or not hasattr(unit, "industry"):
        return None
    code = reader(enterprise_id=unit.pk)
    grade = getattr(code, "grade", None) if code is not None else None
    return str(grade) if grade else None


def green_code_percentiles(enterprise_ids: list[int], year: int) -> dict[int, float]:
    """Each enterprise's overall green-code percentile for ``year`` (100 = best, 0 = last),
    from its current code of that data year; absent when it has none."""
    models = _module("greenmfg.platform.greencode.models")
    green_code = getattr(models, "GreenCode", None) if models is not None else None
    if green_code is None or not enterprise_ids:
        return {}
    rows = green_code.objects.filter(
        enterprise_id__in=enterprise_ids, year=year, current=True
    ).values("enterprise_id", "rank_overall", "overall_size")
    out: dict[int, float] = {}
    for r in rows:
        size = r["overall_size"] or 0
        if size > 1:
            out[r["enterprise_id"]] = 100.0 * (size - r["rank_overall"]) / (size - 1)
        elif size == 1:
            out[r["enterprise_id"]] = 100.0
    return out


def green_code_scores(enterprise_ids: list[int], years: list[int]) -> dict[int, dict[int, float]]:
    """Each enterprise's green-code score (higher is better) per data year, from its
    current code of each year — the ranking the bottom-5 % rule reads by default."""
    models = _module("greenmfg.platform.greencode.models")
    green_code = getattr(models, "GreenCode", None) if models is not None else None
    if green_code is None or not enterprise_ids:
        return {}
    out: dict[int, dict[int, float]] = {}
    rows = green_code.objects.filter(
        enterprise_id__in=enterprise_ids, year__in=years, current=True
    ).values_list("enterprise_id", "year", "score")
    for enterprise_id, year, score in rows:
        out.setdefault(enterprise_id, {})[year] = float(score)
    return out
