"""Django admin for API tokens: read-only (tokens are created with
``greenmfg api-token create`` and only their hash is stored)."""

from __future__ import annotations

from django.contrib import admin

from greenmfg.platform.api.models import ApiToken
from greenmfg.platform.common.admin import ReadOnlyAdmin


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    search_fields = ("name", "user__username", "prefix")
    exclude = ("token_hash",)
