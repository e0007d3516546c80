"""The evaluation input file: a filing (accounting issue format) plus answers and vetoes.

::

    {"enterprise": {...}, "year": 2024, "energy": [...], "products": [...], ...,   # the filing
     "answers": {"B1": true, "RE1-1": true, "EL4": 6},
     "vetoes": {"V1": false, ...},
     "metrics": {"renewable_share": 12.5}}          # optional: metrics the filing cannot give

The filing is accounted by :func:`greenmfg.core.accounting.account`; its metrics feed
the quantitative indicators.  A file may also carry only ``metrics`` (no energy data),
e.g. results accounted elsewhere.  ``metrics`` may not restate a metric the filing
already gives (quantitative inputs come from accounting, not retyped).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from greenmfg.core import jsonsafe
from greenmfg.core.accounting import AccountingResult, account
from greenmfg.core.errors import EvaluationInputInvalidError
from greenmfg.core.evaluation.quota import QuotaInputs, quota_inputs
from greenmfg.core.evaluation.schema import IndicatorSet
from greenmfg.core.filing.model import Filing, ProductLine

_FILING_KEYS = {
    "enterprise",
    "year",
    "energy",
    "process",
    "products",
    "economics",
    "resources",
    "method",
}
_OWN_KEYS = {"answers", "vetoes", "metrics", "standard", "evidence"}
_ACCOUNTED = {"energy", "process", "products", "economics", "resources"}


@dataclass(frozen=True)
class EvaluationInput:
    metrics: dict[str, float]
    answers: dict[str, bool | float]
    vetoes: dict[str, bool]
    enterprise: dict[str, Any] | None = None
    year: int | None = None
    standard: str | None = None
    accounting: AccountingResult | None = None
    evidence: dict[str, list[str]] = field(default_factory=dict)
    products: tuple[ProductLine, ...] = ()

    def quotas(self, standard: IndicatorSet) -> dict[str, QuotaInputs]:
        """The per-filing quota thresholds of ``standard``'s indicators with a quota rule."""
        electricity = {
            p.product: p.electricity_kwh_per_t
            for p in (self.accounting.products if self.accounting else ())
            if p.electricity_kwh_per_t is not None
        }
        return quota_inputs(standard, self.products, metrics=self.metrics, electricity=electricity)


def _fail(file: str, field_name: str, reason: str) -> EvaluationInputInvalidError:
    return EvaluationInputInvalidError(where=f"{file}: ", field=field_name, reason=reason)


def parse_input(data: Any, *, file: str = "input") -> EvaluationInput:
    """Validate and split an input mapping; account the filing part when there is one."""
    if not isinstance(data, dict):
        raise _fail(file, "(root)", "an evaluation input is a JSON object")
    unknown = set(data) - _FILING_KEYS - _OWN_KEYS
    if unknown:
        raise _fail(
            file,
            sorted(unknown)[0],
            f"unknown key; expected the filing keys ({', '.join(sorted(_FILING_KEYS))}) "
            f"and {', '.join(sorted(_OWN_KEYS))}",
        )
    answers = data.get("answers", {})
    vetoes = data.get("vetoes", {})
    extra_metrics = data.get("metrics", {})
    for name, value in (("answers", answers), ("vetoes", vetoes), ("metrics", extra_metrics)):
        if not isinstance(value, dict):
            raise _fail(file, name, "a JSON object of code → value")
    for code, value in answers.items():
        if not isinstance(value, bool | int | float):
            raise _fail(file, f"answers.{code}", f"true, false or a number, got {value!r}")
    for code, value in vetoes.items():
        if not isinstance(value, bool):
            raise _fail(file, f"vetoes.{code}", f"true or false, got {value!r}")
    for code, value in extra_metrics.items():
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise _fail(file, f"metrics.{code}", f"a number, got {value!r}")
    evidence = data.get("evidence", {})
    if not isinstance(evidence, dict) or not all(
        isinstance(v, list) and all(isinstance(x, str) for x in v) for v in evidence.values()
    ):
        raise _fail(file, "evidence", "a JSON object of code → list of document names")

    accounting: AccountingResult | None = None
    metrics: dict[str, float] = {}
    products: tuple[ProductLine, ...] = ()
    enterprise = data.get("enterprise")
    if _ACCOUNTED & set(data):
        filing_data = {k: v for k, v in data.items() if k in _FILING_KEYS}
        try:
            filing = Filing.from_dict(filing_data)
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            raise _fail(file, where, first["msg"]) from None
        accounting = account(filing)
        metrics = accounting.metrics()
        products = tuple(filing.products)
    for code, value in extra_metrics.items():
        if code in metrics:
            raise _fail(
                file,
                f"metrics.{code}",
                "computed from the filing; remove it from metrics (quantitative inputs are not retyped)",
            )
        metrics[code] = float(value)
    standard = data.get("standard")
    if standard is not None and not isinstance(standard, str):
        raise _fail(file, "standard", "the code of a standard, e.g. GB/T 36132-2025")
    year = data.get("year")
    return EvaluationInput(
        metrics=metrics,
        answers={k: (v if isinstance(v, bool) else float(v)) for k, v in answers.items()},
        vetoes=dict(vetoes),
        enterprise=enterprise if isinstance(enterprise, dict) else None,
        year=year if isinstance(year, int) else None,
        standard=standard,
        accounting=accounting,
        evidence={k: list(v) for k, v in evidence.items()},
        products=products,
    )


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise _fail(str(path), "(file)", str(err.strerror or err)) from None
    try:
        return jsonsafe.loads(text)
    except json.JSONDecodeError as err:
        raise _fail(str(path), f"line {err.lineno}", f"not valid JSON: {err.msg}") from None


def _read_answers(path: Path) -> dict[str, Any]:
    """The separate JSON file of answers and vetoes: only the evaluation's own keys."""
    extra = _read_json(path)
    if not isinstance(extra, dict):
        raise _fail(str(path), "(root)", "a JSON object with answers and vetoes")
    for key in extra:
        if key not in _OWN_KEYS:
            raise _fail(str(path), key, f"expected only {', '.join(sorted(_OWN_KEYS))}")
    return extra


def load_input(path: Path, *, answers_path: Path | None = None) -> EvaluationInput:
    """Read an evaluation input: a JSON file (filing + answers + vetoes), or a filing
    workbook / CSV (read by :mod:`greenmfg.core.filing.reader`, row- and column-precise
    errors) with the answers and vetoes in a separate JSON file."""
    if path.suffix.lower() in (".xlsx", ".xlsm", ".csv"):
        from greenmfg.core.filing.reader import read_filing

        data: dict[str, Any] = read_filing(path).to_dict()
        if answers_path is not None:
            data.update(_read_answers(answers_path))
        return parse_input(data, file=str(path))
    data_json = _read_json(path)
    if answers_path is not None:
        extra = _read_answers(answers_path)
        if isinstance(data_json, dict):  # otherwise parse_input names the input file
            clash = sorted(set(extra) & set(data_json) & _OWN_KEYS)
            if clash:
                raise _fail(str(answers_path), clash[0], f"also given in {path.name}")
            data_json = {**data_json, **extra}
    return parse_input(data_json, file=str(path))
