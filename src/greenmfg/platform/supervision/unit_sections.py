"""Public disclosure (信息公开) on the unit page: the public part of the latest filing and
removals with their reasons."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from greenmfg.core.accounting.catalogue import PRODUCTS
from greenmfg.core.supervision.table import FIELD_LABELS
from greenmfg.platform.common.unit_sections import UnitSection
from greenmfg.platform.supervision.selectors import public_disclosure


def disclosure_context(unit: Any, request: HttpRequest) -> dict[str, Any] | None:
    data = public_disclosure(unit)
    if data is None:
        return None
    rows = []
    public = data["public"] or {}
    for name in (
        "energy_per_value_added",
        "renewable_share_pct",
        "co2_per_value_added",
        "water_reuse_rate_pct",
        "solid_waste_utilisation_rate_pct",
    ):
        if public.get(name) is not None:
            zh, en, unit_label = FIELD_LABELS[name]
            rows.append({"zh": zh, "en": en, "unit": unit_label, "value": public[name]})
    for product, value in (public.get("energy_per_product") or {}).items():
        catalogue = PRODUCTS.get(product)
        rows.append(
            {
                "zh": f"{FIELD_LABELS['energy_per_product'][0]}（{catalogue.name_zh if catalogue else product}）",
                "en": f"{FIELD_LABELS['energy_per_product'][1]} ({catalogue.name_en if catalogue else product})",
                "unit": "kgce/t",
                "value": value,
            }
        )
    return {"supervision": data, "public_rows": rows}


SECTIONS = [
    UnitSection(
        order=40, template_name="supervision/unit_section.html", get_context=disclosure_context
    )
]
