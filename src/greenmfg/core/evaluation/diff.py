"""What changed between two standards (editions, or a base and its industry set)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from greenmfg.core.evaluation.schema import IndicatorSet, Num


@dataclass(frozen=True, slots=True)
class Change:
    kind: Literal["added", "removed", "changed"]
    section: str  # metadata / veto / basic_requirement / category / indicator / pass_rule
    code: str
    field: str | None = None
    old: Any = None
    new: Any = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "section": self.section,
            "code": self.code,
            "field": self.field,
            "old": self.old,
            "new": self.new,
        }


def _plain(value: Any) -> Any:
    if isinstance(value, Num):
        return value.value
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value


def _compare_fields(section: str, code: str, old: Any, new: Any, fields: list[str]) -> list[Change]:
    out = []
    for name in fields:
        a, b = _plain(getattr(old, name)), _plain(getattr(new, name))
        if a != b:
            out.append(Change("changed", section, code, name, a, b))
    return out


def _keyed(section: str, old: list[Any], new: list[Any], fields: list[str]) -> list[Change]:
    before = {x.code: x for x in old}
    after = {x.code: x for x in new}
    out: list[Change] = []
    for code, item in before.items():
        if code not in after:
            out.append(Change("removed", section, code, None, _label(item), None))
    for code, item in after.items():
        if code not in before:
            out.append(Change("added", section, code, None, None, _label(item)))
        else:
            out.extend(_compare_fields(section, code, before[code], item, fields))
    return out


def _label(item: Any) -> str:
    for name in ("name_zh", "text_zh"):
        if hasattr(item, name):
            return str(getattr(item, name))
    return str(item.code)


def diff_standards(a: IndicatorSet, b: IndicatorSet) -> list[Change]:
    """Every difference from ``a`` to ``b``, grouped by section in schema order."""
    changes: list[Change] = []
    changes.extend(
        _compare_fields(
            "metadata",
            b.code,
            a.metadata,
            b.metadata,
            ["code", "title_zh", "edition", "effective", "industries", "supersedes", "status"],
        )
    )
    changes.extend(_keyed("veto", a.vetoes, b.vetoes, ["text_zh", "clause", "status"]))
    changes.extend(
        _keyed(
            "basic_requirement", a.basic_requirements, b.basic_requirements, ["text_zh", "status"]
        )
    )
    changes.extend(_keyed("category", a.categories, b.categories, ["name_zh", "weight"]))
    changes.extend(
        _keyed(
            "indicator",
            a.indicators,
            b.indicators,
            [
                "category",
                "name_zh",
                "type",
                "mandatory",
                "metric",
                "direction",
                "unit",
                "baseline",
                "leading",
                "points",
                "max_points",
            ],
        )
    )
    rule_a, rule_b = a.pass_rule, b.pass_rule
    for name in ("threshold", "mandatory_all"):
        old, new = _plain(getattr(rule_a, name)), _plain(getattr(rule_b, name))
        if old != new:
            changes.append(Change("changed", "pass_rule", name, name, old, new))
    bands_a = [(x.label_en, x.min.value) for x in rule_a.bands]
    bands_b = [(x.label_en, x.min.value) for x in rule_b.bands]
    if bands_a != bands_b:
        changes.append(Change("changed", "pass_rule", "bands", "bands", bands_a, bands_b))
    return changes
