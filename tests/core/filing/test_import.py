"""Import of JSON, CSV and .xlsx filings: round trips and every bad-input case."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from greenmfg.core.errors import FileTooLargeError, ImportInvalidError
from greenmfg.core.filing import Filing
from greenmfg.core.filing.columns import CSV_COLUMNS
from greenmfg.core.filing.reader import MAX_BYTES, read_filing, read_filing_bytes
from greenmfg.core.filing.template import filing_rows, write_template

EXAMPLE = {
    "enterprise": {"uscc": "91320500MA1234567X", "name": "示例水泥", "industry": "3011", "adcode": "320500"},
    "year": 2023,
    "energy": [
        {"carrier": "bituminous_coal", "quantity": 15, "unit": "万t",
         "ncv": {"value": 20.9, "unit": "GJ/t"}, "carbon_content": {"value": 26.4, "unit": "tC/TJ"}, "oxidation": 0.94},
        {"carrier": "electricity", "quantity": 9000, "unit": "万kWh", "origin": "grid",
         "emission_factor": {"value": 0.5703, "unit": "tCO2/MWh"}},
        {"carrier": "electricity", "quantity": 500, "unit": "MWh", "origin": "exported"},
    ],
    "process": [{"material": "limestone", "quantity": 1400000, "unit": "t"}],
    "products": [{"product": "clinker", "quantity": 120, "unit": "万t"}],
    "economics": {"output_value": {"value": 1.2e5, "unit": "万元"}, "value_added": {"value": 3.1e4, "unit": "万元"}, "employees": 850},
    "resources": {"water_withdrawal": {"value": 1.1e6, "unit": "m3"}, "land_area": {"value": 6.0e5, "unit": "m2"}},
}  # fmt: skip


@pytest.fixture
def filing() -> Filing:
    return Filing.from_dict(EXAMPLE)


def _issues(
    exc: pytest.ExceptionInfo[ImportInvalidError],
) -> list[tuple[str | None, int | None, str | None]]:
    return [(i.sheet, i.row, i.column) for i in exc.value.issues]


def test_json_round_trip(tmp_path: Path, filing: Filing) -> None:
    p = tmp_path / "f.json"
    p.write_text(json.dumps(filing.to_dict(), ensure_ascii=False), encoding="utf-8")
    assert read_filing(p) == filing


def test_xlsx_round_trip(tmp_path: Path, filing: Filing) -> None:
    p = write_template(tmp_path / "f.xlsx", filing)
    assert read_filing(p) == filing


def _csv(tmp_path: Path, filing: Filing) -> Path:
    p = tmp_path / "f.csv"
    with p.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        w.writeheader()
        for section, rows in filing_rows(filing).items():
            for row in rows:
                w.writerow({"section": section, **row})
    return p


def test_csv_round_trip(tmp_path: Path, filing: Filing) -> None:
    assert read_filing(_csv(tmp_path, filing)) == filing


@pytest.mark.skipif(shutil.which("libreoffice") is None, reason="LibreOffice not installed")
def test_workbook_saved_by_libreoffice_imports(tmp_path: Path, filing: Filing) -> None:
    src = write_template(tmp_path / "src.xlsx", filing)
    ods_dir, xlsx_dir = tmp_path / "ods", tmp_path / "xlsx"
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    for target, outdir, infile in (("ods", ods_dir, src), ("xlsx", xlsx_dir, ods_dir / "src.ods")):
        subprocess.run(
            ["libreoffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", target, "--outdir", str(outdir), str(infile)],
            check=True, capture_output=True, timeout=180, env=env,
        )  # fmt: skip
    saved = xlsx_dir / "src.xlsx"
    assert saved.exists()
    assert read_filing(saved) == filing


def test_empty_files(tmp_path: Path) -> None:
    for name in ("e.xlsx", "e.csv", "e.json"):
        p = tmp_path / name
        p.write_bytes(b"")
        with pytest.raises(ImportInvalidError) as err:
            read_filing(p)
        assert "empty" in err.value.issues[0].message


def test_file_over_50_mb(tmp_path: Path) -> None:
    p = tmp_path / "big.csv"
    with p.open("wb") as fh:
        fh.truncate(MAX_BYTES + 1)
    with pytest.raises(FileTooLargeError):
        read_filing(p)
    with pytest.raises(FileTooLargeError):
        read_filing_bytes(b"x" * (MAX_BYTES + 1), "big.json")


def test_not_a_workbook(tmp_path: Path) -> None:
    p = tmp_path / "fake.xlsx"
    p.write_bytes(b"this is not a zip file")
    with pytest.raises(ImportInvalidError) as err:
        read_filing(p)
    assert "not a readable .xlsx" in err.value.issues[0].message


def test_unsupported_type(tmp_path: Path) -> None:
    p = tmp_path / "f.txt"
    p.write_text("hello")
    with pytest.raises(ImportInvalidError):
        read_filing(p)


def test_wrong_and_missing_sheets(tmp_path: Path, filing: Filing) -> None:
    p = write_template(tmp_path / "f.xlsx", filing)
    wb = load_workbook(p)
    wb["能源 Energy"].title = "Sheet energy"
    del wb["产品 Products"]
    wb.save(p)
    with pytest.raises(ImportInvalidError) as err:
        read_filing(p)
    missing = {i.sheet for i in err.value.issues if "is missing" in i.message}
    assert missing == {"能源 Energy", "产品 Products"}


def test_merged_cells_formulas_and_text_in_number_cells_all_at_once(
    tmp_path: Path, filing: Filing
) -> None:
    p = write_template(tmp_path / "f.xlsx", filing)
    wb = load_workbook(p)
    ws = wb["能源 Energy"]
    ws["B4"] = "九千"  # text in the quantity column
    ws["B5"] = "=100*5"  # a formula
    ws.merge_cells("M3:M4")  # merged note cells
    wb["产品 Products"]["B3"] = "lots"
    wb["企业 Enterprise"]["E3"] = 2023.5
    wb.save(p)
    with pytest.raises(ImportInvalidError) as err:
        read_filing(p)
    got = _issues(err)
    assert ("能源 Energy", 4, "quantity") in got
    assert ("能源 Energy", 5, "B") in got
    assert ("能源 Energy", 3, "M") in got
    assert ("产品 Products", 3, "quantity") in got
    assert ("企业 Enterprise", 3, "year") in got
    text_issue = next(i for i in err.value.issues if i.row == 4 and i.column == "quantity")
    assert text_issue.expected == "a number"
    assert "nothing was imported" in str(err.value)


def test_row_level_errors_name_sheet_row_column(tmp_path: Path, filing: Filing) -> None:
    p = write_template(tmp_path / "f.xlsx", filing)
    wb = load_workbook(p)
    ws = wb["能源 Energy"]
    ws["A3"] = "moonbeams"  # unknown carrier
    ws["C4"] = "t"  # electricity in tonnes
    ws["B5"] = -5  # negative
    wb["过程 Process"]["A3"] = "granite"
    wb["企业 Enterprise"]["D3"] = "32"  # adcode too short
    wb.save(p)
    with pytest.raises(ImportInvalidError) as err:
        read_filing(p)
    got = _issues(err)
    assert ("能源 Energy", 5, "quantity") in got
    assert ("企业 Enterprise", 3, "adcode") in got
    # pydantic errors stop before code checks; fix them and the code checks report
    wb = load_workbook(p)
    wb["能源 Energy"]["B5"] = 5
    wb["企业 Enterprise"]["D3"] = "320500"
    wb.save(p)
    with pytest.raises(ImportInvalidError) as err2:
        read_filing(p)
    got2 = _issues(err2)
    assert ("能源 Energy", 3, "carrier") in got2
    assert ("能源 Energy", 4, "unit") in got2
    assert ("过程 Process", 3, "material") in got2


def test_missing_required_column(tmp_path: Path, filing: Filing) -> None:
    p = write_template(tmp_path / "f.xlsx", filing)
    wb = load_workbook(p)
    wb["能源 Energy"]["C2"] = "units?"
    wb.save(p)
    with pytest.raises(ImportInvalidError) as err:
        read_filing(p)
    msgs = [i.message for i in err.value.issues]
    assert "unknown column 'units?'" in msgs
    assert "required column 'unit' is missing" in msgs


def test_json_errors(tmp_path: Path) -> None:
    p = tmp_path / "f.json"
    p.write_text('{"year": 2023,', encoding="utf-8")
    with pytest.raises(ImportInvalidError) as err:
        read_filing(p)
    assert err.value.issues[0].row == 1
    bad = json.loads(json.dumps(EXAMPLE))
    bad["energy"][1]["quantity"] = "much"
    bad["energy"][2]["carrier"] = 7
    p.write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(ImportInvalidError) as err2:
        read_filing(p)
    cols = [i.column for i in err2.value.issues]
    assert "energy[1].quantity" in cols and "energy[2].carrier" in cols


def test_csv_errors(tmp_path: Path, filing: Filing) -> None:
    p = _csv(tmp_path, filing)
    text = p.read_text(encoding="utf-8").replace("bituminous_coal,15", "bituminous_coal,fifteen")
    text += "widgets,,,\n"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(ImportInvalidError) as err:
        read_filing(p)
    got = _issues(err)
    assert any(c == "quantity" for _, _, c in got)
    assert any(c == "section" for _, _, c in got)
