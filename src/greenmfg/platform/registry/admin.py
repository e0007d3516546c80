"""Django admin for the registry (staff only; platform administrators)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from greenmfg.platform.registry.models import (
    Enterprise,
    EvaluationInstitution,
    Listing,
    Park,
    ParkMembership,
    Product,
    RegistryEvent,
    SupplierLink,
)


@admin.register(Enterprise)
class EnterpriseAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "uscc", "adcode", "industry", "employees")
    search_fields = ("name", "uscc")
    list_filter = ("industry",)
    ordering = ("name",)


class ParkMembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ParkMembership
    raw_id_fields = ("enterprise",)
    extra = 0


@admin.register(Park)
class ParkAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "uscc", "adcode", "park_level")
    search_fields = ("name", "uscc")
    list_filter = ("park_level",)
    inlines = [ParkMembershipInline]


@admin.register(SupplierLink)
class SupplierLinkAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("leader", "supplier", "since", "until")
    raw_id_fields = ("leader", "supplier")
    search_fields = ("leader__name", "supplier__name")


@admin.register(Product)
class ProductAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "model", "enterprise", "category", "standard_code")
    raw_id_fields = ("enterprise",)
    search_fields = ("name", "enterprise__name")


@admin.register(Listing)
class ListingAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("__str__", "kind", "level", "year", "adcode", "listed_on", "removed_on")
    list_select_related = ("enterprise", "park", "product")
    list_filter = ("level", "kind", "year")
    raw_id_fields = ("enterprise", "park", "product")
    search_fields = ("enterprise__name", "park__name", "product__name", "enterprise__uscc")


@admin.register(EvaluationInstitution)
class EvaluationInstitutionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "uscc", "legal_representative", "adcode", "staff_total", "evaluators")
    search_fields = ("name", "uscc", "legal_representative")


@admin.register(RegistryEvent)
class RegistryEventAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The audit trail, read only."""

    list_display = ("at", "actor_name", "action", "uscc", "object_id")
    list_filter = ("action",)
    search_fields = ("uscc", "actor_name")
    readonly_fields = ("at", "actor", "actor_name", "action", "uscc", "object_id", "detail")

    def has_add_permission(self, request: Any) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False
