from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from greenmfg.cli import app
from greenmfg.core.indices.methods import green_code_method

METRICS = [i.metric for i in green_code_method().indicators]


def _csv(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "units.csv"
    header = ["uscc", "industry", "filed", "abnormal", *METRICS]
    path.write_text("\n".join(",".join(r) for r in [header, *rows]) + "\n", encoding="utf-8")
    return path


def test_green_code_command_grades_and_reports_no_code(tmp_path: Path) -> None:
    rows = [
        [f"91{i:016d}", "3011", "1", "0", *[str(i + k) for k in range(len(METRICS))]]
        for i in range(20)
    ]
    rows.append(["91" + "9" * 16, "3011", "0", "0", *[""] * len(METRICS)])
    result = CliRunner().invoke(app, ["green-code", str(_csv(tmp_path, rows)), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["summary"]["grades"] == {"A+": 1, "A": 7, "B": 12}
    assert data["summary"]["no_code"]["not_filed"] == 1
    assert data["summary"]["method_status"] == "unverified"


def test_green_code_command_names_row_and_column(tmp_path: Path) -> None:
    rows = [["91" + "1" * 16, "3011", "maybe", "0", "abc", *[""] * (len(METRICS) - 1)]]
    result = CliRunner().invoke(app, ["green-code", str(_csv(tmp_path, rows)), "--json"])
    assert result.exit_code == 1
    issues = json.loads(result.output)["error"]["issues"]
    assert {(i["row"], i["column"]) for i in issues} == {(2, "filed"), (2, METRICS[0])}


def test_indices_method_command_shows_status() -> None:
    result = CliRunner().invoke(app, ["indices-method", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["green_code"]["status"] == "unverified"
    assert all(r["status"] for r in data["lcd_leading_values"]["rows"])
