"""The periodic work queued by ``greenmfg scheduler`` (its table is ``GREENMFG_SCHEDULES``).

Each job is a django-tasks task, so it runs on a task worker like any other background
work; each one works out what is due itself, so running it twice does no harm.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

logger = logging.getLogger("greenmfg.scheduler")


def _data_year(today: dt.date) -> int:
    """The data year being filed now: the dynamic management tables of year Y are filed by
    15 April of Y + 1 (green_system_rules.md §3)."""
    return today.year - 1


@task()
def filing_reminders() -> int:
    """Today's reminders to units that have not yet filed the last data year."""
    from greenmfg.platform.supervision.services import reminders_send

    return reminders_send(year=_data_year(timezone.localdate()))


@task()
def workflow_reminders() -> int:
    """Reminders of the application deadlines due within a week."""
    from greenmfg.platform.workflow.services import reminders_create

    return reminders_create()


@task()
def grade_after_deadline() -> int | None:
    """Grade the last data year's green codes once its filing deadline has passed, if no
    grading of that year exists yet; returns the run id."""
    from greenmfg.platform.greencode.models import GradingRun
    from greenmfg.platform.greencode.services import green_codes_grade
    from greenmfg.platform.greencode.tasks import grading_due

    year = _data_year(timezone.localdate())
    if timezone.now() < grading_due(year) or GradingRun.objects.filter(year=year).exists():
        return None
    run = green_codes_grade(actor=None, year=year)
    return int(run.pk)


@task()
def index_snapshots() -> int:
    """Recompute the regional index snapshots of the last data year."""
    from greenmfg.platform.dashboards.services import index_snapshots_compute

    return index_snapshots_compute(actor=None, year=_data_year(timezone.localdate()))


@task()
def prune_task_results() -> int:
    """Delete finished task results older than ``GREENMFG_TASK_RESULT_DAYS`` days (the
    database queue; RQ expires its own)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - dt.timedelta(days=settings.TASK_RESULT_DAYS)
    deleted, _ = DBTaskResult.objects.filter(
        status__in=[TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED],
        finished_at__lt=cutoff,
    ).delete()
    return deleted


@task()
def audit_checkpoint() -> object:
    """Write a checkpoint of the audit chains through ``GREENMFG_AUDIT_CHECKPOINT``."""
    try:
        checkpoint = import_string(settings.GREENMFG_AUDIT_CHECKPOINT)
    except ImportError:
        logger.warning(
            "audit checkpoint function not available",
            extra={
                "setting": "GREENMFG_AUDIT_CHECKPOINT",
                "path": settings.GREENMFG_AUDIT_CHECKPOINT,
            },
        )
        return None
    result = checkpoint()
    return getattr(result, "pk", None)
