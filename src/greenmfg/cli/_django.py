"""Starting Django for a command, with one-line answers instead of tracebacks.

A missing or invalid setting, a database that is missing or unreachable, or one that is
not migrated, stops the command with ``error: …`` naming the variable or the fix
(exit code 2).
"""

from __future__ import annotations

import os
from pathlib import Path

import typer


class SetupError(Exception):
    """A problem of the deployment (settings, database, Redis), told in one line."""


def fail(message: str) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(2)


def setup(home: Path | None = None, *, need_db: bool = True, debug_default: str = "1") -> None:
    """``django.setup()`` for a command run from ``home`` (default: GREENMFG_HOME or the
    current directory); with ``need_db``, check the database answers and is migrated."""
    if home is not None:
        os.environ["GREENMFG_HOME"] = str(home)
    os.environ.setdefault("GREENMFG_HOME", str(Path.cwd()))
    os.environ.setdefault("GREENMFG_DEBUG", debug_default)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenmfg.platform.settings")
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as err:
        raise fail(str(err)) from None
    if need_db:
        try:
            check_database(migrated=True)
        except SetupError as err:
            raise fail(str(err)) from None


def _describe() -> str:
    from django.db import connection

    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"SQLite file {db['NAME']}"
    return f"PostgreSQL database {db['NAME']!r} on {db.get('HOST')}:{db.get('PORT')}"


def check_database(*, migrated: bool) -> None:
    """Raise :class:`SetupError` unless the database answers (and, with ``migrated``,
    every migration is applied)."""
    from django.db import DatabaseError, connection

    db = connection.settings_dict  # the test database's, under the test runner
    name = str(db["NAME"])
    in_memory = name == ":memory:" or name.startswith("file:")
    if db["ENGINE"].endswith("sqlite3") and not in_memory and not Path(name).exists():
        raise SetupError(
            f"the database ({_describe()}, GREENMFG_DATABASE_URL) does not exist; "
            "create it with `greenmfg manage migrate` (or run `greenmfg demo`)."
        )
    try:
        connection.ensure_connection()
    except DatabaseError as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise SetupError(
            f"cannot reach the database ({_describe()}, GREENMFG_DATABASE_URL): {first}"
        ) from None
    if not migrated:
        return
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as err:
        raise SetupError(f"cannot read the database's migrations ({_describe()}): {err}") from None
    if pending:
        raise SetupError(
            f"the database ({_describe()}) lacks {len(pending)} migration(s); "
            "apply them with `greenmfg manage migrate`."
        )


def check_redis() -> None:
    """Raise :class:`SetupError` unless the configured Redis answers."""
    from django.conf import settings

    if not settings.REDIS_URL:
        return
    import redis

    try:
        redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as err:
        raise SetupError(f"cannot reach Redis (GREENMFG_REDIS_URL): {err}") from None


def describe_failure(err: BaseException) -> str | None:
    """One line for an error of the deployment raised while a command ran, or ``None``
    for any other error (a bug, shown with its traceback)."""
    try:
        from django.core.exceptions import ImproperlyConfigured
        from django.db import OperationalError, ProgrammingError
    except ImportError:
        return None
    if isinstance(err, ImproperlyConfigured):
        return str(err)
    if isinstance(err, OperationalError | ProgrammingError):
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        return (
            f"the database (GREENMFG_DATABASE_URL) failed: {first} — is it reachable and "
            "migrated (`greenmfg manage migrate`)?"
        )
    return None
