"""The filed table (填报表): validation, key indicators, fingerprint."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import ValidationError

from greenmfg.core.domain import UnitKind
from greenmfg.core.errors import (
    ImportInvalidError,
    ImportIssue,
)
from greenmfg.core.supervision.data import check_settings
from greenmfg.core.supervision.table import (
    METRIC_TO_FIELD,
    DynamicTable,
)
from greenmfg.core.validation_messages import template_for
from greenmfg.platform.registry.models import Listing
from greenmfg.platform.supervision.services.units import Unit, unit_identity


def _validate_table(data: Mapping[str, Any]) -> DynamicTable:
    try:
        return DynamicTable.model_validate(dict(data))
    except ValidationError as exc:
        issues = []
        for err in exc.errors():
            template, params = template_for(err)
            issues.append(
                ImportIssue(
                    column=".".join(str(p) for p in err["loc"]) or None,
                    message=template,
                    params=params,
                )
            )
        raise ImportInvalidError(file="dynamic management table", issues=issues) from exc


def _table_for(unit: Unit, listing: Listing, year: int, fields: Mapping[str, Any]) -> DynamicTable:
    """The table from form/API ``fields``; identity always comes from the registry."""
    data = {k: v for k, v in fields.items() if k not in {"identity", "year"}}
    data["identity"] = unit_identity(unit, listing).model_dump(mode="json")
    data["year"] = year
    return _validate_table(data)


def _with_key_indicators(
    table: DynamicTable, listing: Listing, metrics: Mapping[str, float] | None
) -> DynamicTable:
    """The table with its standard and the standard's key indicators: from the table's own
    figures where it has them, else from the unit's accounting metrics."""
    standard, codes = standard_key_metrics(UnitKind(listing.kind), table.identity.industry)
    figures = table.figures()
    values: dict[str, float] = {}
    for code in codes:
        name = METRIC_TO_FIELD.get(code, code)
        if name in figures:
            values[code] = figures[name]
        elif metrics is not None and code in metrics:
            values[code] = float(metrics[code])
    return table.model_copy(update={"standard": standard, "key_indicators": values})


def _fingerprint(table: DynamicTable) -> str:
    values = [getattr(table, f) for f in check_settings().identical_fields]
    if any(v is None or v == 0 for v in values):
        return ""
    return "|".join(repr(float(v)) for v in values)


def standard_key_metrics(kind: UnitKind, industry: str | None) -> tuple[str | None, list[str]]:
    """The standard that applies to a unit (evaluation's registry) and the metric codes of
    its quantitative indicators: the key indicators the table reports."""
    from greenmfg.core.errors import UnknownStandardError
    from greenmfg.core.evaluation import default_registry

    try:
        standard = default_registry().default_for(kind, industry)
    except UnknownStandardError:
        return None, []
    metrics = [i.metric for i in standard.indicators if i.metric]
    return f"{standard.metadata.code} {standard.metadata.title_zh}", metrics
