"""Login limits beyond django-axes' account-and-address lock.

django-axes locks an account from one address after ``AXES_FAILURE_LIMIT`` failures.
Two further limits close what that leaves open, counted in Django's configured cache
(Redis when ``GREENMFG_REDIS_URL`` is set, so every process and host shares the count):

- **per address, across accounts**: ``GREENMFG_LOGIN_IP_LIMIT`` failures from one
  address (any usernames) lock that address — 4 guesses on each of 8 accounts no longer
  pass unnoticed;
- **per account, across addresses**: ``GREENMFG_LOGIN_ACCOUNT_LIMIT`` failures for one
  username (from any addresses) lock that account.

Both last ``AXES_COOLOFF_TIME`` hours from the latest failure; a lock answers with the
same 429 page as django-axes.  The limits are higher than axes' per-pair limit, so an
office behind one address is not locked out by one person's typing.
"""

from __future__ import annotations

import hashlib
from typing import Any

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth.signals import user_login_failed
from django.core.cache import cache
from django.dispatch import receiver
from django.http import HttpRequest


def _limits() -> tuple[int, int, int]:
    ip_limit = int(getattr(settings, "GREENMFG_LOGIN_IP_LIMIT", 20))
    account_limit = int(getattr(settings, "GREENMFG_LOGIN_ACCOUNT_LIMIT", 10))
    seconds = int(float(getattr(settings, "AXES_COOLOFF_TIME", 0.5)) * 3600)
    return ip_limit, account_limit, max(seconds, 60)


def _keys(request: HttpRequest | None, username: str) -> list[tuple[str, int]]:
    ip_limit, account_limit, _seconds = _limits()
    keys = []
    if request is not None:
        ip = get_client_ip_address(request) or "unknown"
        keys.append((f"login-fail:ip:{ip}", ip_limit))
    if username:
        digest = hashlib.sha256(username.strip().lower().encode()).hexdigest()[:32]
        keys.append((f"login-fail:account:{digest}", account_limit))
    return keys


def login_blocked(request: HttpRequest | None, username: str) -> bool:
    """Whether this address or this account has used up its failures."""
    return any(int(cache.get(key) or 0) >= limit for key, limit in _keys(request, username))


def failure_record(request: HttpRequest | None, username: str) -> None:
    _ip, _account, seconds = _limits()
    for key, _limit in _keys(request, username):
        if cache.add(key, 1, timeout=seconds):
            continue
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=seconds)
        else:
            cache.touch(key, seconds)


@receiver(user_login_failed)
def _count_failure(sender: Any, credentials: dict[str, Any], request: Any = None, **_: Any) -> None:
    failure_record(request, str(credentials.get("username") or ""))


class LoginLimitBackend:
    """First authentication backend: refuses every login attempt from a locked address
    or for a locked account (even with the right password) and shows the lock page.
    It has no ``get_user``: it never logs anyone in."""

    def authenticate(self, request: HttpRequest | None, **credentials: Any) -> None:
        from axes.exceptions import AxesBackendPermissionDenied

        username = str(credentials.get("username") or "")
        if login_blocked(request, username):
            if request is not None:
                request.axes_locked_out = True  # type: ignore[attr-defined]
                request.axes_credentials = credentials  # type: ignore[attr-defined]
            raise AxesBackendPermissionDenied(
                "Too many failed logins from here or for this account."
            )
        return None
