"""Third-party evaluation institutions (第三方评价机构): reports and records."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from greenmfg.core.domain import Role
from greenmfg.core.errors import (
    DuplicateError,
    InvalidValueError,
    MissingValueError,
    PermissionDeniedError,
)
from greenmfg.platform.accounts.scoping import in_region
from greenmfg.platform.registry.models import (
    EvaluationInstitution,
)
from greenmfg.platform.workflow.models import (
    InstitutionAnnualReport,
    InstitutionRecord,
)
from greenmfg.platform.workflow.services.applications import national_projects
from greenmfg.platform.workflow.services.base import _require, _today


@transaction.atomic
def institution_annual_report_file(
    *,
    actor: Any,
    year: int,
    staff_total: int,
    senior_titles: int,
    intermediate_titles: int,
    summary: str,
) -> InstitutionAnnualReport:
    """The evaluator files its institution's annual work report for ``year``; the number
    of national projects is the platform's own count, not typed."""
    _require(actor, Role.EVALUATOR, action="file an institution's annual report")
    institution = actor.institution
    if institution is None:
        raise PermissionDeniedError(
            action="file an institution's annual report",
            reason="the account is not linked to an institution",
        )
    if not 2016 <= year <= _today().year:
        raise InvalidValueError(
            where="", field="year", value=year, expected="a past or current year"
        )
    if senior_titles + intermediate_titles > staff_total:
        raise InvalidValueError(
            where="",
            field="staff",
            value=f"{senior_titles} + {intermediate_titles} > {staff_total}",
            expected="titled staff within the full-time staff",
        )
    if not summary.strip():
        raise MissingValueError(where="", field="summary", expected="a summary of the year's work")
    if InstitutionAnnualReport.objects.filter(institution=institution, year=year).exists():
        raise DuplicateError(kind="Annual report", key=str(year), detail="")
    report = InstitutionAnnualReport(
        institution=institution,
        year=year,
        national_projects=national_projects(
            legal_representative=institution.legal_representative, year=year
        ),
        staff_total=staff_total,
        senior_titles=senior_titles,
        intermediate_titles=intermediate_titles,
        summary=summary.strip(),
        submitted_by=actor,
        submitted_at=timezone.now(),
    )
    report.full_clean()
    report.save()
    return report


@transaction.atomic
def institution_record_create(
    *,
    actor: Any,
    institution: EvaluationInstitution,
    kind: str,
    recorded_on: dt.date,
    finding: str = "",
    senior_titles: int | None = None,
    intermediate_titles: int | None = None,
    refused_until: dt.date | None = None,
) -> InstitutionRecord:
    """Authorities record an institution's qualification, a supervision finding or a sanction."""
    _require(actor, Role.MUNICIPAL, Role.PROVINCIAL, Role.NATIONAL, action="supervise institutions")
    if not in_region(actor, institution.adcode):
        raise PermissionDeniedError(
            action="supervise this institution", reason="it is outside your region"
        )
    record = InstitutionRecord(
        institution=institution,
        kind=kind,
        recorded_on=recorded_on,
        finding=finding.strip(),
        senior_titles=senior_titles,
        intermediate_titles=intermediate_titles,
        refused_until=refused_until,
        recorded_by=actor,
    )
    record.full_clean()
    record.save()
    return record
