"""The task queue's reliability: time limits, retries with a growing delay, and recovery of
tasks whose worker died — on both backends, behind the django-tasks API.

* Redis (RQ, :class:`RQBackend`): RQ enforces the time limit (the job's ``timeout``) and
  retries failed or abandoned jobs (``Retry``); an abandoned job is one whose worker
  stopped sending heartbeats.
* Database (django-tasks-db): ``greenmfg worker`` supervises its ``db_worker`` process; when
  that process dies or overruns the time limit, :func:`recover_db_tasks` puts its running
  task back in the queue with a delay, or marks it failed after the last attempt.

When a task has failed for good, the record it was working on (an export, a report) is
marked failed too (:data:`FAILURE_HANDLERS`), so its page offers a retry instead of
showing "running" for ever.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks_rq import RQBackend as _BaseRQBackend

logger = logging.getLogger("greenmfg.tasks")

# task path → path of a function(first task argument, error text) that marks the record
# the task was building as failed.
FAILURE_HANDLERS: dict[str, str] = {
    "greenmfg.platform.registry.tasks.build_list_export_task": (
        "greenmfg.platform.registry.services.list_export_fail"
    ),
    "greenmfg.platform.evaluations.tasks.build_report_task": (
        "greenmfg.platform.evaluations.services.report_fail"
    ),
    "greenmfg.platform.evaluations.tasks.bulk_evaluation_task": (
        "greenmfg.platform.evaluations.bulk.bulk_evaluation_fail"
    ),
    "greenmfg.platform.onboarding.tasks.run_past_filings_import_task": (
        "greenmfg.platform.onboarding.services.past_filings_import_fail"
    ),
}


def retry_delay(attempt: int) -> int:
    """Seconds to wait before attempt ``attempt + 1`` (attempt counts from 1)."""
    delays: list[int] = settings.TASK_RETRY_DELAYS
    return delays[min(attempt, len(delays)) - 1]


def _rq_delays(retries: int) -> list[int]:
    """The delays before retries 1…``retries``, as RQ indexes them."""
    return [retry_delay(attempt) for attempt in range(1, retries + 1)]


class RQBackend(_BaseRQBackend):
    """django-tasks-rq with a time limit per attempt and retries with growing delays."""

    def enqueue(self, task: Task[Any, Any], args: Any, kwargs: Any) -> TaskResult[Any]:
        import django_rq
        from django_tasks.base import TASK_MAX_PRIORITY
        from django_tasks.signals import task_enqueued
        from django_tasks.utils import get_random_id
        from django_tasks_rq.backend import Job, failed_callback, success_callback
        from rq.callbacks import Callback
        from rq.job import JobStatus, Retry

        self.validate_task(task)
        task_result: TaskResult[Any] = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        queue = django_rq.get_queue(task.queue_name, job_class=Job)
        retries = settings.TASK_MAX_ATTEMPTS - 1
        job = queue.create_job(
            task.module_path,
            args=args,
            kwargs=kwargs,
            job_id=task_result.id,
            timeout=settings.TASK_TIME_LIMIT,
            result_ttl=settings.TASK_RESULT_DAYS * 86400,
            failure_ttl=settings.TASK_RESULT_DAYS * 86400,
            # RQ takes the delays of the last ``max`` retries from the end of the list.
            retry=Retry(max=retries, interval=_rq_delays(retries)) if retries else None,
            status=JobStatus.SCHEDULED if task.run_after else JobStatus.QUEUED,
            on_failure=Callback(failed_callback),
            on_success=Callback(success_callback),
            meta={"backend_name": self.alias},
        )
        if task.run_after is None:
            job = queue.enqueue_job(job, at_front=task.priority == TASK_MAX_PRIORITY)
        else:
            job = queue.schedule_job(job, task.run_after)
        object.__setattr__(task_result, "enqueued_at", job.enqueued_at)
        task_enqueued.send(type(self), task_result=task_result)
        return task_result


def _will_retry(task_result: TaskResult[Any]) -> bool:
    """Whether the backend will run a failed task again."""
    backend = task_result.task.get_backend()
    if isinstance(backend, _BaseRQBackend):
        job = backend._get_job(task_result.id)
        # RQ calls the failure callback before it decrements ``retries_left``.
        return bool(job is not None and job.retries_left)
    if type(backend).__name__ == "DatabaseBackend":
        return len(task_result.worker_ids) < settings.TASK_MAX_ATTEMPTS
    return False


def on_task_finished(sender: Any, task_result: TaskResult[Any], **kwargs: Any) -> None:
    """``task_finished``: retry a failed database task with a delay, and mark the record a
    task was building as failed once no attempt is left."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    error = task_result.errors[-1].traceback.strip().splitlines()[-1] if task_result.errors else ""
    if _will_retry(task_result):
        if type(task_result.task.get_backend()).__name__ == "DatabaseBackend":
            _requeue_db(task_result.id, attempts=len(task_result.worker_ids))
        logger.warning(
            "task failed, will retry",
            extra={"task": task_result.task.module_path, "task_id": task_result.id, "error": error},
        )
        return
    logger.error(
        "task failed for good",
        extra={"task": task_result.task.module_path, "task_id": task_result.id, "error": error},
    )
    mark_failed(task_result.task.module_path, list(task_result.args), error)


def mark_failed(task_path: str, args: list[Any], error: str) -> None:
    handler_path = FAILURE_HANDLERS.get(task_path)
    if handler_path is None or not args:
        return
    try:
        handler: Callable[[Any, str], Any] = import_string(handler_path)
    except ImportError:
        return
    handler(args[0], error or "the background worker stopped")


# --- the database backend ---------------------------------------------------------------


def _requeue_db(result_id: str, *, attempts: int) -> None:
    from django_tasks_db.models import DBTaskResult

    run_after = timezone.now() + dt.timedelta(seconds=retry_delay(attempts))
    DBTaskResult.objects.filter(pk=result_id).update(
        status=TaskResultStatus.READY, run_after=run_after, finished_at=None
    )


def recover_db_tasks(worker_id: str, reason: str) -> list[str]:
    """Tasks that ``worker_id`` was running when it died or was stopped for overrunning
    the time limit: queued again after a delay, or failed after the last attempt.
    Returns the ids of the tasks handled."""
    from django_tasks_db.models import DBTaskResult

    handled: list[str] = []
    for row in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING):
        if not row.worker_ids or row.worker_ids[-1] != worker_id:
            continue
        handled.append(str(row.pk))
        attempts = len(row.worker_ids)
        if attempts < settings.TASK_MAX_ATTEMPTS:
            _requeue_db(str(row.pk), attempts=attempts)
            logger.warning(
                "task requeued after its worker stopped",
                extra={"task": row.task_path, "task_id": str(row.pk), "reason": reason},
            )
            continue
        DBTaskResult.objects.filter(pk=row.pk).update(
            status=TaskResultStatus.FAILED,
            finished_at=timezone.now(),
            exception_class_path="greenmfg.platform.ops.taskqueue.WorkerLost",
            traceback=f"WorkerLost: {reason}",
        )
        logger.error(
            "task failed for good",
            extra={"task": row.task_path, "task_id": str(row.pk), "reason": reason},
        )
        mark_failed(row.task_path, list(row.args_kwargs.get("args", [])), reason)
    return handled


def overrunning_db_task(worker_id: str) -> str | None:
    """The id of the task ``worker_id`` runs beyond the time limit, if any."""
    from django_tasks_db.models import DBTaskResult

    limit = timezone.now() - dt.timedelta(seconds=settings.TASK_TIME_LIMIT)
    for row in DBTaskResult.objects.filter(
        status=TaskResultStatus.RUNNING, started_at__lt=limit
    ).only("pk", "worker_ids"):
        if row.worker_ids and row.worker_ids[-1] == worker_id:
            return str(row.pk)
    return None
