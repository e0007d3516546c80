"""The application's hash-chained audit records (审计链)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from greenmfg.platform.workflow.models.applications import Application


class AuditRecord(models.Model):
    """An append-only, hash-chained record of one event of an application."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="audit_records",
        verbose_name=_("application"),
    )
    sequence = models.PositiveIntegerField(_("sequence"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor"), max_length=150)
    at = models.DateTimeField(_("at"))
    event = models.CharField(_("event"), max_length=40)
    from_state = models.CharField(_("from"), max_length=24)
    to_state = models.CharField(_("to"), max_length=24)
    reason = models.TextField(_("reason"), blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    # keyed MAC of the hash (greenmfg.core.integrity.seal): re-sealing needs the key
    seal = models.CharField(_("seal"), max_length=64, default="")

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["application_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "sequence"], name="workflow_audit_unique_sequence"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.from_state} → {self.to_state}"
