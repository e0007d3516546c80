"""Application rounds (批次) and applications (申报) with their states."""

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
