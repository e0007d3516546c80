"""gunicorn's configuration under ``greenmfg serve`` (bind, workers and the like come from
the command line): logs through the platform's logging (JSON lines), and the Prometheus
samples of a worker that exits are merged into the survivors' totals."""

from __future__ import annotations

from typing import Any

from greenmfg.platform import settings as _settings

logconfig_dict = _settings.LOGGING
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'


def child_exit(server: Any, worker: Any) -> None:
    from prometheus_client import multiprocess

    multiprocess.mark_process_dead(worker.pid)  # type: ignore[no-untyped-call]
