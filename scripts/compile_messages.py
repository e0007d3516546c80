"""Compile every ``locale/*/LC_MESSAGES/django.po`` under the package into ``.mo`` (pure Python)."""

from __future__ import annotations

from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent / "src" / "greenmfg"


def main() -> None:
    count = 0
    for po_path in sorted(ROOT.rglob("locale/*/LC_MESSAGES/*.po")):
        po = polib.pofile(str(po_path))
        po.save_as_mofile(str(po_path.with_suffix(".mo")))
        count += 1
    print(f"compiled {count} message catalogue(s)")


if __name__ == "__main__":
    main()
