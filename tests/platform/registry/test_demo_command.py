"""``greenmfg demo`` refuses bad input before it writes anything; ``greenmfg manage`` passes through."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

GREENMFG = Path(sys.executable).with_name("greenmfg")


def run(*args: str, home: Path, timeout: int = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "GREENMFG_HOME": str(home), "GREENMFG_DEBUG": "1"}
    env.pop("GREENMFG_DATABASE_URL", None)
    return subprocess.run(
        [str(GREENMFG), *args],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
    )


def test_demo_refuses_a_scale_of_zero_and_writes_nothing(tmp_path: Path) -> None:
    result = run("demo", "--scale", "0", "--no-serve", home=tmp_path)
    assert result.returncode == 2
    assert "Scale must be greater than 0, got 0.0" in result.stderr
    assert not (tmp_path / "var" / "greenmfg.sqlite3").exists()


def test_manage_passes_commands_to_django(tmp_path: Path) -> None:
    result = run("manage", "check", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_demo_build_only_builds_and_exits(tmp_path: Path) -> None:
    result = run(
        "demo", "--scale", "0.002", "--build-only", "--port", "8012", home=tmp_path, timeout=600
    )
    assert result.returncode == 0, result.stderr
    assert "Demo database ready" in result.stdout
    assert "Serving" not in result.stdout
    assert (tmp_path / "var" / "greenmfg.sqlite3").exists()
