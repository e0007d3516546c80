"""Django admin for platform accounts."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from greenmfg.platform.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "get_full_name", "role", "adcode", "organisation", "is_active")
    list_filter = ("role", "is_active", "is_staff")
    raw_id_fields = ("enterprise", "park", "institution")
    fieldsets = (
        *BaseUserAdmin.fieldsets,  # type: ignore[misc]
        (
            _("Role and region"),
            {"fields": ("role", "adcode", "organisation", "enterprise", "park", "institution")},
        ),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Role and region"), {"fields": ("role", "adcode", "organisation")}),
    )
