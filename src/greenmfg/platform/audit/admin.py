"""Chain heads and checkpoints are written only by the audit services: read-only here."""

from __future__ import annotations

from django.contrib import admin

from greenmfg.platform.audit.models import ChainHead, Checkpoint
from greenmfg.platform.common.admin import ReadOnlyAdmin


@admin.register(ChainHead)
class ChainHeadAdmin(ReadOnlyAdmin):
    list_display = ("table", "chain", "length", "head_hash", "updated_at")
    list_filter = ("table",)
    search_fields = ("chain",)


@admin.register(Checkpoint)
class CheckpointAdmin(ReadOnlyAdmin):
    list_display = ("made_at", "chains", "records", "digest", "key_id")
