"""Helpers that several workflow view modules share."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest

from greenmfg.core.errors import GreenmfgError
from greenmfg.core.workflow.machine import STATES
from greenmfg.platform.common.errors import error_message


def _fail(request: HttpRequest, err: GreenmfgError) -> None:
    messages.error(request, error_message(err))


def _state_names() -> dict[str, Any]:
    return {s.value: info for s, info in STATES.items()}
