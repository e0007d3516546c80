"""The API's Swagger UI page works on a machine without internet: its scripts and styles
come from the platform's own static files, under the same Content-Security-Policy as
every other page (no inline script, nothing from another origin)."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_swagger_ui_loads_nothing_from_another_origin() -> None:
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert any(s.endswith("swagger-ui-bundle.js") for s in sources), sources
    assert not [s for s in sources if s.startswith(("http:", "https:", "//"))], sources
    policy = response.headers["Content-Security-Policy"]
    assert (
        "script-src 'self'" in policy
        and "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    )
    # the only <script> without src is Swagger's settings, a JSON data block (never run)
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert all('type="application/json"' in attrs for attrs in inline), inline
