"""Formal-check checklist (形式审查清单) of an application, per the Interim Measures.

The items are data (``data/formal_check.yaml``: code, names, clause, source, status, the
application kinds and review levels they apply to).  For each item the platform shows the
system's own finding from plain facts (:class:`ApplicationFacts` of the guards and
:class:`MaterialFacts` read from the filings and the dynamic management tables); the
reviewer records every item as passed, or failed with a reason.  Decisions cite items.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from greenmfg.core.domain import ListLevel, UnitKind
from greenmfg.core.errors import DataFileInvalidError, InvalidValueError, MissingValueError
from greenmfg.core.workflow.guards import (
    INSTITUTION_NATIONAL_CAP,
    PARK_MIN_VALUE_ADDED_SHARE,
    REMOVAL_BAR_YEARS,
    ApplicationFacts,
)

DATA_FILE = Path(__file__).resolve().parent / "data" / "formal_check.yaml"
REVIEW_LEVELS = (ListLevel.MUNICIPAL, ListLevel.PROVINCIAL, ListLevel.NATIONAL)


@dataclass(frozen=True)
class ChecklistItem:
    code: str
    name_zh: str
    name_en: str
    clause: str
    clause_zh: str
    source: str
    status: str
    kinds: frozenset[UnitKind]
    levels: frozenset[ListLevel]
    check: str


@dataclass(frozen=True)
class MaterialFacts:
    """Facts of the applicant's own data, read by the platform (no database here)."""

    data_year: int  # the last full year, whose energy data should be filed
    energy_filed_years: frozenset[int] = frozenset()
    quota_non_compliant: tuple[str, ...] = ()  # products above their mandatory quota
    quota_grade1: tuple[str, ...] = ()  # products at grade 1 (advanced / benchmark)
    listed_in_force: bool = False
    dynamic_unfiled_years: tuple[int, ...] = ()  # due years without a filed table
    open_flags: int = 0


@dataclass(frozen=True)
class Finding:
    """The system's finding on one item: ``passed`` None when it cannot tell (the
    reviewer judges), with a message code and its parameters for the platform to word."""

    passed: bool | None
    code: str
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ItemResult:
    passed: bool
    reason: str = ""


@cache
def checklist() -> tuple[ChecklistItem, ...]:
    raw: Any = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    items = []
    seen: set[str] = set()
    for i, row in enumerate(raw.get("items", [])):
        try:
            item = ChecklistItem(
                code=str(row["code"]),
                name_zh=str(row["name_zh"]),
                name_en=str(row["name_en"]),
                clause=str(row["clause"]),
                clause_zh=str(row["clause_zh"]),
                source=str(row["source"]),
                status=str(row["status"]),
                kinds=frozenset(UnitKind(k) for k in row["kinds"]),
                levels=frozenset(ListLevel(level) for level in row["levels"]),
                check=str(row.get("check") or ""),
            )
        except (KeyError, ValueError) as err:
            raise DataFileInvalidError(
                file=DATA_FILE.name,
                line=f"item {i + 1}",
                field=str(err),
                reason="missing or invalid",
            ) from None
        if item.code in seen or item.status not in ("verified", "secondary", "unverified"):
            raise DataFileInvalidError(
                file=DATA_FILE.name, line=item.code, field="code/status", reason="duplicate or bad"
            )
        if item.check and item.check not in SYSTEM_CHECKS:
            raise DataFileInvalidError(
                file=DATA_FILE.name, line=item.code, field="check", reason=f"unknown {item.check}"
            )
        seen.add(item.code)
        items.append(item)
    return tuple(items)


def version() -> str:
    raw: Any = yaml.safe_load(DATA_FILE.read_text(encoding="utf-8"))
    return str(raw["version"])


def items_for(kind: UnitKind | str, level: ListLevel | str) -> tuple[ChecklistItem, ...]:
    """The items a reviewer at ``level`` checks for an application of ``kind``."""
    k, lv = UnitKind(kind), ListLevel(level)
    return tuple(i for i in checklist() if k in i.kinds and lv in i.levels)


# ------------------------------------------------------------------ system findings


def _evaluation(f: ApplicationFacts, m: MaterialFacts) -> Finding:
    return (
        Finding(True, "report_attached") if f.evaluation_attached else Finding(False, "no_report")
    )


def _third_party(f: ApplicationFacts, m: MaterialFacts) -> Finding:
    if not f.third_party:
        return Finding(True, "self_evaluation")
    if not f.evaluation_signed:
        return Finding(False, "report_unsigned")
    if f.institution_sanctioned_until is not None and f.institution_sanctioned_until >= f.today:
        return Finding(
            False, "institution_sanctioned", {"until": f.institution_sanctioned_until.isoformat()}
        )
    if f.institution_projects_this_year >= INSTITUTION_NATIONAL_CAP:
        return Finding(
            False,
            "institution_cap",
            {"n": f.institution_projects_this_year, "cap": INSTITUTION_NATIONAL_CAP},
        )
    return Finding(
        True,
        "institution_ok",
        {"n": f.institution_projects_this_year, "cap": INSTITUTION_NATIONAL_CAP},
    )


def _no_veto(f: ApplicationFacts, m: MaterialFacts) -> Finding:
    if f.vetoes:
        return Finding(
            False, "veto_declared", {"items": ", ".join(sorted(v.value for v in f.vetoes))}
        )
    return Finding(None, "no_veto_declared")


def _removal_bar(f: ApplicationFacts, m: MaterialFacts) -> Finding:
    if f.last_removed_on is None:
        return Finding(True, "never_removed")
    bar = f.last_removed_on.replace(year=f.last_removed_on.year + REMOVAL_BAR_YEARS)
    if f.today < bar:
        return Finding(False, "removed_recently", {"date": f.last_removed_on.isoformat()})
    return Finding(True, "removed_long_ago", {"date": f.last_removed_on.isoformat()})


def _energy_filed(f: ApplicationFacts, m: MaterialFacts) -> Finding:
    if m.data_year in m.energy_filed_years:
        return Finding(None, "energy_filed", {"year": m.data_year})
    return Finding(False, "energy_not_filed", {"year": m.data_year})


def _quota(f: ApplicationFacts, m: MaterialFacts) -> Finding:
    if m.quota_non_compliant:
        return Finding(False, "quota_exceeded", {"products": "、".join(m.quota_non_compliant)})
    if m.quota_grade1:
        return Finding(True, "quota_grade1", {"products": "、".join(m.quota_grade1)})
    return Finding(None, "quota_none_exceeded")


def _dynamic_filed(f: ApplicationFacts, m: MaterialFacts) -> Finding:
    if not m.listed_in_force:
        return Finding(True, "not_listed")
    if m.dynamic_unfiled_years:
        return Finding(
            False, "tables_missing", {"years": ", ".join(str(y) for y in m.dynamic_unfiled_years)}
        )
    if m.open_flags:
        return Finding(False, "flags_open", {"n": m.open_flags})
    return Finding(True, "tables_filed")


def _provincial_list(f: ApplicationFacts, m: MaterialFacts) -> Finding:
    return (
        Finding(True, "on_provincial_list")
        if f.on_provincial_list
        else Finding(False, "not_on_provincial_list")
    )


def _park(f: ApplicationFacts, m: MaterialFacts) -> Finding:
    share = f.park_value_added_share
    if share is None or share <= PARK_MIN_VALUE_ADDED_SHARE:
        return Finding(
            False, "park_share", {"share": "—" if share is None else f"{share * 100:.1f}"}
        )
    if not f.park_plan_published:
        return Finding(False, "park_no_plan")
    return Finding(True, "park_ok", {"share": f"{share * 100:.1f}"})


def _suppliers(f: ApplicationFacts, m: MaterialFacts) -> Finding:
    green = sum(1 for s in f.suppliers if s.national_green_factory)
    return Finding(None, "suppliers", {"green": green, "total": len(f.suppliers)})


SYSTEM_CHECKS = {
    "evaluation_attached": _evaluation,
    "third_party": _third_party,
    "no_veto": _no_veto,
    "removal_bar": _removal_bar,
    "energy_filed": _energy_filed,
    "quota": _quota,
    "dynamic_filed": _dynamic_filed,
    "provincial_list": _provincial_list,
    "park": _park,
    "suppliers": _suppliers,
}


def findings(
    items: tuple[ChecklistItem, ...], facts: ApplicationFacts, material: MaterialFacts
) -> dict[str, Finding]:
    """The system's finding per item code (items without a check are left out)."""
    return {i.code: SYSTEM_CHECKS[i.check](facts, material) for i in items if i.check}


def validate_results(
    items: tuple[ChecklistItem, ...], results: Mapping[str, ItemResult]
) -> dict[str, ItemResult]:
    """Check a reviewer's checklist: known items only; a failed item needs its reason."""
    codes = {i.code for i in items}
    for code in results:
        if code not in codes:
            raise InvalidValueError(
                where="", field="checklist", value=code, expected=", ".join(sorted(codes))
            )
    out = {}
    for item in items:
        result = results.get(item.code)
        if result is None:
            continue
        reason = result.reason.strip()
        if not result.passed and not reason:
            raise MissingValueError(
                where="", field=item.code, expected="the reason why the item failed"
            )
        out[item.code] = ItemResult(result.passed, reason)
    return out
