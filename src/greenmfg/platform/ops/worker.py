"""``greenmfg worker``: one supervised task worker.

The supervisor starts the real worker as a child process (RQ's ``rqworker`` on Redis,
django-tasks-db's ``db_worker`` otherwise), restarts it when it dies, and makes sure no task
stays "running" for ever: on the database queue it requeues (or fails) the task of a dead
or overrunning worker itself; on Redis it has RQ clean its registries, which retries
abandoned jobs.
"""

from __future__ import annotations

import logging
import os
import signal
import socket
import subprocess
import sys
import time
from typing import Any

from django.conf import settings

from greenmfg.platform.ops import taskqueue

logger = logging.getLogger("greenmfg.worker")

POLL_SECONDS = 1.0
RQ_MAINTENANCE_SECONDS = 15.0
STOP_GRACE_SECONDS = 30.0


def uses_redis() -> bool:
    return str(settings.TASKS["default"]["BACKEND"]).endswith("taskqueue.RQBackend")


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_orphans() -> list[str]:
    """Database queue: tasks left running by workers of this host that no longer exist
    (the machine or the supervisor itself was stopped hard)."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    host = socket.gethostname()
    handled: list[str] = []
    ids = {
        row.worker_ids[-1]
        for row in DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING).only("worker_ids")
        if row.worker_ids
    }
    for worker_id in ids:
        name, _, pid = worker_id.rpartition(":")
        if name == host and pid.isdigit() and not _pid_alive(int(pid)):
            handled += taskqueue.recover_db_tasks(worker_id, "its worker is no longer running")
    return handled


class Supervisor:
    def __init__(self, *, name: str) -> None:
        self.name = name
        self.child: subprocess.Popen[bytes] | None = None
        self.worker_id = ""
        self.stopping = False

    def _command(self) -> list[str]:
        django = [sys.executable, "-m", "django"]
        if uses_redis():
            return [
                *django,
                "rqworker",
                "default",
                "--with-scheduler",
                "--job-class",
                "django_tasks_rq.backend.Job",
                "--name",
                self.worker_id,
            ]
        return [
            *django,
            "db_worker",
            "--queue-name",
            "default",
            "--interval",
            "1",
            "--no-startup-delay",
            "--worker-id",
            self.worker_id,
        ]

    def _start(self) -> None:
        # The id must be known before the child exists: host, supervisor pid, a counter.
        self.worker_id = f"{socket.gethostname()}:{os.getpid()}.{int(time.time() * 1000) % 10**9}"
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": "greenmfg.platform.settings"}
        self.child = subprocess.Popen(self._command(), env=env)  # noqa: S603
        logger.info("task worker started", extra={"worker": self.worker_id, "pid": self.child.pid})

    def _stop(self, signum: int, frame: Any) -> None:
        self.stopping = True
        if self.child is not None and self.child.poll() is None:
            self.child.send_signal(signal.SIGTERM)

    def _after_exit(self, reason: str) -> None:
        if uses_redis():
            _rq_maintenance()
        else:
            taskqueue.recover_db_tasks(self.worker_id, reason)

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        if not uses_redis():
            recover_orphans()
        restarts: list[float] = []
        last_maintenance = 0.0
        self._start()
        while True:
            assert self.child is not None
            try:
                code = self.child.wait(timeout=POLL_SECONDS)
            except subprocess.TimeoutExpired:
                code = None
            if self.stopping:
                if code is None:
                    try:
                        code = self.child.wait(timeout=STOP_GRACE_SECONDS)
                    except subprocess.TimeoutExpired:
                        self.child.kill()
                        self.child.wait()
                self._after_exit("the worker was stopped")
                logger.info("task worker stopped", extra={"worker": self.worker_id})
                return 0
            if code is not None:
                logger.error(
                    "task worker died; restarting it",
                    extra={"worker": self.worker_id, "exit_code": code},
                )
                self._after_exit(f"its worker died (exit code {code})")
                now = time.monotonic()
                restarts = [t for t in restarts if now - t < 60] + [now]
                if len(restarts) > 5:
                    logger.error("task worker keeps dying; giving up", extra={"worker": self.name})
                    return 1
                self._start()
                continue
            if uses_redis():
                if time.monotonic() - last_maintenance > RQ_MAINTENANCE_SECONDS:
                    _rq_maintenance()
                    last_maintenance = time.monotonic()
            elif taskqueue.overrunning_db_task(self.worker_id) is not None:
                logger.error(
                    "task exceeded the time limit; stopping its worker",
                    extra={"worker": self.worker_id, "limit": settings.TASK_TIME_LIMIT},
                )
                self.child.kill()
                self.child.wait()
                self._after_exit(f"it ran beyond the time limit of {settings.TASK_TIME_LIMIT} s")
                self._start()


def _rq_maintenance() -> None:
    """Let RQ retry (or fail) jobs whose worker stopped sending heartbeats."""
    import django_rq
    from rq.registry import clean_registries

    try:
        clean_registries(django_rq.get_queue("default"))
    except Exception:  # Redis briefly away: the next round cleans
        logger.exception("could not clean the RQ registries")
