"""Background grading (django-tasks): run after the filing deadline (15 April); MIIT
re-codes within one month of filing (green_system_rules.md §3, [V])."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django_tasks import task

from greenmfg.core.codes import regions
from greenmfg.core.supervision.calendar import filing_deadline
from greenmfg.platform.greencode.services import green_codes_grade


@task()
def grade_year_task(year: int) -> dict[str, object]:
    """Grade data year ``year`` as the platform, then queue the year's index snapshots
    (their green-code mix changed); returns the run's summary."""
    from greenmfg.platform.dashboards.tasks import compute_snapshots_task

    run = green_codes_grade(actor=None, year=year)
    compute_snapshots_task.enqueue(year)
    return {
        "run": run.pk,
        "year": run.year,
        "graded": run.graded,
        "counts": run.counts,
        "excluded": run.excluded,
    }


def grading_due(year: int) -> dt.datetime:
    """When data year ``year`` is graded: 02:00 on the day after the latest filing deadline
    of any province (the national rule is 15 April of the next year; a province may set
    its own), so every region's filings are in."""
    latest = max(filing_deadline(year, p.adcode) for p in regions.provinces())
    day = latest + dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(2, 0), tzinfo=timezone.get_current_timezone())


def schedule_grading(year: int) -> Any:
    """Queue the grading of ``year`` to run at :func:`grading_due` (or now, if past)."""
    due = grading_due(year)
    if due <= timezone.now():
        return grade_year_task.enqueue(year)
    return grade_year_task.using(run_after=due).enqueue(year)
