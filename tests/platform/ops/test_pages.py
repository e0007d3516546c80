"""The platform's own error pages (Chinese by default, English on request), the health
endpoints and the metrics restricted to the configured networks."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def production(settings: Any) -> Any:
    settings.DEBUG = False
    return settings


def test_404_is_the_platforms_own_page_in_chinese(client: Client, production: Any) -> None:
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body and "返回首页" in body
    assert 'data-testid="error-page"' in body
    # Django's debug page would list the URL patterns.
    assert "URLconf" not in body and "api/v1/" not in body


def test_404_in_english(client: Client, production: Any) -> None:
    client.cookies["django_language"] = "en"
    response = client.get("/no/such/page/", headers={"accept-language": "en"})
    body = response.content.decode()
    assert response.status_code == 404
    assert "Page not found" in body and "页面不存在" not in body


def test_500_page_and_its_traceback_in_the_log(client: Client, production: Any) -> None:
    production.ROOT_URLCONF = "tests.platform.ops.urls_raising"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    request_logger = logging.getLogger("django.request")
    request_logger.addHandler(handler)
    try:
        client.raise_request_exception = False
        response = client.get("/boom/")
    finally:
        request_logger.removeHandler(handler)
    assert response.status_code == 500
    assert "服务器错误" in response.content.decode()
    logged = stream.getvalue()
    assert "Internal Server Error: /boom/" in logged
    assert "RuntimeError: deliberate failure for the test" in logged  # the traceback


def test_500_is_logged_as_json_with_request_id_and_traceback(production: Any) -> None:
    """The production log format: one JSON object with the request id and the traceback."""
    from greenmfg.platform.config import logging_config

    formatter_config = logging_config(level="INFO", fmt="json")["formatters"]["structured"]
    factory = formatter_config.pop("()")
    formatter = factory(**formatter_config)
    try:
        raise RuntimeError("deliberate")
    except RuntimeError:
        import sys

        record = logging.LogRecord(
            "django.request",
            logging.ERROR,
            __file__,
            1,
            "Internal Server Error: %s",
            ("/x",),
            sys.exc_info(),
        )
    record.request_id = "abc-123"
    line = formatter.format(record)
    data = json.loads(line)
    assert data["event"] == "Internal Server Error: /x"
    assert data["request_id"] == "abc-123"
    assert data["level"] == "error"
    assert data["exception"][0]["exc_type"] == "RuntimeError"
    assert "locals" not in json.dumps(data["exception"])  # no local variables (passwords)


def test_healthz(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\n"


def test_readyz_checks_database_cache_queue_storage_and_migrations(client: Client) -> None:
    response = client.get("/readyz", headers={"accept": "application/json"})
    assert response.status_code == 200, response.content
    checks = response.json()
    names = " ".join(checks)
    for name in ("Database", "Cache", "Storage", "TaskQueue", "MigrationsApplied"):
        assert name in names
    assert set(checks.values()) == {"OK"}


def test_readyz_fails_when_the_storage_is_not_writable(
    client: Client, settings: Any, tmp_path: Any
) -> None:
    blocked = tmp_path / "media"
    blocked.write_text("a file where the media directory should be")
    settings.MEDIA_ROOT = str(blocked)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(blocked)},
        },
    }
    response = client.get("/readyz", headers={"accept": "application/json"})
    assert response.status_code == 500
    assert any("Storage" in name and value != "OK" for name, value in response.json().items())


def test_metrics_answer_the_configured_networks_only(client: Client, production: Any) -> None:
    client.get("/healthz")
    response = client.get("/metrics", REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 200
    text = response.content.decode()
    assert "django_http_requests_total_by_method_total" in text
    outside = client.get("/metrics", REMOTE_ADDR="203.0.113.9")
    assert outside.status_code == 404
    assert "页面不存在" in outside.content.decode()
    production.METRICS_NETWORKS = __import__("greenmfg.platform.config", fromlist=["x"]).networks(
        "UNSET_VARIABLE_FOR_TEST", "203.0.113.0/24"
    )
    assert client.get("/metrics", REMOTE_ADDR="203.0.113.9").status_code == 200
