"""Reads of the review with materials: what a reviewer sees beside an application (the
evaluation report and evidence, three years of filings, dynamic-management history, the
formal-check checklist with the system's findings, requests for material)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from greenmfg.core.domain import ListLevel, UnitKind
from greenmfg.core.supervision import calendar as cal
from greenmfg.core.workflow import checklist as core_checklist
from greenmfg.core.workflow.checklist import ChecklistItem, Finding, MaterialFacts
from greenmfg.platform.accounts.scoping import actor_role
from greenmfg.platform.workflow.models import Application, ChecklistEntry, MaterialRequest
from greenmfg.platform.workflow.selectors import application_get
from greenmfg.platform.workflow.services import gather_facts

REVIEW_YEARS = 3


def material_facts(app: Application, today: dt.date) -> MaterialFacts:
    """The applicant's own data the checklist's system findings need."""
    from greenmfg.platform.filings.selectors import filed_years, key_figures
    from greenmfg.platform.supervision.models import QualityFlag
    from greenmfg.platform.supervision.selectors import filing_status, unit_in_force

    unit = app.unit
    assert unit is not None
    data_year = today.year - 1
    energy_years: frozenset[int] = frozenset()
    non_compliant: tuple[str, ...] = ()
    grade1: tuple[str, ...] = ()
    if app.enterprise is not None:
        energy_years = frozenset(filed_years(enterprise=app.enterprise))
        latest = key_figures(enterprise=app.enterprise, years=1)
        if latest:
            non_compliant = tuple(q.product for q in latest[0].quotas if q.level == "non_compliant")
            grade1 = tuple(q.product for q in latest[0].quotas if q.level == "1")
    listed = unit_in_force(unit)
    unfiled: list[int] = []
    if listed:
        for year in (data_year - 1, data_year):
            if (
                cal.filing_deadline(year, unit.adcode) < today
                and not filing_status(unit, year).filed
            ):
                unfiled.append(year)
    flags = QualityFlag.objects.filter(
        Q(filing__enterprise=unit) if app.enterprise_id else Q(filing__park=unit),
        status=QualityFlag.Status.OPEN,
    ).count()
    return MaterialFacts(
        data_year=data_year,
        energy_filed_years=energy_years,
        quota_non_compliant=non_compliant,
        quota_grade1=grade1,
        listed_in_force=listed,
        dynamic_unfiled_years=tuple(unfiled),
        open_flags=flags,
    )


@dataclass(frozen=True)
class ChecklistRow:
    item: ChecklistItem
    finding: Finding | None
    entry: ChecklistEntry | None


@dataclass(frozen=True)
class LevelChecklist:
    level: ListLevel
    rows: tuple[ChecklistRow, ...]
    editable: bool

    @property
    def complete(self) -> bool:
        return all(r.entry is not None for r in self.rows)

    @property
    def failed(self) -> list[ChecklistRow]:
        return [r for r in self.rows if r.entry is not None and not r.entry.passed]


def checklists(
    *, app: Application, editable_level: ListLevel | None, today: dt.date | None = None
) -> list[LevelChecklist]:
    """Each review level's checklist with what was recorded; the reviewer's own level
    carries the system's findings and is editable."""
    today = today or timezone.localdate()
    entries: dict[tuple[str, str], ChecklistEntry] = {
        (e.level, e.item): e for e in app.checklist.select_related("checked_by")
    }
    facts = gather_facts(app, today)
    material = material_facts(app, today)
    out = []
    for level in core_checklist.REVIEW_LEVELS:
        items = core_checklist.items_for(UnitKind(app.kind), level)
        if not items:
            continue
        editable = level is editable_level
        recorded = any((level.value, i.code) in entries for i in items)
        if not (editable or recorded):
            continue
        found = core_checklist.findings(items, facts, material) if editable else {}
        out.append(
            LevelChecklist(
                level=level,
                rows=tuple(
                    ChecklistRow(i, found.get(i.code), entries.get((level.value, i.code)))
                    for i in items
                ),
                editable=editable,
            )
        )
    return out


def review_materials(*, app: Application) -> dict[str, Any]:
    """The materials beside the application (the caller has checked that the viewer is a
    reviewer who may see the application)."""
    from greenmfg.platform.filings.selectors import key_figures
    from greenmfg.platform.supervision.models import ChangeDeclaration, Removal
    from greenmfg.platform.supervision.selectors import unit_history

    unit = app.unit
    assert unit is not None
    report = app.evaluation_report
    evidence = list(report.evaluation.evidence.order_by("code", "pk")) if report else []
    unit_q = Q(enterprise=unit) if app.enterprise_id else Q(park=unit)
    return {
        "report": report,
        "evidence": evidence,
        "figures": key_figures(enterprise=app.enterprise, years=REVIEW_YEARS)
        if app.enterprise is not None
        else [],
        "dynamic": unit_history(unit, REVIEW_YEARS),
        "removals": list(Removal.objects.filter(unit_q).order_by("-removed_on")[:5]),
        "changes": list(ChangeDeclaration.objects.filter(unit_q).order_by("-pk")[:5]),
    }


def material_requests(*, app: Application) -> QuerySet[MaterialRequest]:
    return app.material_requests.select_related("requested_by", "answered_by")


def material_request_get(*, actor: Any, pk: int) -> MaterialRequest:
    """A request, if the actor may see its application (else 404)."""
    request = MaterialRequest.objects.filter(pk=pk).select_related("application").first()
    if request is None:
        raise Http404
    application_get(actor=actor, pk=request.application_id)
    return request


def open_requests_for(*, actor: Any) -> QuerySet[MaterialRequest]:
    """The open requests on the enterprise account's own applications."""
    from greenmfg.platform.workflow.selectors import application_list

    if actor_role(actor) is None:
        return MaterialRequest.objects.none()
    return MaterialRequest.objects.filter(
        application__in=application_list(actor=actor).values("pk"),
        status=MaterialRequest.Status.OPEN,
    ).select_related("application")


def checklist_codes(*, kinds: set[str], role: Any) -> list[ChecklistItem]:
    """The formal-check items a reviewer of ``role`` may cite in a batch decision on
    applications of ``kinds``, in checklist order (none for a role that reviews nothing)."""
    levels = {level.value for level in core_checklist.REVIEW_LEVELS}
    if role is None or str(role) not in levels:
        return []
    wanted = {UnitKind(kind) for kind in kinds}
    level = ListLevel(str(role))
    return [
        item for item in core_checklist.checklist() if level in item.levels and item.kinds & wanted
    ]
