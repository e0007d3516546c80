"""Reading and checking the deployment's environment variables (used by ``settings.py``).

Every problem raises :class:`django.core.exceptions.ImproperlyConfigured` with one line that
names the variable, so ``greenmfg serve`` and the other commands can print it as it is.
The full list of variables, with their meaning, is in ``.env.example``.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse, urlunparse

from django.core.exceptions import ImproperlyConfigured

MIN_SECRET_KEY_LENGTH = 32


def env_flag(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a yes/no value (use 1 or 0).")


def env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name}={raw!r} must be at least {minimum}.")
    return value


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def secret_key(*, debug: bool) -> str:
    """``GREENMFG_SECRET_KEY``: required (at least 32 characters) unless debugging."""
    key = os.environ.get("GREENMFG_SECRET_KEY", "")
    if not key:
        if debug:
            return "insecure-development-key-only-for-debug"
        raise ImproperlyConfigured(
            "GREENMFG_SECRET_KEY is not set (generate one with "
            "`python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`)."
        )
    if len(key) < MIN_SECRET_KEY_LENGTH:
        raise ImproperlyConfigured(
            f"GREENMFG_SECRET_KEY is too short ({len(key)} characters; "
            f"at least {MIN_SECRET_KEY_LENGTH} are needed)."
        )
    return key


def persistent_secret_key(var_dir: Path) -> str:
    """The key kept in ``var/secret_key`` (created on first use, readable by the owner only):
    the demo needs no key from its user, and sessions survive a restart."""
    path = var_dir / "secret_key"
    if path.exists():
        key = path.read_text().strip()
        if len(key) >= MIN_SECRET_KEY_LENGTH:
            return key
    var_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    path.touch(mode=0o600)
    path.write_text(key + "\n")
    return key


def database(url: str, *, test_name: str) -> dict[str, Any]:
    """``GREENMFG_DATABASE_URL`` → Django's DATABASES entry (dj-database-url; the query
    string's options such as ``sslmode`` are kept).  SQLite gets WAL, a busy timeout and
    connections kept open across requests (opening one and reading the schema again costs
    a signed-in request more than the rest of its database work); PostgreSQL gets
    psycopg's connection pool unless ``?pool=0``."""
    import dj_database_url

    parsed = urlparse(url)
    scheme = parsed.scheme
    if scheme not in {"sqlite", "postgres", "postgresql", "pgsql"}:
        raise ImproperlyConfigured(
            f"GREENMFG_DATABASE_URL has the unsupported scheme {scheme!r} "
            "(use sqlite:///path or postgres://user:password@host:5432/name)."
        )
    if scheme == "sqlite":
        if not parsed.path or parsed.path == "/":
            raise ImproperlyConfigured("GREENMFG_DATABASE_URL names no SQLite file.")
        config: dict[str, Any] = dict(dj_database_url.parse(url))
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
        config["CONN_MAX_AGE"] = 600
        config["CONN_HEALTH_CHECKS"] = True
        return config
    if not parsed.path.strip("/"):
        raise ImproperlyConfigured("GREENMFG_DATABASE_URL names no PostgreSQL database.")
    query = parse_qs(parsed.query)
    pool = query.get("pool", ["1"])[-1] not in {"0", "false", "off"}
    kept = urlencode([(k, v) for k, values in query.items() if k != "pool" for v in values])
    try:
        config = dict(dj_database_url.parse(urlunparse(parsed._replace(query=kept))))
    except ValueError as err:
        raise ImproperlyConfigured(f"GREENMFG_DATABASE_URL is not valid: {err}") from None
    config["USER"] = config.get("USER") or "postgres"
    config["HOST"] = config.get("HOST") or "127.0.0.1"
    config["PORT"] = config.get("PORT") or 5432
    options: dict[str, Any] = dict(config.get("OPTIONS") or {})
    if pool:
        # psycopg's pool replaces persistent connections (CONN_MAX_AGE must stay 0).
        options["pool"] = {
            "min_size": env_int("GREENMFG_DB_POOL_MIN", 1),
            "max_size": env_int("GREENMFG_DB_POOL_MAX", 8, minimum=1),
            "timeout": 10,
        }
        config["CONN_MAX_AGE"] = 0
    else:
        config["CONN_MAX_AGE"] = 60
        config["CONN_HEALTH_CHECKS"] = True
    config["OPTIONS"] = options
    config["TEST"] = {"NAME": test_name}
    return config


def redis_url(raw: str) -> str:
    """``GREENMFG_REDIS_URL``: redis://[:password@]host:port/db, rediss:// or unix://."""
    from redis.connection import parse_url

    parsed = urlparse(raw)
    if parsed.scheme not in {"redis", "rediss", "unix"}:
        raise ImproperlyConfigured(
            f"GREENMFG_REDIS_URL has the unsupported scheme {parsed.scheme!r} "
            "(use redis://host:6379/0)."
        )
    try:
        parse_url(raw)  # type: ignore[no-untyped-call]
        parsed.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError as err:
        raise ImproperlyConfigured(f"GREENMFG_REDIS_URL is not valid: {err}") from None
    database = parsed.path.strip("/")
    if parsed.scheme != "unix" and database and not database.isdigit():
        raise ImproperlyConfigured(
            f"GREENMFG_REDIS_URL is not valid: the database {database!r} is not a number."
        )
    return raw


def networks(name: str, default: str) -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    """A comma-separated list of networks (``127.0.0.1/32,10.0.0.0/8``)."""
    result: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
    for item in env_list(name, default):
        try:
            result.append(ipaddress.ip_network(item, strict=False))
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {item!r} is not a network.") from None
    return result


def email(url: str) -> dict[str, Any]:
    """``GREENMFG_EMAIL_URL`` (dj-email-url): smtp://user:password@host:25,
    submission://…:587 (STARTTLS), smtps://…:465, console:, dummy:."""
    import dj_email_url

    try:
        parsed = dj_email_url.parse(url)
    except (ValueError, KeyError) as err:
        raise ImproperlyConfigured(f"GREENMFG_EMAIL_URL is not valid: {err}") from None
    return dict(parsed)


def file_storage() -> dict[str, Any]:
    """Where uploads and reports are kept: the local ``MEDIA_ROOT`` (default) or an
    S3-compatible bucket (django-storages) when ``GREENMFG_S3_BUCKET`` is set."""
    bucket = os.environ.get("GREENMFG_S3_BUCKET", "").strip()
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    options: dict[str, Any] = {
        "bucket_name": bucket,
        "default_acl": None,
        "querystring_auth": True,
        "file_overwrite": False,
    }
    for variable, option in (
        ("GREENMFG_S3_ENDPOINT_URL", "endpoint_url"),
        ("GREENMFG_S3_REGION", "region_name"),
        ("GREENMFG_S3_ACCESS_KEY", "access_key"),
        ("GREENMFG_S3_SECRET_KEY", "secret_key"),
        ("GREENMFG_S3_PREFIX", "location"),
    ):
        if os.environ.get(variable):
            options[option] = os.environ[variable]
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def logging_config(*, level: str, fmt: str) -> dict[str, Any]:
    """Standard-library logging routed through structlog's formatter: every record —
    Django's own (``django.request`` logs each 500 with its traceback), gunicorn's, the
    workers' — becomes one JSON object (``fmt="json"``) or one readable line."""
    if fmt not in {"json", "console"}:
        raise ImproperlyConfigured(f"GREENMFG_LOG_FORMAT={fmt!r} must be json or console.")
    if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
        raise ImproperlyConfigured(f"GREENMFG_LOG_LEVEL={level!r} is not a log level.")
    import structlog

    renderer: Any = (
        structlog.processors.JSONRenderer(ensure_ascii=False)
        if fmt == "json"
        else structlog.dev.ConsoleRenderer(colors=False)
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {
            "structured": {
                "()": structlog.stdlib.ProcessorFormatter,
                "processors": [
                    structlog.stdlib.ProcessorFormatter.remove_processors_meta,
                    # Tracebacks without local variables (they may hold passwords).
                    structlog.processors.ExceptionRenderer(
                        structlog.tracebacks.ExceptionDictTransformer(show_locals=False)
                    )
                    if fmt == "json"
                    else structlog.processors.format_exc_info,
                    renderer,
                ],
                "foreign_pre_chain": [
                    structlog.contextvars.merge_contextvars,
                    structlog.processors.TimeStamper(fmt="iso", utc=True),
                    structlog.stdlib.add_logger_name,
                    structlog.stdlib.add_log_level,
                    structlog.stdlib.ExtraAdder(),
                ],
            }
        },
        "handlers": {
            "console": {"class": "logging.StreamHandler", "formatter": "structured"},
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Records of these loggers reach the root handler once (no own handlers).
            "django": {"level": level, "propagate": True},
            "django.request": {"level": "WARNING" if level == "INFO" else level},
            "django.db.backends": {"level": "INFO" if level == "DEBUG" else level},
            "gunicorn.error": {"level": level, "propagate": True},
            "gunicorn.access": {"level": level, "propagate": True},
        },
    }


def configure_structlog() -> None:
    """structlog's loggers (django-structlog's request events) hand their events to the
    standard-library logging configured by :func:`logging_config`."""
    import structlog

    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.stdlib.filter_by_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.stdlib.add_logger_name,
            structlog.stdlib.add_log_level,
            structlog.stdlib.PositionalArgumentsFormatter(),
            structlog.processors.StackInfoRenderer(),
            structlog.processors.UnicodeDecoder(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        cache_logger_on_first_use=True,
    )


def schedules(defaults: dict[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
    """The scheduler's table: ``defaults`` (name → (cron, task path)), each cron expression
    replaceable by ``GREENMFG_SCHEDULE_<NAME>`` (``off`` disables the job), e.g.
    ``GREENMFG_SCHEDULE_INDEX_SNAPSHOTS="0 4 * * 1"``."""
    table: dict[str, dict[str, str]] = {}
    for name, (cron, task) in defaults.items():
        variable = "GREENMFG_SCHEDULE_" + name.upper().replace("-", "_")
        expression = os.environ.get(variable, cron).strip()
        if expression.lower() == "off":
            continue
        if len(expression.split()) != 5:
            raise ImproperlyConfigured(
                f"{variable}={expression!r} is not a cron expression (five fields) or off."
            )
        table[name] = {"cron": expression, "task": task}
    return table
