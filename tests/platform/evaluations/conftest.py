"""Fixtures of the evaluations tests: an enterprise with its user, an evaluator, a filing."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from greenmfg.core.domain import Role
from tests.platform.evaluations.helpers import FILING


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Path) -> Iterator[None]:
    settings.MEDIA_ROOT = tmp_path / "media"
    yield


@pytest.fixture
def enterprise(make_enterprise: Callable[..., Any]) -> Any:
    return make_enterprise(adcode="320500", name="苏州示例水泥有限公司", industry="3011")


@pytest.fixture
def enterprise_user(make_user: Callable[..., Any], enterprise: Any) -> Any:
    return make_user(Role.ENTERPRISE, enterprise=enterprise, username="cement-energy-manager")


@pytest.fixture
def evaluator(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.EVALUATOR, username="evaluator", first_name="王", last_name="工")


@pytest.fixture
def admin_user(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.ADMIN, username="platform-admin")


@pytest.fixture
def filing(enterprise: Any) -> dict[str, Any]:
    data = json.loads(FILING.read_text(encoding="utf-8"))
    data["enterprise"]["uscc"] = enterprise.uscc
    for key in ("answers", "vetoes", "evidence"):
        data.pop(key)
    return data


@pytest.fixture
def cement_answers() -> dict[str, Any]:
    data = json.loads(FILING.read_text(encoding="utf-8"))
    answers = dict(data["answers"])
    answers.pop("GP3")  # computed on the platform from the stored product footprints
    return answers
