"""The unit's annual green low-carbon development report (绿色低碳发展报告) as a PDF.

Built from the unit's own data: the submitted table for the year, the previous year's
for comparison, its listing history, flags and the settings versions used.  Rendered
with WeasyPrint and the Noto CJK fonts installed on the system (no download).
"""

from __future__ import annotations

from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from greenmfg.core.errors import NotFoundError
from greenmfg.core.supervision.table import FIELD_LABELS, NUMERIC_FIELDS, DynamicTable
from greenmfg.platform.supervision.models import DynamicFiling
from greenmfg.platform.supervision.services import unit_fields, unit_listings


def report_context(*, unit: Any, year: int) -> dict[str, Any]:
    filings = {
        f.year: f
        for f in DynamicFiling.objects.filter(
            year__in=[year, year - 1], **unit_fields(unit)
        ).exclude(status=DynamicFiling.Status.DRAFT)
    }
    current = filings.get(year)
    if current is None:
        raise NotFoundError(kind=f"Submitted dynamic management table for {year} of", key=unit.name)
    table = DynamicTable.model_validate(current.data)
    previous = DynamicTable.model_validate(filings[year - 1].data) if year - 1 in filings else None
    rows = []
    for name in NUMERIC_FIELDS:
        now = getattr(table, name)
        before = getattr(previous, name) if previous is not None else None
        change = None
        if now is not None and before not in (None, 0):
            change = 100 * (now - before) / before
        zh, en, unit_label = FIELD_LABELS[name]
        rows.append(
            {
                "zh": zh,
                "en": en,
                "unit": unit_label,
                "value": now,
                "previous": before,
                "change": change,
            }
        )
    return {
        "unit": unit,
        "year": year,
        "filing": current,
        "table": table,
        "rows": rows,
        "listings": list(unit_listings(unit).order_by("year")),
        "flags": list(current.flags.all()),
        "generated_at": timezone.now(),
    }


def build_report_pdf(*, unit: Any, year: int) -> bytes:
    from weasyprint import HTML

    html = render_to_string("supervision/report.html", report_context(unit=unit, year=year))
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf
