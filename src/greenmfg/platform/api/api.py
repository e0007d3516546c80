"""The public and machine API (django-ninja) under ``/api/v1``.

Each app that offers endpoints has an ``api.py`` with ``router`` (a ninja ``Router``)
and ``PREFIX``; they are mounted here in a fixed order so the OpenAPI document is stable.
"""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI

from greenmfg.platform.api.answers import keep_answer
from greenmfg.platform.api.errors import register_exception_handlers
from greenmfg.platform.common.throttles import AnonymousClientThrottle, TokenThrottle


class GreenmfgAPI(NinjaAPI):
    """ninja's API that keeps the rendered answers of cached public endpoints
    (:mod:`greenmfg.platform.api.answers`)."""

    def create_response(
        self,
        request: HttpRequest,
        data: Any,
        *,
        status: int | None = None,
        temporal_response: HttpResponse | None = None,
    ) -> HttpResponse:
        response = super().create_response(
            request, data, status=status, temporal_response=temporal_response
        )
        keep_answer(request, response)
        return response


api = GreenmfgAPI(
    title="greenmfg API",
    version="1",
    description=(
        "Published green manufacturing lists (绿色制造名单), listing histories, "
        "application status and enterprise green codes (企业绿码)."
    ),
    urls_namespace="api",
    throttle=[AnonymousClientThrottle(), TokenThrottle()],
)
register_exception_handlers(api)

ROUTER_MODULES = (
    "greenmfg.platform.registry.api",
    "greenmfg.platform.filings.api",
    "greenmfg.platform.evaluations.api",
    "greenmfg.platform.workflow.api",
    "greenmfg.platform.supervision.api",
    "greenmfg.platform.greencode.api",
    "greenmfg.platform.dashboards.api",
)

for _module_name in ROUTER_MODULES:
    if importlib.util.find_spec(_module_name) is None:
        continue
    _module = importlib.import_module(_module_name)
    api.add_router(_module.PREFIX, _module.router)
