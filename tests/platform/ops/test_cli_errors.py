"""Commands that need the platform answer a deployment problem with one line naming the
variable (exit code 2), never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

GREENMFG = Path(sys.executable).with_name("greenmfg")


def run(*args: str, home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("GREENMFG_")}
    base.update({"GREENMFG_HOME": str(home), **env})
    return subprocess.run(
        [str(GREENMFG), *args],
        env=base,
        cwd=home,
        capture_output=True,
        text=True,
        check=False,
        timeout=180,
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert len(errors) == 1, result.stderr
    return errors[0]


def test_serve_without_a_secret_key(tmp_path: Path) -> None:
    line = one_line_error(run("serve", "--port", "8011", home=tmp_path))
    assert "GREENMFG_SECRET_KEY is not set" in line


def test_serve_with_a_short_secret_key(tmp_path: Path) -> None:
    line = one_line_error(run("serve", home=tmp_path, GREENMFG_SECRET_KEY="abc"))
    assert "GREENMFG_SECRET_KEY is too short" in line


def test_serve_with_an_unsupported_database_url(tmp_path: Path) -> None:
    result = run(
        "serve", home=tmp_path, GREENMFG_SECRET_KEY="k" * 50, GREENMFG_DATABASE_URL="mysql://x/y"
    )
    assert "GREENMFG_DATABASE_URL has the unsupported scheme 'mysql'" in one_line_error(result)


def test_serve_with_an_invalid_redis_url(tmp_path: Path) -> None:
    result = run(
        "serve", home=tmp_path, GREENMFG_SECRET_KEY="k" * 50, GREENMFG_REDIS_URL="http://x:1/0"
    )
    assert "GREENMFG_REDIS_URL has the unsupported scheme 'http'" in one_line_error(result)


def test_serve_without_a_database(tmp_path: Path) -> None:
    result = run("serve", home=tmp_path, GREENMFG_SECRET_KEY="k" * 50)
    line = one_line_error(result)
    assert "GREENMFG_DATABASE_URL" in line and "does not exist" in line
    assert not (tmp_path / "var" / "greenmfg.sqlite3").exists()


def test_audit_verify_without_a_database(tmp_path: Path) -> None:
    line = one_line_error(run("audit", "verify", home=tmp_path))
    assert "does not exist" in line and "greenmfg manage migrate" in line
    assert not (tmp_path / "var" / "greenmfg.sqlite3").exists()


def test_audit_verify_with_an_unreachable_postgres(tmp_path: Path) -> None:
    # Port 9 (discard) on the loopback: nothing listens there.
    url = "postgres://postgres@127.0.0.1:9/nowhere?connect_timeout=3"
    line = one_line_error(run("audit", "verify", home=tmp_path, GREENMFG_DATABASE_URL=url))
    assert "cannot reach the database" in line and "GREENMFG_DATABASE_URL" in line


# Every command that reads or writes the platform database (``demo`` builds its own and
# ``manage`` hands over to Django, whose ``migrate`` creates it).
DATABASE_COMMANDS = [
    ("index-snapshots", "2024"),
    ("remind", "2024"),
    ("grade-green-codes", "2024"),
    ("workflow", "reminders"),
    ("api-token", "create", "admin", "client"),
    ("audit", "checkpoint"),
    ("lists", "import", "{file}", "--level", "municipal", "--kind", "factory", "--year", "2024"),
    ("enterprises", "import", "{file}"),
    ("filings", "import-past", "{file}"),
]
# The production processes: DEBUG is off by default, so they need a secret key first.
PRODUCTION_COMMANDS = [("backup",), ("worker",), ("scheduler",)]


@pytest.mark.parametrize("args", DATABASE_COMMANDS, ids=lambda a: " ".join(a[:2]))
def test_other_database_commands_answer_the_same_way(tmp_path: Path, args: tuple[str, ...]) -> None:
    data = tmp_path / "data.csv"
    data.write_text("统一社会信用代码,企业名称\n", encoding="utf-8")
    line = one_line_error(run(*(a.format(file=data) for a in args), home=tmp_path))
    assert "does not exist" in line and "GREENMFG_DATABASE_URL" in line
    assert not (tmp_path / "var" / "greenmfg.sqlite3").exists()


@pytest.mark.parametrize("args", PRODUCTION_COMMANDS, ids=lambda a: a[0])
def test_production_commands_answer_the_same_way(tmp_path: Path, args: tuple[str, ...]) -> None:
    line = one_line_error(run(*args, home=tmp_path, GREENMFG_SECRET_KEY="k" * 50))
    assert "does not exist" in line and "GREENMFG_DATABASE_URL" in line
    assert not (tmp_path / "var" / "greenmfg.sqlite3").exists()


def test_an_unmigrated_database_is_named(tmp_path: Path) -> None:
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "greenmfg.sqlite3").touch()
    line = one_line_error(run("audit", "verify", home=tmp_path))
    assert "migration(s)" in line and "greenmfg manage migrate" in line
