"""Background work of the onboarding app (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from greenmfg.platform.onboarding.services import past_filings_import_run


@task()
def run_past_filings_import_task(import_id: int) -> dict[str, object]:
    """Import a kept past-filings workbook; returns its outcome."""
    record = past_filings_import_run(import_id=import_id)
    return {"import": record.pk, "status": record.status, "result": record.result}
