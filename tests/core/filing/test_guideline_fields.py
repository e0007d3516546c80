"""The guideline fields (method, steam enthalpy / pressure / temperature, anode S and ash,
kiln dust, product concentration and anode-effect minutes) survive the .xlsx and CSV
forms of a filing."""

from __future__ import annotations

import csv
from pathlib import Path

from greenmfg.core.accounting import account
from greenmfg.core.filing import Filing
from greenmfg.core.filing.columns import CSV_COLUMNS
from greenmfg.core.filing.reader import read_filing
from greenmfg.core.filing.template import filing_rows, write_template

DATA = {
    "enterprise": {"uscc": "91110000100000000X", "name": "氯碱", "industry": "2612", "adcode": "150300"},
    "year": 2024,
    "method": "ipcc",
    "energy": [
        {"carrier": "steam", "quantity": 100, "unit": "t", "pressure": {"value": 1.0, "unit": "MPa"},
         "temperature": {"value": 250, "unit": "degC"}},
        {"carrier": "hot_water", "quantity": 50, "unit": "t", "enthalpy": {"value": 300, "unit": "kJ/kg"}},
    ],
    "process": [
        {"material": "prebaked_anode", "quantity": 10, "unit": "t", "sulfur": {"value": 2, "unit": "percent"},
         "ash": {"value": 0.5, "unit": "percent"}},
        {"material": "clinker", "quantity": 10, "unit": "t", "cao": 0.6, "mgo": 0.02,
         "kiln_dust": {"value": 1, "unit": "t"}},
    ],
    "products": [
        {"product": "caustic_soda_30", "quantity": 100, "unit": "t", "concentration": 32},
        {"product": "aluminium_liquid", "quantity": 5, "unit": "t", "anode_effect_minutes": 0.1},
        {"product": "clinker", "quantity": 10, "unit": "t", "pressure": 80},
    ],
}  # fmt: skip


def test_xlsx_round_trip(tmp_path: Path) -> None:
    f = Filing.from_dict(DATA)
    path = write_template(tmp_path / "f.xlsx", f)
    g = read_filing(path)
    assert g == f
    assert account(g).total_tco2e == account(f).total_tco2e


def test_csv_round_trip(tmp_path: Path) -> None:
    f = Filing.from_dict(DATA)
    path = tmp_path / "f.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(CSV_COLUMNS))
        writer.writeheader()
        for section, rows in filing_rows(f).items():
            for row in rows:
                writer.writerow({"section": section, **row})
    assert read_filing(path) == f
