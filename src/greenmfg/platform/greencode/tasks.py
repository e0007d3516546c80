"""Background grading (django-tasks): run after the filing deadline (15 April); MIIT
re-codes within one month of filing (green_system_rules.md §3, [V])."""

from __future__ import annotations

from django_tasks import task

from greenmfg.platform.greencode.services import green_codes_grade


@task()
def grade_year_task(year: int) -> dict[str, object]:
    """Grade data year ``year`` as the platform; returns the run's summary."""
    run = green_codes_grade(actor=None, year=year)
    return {
        "run": run.pk,
        "year": run.year,
        "graded": run.graded,
        "counts": run.counts,
        "excluded": run.excluded,
    }
