"""Django admin for filings: read-only (filings are saved, imported and recomputed only
through the services, which append the filing's audit chain)."""

from __future__ import annotations

from django.contrib import admin

from greenmfg.platform.common.admin import ReadOnlyAdmin
from greenmfg.platform.filings.models import AccountingRecord, AnnualFiling, FilingEvent


@admin.register(AnnualFiling)
class AnnualFilingAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "year", "source", "updated_at")
    list_filter = ("year", "source")
    search_fields = ("enterprise__name", "enterprise__uscc")
    raw_id_fields = ("enterprise", "submitted_by")


@admin.register(AccountingRecord)
class AccountingRecordAdmin(ReadOnlyAdmin):
    list_display = (
        "filing",
        "factor_set_version",
        "equivalent_tce",
        "total_tco2e",
        "unverified_factors",
        "is_current",
        "computed_at",
    )
    list_filter = ("is_current", "factor_set_version")
    raw_id_fields = ("filing",)


@admin.register(FilingEvent)
class FilingEventAdmin(ReadOnlyAdmin):
    list_display = ("filing", "sequence", "action", "actor", "created_at")
    list_filter = ("action",)
    raw_id_fields = ("filing", "actor")
