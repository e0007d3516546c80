"""The OpenAPI document is a contract: it must match the committed snapshot.

After changing an endpoint, run ``make openapi-snapshot`` and commit
tests/snapshots/openapi.json with the change.
"""

from __future__ import annotations

import json
from pathlib import Path

SNAPSHOT = Path(__file__).resolve().parents[2] / "snapshots" / "openapi.json"


def test_openapi_schema_matches_the_committed_snapshot() -> None:
    from greenmfg.platform.api.api import api

    current = json.loads(json.dumps(api.get_openapi_schema(), sort_keys=True))
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert current == committed, (
        "The API changed: run `make openapi-snapshot` and commit tests/snapshots/openapi.json."
    )


def test_the_published_endpoints_are_in_the_snapshot() -> None:
    committed = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    for path in ("/api/v1/lists", "/api/v1/units/{uscc}", "/api/v1/applications/{application_id}"):
        assert path in committed["paths"]
