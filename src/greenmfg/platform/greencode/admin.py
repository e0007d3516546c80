"""Django admin for green codes (绿色码): read-only; codes come only from grading runs."""

from __future__ import annotations

from django.contrib import admin

from greenmfg.platform.common.admin import ReadOnlyAdmin
from greenmfg.platform.greencode.models import GradingRun, GreenCode, NoCode


@admin.register(GradingRun)
class GradingRunAdmin(ReadOnlyAdmin):
    list_display = ("year", "method_version", "graded", "population", "current", "graded_at")
    list_filter = ("year", "current")


@admin.register(GreenCode)
class GreenCodeAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "year", "grade", "score", "adcode", "current")
    list_filter = ("year", "grade", "current")
    search_fields = ("enterprise__name", "enterprise__uscc")


@admin.register(NoCode)
class NoCodeAdmin(ReadOnlyAdmin):
    list_display = ("enterprise", "run", "reason")
    list_filter = ("reason",)
