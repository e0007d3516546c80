"""Public objections go through the same cache-counted throttle as the API (issue 14)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from greenmfg.core.workflow.machine import State
from greenmfg.platform.workflow.models import Objection

pytestmark = [pytest.mark.django_db, pytest.mark.throttle]


def test_objections_are_throttled_per_address(
    client: Client, settings: Any, draft: Any, advance: Callable[..., Any]
) -> None:
    settings.GREENMFG_OBJECTION_RATE = "2/hour"
    app = advance(draft, State.PUBLICITY)
    url = reverse("workflow:objection_form", args=[app.pk])
    form = {"name": "张三", "contact": "zhang@example.cn", "content": "数据不实"}
    for _ in range(2):
        assert client.post(url, form).status_code == 302
    refused = client.post(url, form)
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert Objection.objects.filter(application=app).count() == 2
    assert Client(REMOTE_ADDR="10.0.0.3").post(url, form).status_code == 302
