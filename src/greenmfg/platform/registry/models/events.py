"""The registry's audit trail: who registered, changed, listed or removed which unit, when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class RegistryEvent(models.Model):
    """One write of a registry service, appended after the write in the same transaction.

    ``actor`` is empty when the platform itself wrote (command line, demo, data import).
    Rows are never changed or deleted by the platform.
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

    class Meta:
        verbose_name = _("registry event")
        verbose_name_plural = _("registry events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action} {self.uscc}"
