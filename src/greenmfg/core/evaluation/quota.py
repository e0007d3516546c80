"""Per-product energy against the product's GB quota: the inputs of an indicator with a
quota rule (GB/T 36132-2025 EL1 单位产品综合能耗, and the industry sets' EL1).

MIIT's GB/T 36132-2025 form scores the energy per unit of product against the product's
energy-quota standard wherever one exists: quota level 1 is the 引领值 (leading value),
level 2 the 基准值 (baseline) [S: R4, green_system_rules.md §2.3].  The thresholds of one
filing are the quota's levels after the corrections its standard makes for that product
(altitude, clinker share, feed grade, scrap ratio, hot-metal ratio, furnace capacity),
computed by :func:`greenmfg.core.accounting.quotas.corrected_thresholds`, the same function
that grades the product in accounting.

Which quota of a product: its first 综合能耗 (energy, kgce per unit) quota, else its first
one (electricity, kWh per unit: 电解铝液 has only 铝液交流电耗 in GB 21346).  The value is
the product's intensity in that quota's unit from the accounting of the same filing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from greenmfg.core.accounting.catalogue import PRODUCTS
from greenmfg.core.accounting.quotas import QuotaDef, corrected_thresholds, default_quotas
from greenmfg.core.accounting.sectors import resolve_product
from greenmfg.core.errors import GreenmfgError
from greenmfg.core.evaluation.schema import IndicatorSet, QuotaRule
from greenmfg.core.filing.model import ProductLine
from greenmfg.core.metrics import product_metric
from greenmfg.core.notices import message_dict

SkipReason = Literal[
    "no_quota",  # no GB energy quota covers the product
    "not_in_rule",  # the indicator's rule names other products
    "no_intensity",  # the accounting gives no intensity for it (energy not assigned)
    "no_level",  # the quota has no level 1 or level 2 for it (after corrections)
]


class ProductQuota(BaseModel):
    """One filed product's value and its quota thresholds for this filing."""

    model_config = ConfigDict(frozen=True)

    product: str
    name_zh: str
    product_unit: str  # the unit the product is counted in (t, m2, piece …)
    value: float  # the product's intensity, in ``unit``
    unit: str  # the quota's unit: kgce/t or kWh/t
    leading: float  # 引领值 = quota level 1 (after corrections)
    baseline: float  # 基准值 = quota level 2 (after corrections)
    quota: str  # quota key in core/data/quotas, e.g. gb16780.clinker
    standard: str  # quota standard and edition, e.g. GB 16780-2021
    title: str
    indicator: str
    indicator_en: str
    clause: str
    status: str  # verified / secondary / unverified (of the transcribed quota values)
    corrections: tuple[str, ...] = ()  # the corrections applied, in English
    # the same corrections as message templates + params (限额修正), which the platform
    # shows in the reader's language
    correction_messages: tuple[dict[str, Any], ...] = ()


class SkippedProduct(BaseModel):
    model_config = ConfigDict(frozen=True)

    product: str
    reason: SkipReason


class QuotaInputs(BaseModel):
    """The quota inputs of one indicator for one filing."""

    model_config = ConfigDict(frozen=True)

    products: tuple[ProductQuota, ...] = ()
    skipped: tuple[SkippedProduct, ...] = ()


def headline_quota(code: str) -> QuotaDef | None:
    """The quota an EL1 rule uses for a product code (see the module docstring)."""
    info = PRODUCTS.get(code)
    if info is None or not info.quotas:
        return None
    quotas = default_quotas()
    found = [quotas[k] for k in info.quotas if k in quotas]
    for quota in found:
        if quota.basis == "energy":
            return quota
    return found[0] if found else None


def product_quotas(
    rule: QuotaRule,
    products: Sequence[ProductLine],
    *,
    metrics: Mapping[str, float],
    electricity: Mapping[str, float] | None = None,
) -> QuotaInputs:
    """The quota inputs for ``rule`` of the filed ``products``: energy intensities from the
    ``energy_per_product:<code>`` metrics, electricity intensities (kWh per unit) from
    ``electricity`` (product code → value) when the accounting gives them."""
    out: list[ProductQuota] = []
    skipped: list[SkippedProduct] = []
    for line in products:
        try:
            resolved = resolve_product(line)
        except GreenmfgError:
            continue  # accounting refused it already; nothing to score
        code = resolved.code
        quota = headline_quota(code)
        if quota is None:
            skipped.append(SkippedProduct(product=code, reason="no_quota"))
            continue
        if rule.products and code not in rule.products:
            skipped.append(SkippedProduct(product=code, reason="not_in_rule"))
            continue
        if quota.basis == "energy":
            value = metrics.get(product_metric("energy_per_product", code))
        else:
            value = (electricity or {}).get(code)
        if value is None:
            skipped.append(SkippedProduct(product=code, reason="no_intensity"))
            continue
        levels, applied = corrected_thresholds(quota, line)
        leading, baseline = levels[0], levels[1]
        if leading is None or baseline is None or not leading < baseline:
            skipped.append(SkippedProduct(product=code, reason="no_level"))
            continue
        out.append(
            ProductQuota(
                product=code,
                name_zh=resolved.name_zh,
                product_unit=resolved.unit,
                value=float(value),
                unit=quota.unit,
                leading=leading,
                baseline=baseline,
                quota=quota.key,
                standard=quota.standard,
                title=quota.title,
                indicator=quota.indicator,
                indicator_en=quota.indicator_en,
                clause=quota.clause,
                status=str(quota.status),
                corrections=tuple(str(c) for c in applied),
                correction_messages=tuple(message_dict(c) for c in applied),
            )
        )
    return QuotaInputs(products=tuple(out), skipped=tuple(skipped))


def quota_inputs(
    standard: IndicatorSet,
    products: Sequence[ProductLine],
    *,
    metrics: Mapping[str, float],
    electricity: Mapping[str, float] | None = None,
) -> dict[str, QuotaInputs]:
    """Indicator code → its quota inputs, for every indicator of ``standard`` with a quota
    rule."""
    return {
        indicator.code: product_quotas(
            indicator.quota, products, metrics=metrics, electricity=electricity
        )
        for indicator in standard.indicators
        if indicator.quota is not None
    }


def electricity_from_accounting(result: Mapping[str, object]) -> dict[str, float]:
    """Product code → kWh per unit from an accounting result's JSON form (``intensities``);
    empty for a record without the per-product breakdown."""
    out: dict[str, float] = {}
    intensities = result.get("intensities")
    if not isinstance(intensities, dict):
        return out
    for code, row in intensities.items():
        if isinstance(row, dict):
            value = row.get("electricity_kwh_per_t")
            if isinstance(value, int | float) and not isinstance(value, bool):
                out[str(code)] = float(value)
    return out
