"""``greenmfg scheduler``: queues the periodic jobs of ``GREENMFG_SCHEDULES`` at their cron
times (APScheduler).  Several schedulers may run (one per host): each firing is claimed in
the shared cache first, so a job is queued once."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.module_loading import import_string

logger = logging.getLogger("greenmfg.scheduler")


def fire(name: str, task_path: str) -> bool:
    """Queue ``task_path`` for this minute's firing of ``name`` unless another scheduler
    already did; returns whether it was queued here."""
    minute = timezone.now().strftime("%Y%m%d%H%M")
    if not cache.add(f"greenmfg:schedule:{name}:{minute}", 1, timeout=3600):
        return False
    result = import_string(task_path).enqueue()
    logger.info("scheduled job queued", extra={"job": name, "task_id": result.id})
    return True


def build_scheduler(blocking: bool = True) -> Any:
    from apscheduler.schedulers.background import BackgroundScheduler
    from apscheduler.schedulers.blocking import BlockingScheduler
    from apscheduler.triggers.cron import CronTrigger

    cls = BlockingScheduler if blocking else BackgroundScheduler
    scheduler = cls(timezone=settings.TIME_ZONE)
    for name, entry in settings.GREENMFG_SCHEDULES.items():
        import_string(entry["task"])  # a wrong path stops the start, not the first firing
        scheduler.add_job(
            fire,
            CronTrigger.from_crontab(entry["cron"], timezone=settings.TIME_ZONE),
            args=[name, entry["task"]],
            id=name,
            coalesce=True,
            misfire_grace_time=3600,
            max_instances=1,
        )
    return scheduler


def run() -> None:
    scheduler = build_scheduler()
    for job in scheduler.get_jobs():
        logger.info("scheduled", extra={"job": job.id, "trigger": str(job.trigger)})
    scheduler.start()
