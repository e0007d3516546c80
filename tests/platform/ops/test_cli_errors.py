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


@pytest.mark.parametrize("args", [("index-snapshots", "2024"), ("remind", "2024")])
def test_other_database_commands_answer_the_same_way(tmp_path: Path, args: tuple[str, ...]) -> None:
    line = one_line_error(run(*args, home=tmp_path))
    assert "does not exist" in line


def test_an_unmigrated_database_is_named(tmp_path: Path) -> None:
    (tmp_path / "var").mkdir()
    (tmp_path / "var" / "greenmfg.sqlite3").touch()
    line = one_line_error(run("audit", "verify", home=tmp_path))
    assert "migration(s)" in line and "greenmfg manage migrate" in line
