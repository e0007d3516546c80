"""Admin building blocks shared by the apps."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """An admin that shows rows but cannot add, change or delete them.

    For models whose writes must go through the services (which check permissions and
    append the audit trail): audit rows, listings, filings and their events.
    """

    actions = None

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):  # type: ignore[type-arg]
    """An inline that shows related rows without letting the admin edit them."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def register_remaining() -> list[str]:
    """Register every platform model without an admin as read-only; their labels."""
    from django.apps import apps

    added = []
    for config in apps.get_app_configs():
        if not config.name.startswith("greenmfg.platform."):
            continue
        for model in config.get_models():
            if not admin.site.is_registered(model):
                admin.site.register(model, ReadOnlyAdmin)
                added.append(model._meta.label)
    return added
