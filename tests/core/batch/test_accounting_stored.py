"""Frames built from stored JSON text equal the frames built from validated filings, and
the filings the engine would refuse are flagged for a full check."""

from __future__ import annotations

import json
from typing import Any

import pytest
from polars.testing import assert_frame_equal

from greenmfg.core.accounting import account, check_filing
from greenmfg.core.batch.accounting import account_frames, frames_from_filings, metrics_by_filing
from greenmfg.core.batch.accounting.metrics import metrics_json
from greenmfg.core.batch.accounting.stored import frames_from_json, subset
from greenmfg.core.filing import Filing
from greenmfg.core.filing.model import ProcessLine
from tests.core.batch import test_accounting_batch, test_accounting_batch_sectors
from tests.core.batch.figures import close


def _texts(filings: list[Filing]) -> list[str]:
    return [json.dumps(f.to_dict(), ensure_ascii=False) for f in filings]


def _assert_same_frames(filings: list[Filing]) -> None:
    expected = frames_from_filings(filings)
    stored = frames_from_json(_texts(filings))
    assert not stored.suspect.any()
    got = stored.frames
    assert_frame_equal(got.filings, expected.filings, check_exact=True)
    assert_frame_equal(got.energy, expected.energy, check_exact=True)
    assert_frame_equal(got.products, expected.products, check_exact=True)
    # the process line's JSON is its own text (nulls kept): the same line once parsed
    assert [ProcessLine.model_validate_json(t) for t in got.process["line_json"]] == [
        ProcessLine.model_validate_json(t) for t in expected.process["line_json"]
    ]
    assert_frame_equal(
        got.process.drop("line_json"), expected.process.drop("line_json"), check_exact=True
    )
    assert stored.enterprises["uscc"].to_list() == [f.enterprise.uscc for f in filings]
    # and so the same figures
    a = metrics_by_filing(*account_frames(got))
    b = metrics_by_filing(*account_frames(expected))
    assert close(a, b)  # the same lines; the sums may split differently in memory


@pytest.mark.parametrize("seed", [3, 8])
def test_frames_from_json_equal_frames_from_filings(seed: int) -> None:
    _assert_same_frames(test_accounting_batch.generate(400, seed=seed))


def test_frames_from_json_equal_frames_from_filings_for_every_sector() -> None:
    _assert_same_frames(test_accounting_batch_sectors.generate(300, seed=4))


def test_steam_by_pressure_and_hot_water_by_temperature() -> None:
    base: dict[str, Any] = {
        "enterprise": {"uscc": "91000000000000000X", "name": "e", "industry": "2612", "adcode": "110100"},
        "year": 2024,
    }  # fmt: skip
    lines = [
        {"carrier": "steam", "quantity": 100.0, "unit": "t", "pressure": {"value": 1.0, "unit": "MPa"}},
        {"carrier": "hot_water", "quantity": 50.0, "unit": "t", "temperature": {"value": 80.0, "unit": "degC"}},
        {"carrier": "steam", "quantity": 10.0, "unit": "t", "enthalpy": {"value": 2800.0, "unit": "kJ/kg"}},
        {"carrier": "steam", "quantity": 10.0, "unit": "t"},
    ]  # fmt: skip
    filings = [Filing.from_dict({**base, "energy": lines[: k + 1]}) for k in range(len(lines))]
    _assert_same_frames(filings)


def test_filings_the_engine_refuses_are_flagged() -> None:
    good = test_accounting_batch.generate(20, seed=2)
    texts = _texts(good)
    broken = []
    for i, change in (
        (1, {"carrier": "unobtainium"}),  # unknown carrier
        (4, {"unit": "furlong"}),  # unit the carrier has none of
        (7, {"product": "not_filed"}),  # tagged with a product the filing lacks
        (9, {"origin": "grid", "carrier": "raw_coal", "unit": "t"}),  # grid applies to power
    ):
        data = json.loads(texts[i])
        data["energy"] = [{"carrier": "raw_coal", "quantity": 1.0, "unit": "t", **change}]
        texts[i] = json.dumps(data, ensure_ascii=False)
        broken.append(i)
    data = json.loads(texts[12])
    data["resources"] = {"land_area": {"value": 5.0, "unit": "kWh"}}
    texts[12] = json.dumps(data, ensure_ascii=False)
    broken.append(12)
    stored = frames_from_json(texts)
    assert stored.suspect.arg_true().to_list() == broken
    for i in broken:
        assert check_filing(Filing.model_validate_json(texts[i]))
    # the others account as before once the refused ones are left out
    keep = ~stored.suspect
    kept = subset(stored.frames, keep)
    clean = [f for i, f in enumerate(good) if i not in broken]
    assert close(
        metrics_by_filing(*account_frames(kept)),
        metrics_by_filing(*account_frames(frames_from_filings(clean))),
    )
    assert kept.filings["fid"].to_list() == list(range(len(clean)))
    assert kept.energy["fid"].max() == len(clean) - 1


def test_metrics_json_is_the_metric_mapping() -> None:
    filings = test_accounting_batch.generate(300, seed=6) + test_accounting_batch_sectors.generate(
        200, seed=6
    )
    per_filing, products = account_frames(frames_from_filings(filings))
    texts = metrics_json(per_filing, products).to_list()
    assert [json.loads(t) for t in texts] == metrics_by_filing(per_filing, products)
    assert close([json.loads(t) for t in texts], [account(f).metrics() for f in filings])
