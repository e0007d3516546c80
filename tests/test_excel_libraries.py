"""One Excel reader (python-calamine) and one writer (xlsxwriter): openpyxl is imported
only where a feature needs it, and that module says which feature (issue 17)."""

from __future__ import annotations

import re
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"
IMPORT = re.compile(r"^\s*(?:from|import) openpyxl\b", re.MULTILINE)
# module → the feature that needs openpyxl, as its comment names it
ALLOWED = {"greenmfg/core/filing/reader/xlsx_input.py": "reading cell formulas"}


def test_openpyxl_only_where_a_feature_needs_it() -> None:
    users = {
        str(path.relative_to(SRC)): path.read_text(encoding="utf-8")
        for path in sorted(SRC.rglob("*.py"))
        if IMPORT.search(path.read_text(encoding="utf-8"))
    }
    assert set(users) == set(ALLOWED)
    for module, feature in ALLOWED.items():
        assert feature in users[module], module
