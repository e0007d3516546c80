"""Write tests/snapshots/openapi.json from the live API schema (``make openapi-snapshot``).

Run it whenever an endpoint changes; tests/platform/api/test_openapi_snapshot.py fails
until the committed snapshot matches the code.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "snapshots" / "openapi.json"


def render() -> str:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenmfg.platform.settings")
    os.environ.setdefault("GREENMFG_DEBUG", "1")
    django.setup()
    from greenmfg.platform.api.api import api

    return json.dumps(api.get_openapi_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def main() -> int:
    SNAPSHOT.parent.mkdir(parents=True, exist_ok=True)
    SNAPSHOT.write_text(render(), encoding="utf-8")
    print(f"wrote {SNAPSHOT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
