"""Where the green code's inputs come from.

- **Population:** the national green factories (registry ``Listing`` with kind factory,
  level national) listed by the end of the data year and not removed before the grading.
- **Filing and flags:** the dynamic management table of the data year, judged by the
  supervision app (``filing_statuses``): *filed* when it is more than a draft; *abnormal*
  when any of its quality flags is still open or was confirmed abnormal (cleared flags
  do not count).
- **Metrics:** read from the table (``DynamicFiling.data``, the fields of
  :class:`greenmfg.core.supervision.table.DynamicTable`), mapped to metric codes below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from greenmfg.core.domain import ListLevel, UnitKind
from greenmfg.core.indices.greencode import GreenCodeInput
from greenmfg.platform.registry.models import Enterprise, Listing

# Metric code (greenmfg.core.metrics) → dynamic management table field.
TABLE_FIELDS: dict[str, str] = {
    "energy_per_value_added": "energy_per_value_added",
    "co2_per_value_added": "co2_per_value_added",
    "water_reuse_rate": "water_reuse_rate_pct",
    "solid_waste_utilisation_rate": "solid_waste_utilisation_rate_pct",
    "renewable_share": "renewable_share_pct",
}


@dataclass(frozen=True)
class FilingFacts:
    filed: bool
    abnormal: bool
    metrics: Mapping[str, float]


def _number(data: Mapping[str, Any], key: str) -> float | None:
    value = data.get(key)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def metrics_from_table(data: Mapping[str, Any]) -> dict[str, float]:
    """The green-code metrics of one dynamic management table (absent → left out)."""
    out: dict[str, float] = {}
    for metric, field in TABLE_FIELDS.items():
        value = _number(data, field)
        if value is not None:
            out[metric] = value
    withdrawal = _number(data, "water_withdrawal_m3")
    value_added = _number(data, "value_added_10k_yuan")
    if withdrawal is not None and value_added:
        out["water_per_value_added"] = withdrawal / value_added
    return out


def national_factories(year: int) -> list[Enterprise]:
    """The national green factories of data year ``year`` (listed by 31 Dec, not removed
    by the grading)."""
    end = dt.date(year, 12, 31)
    ids = (
        Listing.objects.filter(
            kind=UnitKind.FACTORY.value,
            level=ListLevel.NATIONAL.value,
            listed_on__lte=end,
            enterprise__isnull=False,
        )
        .filter(Q(removed_on__isnull=True) | Q(removed_on__gt=end))
        .values_list("enterprise_id", flat=True)
    )
    return list(Enterprise.objects.filter(pk__in=ids).order_by("uscc"))


def filing_facts(enterprise_ids: Iterable[int], year: int) -> dict[int, FilingFacts]:
    """Per enterprise id: its data-year filing facts (units absent here did not file).

    *Filed* and *abnormal* are the supervision app's own verdicts
    (``supervision.selectors.filing_statuses``): filed = anything but a draft; abnormal =
    a data-quality flag still open or confirmed.
    """
    from greenmfg.platform.supervision.models import DynamicFiling
    from greenmfg.platform.supervision.selectors import filing_statuses

    ids = list(enterprise_ids)
    statuses = filing_statuses(year, ids)
    tables = dict(
        DynamicFiling.objects.filter(year=year, enterprise_id__in=ids).values_list(
            "enterprise_id", "data"
        )
    )
    return {
        enterprise_id: FilingFacts(
            filed=status.filed,
            abnormal=status.abnormal,
            metrics=metrics_from_table(tables.get(enterprise_id) or {}),
        )
        for enterprise_id, status in statuses.items()
    }


def collect_inputs(year: int) -> tuple[list[Enterprise], list[GreenCodeInput]]:
    """The national green factories of ``year`` and their grading inputs."""
    units = national_factories(year)
    facts = filing_facts((u.pk for u in units), year)
    inputs = []
    for unit in units:
        fact = facts.get(unit.pk)
        inputs.append(
            GreenCodeInput(
                uscc=unit.uscc,
                industry=unit.industry,
                filed=fact is not None and fact.filed,
                abnormal=fact is not None and fact.abnormal,
                metrics=dict(fact.metrics) if fact is not None else {},
            )
        )
    return units, inputs
