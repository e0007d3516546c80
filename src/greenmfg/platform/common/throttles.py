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
"""

from __future__ import annotations

from axes.helpers import get_client_ip_address
from django.conf import settings
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

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

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


class AnonymousClientThrottle(_SettingsRateThrottle):
    scope = "api-anon"
    setting = "GREENMFG_API_RATE_ANON"
    default = "60/min"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if _client(request) is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class TokenThrottle(_SettingsRateThrottle):
    scope = "api-token"
    setting = "GREENMFG_API_RATE_TOKEN"
    default = "600/min"

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
