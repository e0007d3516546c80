"""A dashboard chart's data as an Excel workbook (xlsxwriter, like every export)."""

from __future__ import annotations

import io

import xlsxwriter
from django.utils.translation import gettext as _

from greenmfg.core.spreadsheet import xlsxwriter_row
from greenmfg.platform.dashboards.charts import Chart
from greenmfg.platform.dashboards.pages import Page


def chart_workbook(page: Page, chart: Chart) -> bytes:
    """The chart's title, the page's year, data date and method, then its table."""
    buffer = io.BytesIO()
    # Text is always written as text: a value that looks like a formula stays inert.
    wb = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    bold = wb.add_format({"bold": True})
    inert = wb.add_format({"quote_prefix": True})  # OWASP CSV injection
    ws = wb.add_worksheet(chart.id[:31])
    rows: list[list[object]] = [[page.title]]
    if page.year is not None:
        rows.append([_("Data year"), page.year])
    if page.data_as_of is not None:
        rows.append([_("Data as of"), page.data_as_of.isoformat()])
    if page.method_version:
        rows.append([_("Method"), page.method_version, page.method_status])
    rows.append([])
    xlsxwriter_row(ws, 0, [chart.title], inert, bold)
    for r, row in enumerate(rows, start=1):
        xlsxwriter_row(ws, r, row, inert)
    header_row = len(rows) + 1
    xlsxwriter_row(ws, header_row, list(chart.headers), inert, bold)
    for r, row in enumerate(chart.rows, start=header_row + 1):
        xlsxwriter_row(ws, r, list(row), inert)
    wb.close()
    return buffer.getvalue()
