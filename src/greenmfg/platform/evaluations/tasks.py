"""Background work of the evaluations app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from greenmfg.platform.evaluations.services import report_build


@task()
def build_report_task(report_id: int) -> dict[str, object]:
    """Render a report's PDF; returns its state."""
    report = report_build(report_id=report_id)
    return {"report": report.pk, "state": report.state, "hash": report.content_hash}
