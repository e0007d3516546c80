"""Cultivation plans (培育计划) and their targets."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenmfg.platform.registry.models import Enterprise, Park
from greenmfg.platform.workflow.models.applications import LEVEL_CHOICES


class CultivationPlan(models.Model):
    """A green-factory cultivation plan (绿色工厂培育计划) of a park or a supply-chain leader."""

    park = models.ForeignKey(
        Park, on_delete=models.PROTECT, null=True, blank=True, related_name="cultivation_plans"
    )
    leader = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cultivation_plans",
    )
    title = models.CharField(_("title"), max_length=200)
    start_year = models.PositiveSmallIntegerField(_("from year"))
    end_year = models.PositiveSmallIntegerField(_("to year"))
    published_on = models.DateField(_("published on"), null=True, blank=True)
    text = models.TextField(_("plan"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cultivation plan")
        verbose_name_plural = _("cultivation plans")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(park__isnull=False, leader__isnull=True)
                | Q(park__isnull=True, leader__isnull=False),
                name="workflow_plan_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="workflow_plan_years"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class PlanTarget(models.Model):
    """A member firm or supplier in a plan, with the list level targeted and by when."""

    plan = models.ForeignKey(CultivationPlan, on_delete=models.CASCADE, related_name="targets")
    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="plan_targets"
    )
    target_level = models.CharField(_("target level"), max_length=16, choices=LEVEL_CHOICES)
    target_year = models.PositiveSmallIntegerField(_("target year"))

    class Meta:
        verbose_name = _("plan target")
        verbose_name_plural = _("plan targets")
        constraints = [
            models.UniqueConstraint(fields=["plan", "enterprise"], name="workflow_target_unique")
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} → {self.target_level} {self.target_year}"
