"""``greenmfg backup`` → wipe → ``greenmfg restore`` gives back every table row for row,
the uploaded files byte for byte, and audit chains that still verify — on SQLite (online
backup API) and on PostgreSQL (pg_dump / pg_restore)."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

GREENMFG = Path(sys.executable).with_name("greenmfg")

# Synthetic data through the platform's own services (registry, dynamic management filings,
# applications with their audit chains) plus one uploaded file.
POPULATE = """
import io
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from greenmfg.platform.registry.demo_data import load_demo_data
from greenmfg.platform.supervision.demo import load_filings
from greenmfg.platform.workflow.demo import workflow_demo
dataset = load_demo_data(seed=7, scale=0.002, stdout=io.StringIO())
load_filings(dataset, io.StringIO())
workflow_demo(dataset, io.StringIO())
default_storage.save("evidence/backup-test.pdf", ContentFile(b"%PDF-1.4 evidence " * 100))
"""


def greenmfg(home: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(GREENMFG), *args],
        env={**env, "GREENMFG_HOME": str(home)},
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def base_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GREENMFG_")}
    env.update({"GREENMFG_DEBUG": "1", "GREENMFG_TASKS_IMMEDIATE": "1"})
    return env


def media_digest(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def sqlite_tables(path: Path) -> dict[str, list[tuple[object, ...]]]:
    db = sqlite3.connect(path)
    try:
        names = [
            row[0]
            for row in db.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        return {n: sorted(db.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr) for n in names}
    finally:
        db.close()


def postgres_tables(url: str) -> dict[str, str]:
    import psycopg

    with psycopg.connect(url.split("?")[0]) as db:
        names = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"
            )
        ]
        return {
            n: str(
                db.execute(
                    f"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{n}\" t"
                ).fetchone()
            )
            for n in names
        }


def round_trip(home: Path, env: dict[str, str], snapshot, wipe) -> None:  # type: ignore[no-untyped-def]
    greenmfg(home, env, "manage", "migrate", "-v", "0")
    greenmfg(home, env, "manage", "shell", "-c", POPULATE)
    before_tables = snapshot()
    before_media = media_digest(home / "var" / "media")
    assert "evidence/backup-test.pdf" in before_media
    verified = greenmfg(home, env, "audit", "verify").stdout
    assert verified.startswith("OK:") and " 0 records" not in verified

    archive = home / "backup.tar"
    out = greenmfg(home, env, "backup", "--output", str(archive)).stdout
    assert "Backup written" in out and archive.exists()

    wipe()
    shutil.rmtree(home / "var" / "media")

    greenmfg(home, env, "restore", str(archive), "--yes")
    after_tables = snapshot()
    assert set(after_tables) == set(before_tables)
    for name, rows in before_tables.items():
        assert after_tables[name] == rows, name
    assert media_digest(home / "var" / "media") == before_media
    assert greenmfg(home, env, "audit", "verify").stdout == verified


def test_round_trip_on_sqlite(tmp_path: Path) -> None:
    env = base_env()
    db = tmp_path / "var" / "greenmfg.sqlite3"

    def wipe() -> None:
        for suffix in ("", "-wal", "-shm"):
            db.with_name(db.name + suffix).unlink(missing_ok=True)

    round_trip(tmp_path, env, lambda: sqlite_tables(db), wipe)


@pytest.mark.postgres
def test_round_trip_on_postgres(tmp_path: Path) -> None:
    import psycopg

    name = os.environ.get("GREENMFG_TEST_DB_NAME", "test_greenmfg") + "_backup"
    admin = "postgres://postgres@127.0.0.1:5432/postgres"
    url = f"postgres://postgres@127.0.0.1:5432/{name}"

    def recreate() -> None:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            db.execute(f'CREATE DATABASE "{name}"')

    recreate()
    env = {**base_env(), "GREENMFG_DATABASE_URL": url}
    try:
        round_trip(tmp_path, env, lambda: postgres_tables(url), recreate)
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
