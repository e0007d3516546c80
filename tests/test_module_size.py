"""No source module grows past about 600 lines: a larger one becomes a package by
sub-domain (see docs/architecture.md and scripts/split_module.py)."""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
LIMIT = 700  # "about 600": room for a module that is nearly done growing


def test_no_source_module_is_over_the_limit() -> None:
    over = {
        str(path.relative_to(SRC)): n
        for path in sorted(SRC.rglob("*.py"))
        if "migrations" not in path.parts
        and (n := len(path.read_text(encoding="utf-8").splitlines())) > LIMIT
    }
    assert over == {}, f"split these by sub-domain (scripts/split_module.py): {over}"
