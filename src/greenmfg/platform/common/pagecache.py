"""Whole public pages cached for visitors who are not signed in.

A visitor's page of the public list, a unit page or the index publication is the same for
every visitor in a language: :func:`public_page` keeps its HTML in the shared cache under
the version the page's figures depend on (the registry's generation, see
:mod:`greenmfg.platform.registry.snapshots`), the language, the htmx flag and the full
path with its query.  A write to the registry starts a new generation, so a cached page
never shows a state older than the last write; ``ttl`` bounds how long figures from other
apps (green codes, annual filings on a unit page) may lag behind theirs.

Only what is the same for everyone is kept: the CSRF token of the page's forms (language
switch) is taken out before storing and the visitor's own put back on each answer.  Signed
in users, pages with a message to show, answers other than 200 and non-GET requests are
never cached.  ``GREENMFG_PUBLIC_CACHE=off`` turns this cache and the API's
(:mod:`greenmfg.platform.api.answers`) off.
"""

from __future__ import annotations

import functools
import hashlib
import re
import zlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

PUBLIC_PAGE_TTL = 300
CSRF_MARK = "__greenmfg_csrf_token__"
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')

View = Callable[..., HttpResponse]


def public_cache_enabled() -> bool:
    """Whether public pages and answers are cached (``GREENMFG_PUBLIC_CACHE``, on unless
    ``off``)."""
    value = str(getattr(settings, "GREENMFG_PUBLIC_CACHE", "on")).strip().lower()
    return value not in ("off", "0", "false", "no")


def _cacheable(request: HttpRequest) -> bool:
    if request.method != "GET" or not public_cache_enabled():
        return False
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    return not hasattr(request, "_messages") or len(get_messages(request)) == 0


def page_key(request: HttpRequest, version: str) -> str:
    htmx = "1" if request.headers.get("HX-Request") else "0"
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"page:{version}:{get_language()}:{htmx}:{path}"


def public_page(version: Callable[[], str], ttl: int = PUBLIC_PAGE_TTL) -> Callable[[View], View]:
    """Serve a visitor's GET of the decorated view from the shared cache (see module)."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _cacheable(request):
                return view(request, *args, **kwargs)
            key = page_key(request, version())
            found = cache.get(key)
            if found is not None:
                packed, headers = found
                body = zlib.decompress(packed).decode()
                if CSRF_MARK in body:
                    body = body.replace(CSRF_MARK, get_token(request))
                response = HttpResponse(body)
                for name, value in headers:
                    response[name] = value
                return response
            response = view(request, *args, **kwargs)
            if response.status_code == 200 and not response.streaming:
                body = response.content.decode(response.charset or "utf-8")
                match = _TOKEN.search(body)
                if match is not None:
                    body = body.replace(match.group(1), CSRF_MARK)
                # compressed (a page of the list: some 60 KB of HTML, 6 KB stored)
                packed = zlib.compress(body.encode(), 1)
                cache.set(key, (packed, list(response.headers.items())), ttl)
            return response

        return wrapper

    return decorate
