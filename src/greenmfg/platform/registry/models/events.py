"""The registry's audit trail: who registered, changed, listed or removed which unit, when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegistryEvent(models.Model):
    """One write of a registry service, appended after the write in the same transaction.

    ``actor`` is empty when the platform itself wrote (command line, demo, data import).
    Rows are never changed or deleted by the platform; each unit's events form one hash
    chain (``registry-<uscc>``, see :mod:`greenmfg.core.integrity`).
    """

    action = models.CharField(_("action"), max_length=40, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor"), max_length=150)
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    # The credit code of the unit concerned (a product: its enterprise's).
    uscc = models.CharField(_("unified social credit code"), max_length=18, db_index=True)
    object_id = models.PositiveBigIntegerField(_("object id"))
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    # tamper evidence (greenmfg.core.integrity): place in the chain, hashes, keyed seal
    chain = models.CharField(_("chain"), max_length=120, db_index=True, default="")
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    previous_hash = models.CharField(_("previous hash"), max_length=64, default="")
    hash = models.CharField(_("hash"), max_length=64, default="")
    seal = models.CharField(_("seal"), max_length=64, default="")

    class Meta:
        verbose_name = _("registry event")
        verbose_name_plural = _("registry events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.uscc}"
