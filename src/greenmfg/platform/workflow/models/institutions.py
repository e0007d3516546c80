"""Third-party evaluation institutions (第三方评价机构): records and annual reports."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenmfg.platform.registry.models import EvaluationInstitution


class InstitutionRecord(models.Model):
    """Qualification, supervision or sanction record of a third-party institution (Art. 20)."""

    class Kind(models.TextChoices):
        QUALIFICATION = "qualification", _("Qualification")
        SUPERVISION = "supervision", _("Supervision")
        SANCTION = "sanction", _("Sanction")

    institution = models.ForeignKey(
        EvaluationInstitution, on_delete=models.PROTECT, related_name="workflow_records"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    recorded_on = models.DateField(_("recorded on"))
    senior_titles = models.PositiveIntegerField(
        _("staff with senior titles"), null=True, blank=True
    )
    intermediate_titles = models.PositiveIntegerField(
        _("staff with intermediate titles"), null=True, blank=True
    )
    finding = models.TextField(_("finding"), blank=True)
    # Sanction: reports are refused until this date.
    refused_until = models.DateField(_("reports refused until"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("institution record")
        verbose_name_plural = _("institution records")
        ordering = ["-recorded_on"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="sanction") | Q(refused_until__isnull=False),
                name="workflow_sanction_has_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution}: {self.get_kind_display()} {self.recorded_on}"


class InstitutionAnnualReport(models.Model):
    """A third-party institution's annual work report (年度工作报告), filed on the platform
    (due 15 August in 2023: green_system_rules.md §1.7 [V: P32]); its project count is the
    platform's own count of the year's national applications under its legal
    representative (the cap of 15, Art. 20 / Annex 1)."""

    institution = models.ForeignKey(
        EvaluationInstitution, on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    national_projects = models.PositiveIntegerField(_("national projects"))
    staff_total = models.PositiveIntegerField(_("full-time staff"))
    senior_titles = models.PositiveIntegerField(_("staff with senior titles"))
    intermediate_titles = models.PositiveIntegerField(_("staff with intermediate titles"))
    summary = models.TextField(_("work summary"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("institution annual report")
        verbose_name_plural = _("institution annual reports")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["institution", "year"], name="workflow_one_annual_report_a_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution_id} {self.year}"
