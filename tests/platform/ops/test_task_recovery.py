"""The database task queue never leaves a task "running" for good: a task whose worker
died is queued again after a delay, and after the last attempt it is failed — and the
export it was writing shows "failed" with a retry button that works."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def db_queue(settings: Any) -> Any:
    """The database queue (django-tasks resets its backends when TASKS changes)."""
    settings.TASKS = DB_TASKS
    settings.TASK_MAX_ATTEMPTS = 2
    return settings


def _claim(result_id: str, worker_id: str) -> None:
    from django_tasks_db.models import DBTaskResult

    row = DBTaskResult.objects.get(pk=result_id)
    row.claim(worker_id)


def test_a_dead_workers_task_is_retried_then_failed_and_offered_again(
    db_queue: Any, client: Client
) -> None:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from greenmfg.platform.ops.taskqueue import recover_db_tasks
    from greenmfg.platform.registry.models import ListExport
    from greenmfg.platform.registry.tasks import build_list_export_task

    session = client.session
    session.save()
    export = ListExport.objects.create(session_key=session.session_key, filters={}, total=3)
    result = build_list_export_task.enqueue(export.pk)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.READY

    # First attempt: its worker dies (killed, out of memory, machine stopped).
    _claim(result.id, "host:101.1")
    ListExport.objects.filter(pk=export.pk).update(status=ListExport.Status.RUNNING)
    before = timezone.now()
    assert recover_db_tasks("host:101.1", "killed") == [str(row.pk)]
    row.refresh_from_db()
    assert row.status == TaskResultStatus.READY
    assert row.run_after >= before + dt.timedelta(seconds=10)  # retried after a delay
    assert not DBTaskResult.objects.ready().filter(pk=row.pk).exists()  # not yet

    # A worker of another id is not touched.
    assert recover_db_tasks("host:999.9", "killed") == []

    # Second and last attempt dies too: the task and the export are failed.
    _claim(result.id, "host:102.1")
    recover_db_tasks("host:102.1", "killed")
    row.refresh_from_db()
    assert row.status == TaskResultStatus.FAILED
    assert "killed" in row.traceback
    export.refresh_from_db()
    assert export.status == ListExport.Status.FAILED

    page = client.get(f"/lists/exports/{export.token}/")
    body = page.content.decode()
    assert 'data-status="failed"' in body and 'data-testid="export-retry"' in body
    assert "重新导出" in body

    retried = client.post(f"/lists/exports/{export.token}/retry/")
    assert retried.status_code == 302
    export.refresh_from_db()
    assert export.status == ListExport.Status.QUEUED


def test_a_task_overrunning_the_time_limit_is_found(db_queue: Any) -> None:
    from django_tasks_db.models import DBTaskResult

    from greenmfg.platform.ops.jobs import prune_task_results
    from greenmfg.platform.ops.taskqueue import overrunning_db_task

    result = prune_task_results.enqueue()
    _claim(result.id, "host:7.1")
    assert overrunning_db_task("host:7.1") is None
    DBTaskResult.objects.filter(pk=result.id).update(
        started_at=timezone.now() - dt.timedelta(seconds=db_queue.TASK_TIME_LIMIT + 5)
    )
    assert overrunning_db_task("host:7.1") == result.id
    assert overrunning_db_task("host:8.1") is None


def test_the_scheduler_table_comes_from_settings_and_each_firing_is_queued_once(
    settings: Any,
) -> None:
    from greenmfg.platform.ops.scheduler import build_scheduler, fire

    settings.GREENMFG_SCHEDULES = {
        "prune-task-results": {
            "cron": "15 4 * * *",
            "task": "greenmfg.platform.ops.jobs.prune_task_results",
        }
    }
    scheduler = build_scheduler(blocking=False)
    jobs = scheduler.get_jobs()
    assert [job.id for job in jobs] == ["prune-task-results"]
    assert "hour='4', minute='15'" in str(jobs[0].trigger)
    assert fire("prune-task-results", "greenmfg.platform.ops.jobs.prune_task_results") is True
    # A second scheduler (another host) at the same minute does not queue it again.
    assert fire("prune-task-results", "greenmfg.platform.ops.jobs.prune_task_results") is False
