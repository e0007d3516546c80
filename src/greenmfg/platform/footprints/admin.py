"""Django admin for product footprints: read-only (footprints, factors and requests are
written through the footprint services, which record their events)."""

from __future__ import annotations

from django.contrib import admin

from greenmfg.platform.common.admin import ReadOnlyAdmin
from greenmfg.platform.footprints.models import (
    FootprintEvent,
    FootprintRequest,
    ProductFootprint,
    UserFactor,
)


@admin.register(ProductFootprint)
class ProductFootprintAdmin(ReadOnlyAdmin):
    list_display = ("product", "year", "source", "total_kgco2e_per_unit", "published", "is_current")
    list_filter = ("year", "source", "published", "is_current")
    search_fields = ("product__name", "product__enterprise__name")
    raw_id_fields = ("product", "created_by")


@admin.register(UserFactor)
class UserFactorAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "code", "kind", "value", "unit", "source_doc")
    search_fields = ("code", "name", "enterprise__name")
    raw_id_fields = ("enterprise", "created_by")


@admin.register(FootprintRequest)
class FootprintRequestAdmin(ReadOnlyAdmin):
    list_display = ("leader", "supplier", "product_name", "year", "status")
    list_filter = ("status", "year")
    raw_id_fields = ("leader", "supplier", "answer", "requested_by")


@admin.register(FootprintEvent)
class FootprintEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "action", "actor", "footprint", "request")
    raw_id_fields = ("actor", "footprint", "request")

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
