"""Django admin for the registry (staff only; platform administrators).

Read-only: every registry write goes through :mod:`greenmfg.platform.registry.services`,
which checks the actor's region and appends the unit's audit chain (RegistryEvent).
"""

from __future__ import annotations

from django.contrib import admin

from greenmfg.platform.common.admin import ReadOnlyAdmin, ReadOnlyInline
from greenmfg.platform.registry.models import (
    Enterprise,
    EvaluationInstitution,
    ListExport,
    Listing,
    Park,
    ParkMembership,
    Product,
    RegistryEvent,
    SupplierLink,
)


@admin.register(Enterprise)
class EnterpriseAdmin(ReadOnlyAdmin):
    list_display = ("name", "uscc", "adcode", "industry", "employees")
    search_fields = ("name", "uscc")
    list_filter = ("industry",)
    ordering = ("name",)


class ParkMembershipInline(ReadOnlyInline):
    model = ParkMembership
    raw_id_fields = ("enterprise",)
    extra = 0


@admin.register(Park)
class ParkAdmin(ReadOnlyAdmin):
    list_display = ("name", "uscc", "adcode", "park_level")
    search_fields = ("name", "uscc")
    list_filter = ("park_level",)
    inlines = [ParkMembershipInline]


@admin.register(SupplierLink)
class SupplierLinkAdmin(ReadOnlyAdmin):
    list_display = ("leader", "supplier", "since", "until")
    raw_id_fields = ("leader", "supplier")
    search_fields = ("leader__name", "supplier__name")


@admin.register(Product)
class ProductAdmin(ReadOnlyAdmin):
    list_display = ("name", "model", "enterprise", "category", "standard_code")
    raw_id_fields = ("enterprise",)
    search_fields = ("name", "enterprise__name")


@admin.register(Listing)
class ListingAdmin(ReadOnlyAdmin):
    list_display = ("__str__", "kind", "level", "year", "adcode", "listed_on", "removed_on")
    list_select_related = ("enterprise", "park", "product")
    list_filter = ("level", "kind", "year")
    raw_id_fields = ("enterprise", "park", "product")
    search_fields = ("enterprise__name", "park__name", "product__name", "enterprise__uscc")


@admin.register(EvaluationInstitution)
class EvaluationInstitutionAdmin(ReadOnlyAdmin):
    list_display = ("name", "uscc", "legal_representative", "adcode", "staff_total", "evaluators")
    search_fields = ("name", "uscc", "legal_representative")


@admin.register(RegistryEvent)
class RegistryEventAdmin(ReadOnlyAdmin):
    """The audit trail, read only."""

    list_display = ("at", "actor_name", "action", "uscc", "object_id")
    list_filter = ("action",)
    search_fields = ("uscc", "actor_name")
    readonly_fields = ("at", "actor", "actor_name", "action", "uscc", "object_id", "detail")


@admin.register(ListExport)
class ListExportAdmin(ReadOnlyAdmin):
    list_display = ("token", "status", "total", "written", "requested_by")


@admin.register(ParkMembership)
class ParkMembershipAdmin(ReadOnlyAdmin):
    list_display = ("park", "enterprise")
    raw_id_fields = ("park", "enterprise")
