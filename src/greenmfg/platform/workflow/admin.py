"""Django admin for the workflow: read-only.  Applications move only through
:mod:`greenmfg.platform.workflow.services`, which check the guards of the state machine
and append the application's audit chain."""

from __future__ import annotations

from django.contrib import admin

from greenmfg.platform.common.admin import ReadOnlyAdmin
from greenmfg.platform.workflow.models import (
    Application,
    AuditRecord,
    ChecklistEntry,
    ConflictDeclaration,
    CultivationPlan,
    ExpertAssignment,
    ExpertPanel,
    ExpertScore,
    InstitutionRecord,
    MaterialRequest,
    Notification,
    Objection,
    PlanTarget,
    Round,
)


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ("name", "year", "kind", "level", "created_at")
    list_filter = ("year", "kind", "level")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("pk", "round", "kind", "adcode", "state", "version", "audit_length")
    list_filter = ("state", "kind")
    search_fields = ("enterprise__name", "enterprise__uscc", "park__name", "park__uscc")


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyAdmin):
    list_display = (
        "application",
        "sequence",
        "event",
        "from_state",
        "to_state",
        "actor_name",
        "at",
    )
    list_filter = ("event",)
    search_fields = ("hash", "actor_name")


@admin.register(ExpertPanel)
class ExpertPanelAdmin(ReadOnlyAdmin):
    list_display = ("name", "round", "created_at")


@admin.register(ConflictDeclaration)
class ConflictDeclarationAdmin(ReadOnlyAdmin):
    list_display = ("expert", "uscc", "relation", "declared_at")


@admin.register(ExpertAssignment)
class ExpertAssignmentAdmin(ReadOnlyAdmin):
    list_display = ("application", "expert", "panel", "assigned_at", "submitted_at")


@admin.register(ExpertScore)
class ExpertScoreAdmin(ReadOnlyAdmin):
    list_display = ("assignment", "indicator")


@admin.register(Objection)
class ObjectionAdmin(ReadOnlyAdmin):
    list_display = ("application", "status", "filed_at", "resolved_at")
    list_filter = ("status",)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdmin):
    list_display = ("user", "kind", "message", "created_at", "read_at")
    list_filter = ("kind",)


@admin.register(CultivationPlan)
class CultivationPlanAdmin(ReadOnlyAdmin):
    list_display = ("title", "park", "start_year", "end_year", "published_on")


@admin.register(PlanTarget)
class PlanTargetAdmin(ReadOnlyAdmin):
    list_display = ("plan", "enterprise", "target_level", "target_year")


@admin.register(InstitutionRecord)
class InstitutionRecordAdmin(ReadOnlyAdmin):
    list_display = ("institution", "kind", "recorded_on", "refused_until")
    list_filter = ("kind",)


@admin.register(ChecklistEntry)
class ChecklistEntryAdmin(ReadOnlyAdmin):
    list_display = ("application", "level", "item", "passed", "checked_by", "checked_at")
    list_filter = ("level", "passed")


@admin.register(MaterialRequest)
class MaterialRequestAdmin(ReadOnlyAdmin):
    list_display = ("application", "level", "item", "status", "due_on", "requested_at")
    list_filter = ("level", "status")
