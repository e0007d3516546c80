"""Dynamic management (动态管理) of the green manufacturing lists.

- :class:`DynamicFiling` — a listed unit's annual dynamic management table (动态管理表);
- :class:`QualityFlag` — a data-quality flag on a filing (confirmed or cleared by the authority);
- :class:`FilingAudit` — the city's audit decision on a filing (市级审核);
- :class:`SpotCheck` and :class:`Recheck` — spot checks (抽查) and rechecks (复核);
- :class:`RemovalProposal` and :class:`Removal` — removals (移出名单) and the 3-year bar;
- :class:`ChangeDeclaration` — renames, mergers, relocations, boundary changes (变更申报);
- :class:`SupportUptake` — a support measure (配套机制) granted to a unit;
- :class:`FilingReminder` — reminders sent before the filing deadline;
- :class:`SupervisionEvent` — the append-only record of every write.
"""

from __future__ import annotations

import re
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from greenmfg.core.supervision.checks import FlagCode, Severity
from greenmfg.core.supervision.removal import RemovalRule
from greenmfg.core.supervision.table import ChangeKind
from greenmfg.platform.common.numbers import format_number, format_significant

_USER = settings.AUTH_USER_MODEL


def _unit_constraint(prefix: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=(Q(enterprise__isnull=False) & Q(park__isnull=True))
        | (Q(enterprise__isnull=True) & Q(park__isnull=False)),
        name=f"{prefix}_one_unit",
        violation_error_message=_("Exactly one of enterprise and park is set."),
    )


class DynamicFiling(models.Model):
    """One listed unit's dynamic management table for one data year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        LATE = "late", _("Submitted late")
        AUDITED = "audited", _("Audited")
        RETURNED = "returned", _("Returned for correction")

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dynamic_filings",
    )
    park = models.ForeignKey(
        "registry.Park",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dynamic_filings",
    )
    # The listing the table is filed under (the unit's highest active listing).
    listing = models.ForeignKey(
        "registry.Listing", on_delete=models.PROTECT, related_name="dynamic_filings"
    )
    adcode = models.CharField(_("region code"), max_length=6, db_index=True)
    industry = models.CharField(_("industry class"), max_length=4, blank=True)
    year = models.PositiveSmallIntegerField(_("data year"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    data = models.JSONField(_("table"), default=dict)
    # Values of the identical-figures check fields, joined; empty when any is missing.
    fingerprint = models.CharField(max_length=200, blank=True, db_index=True)
    checks_version = models.CharField(max_length=40, blank=True)
    due_on = models.DateField(_("due on"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_late = models.BooleanField(_("submitted late"), default=False)
    late_reason = models.TextField(_("reason for filing late"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("dynamic management filing")
        verbose_name_plural = _("dynamic management filings")
        ordering = ["-year", "adcode", "pk"]
        indexes = [models.Index(fields=["year", "status"], name="supervision_filing_year_status")]
        constraints = [
            _unit_constraint("supervision_filing"),
            models.UniqueConstraint(
                fields=["enterprise", "year"],
                condition=Q(enterprise__isnull=False),
                name="supervision_filing_unique_enterprise_year",
                violation_error_message=_("This unit already has a filing for this year."),
            ),
            models.UniqueConstraint(
                fields=["park", "year"],
                condition=Q(park__isnull=False),
                name="supervision_filing_unique_park_year",
                violation_error_message=_("This unit already has a filing for this year."),
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="supervision_filing_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=Q(submitted_late=False) | ~Q(late_reason=""),
                name="supervision_filing_late_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"

    @property
    def unit(self) -> models.Model | None:
        return self.enterprise or self.park

    @property
    def unit_name(self) -> str:
        unit = self.unit
        return getattr(unit, "name", "")


def field_label(name: str) -> str:
    """A table field's (or metric's) name in the active language, e.g. 综合能耗(当量值)."""
    from django.utils.translation import get_language

    from greenmfg.core.metrics import METRICS_BY_CODE
    from greenmfg.core.supervision.table import FIELD_LABELS

    zh = (get_language() or "").startswith("zh")
    base, _sep, product = name.partition(":")
    if base in FIELD_LABELS:
        label = FIELD_LABELS[base][0 if zh else 1]
    elif base in METRICS_BY_CODE:
        m = METRICS_BY_CODE[base]
        label = m.name_zh if zh else m.name_en
    else:
        return name
    if not product:
        return label
    from greenmfg.core.accounting.catalogue import PRODUCTS

    item = PRODUCTS.get(product)
    name = (item.name_zh if zh else item.name_en) if item else product
    return f"{label}（{name}）" if zh else f"{label} ({name})"


class QualityFlag(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("quality flag", "Open")
        CONFIRMED = "confirmed", pgettext_lazy("quality flag", "Confirmed abnormal")
        CLEARED = "cleared", pgettext_lazy("quality flag", "Cleared")

    filing = models.ForeignKey(DynamicFiling, on_delete=models.CASCADE, related_name="flags")
    code = models.CharField(
        _("check"), max_length=40, choices=[(c.value, c.value) for c in FlagCode]
    )
    severity = models.CharField(max_length=16, choices=[(s.value, s.value) for s in Severity])
    field = models.CharField(_("field"), max_length=120)
    reason = models.TextField(_("reason"))
    params = models.JSONField(default=dict)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    decided_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("data-quality flag")
        verbose_name_plural = _("data-quality flags")
        ordering = ["filing_id", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="open") | Q(decided_at__isnull=False),
                name="supervision_flag_decided_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.field}"

    @property
    def display_reason(self) -> str:
        """The reason in the active language (the core's template, translated)."""
        params = dict(self.params)
        template = params.pop("template", "")
        if not template:
            return self.reason
        filled = fill_reason(gettext(template), {"field": field_label(self.field), **params})
        return filled or self.reason


class FilingAudit(models.Model):
    """The city's audit of one filing (市级审核): approved, or returned with a comment."""

    class Decision(models.TextChoices):
        APPROVED = "approved", _("Approved")
        RETURNED = "returned", _("Returned")

    filing = models.ForeignKey(DynamicFiling, on_delete=models.CASCADE, related_name="audits")
    auditor = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(_("decision"), max_length=16, choices=Decision.choices)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("filing audit")
        verbose_name_plural = _("filing audits")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="approved") | ~Q(comment=""),
                name="supervision_audit_return_has_comment",
                violation_error_message=_("Say what must be corrected."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filing} {self.decision}"


class SpotCheck(models.Model):
    """A spot-check draw (抽查): reproducible from its recorded seed and parameters."""

    year = models.PositiveSmallIntegerField(_("data year"))
    seed = models.BigIntegerField(_("random seed"))
    scope_prefix = models.CharField(_("region scope"), max_length=6, blank=True)
    parameters = models.JSONField(default=dict)
    strata = models.JSONField(default=list)
    population_size = models.PositiveIntegerField()
    # Listing ids drawn, in the order of the strata.
    sample = models.JSONField(default=list)
    created_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("spot check")
        verbose_name_plural = _("spot checks")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.year} seed {self.seed}"


class Recheck(models.Model):
    """A recheck (复核) of one listed unit: findings and outcome."""

    class Outcome(models.TextChoices):
        COMPLIANT = "compliant", _("Compliant")
        RECTIFY = "rectify", _("Rectification required")
        FALSIFIED = "falsified", _("Data falsified")
        NOT_COMPLIANT = "not_compliant", _("No longer meets the requirements")

    listing = models.ForeignKey(
        "registry.Listing", on_delete=models.PROTECT, related_name="rechecks"
    )
    spot_check = models.ForeignKey(
        SpotCheck, on_delete=models.PROTECT, null=True, blank=True, related_name="rechecks"
    )
    adcode = models.CharField(max_length=6, db_index=True)
    year = models.PositiveSmallIntegerField(_("data year"))
    findings = models.TextField(_("findings"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices)
    checked_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    checked_on = models.DateField(_("checked on"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("recheck")
        verbose_name_plural = _("rechecks")
        ordering = ["-checked_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(findings=""), name="supervision_recheck_has_findings"
            )
        ]

    def __str__(self) -> str:
        return f"{self.listing_id} {self.outcome}"


class RemovalProposal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Removed")
        REJECTED = "rejected", _("Rejected")
        # a no-filing proposal whose unit filed (late) before it was decided
        WITHDRAWN = "withdrawn", _("Withdrawn")

    listing = models.ForeignKey(
        "registry.Listing", on_delete=models.PROTECT, related_name="removal_proposals"
    )
    adcode = models.CharField(max_length=6, db_index=True)
    rule = models.CharField(
        _("rule"), max_length=32, choices=[(r.value, r.value) for r in RemovalRule]
    )
    reason = models.TextField(_("reason"))
    data_year = models.PositiveSmallIntegerField(_("data year"))
    immediate = models.BooleanField(_("immediate"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED
    )
    proposed_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("removal proposal")
        verbose_name_plural = _("removal proposals")
        ordering = ["-proposed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "rule", "data_year"],
                name="supervision_proposal_unique",
                violation_error_message=_("This removal has already been proposed."),
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="supervision_proposal_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.listing_id} {self.rule}"


class Removal(models.Model):
    """A unit taken off a list: rule, reason, date and the bar it starts (3 years)."""

    listing = models.OneToOneField(
        "registry.Listing", on_delete=models.PROTECT, related_name="removal"
    )
    proposal = models.OneToOneField(
        RemovalProposal, on_delete=models.PROTECT, null=True, blank=True, related_name="removal"
    )
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="removals",
    )
    park = models.ForeignKey(
        "registry.Park", on_delete=models.PROTECT, null=True, blank=True, related_name="removals"
    )
    adcode = models.CharField(max_length=6, db_index=True)
    level = models.CharField(_("list level"), max_length=16)
    rule = models.CharField(
        _("rule"), max_length=32, choices=[(r.value, r.value) for r in RemovalRule]
    )
    reason = models.TextField(_("reason"))
    removed_on = models.DateField(_("removed on"))
    bar_until = models.DateField(_("barred until"))
    decided_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("removal")
        verbose_name_plural = _("removals")
        ordering = ["-removed_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(bar_until__gt=models.F("removed_on")),
                name="supervision_removal_bar_after",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.listing_id} {self.rule} {self.removed_on}"


class ChangeDeclaration(models.Model):
    """A declared change (变更申报): rename, merger/acquisition, relocation or boundary change."""

    class Status(models.TextChoices):
        DECLARED = "declared", _("Declared")
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change_declarations",
    )
    park = models.ForeignKey(
        "registry.Park",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="change_declarations",
    )
    adcode = models.CharField(max_length=6, db_index=True)
    kind = models.CharField(
        _("change"), max_length=16, choices=[(k.value, k.value) for k in ChangeKind]
    )
    description = models.TextField(_("description"))
    old_values = models.JSONField(default=dict)
    new_values = models.JSONField(default=dict)
    effective_on = models.DateField(_("effective on"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DECLARED
    )
    declared_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    declared_at = models.DateTimeField(auto_now_add=True)
    verified_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    verification_note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("change declaration")
        verbose_name_plural = _("change declarations")
        ordering = ["-declared_at", "-pk"]
        constraints = [
            _unit_constraint("supervision_change"),
            models.CheckConstraint(
                condition=~Q(description=""), name="supervision_change_has_description"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.effective_on}"


class SupportUptake(models.Model):
    """A support measure (配套机制) granted to a unit in a year."""

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_uptakes",
    )
    park = models.ForeignKey(
        "registry.Park",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_uptakes",
    )
    adcode = models.CharField(max_length=6, db_index=True)
    measure_code = models.CharField(_("measure"), max_length=60)
    year = models.PositiveSmallIntegerField(_("year"))
    amount_10k_yuan = models.DecimalField(
        _("amount (10,000 yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    recorded_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support uptake")
        verbose_name_plural = _("support uptakes")
        ordering = ["-year", "-pk"]
        constraints = [
            _unit_constraint("supervision_uptake"),
            models.UniqueConstraint(
                fields=["enterprise", "park", "measure_code", "year"],
                name="supervision_uptake_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure_code} {self.year}"


class FilingReminder(models.Model):
    """A reminder sent to a unit that had not filed, so many days before the deadline."""

    listing = models.ForeignKey(
        "registry.Listing", on_delete=models.CASCADE, related_name="filing_reminders"
    )
    year = models.PositiveSmallIntegerField(_("data year"))
    days_before = models.SmallIntegerField()
    due_on = models.DateField()
    sent_on = models.DateField()
    recipients = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("filing reminder")
        verbose_name_plural = _("filing reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "year", "days_before"], name="supervision_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.listing_id} {self.year} −{self.days_before}"


class SupervisionEvent(models.Model):
    """Append-only record of every dynamic-management write (who, what, when)."""

    actor = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    verb = models.CharField(max_length=60)
    object_type = models.CharField(max_length=40)
    object_id = models.PositiveBigIntegerField()
    adcode = models.CharField(max_length=6, blank=True, db_index=True)
    data = models.JSONField(default=dict)
    at = models.DateTimeField(default=timezone.now, db_index=True)
    # tamper evidence (greenmfg.core.integrity): place in the chain, hashes, keyed seal
    chain = models.CharField(_("chain"), max_length=120, db_index=True, default="")
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    previous_hash = models.CharField(_("previous hash"), max_length=64, default="")
    hash = models.CharField(_("hash"), max_length=64, default="")
    seal = models.CharField(_("seal"), max_length=64, default="")

    class Meta:
        verbose_name = _("supervision event")
        verbose_name_plural = _("supervision events")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.verb} {self.object_type}#{self.object_id}"


_NUMBER_SPEC = re.compile(r"%\((\w+)\)\.(\d+)([gf])")


def fill_reason(template: str, params: dict[str, Any]) -> str:
    """A flag's translated template filled in the reader's formats: numbers with thousand
    separators and never in exponent notation (``%(value).4g`` of 40700 gave "4.07e+04";
    it reads "40,700"), field codes by their names, fixed phrases (a source, a status)
    translated."""
    values: dict[str, Any] = {}
    for key, value in params.items():
        if key == "fields" and isinstance(value, str):
            value = "、".join(field_label(code.strip()) for code in value.split(","))
        elif isinstance(value, str) and value and key != "field":
            value = gettext(value)
        values[key] = value

    def plain(match: re.Match[str]) -> str:
        name, digits, kind = match[1], int(match[2]), match[3]
        value = values.get(name)
        if not isinstance(value, int | float) or isinstance(value, bool):
            return match[0]
        shown = (
            format_significant(value, digits=digits)
            if kind == "g"
            else format_number(value, digits=digits)
        )
        values[f"{name}__{kind}{digits}"] = shown
        return f"%({name}__{kind}{digits})s"

    try:
        return _NUMBER_SPEC.sub(plain, template) % values
    except (KeyError, TypeError, ValueError):
        return ""
