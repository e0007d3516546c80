"""Where an evaluation's inputs come from when no filing is uploaded, in this order:

1. the enterprise's stored annual filing and its current accounting record (filings app);
2. the unit's annual dynamic management table (supervision app), whose figures the
   accounting engine computed from the year's filing.

The metrics are read, never retyped."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from greenmfg.core.domain import veto_item_for_clause
from greenmfg.core.evaluation.quota import (
    QuotaInputs,
    electricity_from_accounting,
    quota_inputs,
)
from greenmfg.core.evaluation.schema import IndicatorSet
from greenmfg.core.filing.model import ProductLine
from greenmfg.core.supervision.table import METRIC_TO_FIELD


def dynamic_filing_inputs(
    *, enterprise: Any, year: int, standard: IndicatorSet
) -> tuple[dict[str, float], dict[str, bool], int] | None:
    """(metrics, veto declarations, filing id) from the submitted dynamic management table
    of ``enterprise`` for ``year``, or ``None`` when there is none."""
    from greenmfg.platform.supervision.models import DynamicFiling

    filing = (
        DynamicFiling.objects.filter(enterprise=enterprise, year=year)
        .exclude(status=DynamicFiling.Status.DRAFT)
        .first()
    )
    if filing is None or not isinstance(filing.data, dict):
        return None
    metrics, vetoes = table_inputs(filing.data, standard)
    return metrics, vetoes, filing.pk


def table_inputs(
    data: dict[str, Any], standard: IndicatorSet
) -> tuple[dict[str, float], dict[str, bool]]:
    """(metrics, veto declarations) of a dynamic management table's data."""
    metrics: dict[str, float] = {}
    for metric, field in METRIC_TO_FIELD.items():
        value = data.get(field)
        if isinstance(value, int | float) and not isinstance(value, bool):
            metrics[metric] = float(value)
    for base in ("energy_per_product", "co2_per_product"):
        per_product = data.get(base)
        if isinstance(per_product, dict):
            for product, value in per_product.items():
                if isinstance(value, int | float) and not isinstance(value, bool):
                    metrics[f"{base}:{product}"] = float(value)
    vetoes: dict[str, bool] = {}
    declared = data.get("vetoes")
    if isinstance(declared, dict):
        for condition in standard.vetoes:
            item = veto_item_for_clause(condition.clause)
            value = declared.get(item.value) if item is not None else None
            if isinstance(value, bool):
                vetoes[condition.code] = value
    return metrics, vetoes


def table_vetoes(
    *, enterprise: Any, year: int, standard: IndicatorSet
) -> tuple[dict[str, bool], int]:
    """The veto conditions (一票否决) the unit already declared in its submitted dynamic
    management table of ``year`` (Measures Art. 15, asked once a year), and the year; an
    empty dict when there is no such table.  The self-evaluation does not ask them again."""
    from greenmfg.platform.supervision.models import DynamicFiling

    filing = (
        DynamicFiling.objects.filter(enterprise=enterprise, year=year)
        .exclude(status=DynamicFiling.Status.DRAFT)
        .only("data")
        .first()
    )
    if filing is None or not isinstance(filing.data, dict):
        return {}, year
    return table_inputs(filing.data, standard)[1], year


def stored_accounting(
    *, enterprise: Any, year: int
) -> tuple[dict[str, float], dict[str, Any], dict[str, Any], str] | None:
    """(metrics, filing, accounting result, factor-set version) of the current accounting
    record of the enterprise's filing for ``year``, or ``None``."""
    from greenmfg.platform.filings.selectors import accounting_result

    stored = accounting_result(enterprise, year)
    if stored is None:
        return None
    metrics = {
        k: float(v)
        for k, v in stored.metrics.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }
    return metrics, stored.filing, stored.result, stored.factor_set_version


def quotas_for(
    standard: IndicatorSet,
    *,
    filing: Any,
    accounting: Any,
    metrics: dict[str, float],
) -> dict[str, QuotaInputs]:
    """The per-filing quota thresholds (GB/T 36132-2025 EL1) of an evaluation: the filed
    products of ``filing`` (JSON interchange format) with their intensities from
    ``metrics`` and the stored ``accounting`` result.  Empty products (no filing, e.g. a
    dynamic management table) leave the indicator on the standard's own values."""
    products: list[ProductLine] = []
    raw = filing.get("products") if isinstance(filing, dict) else None
    for line in raw if isinstance(raw, list) else []:
        try:
            products.append(ProductLine.model_validate(line))
        except ValidationError:
            continue
    electricity = electricity_from_accounting(accounting) if isinstance(accounting, dict) else {}
    if not products:
        return {}
    return quota_inputs(standard, products, metrics=metrics, electricity=electricity)
