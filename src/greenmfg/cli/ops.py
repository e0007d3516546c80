"""``greenmfg serve``, ``greenmfg worker``, ``greenmfg scheduler``: the production process set.

``serve`` checks the configuration (one line naming the variable on a problem), collects
the static files, then starts and supervises gunicorn (web workers sized to the cores),
the task workers and the scheduler, with ``DEBUG`` off.  ``make demo`` runs it on SQLite.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from greenmfg.cli import _django


def default_web_workers() -> int:
    """gunicorn's rule for synchronous workers: two per core, plus one."""
    return 2 * (os.cpu_count() or 1) + 1


def default_task_workers() -> int:
    return max(1, (os.cpu_count() or 1) // 2)


def _home() -> Path:
    return Path(os.environ.get("GREENMFG_HOME") or Path.cwd()).resolve()


def _child_env() -> dict[str, str]:
    return {**os.environ, "DJANGO_SETTINGS_MODULE": "greenmfg.platform.settings"}


def _greenmfg(*args: str) -> list[str]:
    return [sys.executable, "-m", "greenmfg.cli", *args]


def prepare_production_env(home: Path) -> None:
    """Environment every process of ``serve`` shares: DEBUG off, the Prometheus directory."""
    os.environ["GREENMFG_HOME"] = str(home)
    os.environ["GREENMFG_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenmfg.platform.settings")
    metrics_dir = Path(os.environ.get("PROMETHEUS_MULTIPROC_DIR") or home / "var" / "prometheus")
    if metrics_dir.exists():
        shutil.rmtree(metrics_dir)
    metrics_dir.mkdir(parents=True)
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)


class ProcessSet:
    """gunicorn, the task workers and the scheduler as child processes.  A task worker or
    the scheduler that dies is restarted; if gunicorn dies, everything stops."""

    def __init__(self, *, host: str, port: int, web: int, threads: int, tasks: int) -> None:
        self.host, self.port, self.web, self.threads, self.tasks = host, port, web, threads, tasks
        self.children: dict[str, subprocess.Popen[bytes]] = {}
        self.stopping = False

    def _web_command(self) -> list[str]:
        command = [
            sys.executable,
            "-m",
            "gunicorn",
            "greenmfg.platform.wsgi:application",
            "--config",
            "python:greenmfg.platform.ops.gunicorn_conf",
            "--bind",
            f"{self.host}:{self.port}",
            "--workers",
            str(self.web),
            "--timeout",
            os.environ.get("GREENMFG_WEB_TIMEOUT", "60"),
            "--graceful-timeout",
            "30",
        ]
        command += max_requests_options()
        if self.threads > 1:
            command += ["--worker-class", "gthread", "--threads", str(self.threads)]
        return command

    def _spawn(self, name: str) -> None:
        if name == "web":
            command = self._web_command()
        elif name == "scheduler":
            command = _greenmfg("scheduler")
        else:
            command = _greenmfg("worker", "--name", name)
        self.children[name] = subprocess.Popen(command, env=_child_env())  # noqa: S603

    def _stop(self, signum: int, frame: Any) -> None:
        self.stopping = True

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        names = ["web", *(f"worker-{i + 1}" for i in range(self.tasks)), "scheduler"]
        for name in names:
            self._spawn(name)
        restarts: dict[str, list[float]] = {name: [] for name in names}
        code = 0
        try:
            while not self.stopping:
                time.sleep(0.5)
                for name, child in list(self.children.items()):
                    status = child.poll()
                    if status is None:
                        continue
                    if name == "web":
                        typer.echo(f"error: the web server stopped (exit code {status}).", err=True)
                        return 1
                    now = time.monotonic()
                    restarts[name] = [t for t in restarts[name] if now - t < 60] + [now]
                    if len(restarts[name]) > 5:
                        typer.echo(f"error: {name} keeps stopping (exit code {status}).", err=True)
                        return 1
                    typer.echo(f"{name} stopped (exit code {status}); restarting it.", err=True)
                    self._spawn(name)
        finally:
            code = self.shutdown()
        return code

    def shutdown(self) -> int:
        for child in self.children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 40
        for child in self.children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        return 0


def max_requests_options() -> list[str]:
    """gunicorn's worker replacement: after ``WEB_MAX_REQUESTS`` requests plus a random
    share of up to half as many again, so that workers serving the same load are not all
    replaced (and warming up) at the same moment."""
    from django.conf import settings

    limit = int(settings.WEB_MAX_REQUESTS)
    if limit <= 0:
        return []
    return ["--max-requests", str(limit), "--max-requests-jitter", str(limit // 2)]


def check_production() -> None:
    """Settings, database (reachable, migrated) and Redis, each problem in one line."""
    try:
        _django.check_database(migrated=True)
        _django.check_redis()
    except _django.SetupError as err:
        raise _django.fail(str(err)) from None


def _static_fingerprint() -> str:
    """What the collected static files depend on: every source file's path, size and time."""
    import hashlib

    from django.contrib.staticfiles.finders import get_finders

    digest = hashlib.sha256()
    entries = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            entries.append(f"{path}:{stat.st_size}:{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode())
    return digest.hexdigest()


def collect_static() -> bool:
    """``collectstatic`` (hashed, compressed) when the static sources changed since the
    last collection; returns whether it ran."""
    from django.conf import settings
    from django.core.management import call_command

    marker = Path(settings.STATIC_ROOT) / ".greenmfg-fingerprint"
    fingerprint = _static_fingerprint()
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if manifest.exists() and marker.exists() and marker.read_text() == fingerprint:
        return False
    typer.echo("Collecting the static files (hashed and compressed) …")
    call_command("collectstatic", interactive=False, verbosity=0)
    marker.write_text(fingerprint)
    return True


def serve(*, host: str, port: int, web: int, threads: int, tasks: int) -> int:
    """Check, collect the static files and run the process set until stopped."""
    check_production()
    collect_static()
    typer.echo(
        f"Serving http://{host}:{port}/ with {web} web worker(s)"
        + (f" × {threads} threads" if threads > 1 else "")
        + f", {tasks} task worker(s) and the scheduler — press Ctrl-C to stop."
    )
    return ProcessSet(host=host, port=port, web=web, threads=threads, tasks=tasks).run()


def serve_demo(*, host: str, port: int, web: int, tasks: int) -> int:
    """``greenmfg demo``'s serving step: the same process set (Django is already set up)."""
    return serve(host=host, port=port, web=web, threads=1, tasks=tasks)


def register(app: typer.Typer) -> None:
    register_backup(app)

    @app.command("serve")
    def serve_cmd(
        host: Annotated[
            str, typer.Option(envvar="GREENMFG_HOST", help="Address to listen on.")
        ] = "127.0.0.1",
        port: Annotated[
            int, typer.Option(envvar="GREENMFG_PORT", help="Port to listen on.")
        ] = 8000,
        web_workers: Annotated[
            int,
            typer.Option(
                "--web-workers",
                envvar="GREENMFG_WEB_WORKERS",
                help="gunicorn worker processes (default: 2 × cores + 1).",
            ),
        ] = 0,
        web_threads: Annotated[
            int,
            typer.Option(
                "--web-threads", envvar="GREENMFG_WEB_THREADS", help="Threads per web worker."
            ),
        ] = 1,
        task_workers: Annotated[
            int,
            typer.Option(
                "--task-workers",
                envvar="GREENMFG_TASK_WORKERS",
                help="Background-task workers (default: cores ÷ 2, at least 1).",
            ),
        ] = 0,
    ) -> None:
        """Run the platform in production: gunicorn, task workers and the scheduler."""
        prepare_production_env(_home())
        _django.setup(need_db=False, debug_default="0")
        code = serve(
            host=host,
            port=port,
            web=web_workers or default_web_workers(),
            threads=max(1, web_threads),
            tasks=task_workers or default_task_workers(),
        )
        raise typer.Exit(code)

    @app.command("worker")
    def worker_cmd(
        name: Annotated[str, typer.Option(help="Name of this worker in the logs.")] = "worker",
    ) -> None:
        """Run one supervised background-task worker (RQ on Redis, else the database)."""
        _django.setup(debug_default="0")
        from greenmfg.platform.ops.worker import Supervisor

        raise typer.Exit(Supervisor(name=name).run())

    @app.command("scheduler")
    def scheduler_cmd() -> None:
        """Queue the periodic jobs (GREENMFG_SCHEDULES) at their times."""
        _django.setup(debug_default="0")
        from greenmfg.platform.ops.scheduler import run

        def _exit(signum: int, frame: Any) -> None:
            raise SystemExit(0)

        signal.signal(signal.SIGTERM, _exit)
        with contextlib.suppress(KeyboardInterrupt, SystemExit):
            run()


def register_backup(app: typer.Typer) -> None:
    @app.command("backup")
    def backup_cmd(
        output: Annotated[
            Path | None,
            typer.Option("--output", "-o", help="Archive to write (default: var/backups/…tar)."),
        ] = None,
    ) -> None:
        """Back up the database and the uploaded files into one archive (service may run)."""
        _django.setup(debug_default="0")
        from django.conf import settings
        from django.utils import timezone

        from greenmfg.platform.ops.backup import BackupError, backup

        if output is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = Path(settings.VAR_DIR) / "backups" / f"greenmfg-{stamp}.tar"
        try:
            summary = backup(output)
        except BackupError as err:
            raise _django.fail(str(err)) from None
        typer.echo(
            f"Backup written: {summary.path} ({summary.engine} database, "
            f"{summary.files} file(s), {summary.bytes} bytes of uploads)."
        )

    @app.command("restore")
    def restore_cmd(
        archive: Annotated[Path, typer.Argument(help="Archive written by `greenmfg backup`.")],
        yes: Annotated[
            bool, typer.Option("--yes", help="Replace the current data without asking.")
        ] = False,
    ) -> None:
        """Replace the database and the uploaded files with a backup's (stop the service first)."""
        _django.setup(need_db=False, debug_default="0")
        from django.db import connection

        from greenmfg.platform.ops.backup import BackupError, read_manifest, restore

        try:
            if connection.vendor != "sqlite":  # a wiped SQLite file is simply recreated
                _django.check_database(migrated=False)
            manifest = read_manifest(archive)
        except (BackupError, _django.SetupError) as err:
            raise _django.fail(str(err)) from None
        if not yes:
            typer.confirm(
                f"Replace the database and the uploaded files with the backup of "
                f"{manifest['created_at']}?",
                abort=True,
            )
        try:
            restore(archive)
        except BackupError as err:
            raise _django.fail(str(err)) from None
        typer.echo(
            f"Restored the backup of {manifest['created_at']} "
            f"({manifest['engine']}, {manifest['media_files']} file(s))."
        )
