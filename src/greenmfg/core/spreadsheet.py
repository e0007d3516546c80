"""Spreadsheet cells that cannot run (OWASP "CSV injection" / formula injection).

A text that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is read
by Excel, WPS and LibreOffice as the start of a formula: an imported note such as
``=HYPERLINK("http://…"&A1,"click")`` would become a live link (or worse, a DDE call) in
the file an official downloads.  Following OWASP's guidance
(https://owasp.org/www-community/attacks/CSV_Injection):

- in CSV, such a text is written with a leading single quote (``'=…``), so it is text;
- in .xlsx, it is written as a string cell with Excel's *quote prefix* style: the cell
  shows and keeps the exact text, stays text when edited, and re-imports unchanged.
"""

from __future__ import annotations

from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def formula_like(value: object) -> bool:
    """Whether ``value`` is a text a spreadsheet would take for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_cell(value: Any) -> Any:
    """``value`` for a CSV cell: formula-like texts get a leading single quote."""
    return "'" + value if formula_like(value) else value


def xlsxwriter_row(sheet: Any, row: int, values: list[Any], inert: Any, fmt: Any = None) -> None:
    """Write ``values`` on ``row`` of an xlsxwriter worksheet, formula-like texts as
    quote-prefixed strings (``inert`` is a format with ``quote_prefix``).  Open the
    workbook with ``strings_to_formulas`` and ``strings_to_urls`` off as well."""
    for column, value in enumerate(values):
        if formula_like(value):
            sheet.write_string(row, column, value, inert)
        elif value is not None and value != "":
            sheet.write(row, column, value, fmt)
