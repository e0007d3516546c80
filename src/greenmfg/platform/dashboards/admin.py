"""Django admin for dashboards: read-only; snapshots are computed by the services."""

from __future__ import annotations

from django.contrib import admin

from greenmfg.platform.common.admin import ReadOnlyAdmin
from greenmfg.platform.dashboards.models import IndexSnapshot


@admin.register(IndexSnapshot)
class IndexSnapshotAdmin(ReadOnlyAdmin):
    list_display = ("level", "region", "year", "index", "rank", "current", "computed_at")
    list_filter = ("level", "year", "current")
    search_fields = ("region",)
