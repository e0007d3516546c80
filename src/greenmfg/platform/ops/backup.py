"""``greenmfg backup`` and ``greenmfg restore``: the database and the uploaded files
(evidence, reports, exports) in one archive.

The archive is a ``.tar`` holding ``manifest.json``, the database — ``database.dump``
(``pg_dump`` custom format) on PostgreSQL, ``database.sqlite3`` (SQLite's online backup
API, consistent while the service runs) on SQLite — and ``media/`` with every file under
``MEDIA_ROOT``.  A restore replaces the database and the files with the archive's.
With an S3 bucket as file storage the files stay in the bucket (use its versioning);
the archive then holds the database only, and says so in its manifest.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, connections

FORMAT = "greenmfg-backup/1"


class BackupError(Exception):
    """A backup or restore that cannot be done, told in one line."""


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    engine: str
    files: int
    bytes: int


def _engine() -> str:
    vendor = connection.vendor
    if vendor not in {"sqlite", "postgresql"}:
        raise BackupError(f"backups support SQLite and PostgreSQL, not {vendor}")
    return vendor


def _local_media() -> bool:
    return str(settings.STORAGES["default"]["BACKEND"]).endswith("FileSystemStorage")


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {**os.environ}
    env.update(
        {
            "PGHOST": str(db.get("HOST") or "127.0.0.1"),
            "PGPORT": str(db.get("PORT") or 5432),
            "PGUSER": str(db.get("USER") or "postgres"),
            "PGDATABASE": str(db["NAME"]),
        }
    )
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    options = db.get("OPTIONS") or {}
    for option, variable in (
        ("sslmode", "PGSSLMODE"),
        ("sslrootcert", "PGSSLROOTCERT"),
        ("sslcert", "PGSSLCERT"),
        ("sslkey", "PGSSLKEY"),
    ):
        if options.get(option):
            env[variable] = str(options[option])
    return env


def _run(command: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(  # noqa: S603
            command, env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError:
        raise BackupError(
            f"{command[0]} is not installed (Debian: apt-get install postgresql-client)"
        ) from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(f"{command[0]} failed: {detail[-1] if detail else result.returncode}")


def _applied_migrations() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return [f"{app}.{name}" for app, name in cursor.fetchall()]


def backup(output: Path) -> BackupSummary:
    """Write the archive ``output`` (a ``.tar``) while the service may keep running."""
    engine = _engine()
    output = output.resolve()
    output.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="greenmfg-backup-", dir=output.parent) as tmp:
        work = Path(tmp)
        if engine == "postgresql":
            database_name = "database.dump"
            _run(
                ["pg_dump", "--format=custom", "--no-owner", "--file", str(work / database_name)],
                _pg_env(),
            )
        else:
            database_name = "database.sqlite3"
            connection.ensure_connection()
            target = sqlite3.connect(work / database_name)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        media_root = Path(settings.MEDIA_ROOT)
        files = 0
        size = 0
        if _local_media() and media_root.exists():
            for path in media_root.rglob("*"):
                if path.is_file():
                    files += 1
                    size += path.stat().st_size
        manifest = {
            "format": FORMAT,
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "engine": engine,
            "database": database_name,
            "migrations": _applied_migrations(),
            "media": "included" if _local_media() else "not included (object storage)",
            "media_files": files,
            "media_bytes": size,
        }
        (work / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w") as archive:
            archive.add(work / "manifest.json", arcname="manifest.json")
            archive.add(work / database_name, arcname=database_name)
            if _local_media() and media_root.exists():
                archive.add(media_root, arcname="media")
        partial.replace(output)  # never a half-written archive under the final name
    return BackupSummary(path=output, engine=engine, files=files, bytes=size)


def read_manifest(archive_path: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive_path, "r") as archive:
            member = archive.extractfile("manifest.json")
            if member is None:
                raise KeyError("manifest.json")
            manifest: dict[str, Any] = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, json.JSONDecodeError) as err:
        raise BackupError(f"{archive_path} is not a greenmfg backup ({err})") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{archive_path} has the unknown format {manifest.get('format')!r}")
    return manifest


def restore(archive_path: Path) -> dict[str, Any]:
    """Replace the database and the uploaded files with the archive's.  Stop the service
    (web, workers, scheduler) first."""
    manifest = read_manifest(archive_path)
    engine = _engine()
    if manifest["engine"] != engine:
        raise BackupError(
            f"the backup is of a {manifest['engine']} database; this platform uses {engine}"
        )
    with tempfile.TemporaryDirectory(prefix="greenmfg-restore-") as tmp:
        work = Path(tmp)
        with tarfile.open(archive_path, "r") as archive:
            archive.extractall(work, filter="data")
        database_file = work / manifest["database"]
        connections.close_all()
        if engine == "postgresql":
            _run(
                [
                    "pg_restore",
                    "--clean",
                    "--if-exists",
                    "--no-owner",
                    "--single-transaction",
                    "--exit-on-error",
                    "--dbname",
                    str(connection.settings_dict["NAME"]),
                    str(database_file),
                ],
                _pg_env(),
            )
        else:
            source = sqlite3.connect(database_file)
            target = sqlite3.connect(str(connection.settings_dict["NAME"]))
            try:
                source.backup(target)
            finally:
                source.close()
                target.close()
        if _local_media():
            media_root = Path(settings.MEDIA_ROOT)
            restored = work / "media"
            if media_root.exists():
                shutil.rmtree(media_root)
            if restored.exists():
                shutil.copytree(restored, media_root)
            else:
                media_root.mkdir(parents=True, exist_ok=True)
    return manifest
