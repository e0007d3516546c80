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


class BulkEvaluation(models.Model):
    """A province's self-assessment of all its listed green factories for one data year
    (批量自评), run in the background through the batch (Polars) evaluation path.

    Each unit is evaluated against the standard for its industry with the inputs on
    file: the current accounting of its filing (or its dynamic management table), the
    veto declarations of that table and the answers of its latest scored evaluation of
    the same year and standard.  The rows are written in one transaction at the end."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    adcode = models.CharField(_("region code"), max_length=6)  # the province, e.g. 320000
    year = models.PositiveIntegerField(_("data year"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("units"), default=0)
    done = models.PositiveIntegerField(_("units evaluated"), default=0)
    passed = models.PositiveIntegerField(_("units passed"), default=0)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("bulk evaluation")
        verbose_name_plural = _("bulk evaluations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")), name="evaluations_bulk_done_le_total"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.adcode} · {self.year} · {self.status}"

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 else min(100, round(100 * self.done / self.total))


class BulkEvaluationRow(models.Model):
    """One unit's result in a bulk evaluation: the scores of the batch path and, for the
    indicators with a quota rule (GB/T 36132-2025 EL1), the quota inputs they used."""

    run = models.ForeignKey(
        BulkEvaluation, on_delete=models.CASCADE, related_name="rows", verbose_name=_("run")
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    standard_code = models.CharField(_("standard"), max_length=80)
    metrics_source = models.CharField(_("metrics source"), max_length=40, blank=True)
    total = models.FloatField(_("total score"))
    eligible = models.BooleanField(_("eligible"))
    basic_met = models.BooleanField(_("basic requirements met"))
    passed = models.BooleanField(_("passed"))
    band = models.CharField(_("band"), max_length=40, blank=True)
    unmet_mandatory = models.PositiveIntegerField(_("unmet mandatory indicators"))
    categories = models.JSONField(_("category scores"), default=dict)  # code → 0–100
    indicators = models.JSONField(_("indicator points"), default=dict)  # code → points | null
    quotas = models.JSONField(_("quota inputs"), default=dict)  # code → QuotaInputs (JSON)

    class Meta:
        verbose_name = _("bulk evaluation row")
        verbose_name_plural = _("bulk evaluation rows")
        ordering = ["run", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "enterprise"], name="evaluations_bulk_one_row"),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} · {self.enterprise_id}"
