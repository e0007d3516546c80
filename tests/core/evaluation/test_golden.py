"""Golden cases: each file under golden/ holds an input, the expected result and the
clause it checks (one or more per shipped standard)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from greenmfg.core.evaluation import EvaluationResult, evaluate
from greenmfg.core.evaluation.loader import StandardRegistry

GOLDEN = sorted((Path(__file__).parent / "golden").glob("*.yaml"))


@pytest.fixture(scope="session")
def registry() -> StandardRegistry:
    return StandardRegistry()


def _check(result: EvaluationResult, expected: dict[str, Any]) -> None:
    for key, want in expected.items():
        if key == "total":
            assert result.total == pytest.approx(want, abs=1e-9), key
        elif key == "categories":
            got = {c.code: c.score for c in result.categories}
            for code, score in want.items():
                assert got[code] == pytest.approx(score, abs=1e-9), f"category {code}"
        elif key == "indicators":
            for code, earned in want.items():
                got_earned = result.indicator(code).earned
                if earned is None:
                    assert got_earned is None, f"{code} should be no data"
                else:
                    assert got_earned == pytest.approx(earned, abs=1e-9), f"indicator {code}"
        elif key == "unmet_mandatory":
            assert [u.indicator for u in result.unmet_mandatory] == want
        elif key == "gaps":
            got_gaps = [g.item or g.indicator for g in result.gaps]
            assert got_gaps[: len(want)] == want
            if not want:
                assert got_gaps == []
        else:
            assert getattr(result, key) == want, key


def test_every_shipped_standard_has_golden_cases(registry: StandardRegistry) -> None:
    covered: dict[str, set[str]] = {}
    for path in GOLDEN:
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        covered.setdefault(case["standard"], set()).add(path.stem.rsplit("-", 1)[-1])
    for code in registry.codes():
        assert {"perfect", "veto", "mandatory"} <= covered.get(code, set()), code


@pytest.mark.parametrize("path", GOLDEN, ids=[p.stem for p in GOLDEN])
def test_golden(path: Path, registry: StandardRegistry) -> None:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert case["clause"], "every golden case names the clause it checks"
    standard = registry.get(case["standard"])
    inp = case["input"]
    result = evaluate(
        standard,
        metrics=inp.get("metrics", {}),
        answers=inp.get("answers", {}),
        vetoes=inp.get("vetoes", {}),
    )
    _check(result, case["expected"])
