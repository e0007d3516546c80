"""One error mapper for the API: every error becomes RFC 7807 ``application/problem+json``."""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from greenmfg.core.errors import ErrorCode, GreenmfgError
from greenmfg.platform.common.errors import error_message

logger = logging.getLogger("greenmfg.api")

STATUS_BY_CODE: dict[ErrorCode, int] = {
    ErrorCode.NOT_FOUND: 404,
    ErrorCode.UNKNOWN_STANDARD: 404,
    ErrorCode.PERMISSION_DENIED: 403,
    ErrorCode.CONFLICT: 409,
    ErrorCode.DUPLICATE: 409,
    ErrorCode.TRANSITION_NOT_ALLOWED: 409,
    ErrorCode.GUARD_FAILED: 409,
    ErrorCode.DEADLINE_PASSED: 409,
    ErrorCode.RATE_LIMITED: 429,
}


def problem(
    request: HttpRequest, status: int, title: str, detail: str, **extra: Any
) -> HttpResponse:
    body = {
        "type": f"https://greenmfg.org/problems/{extra.pop('code', HTTPStatus(status).phrase.lower().replace(' ', '-'))}",
        "title": title,
        "status": status,
        "detail": detail,
        "instance": request.path,
        **extra,
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/problem+json",
    )


def register_exception_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(GreenmfgError)
    def _greenmfg(request: HttpRequest, exc: GreenmfgError) -> HttpResponse:
        status = STATUS_BY_CODE.get(exc.code, 422)
        fields = exc.as_dict()
        fields.pop("message", None)
        return problem(request, status, HTTPStatus(status).phrase, error_message(exc), **fields)

    @api.exception_handler(NinjaValidationError)
    def _validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {"loc": list(e.get("loc", [])), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors
        ]
        detail = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in errors)
        return problem(
            request, 422, "Unprocessable Content", detail, code="validation", errors=errors
        )

    @api.exception_handler(DjangoValidationError)
    def _django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return problem(
            request, 422, "Unprocessable Content", "; ".join(exc.messages), code="validation"
        )

    @api.exception_handler(PermissionDenied)
    def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return problem(
            request, 403, "Forbidden", str(exc) or "You may not do this.", code="forbidden"
        )

    @api.exception_handler(AuthenticationError)
    def _unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem(
            request, 401, "Unauthorized", "A valid API token is required.", code="unauthorized"
        )

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(request, 404, "Not Found", str(exc) or "Not found.", code="not-found")

    @api.exception_handler(HttpError)
    def _http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(request, exc.status_code, HTTPStatus(exc.status_code).phrase, str(exc))
