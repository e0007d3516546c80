"""Public verification of a green code (扫码验证) and its QR code."""

from __future__ import annotations

import io
import re

import segno
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from greenmfg.core.indices.methods import green_code_method
from greenmfg.platform.greencode import selectors

# up to 18 letters and digits (whether it is a valid code is the selector's business)
USCC_SHAPE = re.compile(r"[0-9A-Z]{1,18}")


@require_GET
def verify_form(request: HttpRequest) -> HttpResponse:
    """A form to look a code up by credit code (redirects to the verification page)."""
    uscc = request.GET.get("uscc", "").strip().upper()
    if uscc and not USCC_SHAPE.fullmatch(uscc):
        # not even the shape of a credit code (e.g. "a/b"): the same answer as unknown
        return render(
            request,
            "greencode/not_found.html",
            {"message": _(selectors.NOT_FOUND_MESSAGE)},
            status=404,
        )
    if uscc:
        return redirect("greencode:verify", uscc=uscc)
    return render(request, "greencode/verify_form.html")


@require_GET
def verify(request: HttpRequest, uscc: str) -> HttpResponse:
    try:
        code = selectors.code_for_uscc(uscc=uscc)
    except Http404:
        # Same page and message for an unknown, malformed or code-less credit code.
        return render(
            request,
            "greencode/not_found.html",
            {"message": _(selectors.NOT_FOUND_MESSAGE)},
            status=404,
        )
    history = selectors.code_history(enterprise_id=code.enterprise_id)
    return render(
        request,
        "greencode/verify.html",
        {
            "code": code,
            "history": history,
            "method": green_code_method(code.method_version),
            "qr_url": reverse("greencode:qr", kwargs={"uscc": code.enterprise.uscc}),
        },
    )


@require_GET
def qr(request: HttpRequest, uscc: str) -> HttpResponse:
    """SVG QR code that resolves to the verification page."""
    code = selectors.code_for_uscc(uscc=uscc)
    url = request.build_absolute_uri(
        reverse("greencode:verify", kwargs={"uscc": code.enterprise.uscc})
    )
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=4, border=2, title=url)
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=3600"
    return response
