"""Workflow of gradient cultivation (梯度培育): rounds, applications and their audit chain,
expert review, publicity and objections, notifications, cultivation plans and the
supervision of third-party evaluation institutions.

State changes of an :class:`Application` happen only through
:mod:`greenmfg.platform.workflow.services`; every change appends an :class:`AuditRecord`
to the application's hash chain (:mod:`greenmfg.core.workflow.audit`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from greenmfg.core.domain import ListLevel, UnitKind
from greenmfg.core.workflow.machine import STATES, State
from greenmfg.platform.registry.models import Enterprise, EvaluationInstitution, Park

KIND_CHOICES = [
    (UnitKind.FACTORY.value, _("Green factory")),
    (UnitKind.PARK.value, _("Green industrial park")),
    (UnitKind.SUPPLY_CHAIN.value, _("Green supply-chain management enterprise")),
]
LEVEL_CHOICES = [
    (ListLevel.MUNICIPAL.value, _("Municipal")),
    (ListLevel.PROVINCIAL.value, _("Provincial")),
    (ListLevel.NATIONAL.value, _("National")),
]
STATE_CHOICES = [(s.value, STATES[s].name_en) for s in State]


class Round(models.Model):
    """An annual round (年度批次) of one carrier kind, up to a list level.

    Dates come from the packaged calendar of ``year`` (core/data/calendar) unless the
    round overrides them (``date_overrides``: calendar key → ISO date, with
    ``override_source`` naming the notice that set them).
    """

    year = models.PositiveSmallIntegerField(_("round year"))
    kind = models.CharField(_("carrier type"), max_length=16, choices=KIND_CHOICES)
    level = models.CharField(
        _("highest list level"), max_length=16, choices=LEVEL_CHOICES, default="national"
    )
    name = models.CharField(_("name"), max_length=200)
    date_overrides = models.JSONField(_("date overrides"), default=dict, blank=True)
    override_source = models.CharField(_("source of the overrides"), max_length=300, blank=True)
    is_open = models.BooleanField(_("open"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("round")
        verbose_name_plural = _("rounds")
        ordering = ["-year", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["year", "kind", "level"], name="workflow_round_unique"),
            models.CheckConstraint(
                condition=Q(year__gte=2016) & Q(year__lte=2100), name="workflow_round_year_range"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Application(models.Model):
    """One unit's application in one round; ``state`` changes only through the services."""

    class EvaluationKind(models.TextChoices):
        SELF = "self", _("Self-evaluation")
        THIRD_PARTY = "third_party", _("Third-party evaluation")

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="applications", verbose_name=_("round")
    )
    kind = models.CharField(_("carrier type"), max_length=16, choices=KIND_CHOICES)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("enterprise"),
    )
    park = models.ForeignKey(
        Park,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("park"),
    )
    # Copied from the unit (prefecture-level code) for region scoping on one column.
    adcode = models.CharField(_("region code"), max_length=6, db_index=True)
    state = models.CharField(
        _("state"), max_length=24, choices=STATE_CHOICES, default=State.DRAFT.value, db_index=True
    )
    version = models.PositiveIntegerField(_("version"), default=0)
    # the length and last hash of the application's audit chain (greenmfg.core.integrity)
    audit_length = models.PositiveIntegerField(_("audit chain length"), default=0)
    audit_head = models.CharField(_("audit chain head"), max_length=64, blank=True)
    # The evaluation (self or third-party, signed) from the evaluations app.  Kept as a
    # reference + content hash so any report model can be attached.
    evaluation_kind = models.CharField(
        _("evaluation"), max_length=16, choices=EvaluationKind.choices, default="self"
    )
    evaluation_report = models.ForeignKey(
        "evaluations.Report",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("evaluation report"),
    )
    evaluation_reference = models.CharField(
        _("evaluation report reference"), max_length=100, blank=True
    )
    evaluation_hash = models.CharField(_("evaluation report hash"), max_length=64, blank=True)
    evaluation_score = models.DecimalField(
        _("evaluation score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    evaluation_signed = models.BooleanField(_("report signed"), default=False)
    institution = models.ForeignKey(
        EvaluationInstitution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("evaluation institution"),
    )
    # Art. 15 veto conditions declared or found (condition code → evidence).
    veto_findings = models.JSONField(_("veto findings"), default=dict, blank=True)
    # Park conditions (national parks).
    park_value_added_share = models.DecimalField(
        _("industrial value-added share"), max_digits=5, decimal_places=4, null=True, blank=True
    )
    summary = models.TextField(_("summary"), blank=True)
    rejection_reason = models.TextField(_("rejection reason"), blank=True)
    panel_mean = models.DecimalField(
        _("panel mean score"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    publicity_start = models.DateField(_("publicity start"), null=True, blank=True)
    publicity_end = models.DateField(_("publicity end"), null=True, blank=True)
    state_changed_at = models.DateTimeField(_("state changed at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["round", "state"], name="workflow_app_round_state")]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind__in=["factory", "supply_chain"],
                        enterprise__isnull=False,
                        park__isnull=True,
                    )
                    | Q(kind="park", enterprise__isnull=True, park__isnull=False)
                ),
                name="workflow_application_unit_matches_kind",
                violation_error_message=_(
                    "A factory or supply-chain application names an enterprise; a park application a park."
                ),
            ),
            models.UniqueConstraint(
                fields=["round", "enterprise"],
                condition=~Q(state__in=["withdrawn", "rejected"]),
                name="workflow_application_one_live_per_enterprise",
                violation_error_message=_("This unit already has an application in this round."),
            ),
            models.UniqueConstraint(
                fields=["round", "park"],
                condition=~Q(state__in=["withdrawn", "rejected"]),
                name="workflow_application_one_live_per_park",
                violation_error_message=_("This unit already has an application in this round."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.round}"

    @property
    def unit(self) -> Enterprise | Park | None:
        return self.enterprise or self.park

    @property
    def state_info(self) -> object:
        return STATES[State(self.state)]

    @property
    def chain_id(self) -> str:
        return f"application-{self.pk}"


class AuditRecord(models.Model):
    """An append-only, hash-chained record of one event of an application."""

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="audit_records",
        verbose_name=_("application"),
    )
    sequence = models.PositiveIntegerField(_("sequence"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor"), max_length=150)
    at = models.DateTimeField(_("at"))
    event = models.CharField(_("event"), max_length=40)
    from_state = models.CharField(_("from"), max_length=24)
    to_state = models.CharField(_("to"), max_length=24)
    reason = models.TextField(_("reason"), blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64)
    previous_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64, unique=True)
    # keyed MAC of the hash (greenmfg.core.integrity.seal): re-sealing needs the key
    seal = models.CharField(_("seal"), max_length=64, default="")

    class Meta:
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        ordering = ["application_id", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "sequence"], name="workflow_audit_unique_sequence"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.from_state} → {self.to_state}"


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


class Objection(models.Model):
    """An objection (异议) filed by anyone during publicity, and how it was resolved."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="objections",
        verbose_name=_("application"),
    )
    name = models.CharField(_("name"), max_length=100)
    contact = models.CharField(_("contact (phone or e-mail)"), max_length=200)
    content = models.TextField(_("content"))
    client_ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default="open")
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-filed_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(content=""), name="workflow_objection_has_content"),
            models.CheckConstraint(
                condition=Q(status="open") | ~Q(resolution=""), name="workflow_objection_resolution"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application_id}: {self.get_status_display()}"


class Notification(models.Model):
    """An inbox item for whoever must act next, or a reminder before a deadline."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, default="action")  # action / info / reminder
    message = models.CharField(_("message"), max_length=300)
    # Reminders are created once per (user, key).
    dedupe_key = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "dedupe_key"],
                condition=~Q(dedupe_key=""),
                name="workflow_notification_dedupe",
            )
        ]

    def __str__(self) -> str:
        return self.message


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
