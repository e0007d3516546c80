"""Enterprise green codes (企业绿码): one grading run per data year, one code per graded
national green factory and year (the grade history), and the reasons units got none."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenmfg.core.indices.greencode import Exclusion, Grade


class GradingRun(models.Model):
    """One grading of a data year's filings (re-grading a year adds a new run)."""

    year = models.PositiveSmallIntegerField(_("data year"), db_index=True)
    method_version = models.CharField(_("method version"), max_length=20)
    method_status = models.CharField(_("method status"), max_length=12)
    data_as_of = models.DateField(_("data as of"))
    graded_at = models.DateTimeField(_("graded at"), auto_now_add=True)
    triggered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("triggered by"),
    )
    population = models.PositiveIntegerField(_("national green factories"))
    graded = models.PositiveIntegerField(_("graded"))
    counts = models.JSONField(_("grade counts"), default=dict)
    excluded = models.JSONField(_("units without a code, by reason"), default=dict)
    current = models.BooleanField(_("current run of its year"), default=True)

    class Meta:
        verbose_name = _("grading run")
        verbose_name_plural = _("grading runs")
        ordering = ["-year", "-graded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["year"], condition=Q(current=True), name="greencode_one_current_run"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} · {self.method_version} · {self.graded_at:%Y-%m-%d}"


class GreenCode(models.Model):
    """One national green factory's green code for one data year."""

    class GradeChoices(models.TextChoices):
        A_PLUS = Grade.A_PLUS.value, "A+"
        A = Grade.A.value, "A"
        B = Grade.B.value, "B"

    run = models.ForeignKey(
        GradingRun, on_delete=models.CASCADE, related_name="codes", verbose_name=_("grading run")
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="green_codes",
        verbose_name=_("enterprise"),
    )
    year = models.PositiveSmallIntegerField(_("data year"))
    industry = models.CharField(_("industry class"), max_length=4)
    adcode = models.CharField(_("region code"), max_length=6, db_index=True)
    score = models.FloatField(_("score"))
    rank_overall = models.PositiveIntegerField(_("rank among all national green factories"))
    overall_size = models.PositiveIntegerField(_("graded national green factories"))
    rank_industry = models.PositiveIntegerField(_("rank within the industry"))
    industry_size = models.PositiveIntegerField(_("graded units in the industry"))
    peer_group = models.CharField(_("peer group"), max_length=4)
    grade = models.CharField(_("grade"), max_length=2, choices=GradeChoices.choices)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    method_version = models.CharField(_("method version"), max_length=20)
    current = models.BooleanField(_("current"), default=True)

    class Meta:
        verbose_name = _("green code")
        verbose_name_plural = _("green codes")
        ordering = ["-year", "rank_overall"]
        indexes = [models.Index(fields=["year", "grade"], name="greencode_year_grade")]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                condition=Q(current=True),
                name="greencode_one_current_code_per_year",
            ),
            models.CheckConstraint(
                condition=Q(grade__in=[g.value for g in Grade]), name="greencode_grade_valid"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__gte=models.F("valid_from")),
                name="greencode_validity_ordered",
            ),
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=100), name="greencode_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year} {self.grade}"


class NoCode(models.Model):
    """A national green factory that got no code in a run, and why."""

    class Reason(models.TextChoices):
        NOT_FILED = Exclusion.NOT_FILED.value, _("Annual filing not completed")
        ABNORMAL = Exclusion.ABNORMAL.value, _("Filing flagged abnormal")
        INSUFFICIENT_DATA = Exclusion.INSUFFICIENT_DATA.value, _("Too few indicators reported")

    run = models.ForeignKey(
        GradingRun, on_delete=models.CASCADE, related_name="no_codes", verbose_name=_("grading run")
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)

    class Meta:
        verbose_name = _("unit without a green code")
        verbose_name_plural = _("units without a green code")
        constraints = [
            models.UniqueConstraint(fields=["run", "enterprise"], name="greencode_nocode_unique"),
            models.CheckConstraint(
                condition=Q(reason__in=[e.value for e in Exclusion]), name="greencode_nocode_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id}: {self.reason}"
