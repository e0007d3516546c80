"""``greenmfg serve`` as a deployment runs it, for the tests that drive it from outside.

:func:`running_stack` creates a PostgreSQL database of its own, fills it (``populate``),
starts ``greenmfg serve`` (gunicorn, task workers, scheduler; ``DEBUG`` off) on a free
port, waits for ``/healthz`` and stops everything afterwards.  With ``redis_url`` the
cache, sessions and the task queue (RQ) are on that Redis database, flushed first;
without it the queue is the database's.

Each test module passes its own ``key``, so that two modules running at the same time
(pytest-xdist) use different databases, and its own Redis database number
(:func:`redis_url`).
"""

from __future__ import annotations

import fcntl
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

GREENMFG = Path(sys.executable).with_name("greenmfg")
ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def redis_url(offset: int = 0) -> str:
    """The tests' Redis database (``GREENMFG_TEST_REDIS_URL``, default db 13) plus
    ``offset``: one number per test module that starts a stack."""
    base = os.environ.get("GREENMFG_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
    head, _, db = base.rpartition("/")
    return f"{head}/{int(db or 0) + offset}"


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
        self.database_url = env["GREENMFG_DATABASE_URL"]

    def shell(self, code: str) -> str:
        """Run Python in a ``greenmfg manage shell`` on the stack's database; its last line."""
        return run(self.env, "manage", "shell", "-c", code).strip().splitlines()[-1]


STATIC_ROOT = Path(__file__).resolve().parents[3] / "var" / "test-static"

COLLECT_STATIC = """
from greenmfg.cli.ops import collect_static
collect_static()
"""


def collect_static_once(env: dict[str, str]) -> None:
    """Collect (hash and compress) the static files into :data:`STATIC_ROOT`, shared by
    every stack of this checkout, unless they are already current; ``serve`` then finds
    them current too.  A lock keeps two test processes from collecting at once."""
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
    with (STATIC_ROOT.parent / "test-static.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        run(
            {**env, "GREENMFG_STATIC_ROOT": str(STATIC_ROOT)},
            "manage",
            "shell",
            "-c",
            COLLECT_STATIC,
        )


def database_name(key: str) -> str:
    base = os.environ.get("GREENMFG_TEST_DB_NAME", "test_greenmfg")
    return f"{base}_stack_{key}"


@contextmanager
def running_stack(
    home: Path,
    *,
    key: str,
    redis: str | None,
    populate: Callable[[dict[str, str]], None],
    web_workers: int = 2,
    task_workers: int = 1,
) -> Iterator[Stack]:
    """``greenmfg serve`` on a fresh PostgreSQL database named after ``key``; ``populate``
    gets the environment (``GREENMFG_DEBUG=1``, no Redis) and fills the database."""
    import psycopg

    name = database_name(key)
    with psycopg.connect(ADMIN_URL, autocommit=True) as db:
        db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        db.execute(f'CREATE DATABASE "{name}"')
    env = {k: v for k, v in os.environ.items() if not k.startswith("GREENMFG_")}
    env.update(
        {
            "GREENMFG_HOME": str(home),
            "GREENMFG_DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{name}",
            "GREENMFG_SECRET_KEY": "stack-test-" + "k" * 40,
            "GREENMFG_TASK_MAX_ATTEMPTS": "3",
            "GREENMFG_STATIC_ROOT": str(STATIC_ROOT),
        }
    )
    started = time.monotonic()
    populate({**env, "GREENMFG_DEBUG": "1"})
    collect_static_once({**env, "GREENMFG_DEBUG": "1"})
    populated = time.monotonic() - started
    if redis is not None:
        import redis as redis_client

        redis_client.Redis.from_url(redis).flushdb()
        env["GREENMFG_REDIS_URL"] = redis
    port = free_port()
    log_path = home / "serve.log"
    log = log_path.open("wb")
    process = subprocess.Popen(
        [
            str(GREENMFG),
            "serve",
            "--port",
            str(port),
            "--web-workers",
            str(web_workers),
            "--task-workers",
            str(task_workers),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    stack = Stack(home, {**env, "GREENMFG_DEBUG": "1"}, port, process)
    try:
        deadline = time.monotonic() + 300
        while True:
            assert process.poll() is None, log_path.read_text()[-3000:]
            try:
                if get(stack.url + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "serve did not answer within 300 s"
            time.sleep(0.5)
        print(
            f"\nstack {key}: database filled in {populated:.1f} s, "
            f"serve answered {time.monotonic() - started - populated:.1f} s later"
        )
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
