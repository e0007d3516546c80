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
    if reader is None or getattr(unit, "uscc", None) is None:
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


def table_inputs_from_filing(filing: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, float]]:
    """(table fields, accounting metrics) for a filing in the interchange format, through
    the accounting engine (greenmfg.core.accounting): what the form would be prefilled with."""
    from greenmfg.core.accounting import account
    from greenmfg.core.filing.model import Filing
    from greenmfg.core.supervision.table import METRIC_TO_FIELD

    result = account(Filing.model_validate(dict(filing)))
    metrics = dict(result.metrics())
    fields: dict[str, Any] = {}
    for code, name in METRIC_TO_FIELD.items():
        if code in metrics:
            fields[name] = metrics[code]
    fields["energy_per_product"] = {
        k.partition(":")[2]: v for k, v in metrics.items() if k.startswith("energy_per_product:")
    }
    fields["co2_per_product"] = {
        k.partition(":")[2]: v for k, v in metrics.items() if k.startswith("co2_per_product:")
    }
    for name, value in (
        ("output_value_10k_yuan", result.output_value_wan),
        ("value_added_10k_yuan", result.value_added_wan),
        ("water_withdrawal_m3", result.water_withdrawal_m3),
        ("water_reused_m3", result.water_reused_m3),
        ("solid_waste_generated_t", result.solid_waste_generated_t),
        ("solid_waste_utilised_t", result.solid_waste_utilised_t),
    ):
        if value is not None:
            fields[name] = value
    return fields, metrics
