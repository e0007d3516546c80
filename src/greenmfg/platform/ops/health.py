"""Health checks (django-health-check) for ``/readyz``: database, cache, task queue, file
storage, and every migration applied.  ``/healthz`` only says the process answers."""

from __future__ import annotations

import dataclasses

from django.conf import settings
from django.db import connections
from django.db.migrations.executor import MigrationExecutor
from health_check.base import HealthCheck
from health_check.exceptions import ServiceUnavailable


@dataclasses.dataclass
class MigrationsApplied(HealthCheck):  # type: ignore[misc]
    """Every migration of the code is applied to the database (an upgrade is complete)."""

    alias: str = "default"

    def run(self) -> None:
        connection = connections[self.alias]
        try:
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        finally:
            connection.close()
        if plan:
            raise ServiceUnavailable(f"{len(plan)} migration(s) not applied")


@dataclasses.dataclass
class TaskQueue(HealthCheck):  # type: ignore[misc]
    """The task queue answers: Redis (RQ) when configured, else the database table."""

    def run(self) -> None:
        backend = str(settings.TASKS["default"]["BACKEND"])
        if backend.endswith("RQBackend"):
            import django_rq
            from redis.exceptions import RedisError

            try:
                django_rq.get_connection("default").ping()
            except RedisError as err:
                raise ServiceUnavailable("Redis queue unreachable") from err
            return
        if backend.endswith("DatabaseBackend"):
            from django.db import DatabaseError
            from django_tasks_db.models import DBTaskResult

            try:
                DBTaskResult.objects.exists()
            except DatabaseError as err:
                raise ServiceUnavailable("database queue unreachable") from err
            finally:
                connections["default"].close()


READY_CHECKS = (
    "health_check.checks.Database",
    "health_check.checks.Cache",
    "health_check.checks.Storage",
    "greenmfg.platform.ops.health.TaskQueue",
    "greenmfg.platform.ops.health.MigrationsApplied",
)
