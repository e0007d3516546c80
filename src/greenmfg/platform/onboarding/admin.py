"""Django admin for onboarding: read-only.  List imports are reviewed and applied only
through the onboarding services, which write the registry and its audit chains."""

from __future__ import annotations

from django.contrib import admin

from greenmfg.platform.common.admin import ReadOnlyAdmin
from greenmfg.platform.onboarding.models import CityTable, FormerName, ListImport, ListImportRow


@admin.register(FormerName)
class FormerNameAdmin(ReadOnlyAdmin):
    list_display = ("name", "enterprise", "until", "source", "recorded_at")
    search_fields = ("name", "enterprise__name", "enterprise__uscc")


@admin.register(ListImport)
class ListImportAdmin(ReadOnlyAdmin):
    list_display = ("filename", "kind", "level", "year", "status", "created_at", "applied_at")
    list_filter = ("status", "kind", "level", "year")


@admin.register(ListImportRow)
class ListImportRowAdmin(ReadOnlyAdmin):
    list_display = ("list_import", "number", "name", "uscc", "adcode", "status", "method")
    list_filter = ("status",)
    search_fields = ("name", "uscc")


@admin.register(CityTable)
class CityTableAdmin(ReadOnlyAdmin):
    list_display = ("adcode", "table", "round", "layout_version", "is_current", "uploaded_at")
    list_filter = ("table", "is_current")
