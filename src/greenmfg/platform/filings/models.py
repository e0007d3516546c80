"""Annual filings (年度能源与碳排放数据) and their accounting results.

A filing is one enterprise's interchange-format data for one year.  Each accounting of
it is kept as an :class:`AccountingRecord` stamped with the factor-set version, GWP set
and grid options that produced it; recomputing after a factor change adds a record, so
old and new figures can be shown side by side and an old report reproduced.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AnnualFiling(models.Model):
    class Source(models.TextChoices):
        FORM = "form", _("Web form")
        IMPORT = "import", _("File import")
        DEMO = "demo", _("Demo data")
        API = "api", _("API")

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="annual_filings",
        verbose_name=_("enterprise"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    data = models.JSONField(_("filing data"))
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    source_name = models.CharField(_("file name"), max_length=255, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # the length and last hash of the filing's event chain (greenmfg.core.integrity)
    audit_length = models.PositiveIntegerField(_("audit chain length"), default=0)
    audit_head = models.CharField(_("audit chain head"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("annual filing")
        verbose_name_plural = _("annual filings")
        ordering = ("-year", "enterprise_id")
        constraints = [
            models.UniqueConstraint(
                fields=("enterprise", "year"), name="filings_one_filing_per_enterprise_year"
            )
        ]
        indexes = [models.Index(fields=("year",), name="filings_year_idx")]

    def __str__(self) -> str:
        return f"{self.enterprise_id} {self.year}"


class AccountingRecord(models.Model):
    """One accounting of a filing; the latest one (``is_current``) is what pages show."""

    filing = models.ForeignKey(
        AnnualFiling, on_delete=models.CASCADE, related_name="records", verbose_name=_("filing")
    )
    factor_set_version = models.CharField(_("factor set version"), max_length=64)
    gwp_set = models.CharField(_("GWP set"), max_length=8)
    grid_scope = models.CharField(_("grid factor scope"), max_length=16)
    grid_basis = models.CharField(_("grid factor basis"), max_length=16)
    equivalent_tce = models.FloatField(_("energy (equivalent value), tce"))
    equal_value_tce = models.FloatField(_("energy (equal value), tce"))
    scope1_tco2e = models.FloatField(_("scope 1, tCO2e"))
    scope2_tco2e = models.FloatField(_("scope 2, tCO2e"))
    total_tco2e = models.FloatField(_("total, tCO2e"))
    # None until the breakdown of a batch-computed record is completed (services.record_detail).
    unverified_factors = models.PositiveIntegerField(_("unverified factors"), null=True, blank=True)
    metrics = models.JSONField(_("metrics"))
    result = models.JSONField(_("result"))
    is_current = models.BooleanField(_("current"), default=True)
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("accounting record")
        verbose_name_plural = _("accounting records")
        ordering = ("-computed_at", "-id")
        constraints = [
            models.UniqueConstraint(
                fields=("filing",),
                condition=models.Q(is_current=True),
                name="filings_one_current_record",
            )
        ]

    def __str__(self) -> str:
        return f"{self.filing_id} @ {self.factor_set_version}"


class FilingEvent(models.Model):
    """Append-only audit trail of the filings app: one hash chain per filing, appended
    only through :func:`greenmfg.platform.audit.services.chain_append`."""

    class Action(models.TextChoices):
        SAVED = "saved", _("Saved")
        IMPORTED = "imported", _("Imported")
        RECOMPUTED = "recomputed", _("Recomputed")

    filing = models.ForeignKey(
        AnnualFiling, on_delete=models.PROTECT, related_name="events", verbose_name=_("filing")
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=16, choices=Action.choices)
    detail = models.JSONField(_("detail"), default=dict)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    # tamper evidence (greenmfg.core.integrity): place in the chain, hashes, keyed seal
    chain = models.CharField(_("chain"), max_length=120, db_index=True, default="")
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    previous_hash = models.CharField(_("previous hash"), max_length=64, default="")
    hash = models.CharField(_("hash"), max_length=64, default="")
    seal = models.CharField(_("seal"), max_length=64, default="")

    class Meta:
        verbose_name = _("filing event")
        verbose_name_plural = _("filing events")
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"{self.filing_id} {self.action}"


def result_summary(record: AccountingRecord) -> dict[str, Any]:
    """The headline figures of a record (for comparisons)."""
    return {
        "equivalent_tce": record.equivalent_tce,
        "equal_value_tce": record.equal_value_tce,
        "scope1_tco2e": record.scope1_tco2e,
        "scope2_tco2e": record.scope2_tco2e,
        "total_tco2e": record.total_tco2e,
    }
