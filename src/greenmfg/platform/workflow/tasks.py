"""Background tasks of the workflow (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from greenmfg.platform.workflow.services import reminders_create


@task()
def send_deadline_reminders(days_ahead: int = 7) -> int:
    """Create the day's deadline reminders (idempotent)."""
    return reminders_create(days_ahead=days_ahead)
