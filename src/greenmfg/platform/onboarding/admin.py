"""Django admin for the onboarding app: read-only (imports go through the services,
which check every row and record registry events)."""

from __future__ import annotations

from django.contrib import admin

from greenmfg.platform.common.admin import ReadOnlyAdmin
from greenmfg.platform.onboarding.models import CityTable, FormerName, ListImport, ListImportRow

_ReadOnly = ReadOnlyAdmin


@admin.register(FormerName)
class FormerNameAdmin(_ReadOnly):
    list_display = ("name", "enterprise", "until", "source")
    search_fields = ("name", "enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise",)


@admin.register(ListImport)
class ListImportAdmin(_ReadOnly):
    list_display = ("filename", "year", "level", "kind", "section", "authority_adcode", "status")
    list_filter = ("status", "level", "kind", "section", "year")
    search_fields = ("filename", "batch")


@admin.register(ListImportRow)
class ListImportRowAdmin(_ReadOnly):
    list_display = ("list_import", "number", "name", "status", "method", "score")
    list_filter = ("status", "method")
    search_fields = ("name", "uscc")
    raw_id_fields = ("list_import", "enterprise", "park", "resolved_by")


@admin.register(CityTable)
class CityTableAdmin(_ReadOnly):
    list_display = ("round", "adcode", "table", "filename", "uploaded_at", "is_current")
    list_filter = ("table", "is_current")
    raw_id_fields = ("round", "uploaded_by")
