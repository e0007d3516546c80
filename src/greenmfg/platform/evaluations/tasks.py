"""Background work of the evaluations app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from greenmfg.platform.evaluations.bulk import bulk_evaluation_run
from greenmfg.platform.evaluations.services import report_build


@task()
def build_report_task(report_id: int) -> dict[str, object]:
    """Render a report's PDF; returns its state."""
    report = report_build(report_id=report_id)
    return {"report": report.pk, "state": report.state, "hash": report.content_hash}


@task()
def bulk_evaluation_task(run_id: int) -> dict[str, object]:
    """A province's self-assessment of all its listed green factories (batch path)."""
    run = bulk_evaluation_run(run_id=run_id)
    return {"run": run.pk, "units": run.done, "passed": run.passed, "status": run.status}
