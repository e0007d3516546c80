"""Chain heads and signed checkpoints of the audit tables (see :mod:`greenmfg.core.integrity`).

The audit rows themselves live in their apps (``workflow.AuditRecord``,
``filings.FilingEvent``, ``registry.RegistryEvent``, ``supervision.SupervisionEvent``);
this app keeps, apart from them, how long each chain is and where it ends, and the
signed checkpoints of all chain heads.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ChainHead(models.Model):
    """The length and last hash of one audit chain, advanced with every appended row."""

    table = models.CharField(_("audit table"), max_length=20)
    chain = models.CharField(_("chain"), max_length=120)
    length = models.PositiveIntegerField(_("length"), default=0)
    head_hash = models.CharField(_("head hash"), max_length=64, blank=True)
    updated_at = models.DateTimeField(_("updated at"), default=timezone.now)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain heads")
        ordering = ["table", "chain"]
        constraints = [
            models.UniqueConstraint(fields=["table", "chain"], name="audit_one_head_per_chain")
        ]

    def __str__(self) -> str:
        return f"{self.table}/{self.chain} #{self.length}"


class Checkpoint(models.Model):
    """Every chain head at one moment, signed with the audit key (HMAC-SHA256).

    ``heads`` is the exported form (:meth:`greenmfg.core.integrity.Checkpoint.to_dict`);
    publish it (or at least its digest and signature) outside the platform.
    """

    made_at = models.DateTimeField(_("made at"), db_index=True)
    key_id = models.CharField(_("key id"), max_length=16)
    chains = models.PositiveIntegerField(_("chains"))
    records = models.PositiveBigIntegerField(_("records"))
    digest = models.CharField(_("digest (SHA-256)"), max_length=64)
    signature = models.CharField(_("signature (HMAC-SHA256)"), max_length=64)
    document = models.JSONField(_("checkpoint document"))
    # the digest and signature of the published form (chains named by keyed labels)
    public_digest = models.CharField(
        _("public digest (SHA-256)"), max_length=64, blank=True, default=""
    )
    public_signature = models.CharField(
        _("public signature (HMAC-SHA256)"), max_length=64, blank=True, default=""
    )

    class Meta:
        verbose_name = _("audit checkpoint")
        verbose_name_plural = _("audit checkpoints")
        ordering = ["-made_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.made_at:%Y-%m-%d %H:%M} {self.digest[:12]}"
