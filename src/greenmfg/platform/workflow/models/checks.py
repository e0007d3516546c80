"""Formal-check checklist entries (形式审查) and requests for material (补充材料)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenmfg.platform.workflow.models.applications import LEVEL_CHOICES, Application


class ChecklistEntry(models.Model):
    """One formal-check item (形式审查) recorded by a reviewer at one level: passed, or
    failed with a reason (items in ``core/workflow/data/formal_check.yaml``)."""

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="checklist",
        verbose_name=_("application"),
    )
    level = models.CharField(_("review level"), max_length=12, choices=LEVEL_CHOICES)
    item = models.CharField(_("checklist item"), max_length=12)
    passed = models.BooleanField(_("passed"))
    reason = models.TextField(_("reason"), blank=True)
    checklist_version = models.CharField(_("checklist version"), max_length=40)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"))

    class Meta:
        verbose_name = _("checklist entry")
        verbose_name_plural = _("checklist entries")
        ordering = ["application_id", "level", "item"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "level", "item"], name="workflow_checklist_unique_item"
            ),
            models.CheckConstraint(
                condition=Q(passed=True) | ~Q(reason=""),
                name="workflow_checklist_failed_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.level} {self.item}: {self.passed}"


def material_path(instance: MaterialRequest, filename: str) -> str:
    return f"workflow/{instance.application_id}/material/{filename}"


class MaterialRequest(models.Model):
    """A reviewer's request for material (补充材料) and the applicant's answer, kept on the
    application where both see it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting the applicant")
        ANSWERED = "answered", _("Answered")

    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="material_requests",
        verbose_name=_("application"),
    )
    level = models.CharField(_("review level"), max_length=12, choices=LEVEL_CHOICES)
    item = models.CharField(_("checklist item"), max_length=12, blank=True)
    message = models.TextField(_("what is needed"))
    due_on = models.DateField(_("answer by"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    answer = models.TextField(_("answer"), blank=True)
    answer_file = models.FileField(_("attached file"), upload_to=material_path, blank=True)
    answer_file_name = models.CharField(_("file name"), max_length=200, blank=True)
    answer_sha256 = models.CharField(_("file SHA-256"), max_length=64, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("request for material")
        verbose_name_plural = _("requests for material")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | (~Q(answer="") & Q(answered_at__isnull=False)),
                name="workflow_material_answered_has_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.level}: {self.status}"
