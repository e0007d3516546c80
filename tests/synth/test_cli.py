"""``greenmfg generate``: the data set written as CSV and JSON lines."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from greenmfg.cli import app
from greenmfg.synth import generate


def test_generate_writes_every_part(tmp_path: Path) -> None:
    out = tmp_path / "data"
    result = CliRunner().invoke(
        app, ["generate", "--seed", "5", "--scale", "0.01", "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    dataset = generate(seed=5, scale=0.01)
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["seed"] == 5
    assert manifest["counts"] == dataset.counts()
    assert manifest["national_batches"]["factory"]["2025"] == 20  # round(2038 × 0.01)
    for name, count in [
        ("enterprises.csv", len(dataset.enterprises)),
        ("listings.csv", len(dataset.listings)),
        ("park_members.csv", len(dataset.park_members)),
        ("abnormal_filings.csv", len(dataset.abnormal_filings)),
    ]:
        with (out / name).open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == count, name
    with (out / "listings.csv").open(encoding="utf-8") as handle:
        first = next(csv.DictReader(handle))
    assert first["level"] in {"municipal", "provincial", "national"}
    lines = (out / "filings.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(dataset.filings)
    assert json.loads(lines[0]) == dataset.filings[0]
    assert not list(out.glob("*.part"))
    assert "enterprises" in result.output


def test_generate_refuses_a_bad_scale(tmp_path: Path) -> None:
    out = tmp_path / "data"
    result = CliRunner().invoke(app, ["generate", "--scale", "0", "--out", str(out)])
    assert result.exit_code == 2
    assert "Scale must be greater than 0" in result.output
    assert not out.exists()
