"""Objections filed during publicity (公示) and inbox notifications (通知)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenmfg.platform.workflow.models.applications import Application


class Objection(models.Model):
    """An objection (异议) filed by anyone during publicity, and how it was resolved."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("application"),
    )
    name = models.CharField(_("name"), max_length=100)
    contact = models.CharField(_("contact (phone or e-mail)"), max_length=200)
    content = models.TextField(_("content"))
    client_ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default="open")
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-filed_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(content=""), name="workflow_objection_has_content"),
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(resolution=""), name="workflow_objection_resolution"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.get_status_display()}"


class Notification(models.Model):
    """An inbox item for whoever must act next, or a reminder before a deadline."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, default="action")  # action / info / reminder
    message = models.CharField(_("message"), max_length=300)
    # Reminders are created once per (user, key).
    dedupe_key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="workflow_notification_dedupe",
            )
        ]

    def __str__(self) -> str:
        return self.message
