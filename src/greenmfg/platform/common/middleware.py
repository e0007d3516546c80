"""Edge checks of request input that every view shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse

from greenmfg.platform.common import generations

# The largest primary key or number a database column holds (signed 64-bit).
MAX_PATH_INTEGER = 2**63 - 1
# Data years a URL may name (green manufacturing data start long after 1949).
YEARS = range(1949, 2200)


class BoundedPathIntegersMiddleware:
    """Answer 404 to a URL whose integer part no row can have (an id past 2**63 - 1, a
    year outside 1949–2199) before the view sends it to the database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> None:
        for name, value in view_kwargs.items():
            if not isinstance(value, int) or isinstance(value, bool):
                continue
            if abs(value) > MAX_PATH_INTEGER or (name == "year" and value not in YEARS):
                raise Http404(f"No such {name}.")


# Browser features no page of the platform uses (W3C Permissions Policy).
PERMISSIONS_POLICY = (
    "accelerometer=(), autoplay=(), camera=(), display-capture=(), geolocation=(), "
    "gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), "
    "publickey-credentials-get=(), usb=(), fullscreen=(self)"
)


class PermissionsPolicyMiddleware:
    """Send a ``Permissions-Policy`` that turns off the browser features we never use."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        return response


class GenerationsMiddleware:
    """Read each data generation token once per request
    (:func:`greenmfg.platform.common.generations.request_scope`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        with generations.request_scope():
            return self.get_response(request)
