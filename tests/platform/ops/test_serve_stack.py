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
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psutil
import pytest

pytestmark = pytest.mark.postgres

GREENMFG = Path(sys.executable).with_name("greenmfg")
REDIS_URL = os.environ.get("GREENMFG_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"

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


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [str(GREENMFG), *args], env=env, capture_output=True, text=True, check=False, timeout=600
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def get(url: str, accept: str = "application/json") -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as err:
        return err.code, err.read()


class Stack:
    def __init__(
        self, home: Path, env: dict[str, str], port: int, process: subprocess.Popen[bytes]
    ):
        self.home, self.env, self.port, self.process = home, env, port, process
        self.url = f"http://127.0.0.1:{port}"

    def shell(self, code: str) -> str:
        return run(self.env, "manage", "shell", "-c", code).strip().splitlines()[-1]


@pytest.fixture(params=["redis", "database"])
def stack(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Stack]:
    import psycopg

    backend = request.param
    name = os.environ.get("GREENMFG_TEST_DB_NAME", "test_greenmfg") + "_stack"
    with psycopg.connect(ADMIN_URL, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    env = {k: v for k, v in os.environ.items() if not k.startswith("GREENMFG_")}
    env.update(
        {
            "GREENMFG_HOME": str(tmp_path),
            "GREENMFG_DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
            "GREENMFG_SECRET_KEY": "stack-test-" + "k" * 40,
            "GREENMFG_TASK_MAX_ATTEMPTS": "3",
        }
    )
    if backend == "redis":
        import redis

        redis.Redis.from_url(REDIS_URL).flushdb()
        env["GREENMFG_REDIS_URL"] = REDIS_URL
    run({**env, "GREENMFG_DEBUG": "1"}, "manage", "migrate", "-v", "0")
    run({**env, "GREENMFG_DEBUG": "1"}, "manage", "shell", "-c", POPULATE)
    port = free_port()
    log = (tmp_path / "serve.log").open("wb")
    process = subprocess.Popen(
        [str(GREENMFG), "serve", "--port", str(port), "--web-workers", "2", "--task-workers", "1"],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    stack = Stack(tmp_path, {**env, "GREENMFG_DEBUG": "1"}, port, process)
    try:
        deadline = time.monotonic() + 300
        while True:
            assert process.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            try:
                if get(stack.url + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "serve did not answer within 300 s"
            time.sleep(1)
        yield stack
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        with psycopg.connect(ADMIN_URL, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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
    with psycopg.connect(stack.env["GREENMFG_DATABASE_URL"]) as lock:
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
