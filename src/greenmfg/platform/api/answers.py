"""Answers of public endpoints cached for anonymous clients.

``GET /api/v1/lists?…`` or ``/api/v1/units/{uscc}`` answers every anonymous client the
same: :func:`public_answer` keeps the rendered JSON in the shared cache under the version
its data depend on (the registry's generation) and the full path with its query, and
:class:`~greenmfg.platform.api.api.GreenmfgAPI` stores an answer once ninja has rendered
it.  The throttles and the input validation run before (the decorator sits inside the
operation), so a cached answer is counted and a bad query still gets its 4xx.  Requests
with a token or a session are never served from the cache.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from greenmfg.platform.common.pagecache import public_cache_enabled

ANSWER_TTL = 300
_PENDING = "_greenmfg_answer_key"


def _anonymous(request: HttpRequest) -> bool:
    if request.method != "GET" or "HTTP_AUTHORIZATION" in request.META:
        return False
    if not public_cache_enabled():
        return False
    user = getattr(request, "user", None)
    return user is None or not user.is_authenticated


def public_answer(
    version: Callable[[], str], ttl: int = ANSWER_TTL
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Serve an anonymous GET of the decorated endpoint from the shared cache."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
            if not _anonymous(request):
                return view(request, *args, **kwargs)
            path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
            key = f"api-answer:{version()}:{path}"
            found = cache.get(key)
            if found is not None:
                body, content_type = found
                return HttpResponse(body, content_type=content_type)
            setattr(request, _PENDING, (key, ttl))
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def keep_answer(request: HttpRequest, response: HttpResponse) -> None:
    """Store a rendered 200 answer of a :func:`public_answer` endpoint."""
    pending = getattr(request, _PENDING, None)
    if pending is None or response.status_code != 200:
        return
    key, ttl = pending
    cache.set(key, (response.content, response["Content-Type"]), ttl)
