"""Onboarding records: former names, official list imports and their rows, city tables.

A :class:`ListImport` is one annex file imported for one list (level, carrier type,
year).  Its rows are matched to registered units; rows that are not matched with
confidence wait in the review queue until an official picks the unit, has it created,
or rejects the row with a reason.  Only then is the list applied (units listed, removed
or renamed) — in one transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from greenmfg.core.domain import ListLevel, UnitKind
from greenmfg.core.onboarding.lists import Section
from greenmfg.platform.registry.models import Enterprise, Listing, Park


class FormerName(models.Model):
    """A name an enterprise used before (曾用名), with the day it stopped using it."""

    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="former_names",
        verbose_name=_("enterprise"),
    )
    name = models.CharField(_("former name"), max_length=200, db_index=True)
    until = models.DateField(_("used until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=200, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        ordering = ["enterprise_id", "-until", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "name"], name="onboarding_formername_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} → {self.enterprise.name}"


class ListImport(models.Model):
    """One annex of an official notice imported into one list."""

    class Status(models.TextChoices):
        CONFIRMING = "confirming", _("Column layout to confirm")
        REVIEW = "review", _("Rows to review")
        APPLIED = "applied", _("Applied to the list")
        DISCARDED = "discarded", _("Discarded")

    class SectionChoice(models.TextChoices):
        LIST = Section.LIST.value, _("List (units added)")
        REMOVALS = Section.REMOVALS.value, _("Removals")
        RENAMES = Section.RENAMES.value, _("Renames")

    section = models.CharField(_("notice section"), max_length=16, choices=SectionChoice.choices)
    kind = models.CharField(_("carrier type"), max_length=16, choices=Listing.Kind.choices)
    level = models.CharField(_("list level"), max_length=16, choices=Listing.Level.choices)
    year = models.PositiveSmallIntegerField(_("list year"))
    # the authority keeping the list: a city, a province (XX0000), "" for the ministry
    authority_adcode = models.CharField(_("listing authority region"), max_length=6, blank=True)
    batch = models.CharField(_("notice"), max_length=200, blank=True)
    notice_date = models.DateField(_("notice date"))
    filename = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="onboarding/lists/")
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    header_row = models.PositiveIntegerField(_("header row"))
    columns = models.JSONField(_("columns"), default=dict)
    headers = models.JSONField(_("headers"), default=list)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CONFIRMING
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("imported at"), default=timezone.now)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        verbose_name = _("list import")
        verbose_name_plural = _("list imports")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(section__in=[s.value for s in Section]),
                name="onboarding_listimport_section_valid",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=[k.value for k in UnitKind]),
                name="onboarding_listimport_kind_valid",
            ),
            models.CheckConstraint(
                condition=(Q(level=ListLevel.NATIONAL.value) & Q(authority_adcode=""))
                | (~Q(level=ListLevel.NATIONAL.value) & ~Q(authority_adcode="")),
                name="onboarding_listimport_authority_matches_level",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="onboarding_listimport_year_range",
            ),
            # the same file for the same list is imported once (a re-import is a no-op)
            models.UniqueConstraint(
                fields=["sha256", "section", "kind", "level", "year", "authority_adcode"],
                condition=~Q(status="discarded"),
                name="onboarding_listimport_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_level_display()} {self.get_kind_display()} {self.year})"

    @property
    def region(self) -> str:
        """The adcode prefix of the list's region ("" for the national list)."""
        if not self.authority_adcode:
            return ""
        if self.authority_adcode.endswith("0000"):
            return self.authority_adcode[:2]
        return (
            self.authority_adcode[:4]
            if self.authority_adcode.endswith("00")
            else self.authority_adcode
        )


class ListImportRow(models.Model):
    """One row of an imported annex and how it was resolved."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("Matched")
        QUEUED = "queued", _("In the review queue")
        CREATED = "created", _("To be created")
        REFUSED = "refused", _("Refused")
        REJECTED = "rejected", _("Rejected by the official")

    list_import = models.ForeignKey(
        ListImport, on_delete=models.CASCADE, related_name="rows", verbose_name=_("list import")
    )
    number = models.PositiveIntegerField(_("row"))
    page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    cells = models.JSONField(_("cells"), default=list)
    name = models.CharField(_("name"), max_length=300)
    region_text = models.CharField(_("region as written"), max_length=100, blank=True)
    adcode = models.CharField(_("region code"), max_length=6, blank=True)
    uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True)
    industry_text = models.CharField(_("industry as written"), max_length=200, blank=True)
    new_name = models.CharField(_("new name"), max_length=300, blank=True)
    reason_text = models.TextField(_("reason as written"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    method = models.CharField(_("match method"), max_length=16, blank=True)
    score = models.FloatField(_("match score"), default=0)
    candidates = models.JSONField(_("candidates"), default=list, blank=True)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("enterprise"),
    )
    park = models.ForeignKey(
        Park,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("park"),
    )
    create_data = models.JSONField(_("unit to create"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("list import row")
        verbose_name_plural = _("list import rows")
        ordering = ["list_import_id", "number"]
        constraints = [
            models.UniqueConstraint(fields=["list_import", "number"], name="onboarding_row_unique"),
            models.CheckConstraint(
                condition=~Q(status__in=["refused", "rejected"]) | ~Q(note=""),
                name="onboarding_row_refusal_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.list_import_id}:{self.number} {self.name} ({self.status})"

    @property
    def unit(self) -> Enterprise | Park | None:
        return self.enterprise or self.park

    @property
    def method_label(self) -> str:
        return str(METHOD_LABELS.get(self.method, self.method))


# How a row found its unit (see greenmfg.core.onboarding.matching.Method).
METHOD_LABELS = {
    "credit_code": _("credit code"),
    "name": _("same name"),
    "former_name": _("former name"),
    "normalised": _("same normalised name"),
    "fuzzy": _("similar name"),
    "picked": _("picked by the official"),
    "created": _("registered by the official"),
}


class CityTable(models.Model):
    """One upload of a city summary table (市级汇总表) for a round: its checked rows.

    A new upload of the same table by the same city for the same round becomes the
    current one; earlier uploads are kept.
    """

    round = models.ForeignKey(
        "workflow.Round",
        on_delete=models.PROTECT,
        related_name="city_tables",
        verbose_name=_("round"),
    )
    adcode = models.CharField(_("city"), max_length=6, db_index=True)
    table = models.CharField(pgettext_lazy("city summary table", "table"), max_length=20)
    layout_version = models.CharField(_("layout version"), max_length=20)
    rows = models.JSONField(_("rows"), default=list)
    filename = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="onboarding/city-tables/")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    is_current = models.BooleanField(_("current"), default=True)

    class Meta:
        verbose_name = _("city summary table")
        verbose_name_plural = _("city summary tables")
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "adcode", "table"],
                condition=Q(is_current=True),
                name="onboarding_citytable_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round} {self.adcode} {self.table}"


class PastFilingsImport(models.Model):
    """One workbook of past filings (历史填报), imported in the background: the upload is
    kept, a task validates and accounts every row (all or nothing) and records the outcome
    — the counts, or every problem with its sheet, row and column."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Being imported")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Not imported")

    filename = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="onboarding/past-filings/")
    lang = models.CharField(_("language"), max_length=10, default="zh-hans")
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    result = models.JSONField(_("result"), default=dict, blank=True)
    issues = models.JSONField(_("problems"), default=list, blank=True)
    error = models.TextField(_("error"), blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("past filings import")
        verbose_name_plural = _("past filings imports")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} ({self.status})"
