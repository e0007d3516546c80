"""Evaluations (评价): self-evaluations and third-party evaluations against a standard,
their evidence, the reports built from them, provincial standard files, and the audit trail.

The scoring lives in :mod:`greenmfg.core.evaluation`; these models keep its inputs and
its result (JSON) with the standard code and edition used, so an old result can be shown
as it was and recomputed when the standard changes.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class StandardFile(models.Model):
    """A standard uploaded by an administrator or authority (a province's 实施细则).

    Only files that passed validation are stored; the packaged standards are not rows.
    """

    code = models.CharField(_("code"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=300)
    file_name = models.CharField(_("file name"), max_length=200)
    text = models.TextField(_("YAML text"))
    # The region whose authority uploaded it ("" = national or platform administrator).
    adcode = models.CharField(_("region code"), max_length=6, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("standard file")
        verbose_name_plural = _("standard files")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class Evaluation(models.Model):
    """One evaluation of one enterprise for one data year against one standard."""

    class Kind(models.TextChoices):
        SELF = "self", _("Self-evaluation")
        THIRD_PARTY = "third_party", _("Third-party evaluation")

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SCORED = "scored", _("Scored")

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("enterprise"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.DRAFT)
    year = models.PositiveIntegerField(_("data year"))
    standard_code = models.CharField(_("standard"), max_length=80)
    standard_edition = models.CharField(_("edition"), max_length=40)
    # Accounting: the filing (JSON interchange format) and what the engine made of it.
    filing = models.JSONField(_("filing"), null=True, blank=True)
    accounting = models.JSONField(_("accounting result"), null=True, blank=True)
    metrics = models.JSONField(_("metrics"), default=dict, blank=True)
    # where the metrics came from: "filing" (uploaded and accounted), "dynamic_filing:<id>"
    # (the unit's annual dynamic management table) or "" (none: indicators show no data)
    metrics_source = models.CharField(_("metrics source"), max_length=40, blank=True)
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    vetoes = models.JSONField(_("veto declarations"), default=dict, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    total = models.FloatField(_("total score"), null=True, blank=True)
    eligible = models.BooleanField(_("eligible"), null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True, blank=True)
    created_by = models.ForeignKey(  # null: created by the platform (demo, commands)
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    institution = models.ForeignKey(
        "registry.EvaluationInstitution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evaluations",
        verbose_name=_("evaluation institution"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        ordering = ["-updated_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100), name="evaluations_year_range"
            ),
            models.CheckConstraint(
                condition=~Q(kind="third_party") | Q(institution__isnull=False),
                name="evaluations_third_party_has_institution",
            ),
            models.CheckConstraint(
                condition=~Q(state="scored") | Q(result__isnull=False),
                name="evaluations_scored_has_result",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} · {self.standard_code} · {self.year}"


def evidence_path(instance: Evidence, filename: str) -> str:
    return f"evaluations/{instance.evaluation_id}/evidence/{filename}"


class Evidence(models.Model):
    """A document proving a basic requirement or checklist item (证明材料)."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("evaluation")
    )
    code = models.CharField(_("requirement or item code"), max_length=40)
    file = models.FileField(_("file"), upload_to=evidence_path)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=40)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["code", "uploaded_at"]

    def __str__(self) -> str:
        return f"{self.code}: {self.original_name}"


def report_path(instance: Report, filename: str) -> str:
    return f"evaluations/{instance.evaluation_id}/reports/{filename}"


class Report(models.Model):
    """An evaluation report (PDF) with the SHA-256 hash of its canonical content.

    A third-party report is signed (evaluator, institution, date); a self-evaluation
    report is not.  The hash is verifiable on the public verification page.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.PROTECT, related_name="reports", verbose_name=_("evaluation")
    )
    content_hash = models.CharField(_("content hash (SHA-256)"), max_length=64, db_index=True)
    lang = models.CharField(_("language"), max_length=5)
    signed = models.BooleanField(_("signed"), default=False)
    evaluator = models.CharField(_("evaluator"), max_length=100, blank=True)
    institution_name = models.CharField(_("institution"), max_length=200, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    error = models.TextField(_("error"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to=report_path, blank=True)
    # what the hash covers, so the platform can show and re-verify it
    content = models.JSONField(_("canonical content"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(signed=True)
                | (~Q(evaluator="") & ~Q(institution_name="") & Q(signed_on__isnull=False)),
                name="evaluations_signed_report_has_signer",
            ),
        ]

    def __str__(self) -> str:
        return self.content_hash


class EvaluationEvent(models.Model):
    """Append-only audit trail of every write in this app."""

    evaluation = models.ForeignKey(
        Evaluation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("evaluation"),
    )
    action = models.CharField(_("action"), max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation event")
        verbose_name_plural = _("evaluation events")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.action} @ {self.created_at:%Y-%m-%d %H:%M}"


class Engagement(models.Model):
    """An enterprise's grant of access to a third-party evaluation institution (委托评价):
    while active, the institution's evaluators read the enterprise's filings and prepare
    its third-party evaluation; the enterprise revokes it at any time (reports already
    signed stay with the enterprise)."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="engagements",
        verbose_name=_("enterprise"),
    )
    institution = models.ForeignKey(
        "registry.EvaluationInstitution",
        on_delete=models.PROTECT,
        related_name="engagements",
        verbose_name=_("evaluation institution"),
    )
    purpose = models.CharField(_("purpose"), max_length=200)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    granted_at = models.DateTimeField(_("granted at"))
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("engagement")
        verbose_name_plural = _("engagements")
        ordering = ["-granted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "institution"],
                condition=Q(revoked_at__isnull=True),
                name="evaluations_one_active_engagement",
            )
        ]

    def __str__(self) -> str:
        return f"{self.enterprise_id} → {self.institution_id}"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
