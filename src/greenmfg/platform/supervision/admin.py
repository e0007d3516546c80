"""Django admin for dynamic management (动态管理): read-only.  Filings, audits, spot
checks, removals and change declarations are written only through
:mod:`greenmfg.platform.supervision.services`, which append their audit chains."""

from __future__ import annotations

from django.contrib import admin

from greenmfg.platform.common.admin import ReadOnlyAdmin
from greenmfg.platform.supervision.models import (
    ChangeDeclaration,
    DynamicFiling,
    FilingAudit,
    FilingReminder,
    QualityFlag,
    Recheck,
    Removal,
    RemovalProposal,
    SpotCheck,
    SupervisionEvent,
    SupportUptake,
)


@admin.register(DynamicFiling)
class DynamicFilingAdmin(ReadOnlyAdmin):
    list_display = ("pk", "adcode", "year", "status", "due_on", "submitted_at")
    list_filter = ("status", "year")


@admin.register(QualityFlag)
class QualityFlagAdmin(ReadOnlyAdmin):
    list_display = ("filing", "code", "severity", "field", "status")
    list_filter = ("code", "status")


@admin.register(FilingAudit)
class FilingAuditAdmin(ReadOnlyAdmin):
    list_display = ("filing", "auditor", "decision", "created_at")


@admin.register(SpotCheck)
class SpotCheckAdmin(ReadOnlyAdmin):
    list_display = ("pk", "year", "scope_prefix", "created_by", "created_at")


@admin.register(Recheck)
class RecheckAdmin(ReadOnlyAdmin):
    list_display = ("listing", "year", "outcome", "checked_on")


@admin.register(RemovalProposal)
class RemovalProposalAdmin(ReadOnlyAdmin):
    list_display = ("listing", "rule", "data_year", "status", "proposed_at")
    list_filter = ("status", "rule")


@admin.register(Removal)
class RemovalAdmin(ReadOnlyAdmin):
    list_display = ("pk", "adcode", "level", "rule", "removed_on")


@admin.register(ChangeDeclaration)
class ChangeDeclarationAdmin(ReadOnlyAdmin):
    list_display = ("pk", "adcode", "kind", "status", "effective_on", "declared_at")
    list_filter = ("kind", "status")


@admin.register(SupportUptake)
class SupportUptakeAdmin(ReadOnlyAdmin):
    list_display = ("pk", "adcode", "measure_code", "year", "amount_10k_yuan")


@admin.register(FilingReminder)
class FilingReminderAdmin(ReadOnlyAdmin):
    list_display = ("listing", "year", "days_before", "due_on", "sent_on")


@admin.register(SupervisionEvent)
class SupervisionEventAdmin(ReadOnlyAdmin):
    list_display = ("at", "verb", "object_type", "object_id", "adcode", "sequence")
    list_filter = ("verb", "object_type")
    search_fields = ("chain",)
