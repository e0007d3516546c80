from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from greenmfg.cli import app

runner = CliRunner()

TABLE = {
    "identity": {
        "uscc": "91320500MA1XXXXX01",
        "name": "示例水泥",
        "adcode": "320500",
        "industry": "3011",
        "kind": "factory",
        "level": "national",
        "listed_year": 2022,
    },
    "year": 2024,
    "energy_total_tce": 155000,
    "value_added_10k_yuan": 31000,
    "energy_per_value_added": 4000,
    "energy_per_product": {"clinker": 40},
}


def test_check_table(tmp_path: Path) -> None:
    path = tmp_path / "t.json"
    path.write_text(json.dumps(TABLE, ensure_ascii=False), encoding="utf-8")
    result = runner.invoke(app, ["check-table", str(path), "--json"])
    assert result.exit_code == 2  # a blocking contradiction
    data = json.loads(result.stdout)
    assert [(f["code"], f["severity"]) for f in data["flags"]] == [
        ("parts_mismatch", "blocking"),
        ("implausible_intensity", "abnormal"),
    ]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**TABLE, "energy_total_tce": -1}), encoding="utf-8")
    result = runner.invoke(app, ["check-table", str(bad), "--json"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["issues"][0]["column"] == "energy_total_tce"


def test_sample(tmp_path: Path) -> None:
    pop = tmp_path / "pop.csv"
    pop.write_text(
        "unit_id,adcode,industry\n" + "".join(f"u{i},320500,3011\n" for i in range(10)),
        encoding="utf-8",
    )
    no_seed = runner.invoke(app, ["sample", str(pop), "--json"])
    assert no_seed.exit_code == 1 and json.loads(no_seed.stdout)["error"]["code"] == "seed_required"
    a = runner.invoke(app, ["sample", str(pop), "--seed", "11", "--rate", "0.3", "--json"])
    b = runner.invoke(app, ["sample", str(pop), "--seed", "11", "--rate", "0.3", "--json"])
    assert a.exit_code == 0 and a.stdout == b.stdout
    assert len(json.loads(a.stdout)["selected"]) == 3
