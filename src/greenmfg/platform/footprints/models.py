"""Product carbon footprints (产品碳足迹, GB/T 24067-2024) on the platform.

A :class:`ProductFootprint` is one footprint of one registry product for one year:
computed on the platform from a footprint input (docs/footprint-format.md) or uploaded as
a supplier's PACT ProductFootprint.  Recomputing adds a new row and keeps the old one.
Enterprises add their own factors (:class:`UserFactor`) with provenance; green
supply-chain leaders ask their suppliers for footprints (:class:`FootprintRequest`).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Authored(models.Model):
    """Who added a footprint record and when: the stamp a footprint and an enterprise's own
    factor share. The user may go; the record stays (``SET_NULL``)."""

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        abstract = True


class ProductFootprint(Authored):
    class Source(models.TextChoices):
        COMPUTED = "computed", _("Computed on the platform")
        PACT = "pact", _("Uploaded PACT footprint")

    product = models.ForeignKey(
        "registry.Product",
        on_delete=models.PROTECT,
        related_name="footprints",
        verbose_name=_("product"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    source = models.CharField(_("source"), max_length=16, choices=Source.choices)
    input = models.JSONField(_("footprint input"), null=True, blank=True)
    result = models.JSONField(_("footprint result"))
    pact = models.JSONField(_("PACT ProductFootprint"), null=True, blank=True)
    declared_unit = models.CharField(_("declared unit"), max_length=40)
    boundary = models.CharField(_("system boundary"), max_length=20)
    total_kgco2e_per_unit = models.FloatField(_("kgCO2e per declared unit"))
    primary_data_share = models.FloatField(_("primary data share"), null=True, blank=True)
    library_version = models.CharField(_("factor library version"), max_length=40, blank=True)
    unverified_factors = models.PositiveIntegerField(_("unverified factors"), default=0)
    published = models.BooleanField(_("published"), default=False)
    is_current = models.BooleanField(_("current"), default=True)

    class Meta:
        verbose_name = _("product carbon footprint")
        verbose_name_plural = _("product carbon footprints")
        ordering = ["-year", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["product", "year"],
                condition=Q(is_current=True),
                name="footprints_one_current_per_product_year",
            ),
            models.CheckConstraint(
                condition=Q(total_kgco2e_per_unit__gte=0), name="footprints_total_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(primary_data_share__isnull=True)
                | Q(primary_data_share__gte=0, primary_data_share__lte=1),
                name="footprints_primary_share_fraction",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.product} {self.year}: {self.total_kgco2e_per_unit:.3f} kgCO2e/{self.declared_unit}"


class UserFactor(Authored):
    """An enterprise's own footprint factor (用户自有因子), with its provenance."""

    class Kind(models.TextChoices):
        MATERIAL = "material", _("Material")
        TRANSPORT = "transport", _("Transport")
        WASTE = "waste", _("Waste treatment")
        ELECTRICITY = "electricity", _("Electricity")

    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.CASCADE,
        related_name="footprint_factors",
        verbose_name=_("enterprise"),
    )
    code = models.SlugField(_("code"), max_length=60)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=200)
    value = models.FloatField(_("value"))
    unit = models.CharField(_("unit"), max_length=40)
    data_year = models.PositiveSmallIntegerField(_("data year"), null=True, blank=True)
    source_doc = models.CharField(_("source document"), max_length=300)
    clause = models.CharField(_("clause / table"), max_length=200, blank=True)
    region = models.CharField(_("region"), max_length=6, default="CN")

    class Meta:
        verbose_name = _("own footprint factor")
        verbose_name_plural = _("own footprint factors")
        ordering = ["enterprise_id", "code"]
        constraints = [
            models.UniqueConstraint(fields=["enterprise", "code"], name="footprints_factor_unique"),
            models.CheckConstraint(
                condition=Q(value__gte=0), name="footprints_factor_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}: {self.value} {self.unit}"

    @property
    def factor_id(self) -> str:
        return f"user.{self.enterprise.uscc}.{self.code}"


class FootprintRequest(models.Model):
    """A green supply-chain leader (供应链核心企业) asks a supplier for the footprint of a
    named product; the supplier answers with one of its footprints, or declines."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        DECLINED = "declined", _("Declined")

    leader = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="footprint_requests_sent",
        verbose_name=_("supply-chain leader"),
    )
    supplier = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        related_name="footprint_requests_received",
        verbose_name=_("supplier"),
    )
    product_name = models.CharField(_("product"), max_length=200)
    year = models.PositiveSmallIntegerField(_("year"))
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    answer = models.ForeignKey(
        ProductFootprint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("answer"),
    )
    reply = models.TextField(_("reply"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("footprint request")
        verbose_name_plural = _("footprint requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(leader=models.F("supplier")), name="footprints_request_not_self"
            ),
            models.CheckConstraint(
                condition=Q(status="answered", answer__isnull=False)
                | (~Q(status="answered") & Q(answer__isnull=True)),
                name="footprints_request_answer_matches_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.leader} → {self.supplier}: {self.product_name} {self.year}"


class FootprintEvent(models.Model):
    """Append-only record of every footprint write (who, what, when)."""

    action = models.CharField(_("action"), max_length=60)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    footprint = models.ForeignKey(
        ProductFootprint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("footprint"),
    )
    request = models.ForeignKey(
        FootprintRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("footprint request"),
    )
    detail = models.JSONField(_("detail"), default=dict)
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("footprint event")
        verbose_name_plural = _("footprint events")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
