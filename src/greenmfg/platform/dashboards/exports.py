"""A dashboard chart's data as an Excel workbook (xlsxwriter, like every export)."""

from __future__ import annotations

import io

import xlsxwriter
from django.utils.translation import gettext as _

from greenmfg.platform.dashboards.charts import Chart
from greenmfg.platform.dashboards.pages import Page


def chart_workbook(page: Page, chart: Chart) -> bytes:
    """The chart's title, the page's year, data date and method, then its table."""
    buffer = io.BytesIO()
    # Text is always written as text: a value that looks like a formula stays inert.
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False})
    bold = wb.add_format({"bold": True})
    ws = wb.add_worksheet(chart.id[:31])
    rows: list[list[object]] = [[page.title]]
    if page.year is not None:
        rows.append([_("Data year"), page.year])
    if page.data_as_of is not None:
        rows.append([_("Data as of"), page.data_as_of.isoformat()])
    if page.method_version:
        rows.append([_("Method"), page.method_version, page.method_status])
    rows.append([])
    ws.write_row(0, 0, [chart.title], bold)
    for r, row in enumerate(rows, start=1):
        ws.write_row(r, 0, row)
    header_row = len(rows) + 1
    ws.write_row(header_row, 0, chart.headers, bold)
    for r, row in enumerate(chart.rows, start=header_row + 1):
        ws.write_row(r, 0, ["" if v is None else v for v in row])
    wb.close()
    return buffer.getvalue()
