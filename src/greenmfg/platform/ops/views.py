"""Liveness, readiness, metrics and the platform's own error pages."""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseNotFound
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from health_check.views import HealthCheckView

from greenmfg.platform.ops.health import READY_CHECKS

logger = logging.getLogger("greenmfg.errors")


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process serves requests (nothing else is checked)."""
    return HttpResponse("ok\n", content_type="text/plain")


readyz = HealthCheckView.as_view(checks=READY_CHECKS)


def _from_allowed_network(request: HttpRequest) -> bool:
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address in network for network in settings.METRICS_NETWORKS)


@never_cache
@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    """Prometheus metrics (django-prometheus), only to ``GREENMFG_METRICS_NETWORKS``;
    every other address gets the ordinary 404 page.  With several processes the samples
    of all of them are collected from ``PROMETHEUS_MULTIPROC_DIR``."""
    if not _from_allowed_network(request):
        return page_not_found(request, None)
    from django_prometheus.exports import ExportToDjangoView

    response: HttpResponse = ExportToDjangoView(request)
    return response


@login_required
def email_preference(request: HttpRequest) -> HttpResponse:
    """The user's choice to receive their notifications by e-mail as well."""
    from greenmfg.platform.ops.mail import email_enabled, preference_set

    if request.method == "POST":
        preference_set(actor=request.user, enabled=request.POST.get("enabled") == "1")
        messages.success(request, _("Your e-mail preference is saved."))
        return redirect("ops:email_preference")
    return render(
        request,
        "ops/email_preference.html",
        {
            "enabled": email_enabled(request.user),
            "has_email": bool(getattr(request.user, "email", "")),
        },
    )


def _render(name: str, status: int, request: HttpRequest) -> HttpResponse:
    # No request context processors: the page must render even when the database is down.
    template = loader.get_template(name)
    body = template.render({"request_path": request.path, "STATIC_URL": settings.STATIC_URL})
    return HttpResponse(body, status=status)


def bad_request(
    request: HttpRequest, exception: Any, template_name: str = "400.html"
) -> HttpResponse:
    return _render("400.html", 400, request)


def permission_denied(
    request: HttpRequest, exception: Any, template_name: str = "403.html"
) -> HttpResponse:
    return _render("403.html", 403, request)


def page_not_found(
    request: HttpRequest, exception: Any, template_name: str = "404.html"
) -> HttpResponse:
    response = _render("404.html", 404, request)
    return HttpResponseNotFound(response.content)


def server_error(request: HttpRequest, template_name: str = "500.html") -> HttpResponse:
    return _render("500.html", 500, request)
