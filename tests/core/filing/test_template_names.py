"""The filing template offers Chinese names in its drop-downs, is prefilled with the
enterprise, and the import reads the names as well as the codes (issue 13: the template
needed English carrier codes such as ``bituminous_coal``)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from greenmfg.core.filing.reader import read_filing
from greenmfg.core.filing.template import LISTS_SHEET, write_template

ENTERPRISE = {
    "uscc": "91320500MA1MXXXX0X",
    "name": "苏州示范水泥有限公司",
    "industry": "3011",
    "adcode": "320500",
    "year": 2025,
}


def test_drop_downs_list_chinese_names_and_the_enterprise_is_prefilled(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx", enterprise=ENTERPRISE)
    wb = load_workbook(path)
    lists = wb[LISTS_SHEET]
    carriers = [c.value for c in lists["A"][1:] if c.value]
    assert "天然气" in carriers and "烟煤" in carriers
    assert not any(str(v).isascii() for v in carriers)  # names, not codes
    energy = wb[wb.sheetnames[1]]
    formulas = [dv.formula1 for dv in energy.data_validations.dataValidation]
    assert any(f.startswith(f"'{LISTS_SHEET}'!$A$2") for f in formulas)
    enterprise = wb[wb.sheetnames[0]]
    codes = [c.value for c in enterprise[2]]
    row = {code: cell.value for code, cell in zip(codes, enterprise[3], strict=False)}
    assert row["uscc"] == ENTERPRISE["uscc"] and row["name"] == ENTERPRISE["name"]
    assert row["industry"] == "3011" and row["adcode"] == "320500" and row["year"] == 2025


def test_the_import_reads_chinese_names_and_codes(tmp_path: Path) -> None:
    path = write_template(tmp_path / "t.xlsx", enterprise=ENTERPRISE)
    wb = load_workbook(path)
    energy = wb[wb.sheetnames[1]]
    codes = [c.value for c in energy[2]]
    col = {code: i + 1 for i, code in enumerate(codes)}
    # one line by its Chinese name (from the drop-down), one by its code
    energy.cell(row=3, column=col["carrier"], value="天然气")
    energy.cell(row=3, column=col["quantity"], value=120)
    energy.cell(row=3, column=col["unit"], value="万Nm3")
    energy.cell(row=4, column=col["carrier"], value="electricity")
    energy.cell(row=4, column=col["quantity"], value=500)
    energy.cell(row=4, column=col["unit"], value="万kWh")
    wb.save(path)
    filing = read_filing(path)
    assert [line.carrier for line in filing.energy] == ["natural_gas", "electricity"]
    assert filing.enterprise.name == ENTERPRISE["name"]
