"""``GET /api/v1/green-codes/{uscc}``: a unit's current green code, for banks and buyers.

Bearer token (API tokens of the api app; only their SHA-256 is stored) and a rate limit
per token (a cache counter per minute, ``GREENMFG_GREENCODE_RATE_PER_MINUTE``, default
60).  An unknown, malformed or code-less credit code gives the same 404 problem.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema
from ninja.errors import HttpError

from greenmfg.platform.api.auth import ApiTokenAuth, hash_token
from greenmfg.platform.greencode import selectors

PREFIX = "/green-codes"
router = Router(tags=["green codes"])


class RateLimitedTokenAuth(ApiTokenAuth):
    """The api app's bearer token, counted against a per-token rate limit."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = super().authenticate(request, token)
        if user is not None:
            _rate_limit(hash_token(token)[:16])
        return user


def _rate_limit(token_key: str) -> None:
    limit = int(getattr(settings, "GREENMFG_GREENCODE_RATE_PER_MINUTE", 60))
    now = timezone.now()
    key = f"greencode-api:{token_key}:{now:%Y%m%d%H%M}"
    cache.add(key, 0, timeout=70)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=70)
        count = 1
    if count > limit:
        raise HttpError(
            429,
            f"Rate limit of {limit} requests per minute exceeded; "
            f"retry in {60 - now.second} seconds.",
        )


class GreenCodeOut(Schema):
    uscc: str
    name: str
    grade: str
    year: int
    rank_in_industry: int
    industry_size: int
    industry: str
    valid_from: dt.date
    valid_until: dt.date
    method_version: str
    method_status: str


@router.get(
    "/{uscc}",
    response=GreenCodeOut,
    auth=RateLimitedTokenAuth(),
    summary="Current green code of a national green factory",
)
def green_code_get(request: HttpRequest, uscc: str) -> dict[str, Any]:
    code = selectors.code_for_uscc(uscc=uscc)
    return {
        "uscc": code.enterprise.uscc,
        "name": code.enterprise.name,
        "grade": code.grade,
        "year": code.year,
        "rank_in_industry": code.rank_industry,
        "industry_size": code.industry_size,
        "industry": code.industry,
        "valid_from": code.valid_from,
        "valid_until": code.valid_until,
        "method_version": code.method_version,
        "method_status": code.run.method_status,
    }
