"""`greenmfg footprint FILE [--json] [--pact OUT.json]`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from greenmfg.cli import app

from .conftest import DATA
from .test_worked_examples import _leader, _steel_supplier

runner = CliRunner()


def test_footprint_json_and_pact(tmp_path: Path) -> None:
    out = tmp_path / "out-pact.json"
    res = runner.invoke(
        app, ["footprint", str(DATA / "office_chair.json"), "--json", "--pact", str(out)]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.output)
    assert data["total_kgco2e_per_unit"] == pytest.approx(58.183, rel=1e-12)
    assert set(data["by_stage"]) == {
        "raw_materials",
        "production",
        "distribution",
        "use",
        "end_of_life",
    }
    assert 0 < data["primary_data_share"] < 1
    assert data["factors_used"]
    pact = json.loads(out.read_text(encoding="utf-8"))
    assert pact["pcf"]["declaredUnit"] == "kilogram"


def test_footprint_table() -> None:
    res = runner.invoke(app, ["footprint", str(DATA / "office_chair.json")])
    assert res.exit_code == 0, res.output
    assert "58.183" in res.output and "原材料获取" in res.output


def test_supplier_pact_file_next_to_the_input(tmp_path: Path) -> None:
    supplier = tmp_path / "supplier.json"
    res = runner.invoke(
        app,
        [
            "footprint",
            _write(tmp_path / "s.json", _steel_supplier()),
            "--json",
            "--pact",
            str(supplier),
        ],
    )
    assert res.exit_code == 0, res.output
    leader = _leader({"pact_file": "supplier.json"})
    res = runner.invoke(app, ["footprint", _write(tmp_path / "l.json", leader), "--json"])
    assert res.exit_code == 0, res.output
    # (120 000 × 1.81885 + 75 300 + 173 310) / 10 000, see test_worked_examples
    assert json.loads(res.output)["total_kgco2e_per_unit"] == pytest.approx(46.6872, rel=1e-12)


def test_bad_input_exits_1_naming_line_and_field(tmp_path: Path) -> None:
    data = json.loads((DATA / "office_chair.json").read_text(encoding="utf-8"))
    data["materials"][0]["quantity"] = -1
    res = runner.invoke(app, ["footprint", _write(tmp_path / "bad.json", data)])
    assert res.exit_code == 1
    assert "materials line 1, field quantity" in res.output


def _write(path: Path, data: dict[str, Any]) -> str:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return str(path)


def test_footprint_factors_lists_the_library_with_status() -> None:
    res = runner.invoke(app, ["footprint-factors", "--json"])
    assert res.exit_code == 0, res.output
    rows = {r["factor_id"]: r for r in json.loads(res.output)["factors"]}
    assert rows["elec.CN.2023"]["value"] == 0.6205 and rows["elec.CN.2023"]["status"] == "verified"
    assert rows["mat.steel.carbon"]["status"] == "unverified"
    assert runner.invoke(app, ["footprint-factors"]).exit_code == 0
