"""Background tasks of dynamic management (django-tasks; the demo runs ``db_worker``)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from greenmfg.platform.supervision.services import reminders_send


@task()
def send_filing_reminders(year: int, today: str | None = None) -> int:
    """Send the reminders due on ``today`` (ISO date; default: today) for data year
    ``year``; returns how many were sent."""
    return reminders_send(year=year, today=dt.date.fromisoformat(today) if today else None)
