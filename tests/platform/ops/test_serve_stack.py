"""``greenmfg serve`` on PostgreSQL — with Redis (RQ) and with the database queue — answers
``/readyz``, and a task whose worker is killed in the middle is retried and completes.

The task is a real list export.  To kill its worker at a known point, the test holds an
exclusive lock on the listings table: the export starts (status "running"), then waits
for the lock; the test kills the process running it, releases the lock, and measures the
time until the export is done.  Redis: the test's own database number
(``GREENMFG_TEST_REDIS_URL``, default ``redis://127.0.0.1:6379/13``), flushed first.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

from tests.platform.ops.stack import Stack, get, redis_url, run, running_stack

pytestmark = pytest.mark.postgres

POPULATE = """
import io
from greenmfg.platform.registry.demo_data import load_demo_data
load_demo_data(seed=11, scale=0.002, stdout=io.StringIO())
"""

COUNT_LISTINGS = """
from greenmfg.platform.registry.models import Listing
print(Listing.objects.count())
"""

REQUEST_EXPORT = """
from django.contrib.auth.models import AnonymousUser
from greenmfg.platform.registry.services import list_export_request
export = list_export_request(actor=AnonymousUser(), session_key="stack-test", filters={{}}, total={total})
print(export.pk)
"""

EXPORT_STATE = """
import json
from greenmfg.platform.registry.models import ListExport
e = ListExport.objects.get(pk={pk})
print(json.dumps({{"status": e.status, "written": e.written, "total": e.total, "file": bool(e.file)}}))
"""


def _populate(env: dict[str, str]) -> None:
    run(env, "manage", "migrate", "-v", "0")
    run(env, "manage", "shell", "-c", POPULATE)


@pytest.fixture(params=["redis", "database"])
def stack(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Stack]:
    redis = redis_url(0) if request.param == "redis" else None
    with running_stack(tmp_path, key="ops", redis=redis, populate=_populate) as running:
        yield running


def task_process(stack: Stack) -> psutil.Process:
    """The process that executes tasks: RQ's work horse (forked by ``rqworker`` into a
    process group of its own; the scheduler fork stays in the worker's group) or the
    database queue's ``db_worker``."""
    root = psutil.Process(stack.process.pid)
    candidates = [
        p
        for p in root.children(recursive=True)
        if "rqworker" in " ".join(p.cmdline()) or "db_worker" in " ".join(p.cmdline())
    ]
    pids = {p.pid for p in candidates}
    horses = [p for p in candidates if p.ppid() in pids and os.getpgid(p.pid) == p.pid]
    chosen = horses or [p for p in candidates if p.ppid() not in pids]
    assert len(chosen) == 1, [(p.pid, p.ppid(), p.cmdline()) for p in candidates]
    return chosen[0]


def test_readyz_and_a_killed_worker_is_recovered(stack: Stack) -> None:
    import psycopg

    status, body = get(stack.url + "/readyz")
    assert status == 200, body
    checks = json.loads(body)
    assert set(checks.values()) == {"OK"} and any("TaskQueue" in k for k in checks)
    assert get(stack.url + "/metrics", accept="text/plain")[0] == 200

    total = int(stack.shell(COUNT_LISTINGS))
    assert total > 0
    with psycopg.connect(stack.database_url) as lock:
        lock.execute("LOCK TABLE registry_listing IN ACCESS EXCLUSIVE MODE")
        pk = int(stack.shell(REQUEST_EXPORT.format(total=total)))
        deadline = time.monotonic() + 120
        while json.loads(stack.shell(EXPORT_STATE.format(pk=pk)))["status"] != "running":
            assert time.monotonic() < deadline, "the export never started"
            time.sleep(0.5)
        victim = task_process(stack)
        victim.kill()
        killed_at = time.monotonic()
        victim.wait(timeout=30)
        lock.rollback()  # releases the lock: the retry can read the listings
    deadline = time.monotonic() + 240
    while True:
        state: dict[str, Any] = json.loads(stack.shell(EXPORT_STATE.format(pk=pk)))
        if state["status"] == "done":
            break
        assert time.monotonic() < deadline, f"the killed export was not retried: {state}"
        time.sleep(1)
    recovered = time.monotonic() - killed_at
    assert state["file"] and state["written"] == state["total"] > 0
    print(f"\nkilled task recovered and completed in {recovered:.1f} s")
