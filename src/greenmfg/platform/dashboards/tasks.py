"""Background computation of the yearly index snapshots (django-tasks)."""

from __future__ import annotations

from django_tasks import task

from greenmfg.platform.dashboards.services import index_snapshots_compute


@task()
def compute_snapshots_task(year: int) -> int:
    return index_snapshots_compute(actor=None, year=year)
