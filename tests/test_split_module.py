"""scripts/split_module.py: a module becomes a package without losing a definition."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "split_module.py"
RUFF = Path(sys.executable).parent / "ruff"

SOURCE = '''\
"""Things, kept together for now."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

LIMIT = Decimal("2")


def _today() -> dt.date:
    return dt.date(2026, 1, 1)


# ---------------------------------------------------------------- rounds
def _round_helper() -> int:
    return 1


@staticmethod  # a decorator stays on its function
def round_open() -> dt.date:
    """Open a round."""
    # a comment inside stays too
    return _today() + dt.timedelta(days=_round_helper())


# a comment above a public function travels with it
def objection_file() -> Decimal:
    return LIMIT * _today().day


def leftover() -> int:
    return 0
'''


def _run(tmp_path: Path, mapping: str, *extra: str) -> subprocess.CompletedProcess[str]:
    pkg = tmp_path / "src" / "demo"
    pkg.mkdir(parents=True, exist_ok=True)
    (pkg / "__init__.py").write_text("", encoding="utf-8")
    (pkg / "things.py").write_text(SOURCE, encoding="utf-8")
    (tmp_path / "src" / "user.py").write_text(
        "from demo.things import _round_helper\n", encoding="utf-8"
    )
    (tmp_path / "map.py").write_text(textwrap.dedent(mapping), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(SCRIPT), str(pkg / "things.py"), str(tmp_path / "map.py"),
         "--root", str(tmp_path), "--ruff", str(RUFF), *extra],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def _import(tmp_path: Path, name: str) -> object:
    sys.path.insert(0, str(tmp_path / "src"))
    try:
        for mod in [m for m in sys.modules if m == "demo" or m.startswith("demo.")]:
            del sys.modules[mod]
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(tmp_path / "src"))


MAP = """\
MAPPING = {
    "default": "misc",
    "modules": {"rounds": ["round_open"], "publicity": ["LIMIT", "objection_file"]},
}
"""


def test_split_keeps_every_definition_and_the_old_import_path(tmp_path: Path) -> None:
    result = _run(tmp_path, MAP)
    assert result.returncode == 0, result.stdout + result.stderr
    pkg = tmp_path / "src" / "demo" / "things"
    assert not (tmp_path / "src" / "demo" / "things.py").exists()
    assert sorted(p.name for p in pkg.iterdir() if p.suffix == ".py") == [
        "__init__.py", "base.py", "misc.py", "publicity.py", "rounds.py",
    ]  # fmt: skip
    rounds = (pkg / "rounds.py").read_text(encoding="utf-8")
    # Verbatim: decorator, docstring, inner comment; the private helper only rounds uses.
    assert "@staticmethod  # a decorator stays on its function\ndef round_open()" in rounds
    assert "    # a comment inside stays too\n" in rounds
    assert "def _round_helper() -> int:" in rounds
    assert "from demo.things.base import _today" in rounds
    assert "# ----" not in rounds  # section rulers are dropped
    assert "from decimal import Decimal" not in rounds  # unused header import dropped
    # _today is used by two submodules: it goes to the shared base module.
    assert "def _today()" in (pkg / "base.py").read_text(encoding="utf-8")
    publicity = (pkg / "publicity.py").read_text(encoding="utf-8")
    assert "# a comment above a public function travels with it\ndef objection_file" in publicity
    assert "def leftover()" in (pkg / "misc.py").read_text(encoding="utf-8")

    # The module that imported a private helper now imports it from its new home.
    user = (tmp_path / "src" / "user.py").read_text(encoding="utf-8")
    assert user == "from demo.things.rounds import _round_helper\n"

    things = _import(tmp_path, "demo.things")
    assert things.__doc__ == "Things, kept together for now."
    # Public names, plus the private name another module imports, stay importable.
    assert {"LIMIT", "round_open", "objection_file", "leftover", "_round_helper"} <= set(
        things.__all__  # type: ignore[attr-defined]
    )
    assert things.objection_file() == 2  # type: ignore[attr-defined]


def test_a_map_with_an_import_cycle_is_refused(tmp_path: Path) -> None:
    cyclic = """\
    MAPPING = {
        "default": "misc",
        "modules": {"a": ["LIMIT", "round_open"], "b": ["objection_file", "_today"]},
    }
    """
    result = _run(tmp_path, cyclic)
    assert result.returncode == 2
    assert "cycle" in result.stdout
    assert "a uses _today from b" in result.stdout
    # Nothing written.
    assert (tmp_path / "src" / "demo" / "things.py").exists()
    assert not (tmp_path / "src" / "demo" / "things").exists()


def test_a_submodule_named_like_an_exported_name_is_refused(tmp_path: Path) -> None:
    clash = """\
    MAPPING = {"default": "misc", "modules": {"leftover": ["round_open"]}}
    """
    result = _run(tmp_path, clash)
    assert result.returncode == 2
    assert "named like names the package exports: ['leftover']" in result.stdout


def test_a_second_run_refuses_to_overwrite(tmp_path: Path) -> None:
    assert _run(tmp_path, MAP).returncode == 0
    again = subprocess.run(
        [sys.executable, str(SCRIPT), str(tmp_path / "src/demo/things.py"),
         str(tmp_path / "map.py"), "--root", str(tmp_path)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert again.returncode == 1
    assert "exists already" in again.stderr
