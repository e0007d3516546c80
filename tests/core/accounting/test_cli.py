"""`greenmfg account` and `greenmfg template` without a database."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from greenmfg.cli import app
from greenmfg.core.filing import Filing
from greenmfg.core.filing.reader import read_filing

from .test_issue_example import EXAMPLE

runner = CliRunner()


def test_account_json(tmp_path: Path) -> None:
    p = tmp_path / "f.json"
    p.write_text(json.dumps(EXAMPLE, ensure_ascii=False), encoding="utf-8")
    res = runner.invoke(app, ["account", str(p), "--json"])
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    for key in ("equivalent_tce", "equal_value_tce"):
        assert isinstance(data["energy"][key], float)
    for key in ("scope1_tco2e", "scope2_tco2e", "total_tco2e"):
        assert isinstance(data["emissions"][key], float)
    assert data["quota"]["clinker"]["level"] == 1
    assert data["quota"]["clinker"]["unit"] == "kgce/t"
    assert "energy_kgce_per_t" in data["intensities"]["clinker"]
    assert data["renewable_share"] == 0.0
    assert {f["factor_id"] for f in data["factors_used"]} >= {
        "gbt2589.electricity",
        "process.limestone",
    }


def test_account_table_and_template_round_trip(tmp_path: Path) -> None:
    src = tmp_path / "f.json"
    src.write_text(json.dumps(EXAMPLE, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "filled.xlsx"
    res = runner.invoke(app, ["template", str(out), "--from", str(src)])
    assert res.exit_code == 0, res.output
    assert read_filing(out) == Filing.from_dict(EXAMPLE)
    res = runner.invoke(app, ["account", str(out)])
    assert res.exit_code == 0, res.output
    assert "综合能耗" in res.output and "scope 1" in res.output
    empty = tmp_path / "t.xlsx"
    assert runner.invoke(app, ["template", str(empty)]).exit_code == 0
    assert empty.stat().st_size > 0


def test_account_reports_errors(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(EXAMPLE))
    bad["energy"][0]["carrier"] = "moonbeams"
    p = tmp_path / "bad.json"
    p.write_text(json.dumps(bad), encoding="utf-8")
    res = runner.invoke(app, ["account", str(p), "--json"])
    assert res.exit_code == 1
    err = json.loads(res.output)["error"]
    assert err["code"] == "import_invalid"
    assert err["issues"][0]["column"] == "carrier"


def test_account_method_option(tmp_path: Path) -> None:
    p = tmp_path / "f.json"
    p.write_text(json.dumps(EXAMPLE, ensure_ascii=False), encoding="utf-8")
    cn = json.loads(runner.invoke(app, ["account", str(p), "--json"]).output)
    ipcc_res = runner.invoke(app, ["account", str(p), "--json", "--method", "ipcc"])
    assert ipcc_res.exit_code == 0, ipcc_res.output
    ipcc = json.loads(ipcc_res.output)
    assert (cn["method"], ipcc["method"]) == ("cn-guideline", "ipcc")
    assert cn["emissions"]["method"]["combustion_gases"] == "CO2"
    assert ipcc["emissions"]["method"]["combustion_gases"] == "CO2, CH4, N2O"
    # coal 3 135 TJ: CH4 31.35 t × 28 + N2O 4.7025 t × 265 (AR5) more under ipcc
    diff = ipcc["emissions"]["scope1_tco2e"] - cn["emissions"]["scope1_tco2e"]
    assert abs(diff - (31.35 * 28 + 4.7025 * 265)) < 1e-6
    table = runner.invoke(app, ["account", str(p), "--method", "ipcc"])
    assert table.exit_code == 0 and "核算方法 method: ipcc" in table.output
    bad = runner.invoke(app, ["account", str(p), "--json", "--method", "ghg"])
    assert bad.exit_code == 1 and "method" in bad.output
