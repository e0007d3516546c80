"""Token auth for machine clients: ``Authorization: Bearer <token>``.

Tokens are random (``secrets.token_urlsafe``); only their SHA-256 is stored.  Endpoints
that need a user accept either a bearer token or the browser session
(:data:`TOKEN_OR_SESSION`).
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from greenmfg.core.domain import Role
from greenmfg.core.errors import MissingValueError, PermissionDeniedError
from greenmfg.platform.accounts.scoping import actor_role
from greenmfg.platform.api.models import ApiToken

TOKEN_PREFIX = "gm_"  # noqa: S105 - a public marker, not a secret


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiTokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token.startswith(TOKEN_PREFIX):
            return None
        row = (
            ApiToken.objects.select_related("user")
            .filter(token_hash=hash_token(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


class ReadOnlySessionAuth(SessionAuth):
    """The browser session (GET endpoints only, so CSRF does not apply)."""

    csrf = False


TOKEN_OR_SESSION = [ApiTokenAuth(), ReadOnlySessionAuth()]


@transaction.atomic
def api_token_create(*, actor: Any, user: Any, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``user`` (the user itself or an admin; ``actor=None`` on the CLI).

    Returns the row and the raw token, which is shown once and never stored.
    """
    if actor is not None and actor.pk != user.pk and actor_role(actor) is not Role.ADMIN:
        raise PermissionDeniedError(
            action="create a token for another user", reason="only an administrator may"
        )
    if not name.strip():
        raise MissingValueError(
            where="", field="name", expected="a name for the token (which client uses it)"
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken(user=user, name=name.strip(), prefix=raw[:8], token_hash=hash_token(raw))
    row.full_clean()
    row.save()
    return row, raw


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    if actor is not None and actor.pk != token.user_id and actor_role(actor) is not Role.ADMIN:
        raise PermissionDeniedError(action="revoke this token", reason="it belongs to another user")
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    return token
