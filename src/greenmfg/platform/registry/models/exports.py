"""Large Excel exports of the list search, built in the background (导出任务)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ListExport(models.Model):
    """One requested export: the search it repeats, who may download it, and its progress.

    Small results download at once; a result above ``GREENMFG_EXPORT_INLINE_ROWS`` rows is
    written by a background task while the requester watches the progress.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being written")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Who may download it: the signed-in user, or the anonymous visitor's session.
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    session_key = models.CharField(max_length=40, blank=True)
    filters = models.JSONField(_("search"), default=dict, blank=True)  # {} = no filter
    total = models.PositiveIntegerField(_("rows"))
    written = models.PositiveIntegerField(_("rows written"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(_("file"), upload_to="exports/", blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("list export")
        verbose_name_plural = _("list exports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(written__lte=models.F("total")),
                name="registry_export_written_le_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.token} {self.status}"

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else min(100, round(100 * self.written / self.total))
