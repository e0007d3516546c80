"""`greenmfg standards …` and `greenmfg evaluate` (the command line, no database)."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from greenmfg.cli import app
from greenmfg.core.evaluation.inputs import load_input

DATA = Path(__file__).parent / "data"
runner = CliRunner()


def test_standards_list_json() -> None:
    out = runner.invoke(app, ["standards", "list", "--json"])
    assert out.exit_code == 0, out.output
    rows = {r["code"]: r for r in json.loads(out.output)}
    assert rows["GB/T 36132-2025"]["default"] is True
    assert rows["GSCM-2016"]["kind"] == "supply_chain"
    assert rows["GF-CEMENT-2025"]["industries"] == ["3011"]
    assert rows["GB/T 36132-2025"]["unverified_numbers"] > 0


def test_standards_show_and_unknown() -> None:
    out = runner.invoke(app, ["standards", "show", "GSCM-2016"])
    assert out.exit_code == 0, out.output
    assert "X64" in out.output and "五星" in out.output
    out = runner.invoke(app, ["standards", "show", "NOPE"])
    assert out.exit_code == 2
    assert "Unknown standard 'NOPE'" in out.output


def test_standards_diff_between_editions_and_industry_set() -> None:
    out = runner.invoke(app, ["standards", "diff", "GB/T 36132-2018", "GB/T 36132-2025", "--json"])
    assert out.exit_code == 0, out.output
    changes = json.loads(out.output)
    added = {c["code"] for c in changes if c["kind"] == "added" and c["section"] == "category"}
    removed = {c["code"] for c in changes if c["kind"] == "removed" and c["section"] == "category"}
    assert added == {"EL", "RE", "CP", "GP", "LI"}
    assert removed == {"IN", "MS", "ER", "PR", "EM", "PF"}
    out = runner.invoke(app, ["standards", "diff", "GB/T 36132-2025", "GF-CEMENT-2025", "--json"])
    changes = json.loads(out.output)
    el1 = {c["field"]: (c["old"], c["new"]) for c in changes if c["code"] == "EL1"}
    assert el1["baseline"] == (500.0, 107.0)
    assert el1["metric"] == ("energy_per_value_added", "energy_per_product:clinker")
    assert any(c["code"] == "EL5" and c["kind"] == "added" for c in changes)
    assert any(c["code"] == "EL" and c["field"] == "weight" for c in changes)


def test_evaluate_json_contract(tmp_path: Path) -> None:
    report = tmp_path / "out.html"
    out = runner.invoke(
        app, ["evaluate", str(DATA / "cement-filing.json"), "--json", "--report", str(report)]
    )
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    for key in (
        "standard",
        "eligible",
        "vetoes_hit",
        "total",
        "passed",
        "categories",
        "unmet_mandatory",
        "gaps",
        "unverified_inputs",
    ):
        assert key in data, key
    assert data["standard"] == "GF-CEMENT-2025"  # chosen by the filing's industry 3011
    assert {"code", "weight", "score"} <= set(data["categories"][0])
    assert {"indicator", "points_gained", "target_value"} <= set(data["gaps"][0])
    # the clinker energy comes from the accounting engine, not typed in
    el1 = next(i for i in data["indicators"] if i["code"] == "EL1")
    assert el1["input_source"] == "accounting"
    assert el1["metric"] == "energy_per_product:clinker"
    assert data["accounting"]["metrics"]["energy_per_product:clinker"] == el1["value"]
    accounted = load_input(DATA / "cement-filing.json").accounting
    assert accounted is not None
    assert data["accounting"]["unverified_factors"] == accounted.unverified_count
    assert data["accounting"]["factor_set_version"] == accounted.factor_set_version
    assert report.exists() and "一、否决条件" in report.read_text(encoding="utf-8")


def test_evaluate_with_explicit_standard_and_metrics_only(tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(
        json.dumps(
            {
                "metrics": {"renewable_share": 17.5},
                "answers": {"B1": True},
                "vetoes": {f"V{i}": False for i in range(1, 7)},
            }
        ),
        encoding="utf-8",
    )
    out = runner.invoke(app, ["evaluate", str(path), "--standard", "GB/T 36132-2025", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    el3 = next(i for i in data["indicators"] if i["code"] == "EL3")
    assert el3["earned"] == 4.0
    assert "EL1" in data["no_data"]


def test_evaluate_bad_answers_name_the_field(tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps({"answers": {"X99": True}, "vetoes": {}}), encoding="utf-8")
    out = runner.invoke(app, ["evaluate", str(path), "--standard", "GB/T 36132-2025", "--json"])
    assert out.exit_code == 2
    err = json.loads(out.output)["error"]
    assert err["code"] == "evaluation_input_invalid"
    assert err["field"] == "answers.X99"


def test_evaluate_filing_restating_a_metric_is_refused(tmp_path: Path) -> None:
    data = json.loads((DATA / "cement-filing.json").read_text(encoding="utf-8"))
    data["metrics"] = {"renewable_share": 50}
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = runner.invoke(app, ["evaluate", str(path), "--json"])
    assert out.exit_code == 2
    assert json.loads(out.output)["error"]["field"] == "metrics.renewable_share"


def test_evaluate_invalid_json_and_invalid_filing(tmp_path: Path) -> None:
    path = tmp_path / "in.json"
    path.write_text('{"answers": {', encoding="utf-8")
    out = runner.invoke(app, ["evaluate", str(path), "--json"])
    assert out.exit_code == 2
    assert json.loads(out.output)["error"]["field"].startswith("line ")
    path.write_text(json.dumps({"year": 2024, "energy": []}), encoding="utf-8")
    out = runner.invoke(app, ["evaluate", str(path), "--json"])
    assert out.exit_code == 2
    assert json.loads(out.output)["error"]["field"] == "enterprise"


def test_extra_standards_directory(tmp_path: Path) -> None:
    from tests.core.evaluation.test_loader import MINIMAL

    (tmp_path / "prov.yaml").write_text(MINIMAL, encoding="utf-8")
    out = runner.invoke(app, ["standards", "list", "--json", "--standards-dir", str(tmp_path)])
    assert out.exit_code == 0, out.output
    assert "TEST-1" in {r["code"] for r in json.loads(out.output)}
    bad_dir = tmp_path / "bad"
    bad_dir.mkdir()
    (bad_dir / "bad.yaml").write_text(
        MINIMAL.replace("kind: factory", "kind: shop"), encoding="utf-8"
    )
    out = runner.invoke(app, ["standards", "list", "--standards-dir", str(bad_dir)])
    assert out.exit_code == 2
    assert "bad.yaml, line 5, field metadata.kind" in out.output


def test_evaluate_a_filing_workbook_with_separate_answers(tmp_path: Path) -> None:
    from greenmfg.core.filing.model import Filing
    from greenmfg.core.filing.template import write_template

    data = json.loads((DATA / "cement-filing.json").read_text(encoding="utf-8"))
    own = {k: data.pop(k) for k in ("answers", "vetoes", "evidence")}
    workbook = write_template(tmp_path / "filing.xlsx", Filing.from_dict(data))
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps(own), encoding="utf-8")
    split = runner.invoke(app, ["evaluate", str(workbook), "--answers", str(answers), "--json"])
    whole = runner.invoke(app, ["evaluate", str(DATA / "cement-filing.json"), "--json"])
    assert split.exit_code == 0, split.output
    assert json.loads(split.output)["total"] == json.loads(whole.output)["total"]
    assert json.loads(split.output)["standard"] == "GF-CEMENT-2025"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"energy": []}), encoding="utf-8")
    out = runner.invoke(app, ["evaluate", str(workbook), "--answers", str(bad), "--json"])
    assert out.exit_code == 2
    assert json.loads(out.output)["error"]["field"] == "energy"


def test_filing_missing_a_metric_names_it(tmp_path: Path) -> None:
    data = json.loads((DATA / "cement-filing.json").read_text(encoding="utf-8"))
    del data["resources"]["land_area"]  # no land: no output per land area, FAR, coverage
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    out = runner.invoke(app, ["evaluate", str(path), "--json"])
    assert out.exit_code == 0, out.output
    result = json.loads(out.output)
    assert {"LI1", "LI2", "LI3"} <= set(result["no_data"])
    assert "output_per_land_area" in result["missing_metrics"]
    li = next(c for c in result["categories"] if c["code"] == "LI")
    assert li["score"] == 0.0 and set(li["no_data"]) == {"LI1", "LI2", "LI3"}
    text = runner.invoke(app, ["evaluate", str(path)])
    assert "missing metrics: " in text.output and "output_per_land_area" in text.output
