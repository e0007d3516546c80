"""Django admin for the evaluations app: read-only (writes go through the services, which
validate and audit)."""

from __future__ import annotations

from django.contrib import admin

from greenmfg.platform.common.admin import ReadOnlyAdmin
from greenmfg.platform.evaluations.models import (
    Evaluation,
    EvaluationEvent,
    Evidence,
    Report,
    StandardFile,
)

_ReadOnly = ReadOnlyAdmin


@admin.register(StandardFile)
class StandardFileAdmin(_ReadOnly):
    list_display = ("code", "title", "adcode", "uploaded_by", "uploaded_at")
    search_fields = ("code", "title")


@admin.register(Evaluation)
class EvaluationAdmin(_ReadOnly):
    list_display = ("enterprise", "year", "standard_code", "kind", "state", "total", "passed")
    list_filter = ("kind", "state", "standard_code", "year")
    search_fields = ("enterprise__name", "enterprise__uscc")


@admin.register(Evidence)
class EvidenceAdmin(_ReadOnly):
    list_display = ("evaluation", "code", "original_name", "content_type", "size", "uploaded_at")


@admin.register(Report)
class ReportAdmin(_ReadOnly):
    list_display = ("content_hash", "evaluation", "lang", "signed", "state", "created_at")
    search_fields = ("content_hash",)


@admin.register(EvaluationEvent)
class EvaluationEventAdmin(_ReadOnly):
    list_display = ("action", "evaluation", "actor", "created_at")
    list_filter = ("action",)
