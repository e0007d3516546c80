"""Deployment settings: each bad value is refused with one line naming the variable."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from greenmfg.platform import config


def test_postgres_url_keeps_its_query_options_and_gets_a_pool() -> None:
    db = config.database(
        "postgres://gm:p%40ss@db.example:5433/greenmfg?sslmode=require&connect_timeout=5",
        test_name="t",
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "greenmfg",
        "gm",
        "p@ss",
        "db.example",
        5433,
    )
    assert db["OPTIONS"]["sslmode"] == "require"
    assert db["OPTIONS"]["connect_timeout"] == 5
    assert db["OPTIONS"]["pool"]["max_size"] >= 1
    assert db["CONN_MAX_AGE"] == 0  # the pool replaces persistent connections
    assert db["TEST"] == {"NAME": "t"}


def test_postgres_pool_can_be_turned_off() -> None:
    db = config.database("postgres://postgres@127.0.0.1/gm?pool=0&sslmode=disable", test_name="t")
    assert "pool" not in db["OPTIONS"]
    assert db["OPTIONS"]["sslmode"] == "disable"
    assert db["CONN_MAX_AGE"] == 60


def test_sqlite_url_gets_wal_and_a_busy_timeout(tmp_path: Path) -> None:
    db = config.database(f"sqlite:///{tmp_path}/x.sqlite3", test_name="t")
    assert db["NAME"] == f"{tmp_path}/x.sqlite3"
    assert "journal_mode=WAL" in db["OPTIONS"]["init_command"]
    assert db["CONN_MAX_AGE"] == 600  # kept open across requests


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("mysql://root@localhost/gm", "GREENMFG_DATABASE_URL has the unsupported scheme 'mysql'"),
        ("postgres://postgres@127.0.0.1:5432/", "GREENMFG_DATABASE_URL names no PostgreSQL"),
        ("sqlite://", "GREENMFG_DATABASE_URL names no SQLite file"),
    ],
)
def test_bad_database_urls_name_the_variable(url: str, fragment: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=fragment):
        config.database(url, test_name="t")


def test_secret_key_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GREENMFG_SECRET_KEY", raising=False)
    with pytest.raises(ImproperlyConfigured, match="GREENMFG_SECRET_KEY is not set"):
        config.secret_key(debug=False)
    assert config.secret_key(debug=True)
    monkeypatch.setenv("GREENMFG_SECRET_KEY", "short")
    with pytest.raises(ImproperlyConfigured, match=r"GREENMFG_SECRET_KEY is too short \(5"):
        config.secret_key(debug=False)
    monkeypatch.setenv("GREENMFG_SECRET_KEY", "k" * 40)
    assert config.secret_key(debug=False) == "k" * 40


def test_persistent_secret_key_is_created_once_and_private(tmp_path: Path) -> None:
    first = config.persistent_secret_key(tmp_path / "var")
    assert len(first) >= config.MIN_SECRET_KEY_LENGTH
    assert config.persistent_secret_key(tmp_path / "var") == first
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0


@pytest.mark.parametrize(
    ("url", "fragment"),
    [
        ("http://127.0.0.1:6379/0", "GREENMFG_REDIS_URL has the unsupported scheme 'http'"),
        ("redis://127.0.0.1:6379/notanumber", "GREENMFG_REDIS_URL is not valid"),
    ],
)
def test_bad_redis_urls_name_the_variable(url: str, fragment: str) -> None:
    with pytest.raises(ImproperlyConfigured, match=fragment):
        config.redis_url(url)


def test_schedules_are_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    defaults = {"index-snapshots": ("30 3 * * *", "a.b"), "prune": ("0 4 * * *", "c.d")}
    monkeypatch.setenv("GREENMFG_SCHEDULE_INDEX_SNAPSHOTS", "0 5 * * 1")
    monkeypatch.setenv("GREENMFG_SCHEDULE_PRUNE", "off")
    assert config.schedules(defaults) == {"index-snapshots": {"cron": "0 5 * * 1", "task": "a.b"}}
    monkeypatch.setenv("GREENMFG_SCHEDULE_PRUNE", "every day")
    with pytest.raises(ImproperlyConfigured, match="GREENMFG_SCHEDULE_PRUNE='every day'"):
        config.schedules(defaults)


def test_flags_and_networks(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GREENMFG_SECURE", "maybe")
    with pytest.raises(ImproperlyConfigured, match="GREENMFG_SECURE='maybe'"):
        config.env_flag("GREENMFG_SECURE")
    monkeypatch.setenv("GREENMFG_METRICS_NETWORKS", "10.0.0.0/8, ::1")
    assert [str(n) for n in config.networks("GREENMFG_METRICS_NETWORKS", "")] == [
        "10.0.0.0/8",
        "::1/128",
    ]
    monkeypatch.setenv("GREENMFG_METRICS_NETWORKS", "10.0.0.0/33")
    with pytest.raises(ImproperlyConfigured, match="GREENMFG_METRICS_NETWORKS"):
        config.networks("GREENMFG_METRICS_NETWORKS", "")
