"""The package's import graph: no two modules import each other (at module level or
inside a function), and every task that services enqueue by name exists."""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


def _modules() -> dict[str, Path]:
    found = {}
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The package modules ``path`` imports anywhere in its body."""
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                submodule = f"{node.module}.{alias.name}"
                # ``from pkg import submodule`` imports the submodule, not the package body.
                out.add(submodule if submodule in modules else node.module)
    return {m for m in out if m in modules}


def test_no_two_modules_import_each_other() -> None:
    modules = _modules()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    mutual = sorted(
        {tuple(sorted((a, b))) for a, targets in graph.items() for b in targets if a in graph[b]}
    )
    assert mutual == [], f"modules that import each other: {mutual}"


def test_services_never_import_task_modules() -> None:
    modules = _modules()
    for name, path in modules.items():
        if name.endswith(".services") or ".services." in name:
            tasks = {m for m in _imports(path, modules) if m.endswith(".tasks")}
            assert not tasks, f"{name} imports {sorted(tasks)}; enqueue by name instead"


def test_every_task_enqueued_by_name_exists() -> None:
    from django_tasks.base import Task

    from greenmfg.platform.common.queue import task_named

    names = set()
    for path in SRC.rglob("*.py"):
        names.update(
            re.findall(r'"(greenmfg\.platform\.[a-z_.]+\.tasks\.[a-z_]+)"', path.read_text())
        )
    assert names, "no task is enqueued by name"
    for name in sorted(names):
        assert isinstance(task_named(name), Task), name
