"""Expert review (专家评审): panels, conflict declarations, assignments, scores."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenmfg.platform.workflow.models.applications import Application, Round


class ExpertPanel(models.Model):
    """A panel of experts (专家组) the national authority builds for a round."""

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="panels", verbose_name=_("round")
    )
    name = models.CharField(_("name"), max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="expert_panels", verbose_name=_("experts")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("expert panel")
        verbose_name_plural = _("expert panels")
        ordering = ["round", "name"]

    def __str__(self) -> str:
        return self.name


class ConflictDeclaration(models.Model):
    """An expert's declared link with a unit (利益冲突声明): never assigned to it."""

    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflict_declarations"
    )
    uscc = models.CharField(_("unified social credit code"), max_length=18)
    relation = models.CharField(_("relation"), max_length=200)
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict-of-interest declaration")
        verbose_name_plural = _("conflict-of-interest declarations")
        constraints = [
            models.UniqueConstraint(fields=["expert", "uscc"], name="workflow_conflict_unique")
        ]

    def __str__(self) -> str:
        return f"{self.expert} ↔ {self.uscc}"


class ExpertAssignment(models.Model):
    """One expert assigned to review one application; scores are independent."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("application"),
    )
    expert = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("expert"),
    )
    panel = models.ForeignKey(
        ExpertPanel, on_delete=models.SET_NULL, null=True, blank=True, related_name="assignments"
    )
    no_conflict_declared = models.BooleanField(_("no conflict declared"), default=False)
    total = models.DecimalField(_("total"), max_digits=6, decimal_places=2, null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        verbose_name = _("expert assignment")
        verbose_name_plural = _("expert assignments")
        ordering = ["application", "assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "expert"], name="workflow_assignment_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.expert} → {self.application_id}"


class ExpertScore(models.Model):
    """One expert's score on one review-sheet item, with a comment."""

    assignment = models.ForeignKey(
        ExpertAssignment, on_delete=models.CASCADE, related_name="scores"
    )
    indicator = models.CharField(_("indicator"), max_length=40)
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=2)
    max_points = models.DecimalField(_("maximum"), max_digits=6, decimal_places=2)
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        verbose_name = _("expert score")
        verbose_name_plural = _("expert scores")
        ordering = ["assignment", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "indicator"], name="workflow_score_unique"
            ),
            models.CheckConstraint(
                condition=Q(points__gte=0) & Q(points__lte=models.F("max_points")),
                name="workflow_score_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.points}"
