"""Throttles (django-ninja's) on every API endpoint and on the public objection form,
counted in Django's configured cache (Redis when set, so all processes share the count).

- :class:`AnonymousClientThrottle`: requests without a token or session, per client
  address (``GREENMFG_API_RATE_ANON``, default 60/min);
- :class:`TokenThrottle`: requests with a bearer token, per token; requests of a browser
  session, per account (``GREENMFG_API_RATE_TOKEN``, default 600/min).

- :class:`ObjectionThrottle`: public objections during publicity, per client address
  (``GREENMFG_OBJECTION_RATE``, default 10/hour), before the service's own per-address
  check against the stored objections.

A client over its rate gets 429 with ``Retry-After``.  Rates are read from the settings
on each request, so they can be changed without a new release.

Each client's count is one integer per window (a fixed window that opens at the client's
first request and lasts the rate's period: ``cache.add`` starts it, ``cache.incr`` counts,
both atomic on Redis), not ninja's list of every request time in the period, which grows
with the rate and is rewritten whole on each request.  A client may therefore reach twice
its rate across two consecutive windows, never more.

``GREENMFG_API_THROTTLE=off`` turns the two API throttles off (a deployment whose proxy
limits rates itself, or a load test of the endpoints); they are on by default.  The
objection throttle stays on whatever that setting says.
"""

from __future__ import annotations

import time

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

from greenmfg.platform.api.auth import ApiTokenAuth, hash_token


class _SettingsRateThrottle(SimpleRateThrottle):
    setting = ""
    default = ""

    def __init__(self) -> None:
        super().__init__(self.default)

    def get_rate(self) -> str:
        return str(getattr(settings, self.setting, self.default))

    def enabled(self) -> bool:
        return True

    def allow_request(self, request: HttpRequest) -> bool:
        """Count the request in its client's current window; refuse it past the rate."""
        if not self.enabled():
            return True
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        self.key = self.get_cache_key(request)
        if self.key is None:
            return True
        duration = int(self.duration or 1)
        now = time.time()
        # the window opens at the client's first request and lasts the rate's period
        start = float(cache.get_or_set(f"{self.key}:start", now, duration) or now)
        if start + duration <= now:  # a cache that keeps keys a little past their time
            cache.set(f"{self.key}:start", now, duration)
            start = now
        self.window_end = start + duration
        key = f"{self.key}:{int(start * 1000)}"
        # a fresh window counts from 0 (``add`` does nothing if another process began it)
        cache.add(key, 0, duration + 1)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, duration + 1)
            count = 1
        return int(count) <= int(self.num_requests or 0)

    def wait(self) -> float | None:
        """Seconds until the client's window ends and its count starts again."""
        end = getattr(self, "window_end", None)
        return max(1.0, (end or time.time() + float(self.duration or 60)) - time.time())

    def get_ident(self, request: HttpRequest) -> str:
        # the address axes sees (REMOTE_ADDR, or the proxy header it is told to trust);
        # never a client-supplied X-Forwarded-For
        return str(get_client_ip_address(request) or request.META.get("REMOTE_ADDR", ""))


def _bearer(request: HttpRequest) -> str | None:
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def _client(request: HttpRequest) -> str | None:
    """The token or account a request comes from, ``None`` for an anonymous one.

    Public endpoints do not authenticate, so a bearer token is checked here (once per
    request): a valid token counts as that token's client on every endpoint."""
    cached: str | bool | None = getattr(request, "_greenmfg_client", False)
    if cached is not False:
        return cached  # type: ignore[return-value]
    client: str | None = None
    token = _bearer(request)
    if token is not None and ApiTokenAuth().authenticate(request, token) is not None:
        client = f"token-{hash_token(token)[:32]}"
    elif getattr(request, "auth", None) is not None:
        client = f"user-{getattr(request.auth, 'pk', request.auth)}"  # type: ignore[attr-defined]
    request._greenmfg_client = client  # type: ignore[attr-defined]
    return client


def api_throttle_enabled() -> bool:
    """Whether the API throttles count (``GREENMFG_API_THROTTLE``, on unless ``off``)."""
    return str(getattr(settings, "GREENMFG_API_THROTTLE", "on")).strip().lower() not in (
        "off",
        "0",
        "false",
        "no",
    )


class AnonymousClientThrottle(_SettingsRateThrottle):
    scope = "api-anon"
    setting = "GREENMFG_API_RATE_ANON"
    default = "60/min"

    def enabled(self) -> bool:
        return api_throttle_enabled()

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if _client(request) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenThrottle(_SettingsRateThrottle):
    scope = "api-token"
    setting = "GREENMFG_API_RATE_TOKEN"
    default = "600/min"

    def enabled(self) -> bool:
        return api_throttle_enabled()

    def get_cache_key(self, request: HttpRequest) -> str | None:
        client = _client(request)
        if client is None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": client}


class ObjectionThrottle(_SettingsRateThrottle):
    scope = "objection"
    setting = "GREENMFG_OBJECTION_RATE"
    default = "10/hour"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
