"""Units of the green manufacturing system (绿色制造载体).

A *factory* (绿色工厂) and a *green supply-chain management enterprise* (绿色供应链管理企业)
are both an :class:`Enterprise`; a *green industrial park* (绿色工业园区) is a :class:`Park`;
a *green design product* (绿色设计产品) is a :class:`Product` of an enterprise.

Only plain descriptive data lives here; annual figures (energy, output per year …) live in
the filings app.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from greenmfg.platform.registry.validators import (
    validate_city_adcode,
    validate_industry,
    validate_uscc,
)


class Enterprise(models.Model):
    """An enterprise (企业), identified by its unified social credit code (统一社会信用代码)."""

    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    # Prefecture-level (地级) GB/T 2260 code: the region authorities are scoped by.
    adcode = models.CharField(
        _("region code"), max_length=6, db_index=True, validators=[validate_city_adcode]
    )
    # GB/T 4754-2017 4-digit class (行业小类), e.g. 3011 cement.
    industry = models.CharField(
        _("industry class"), max_length=4, db_index=True, validators=[validate_industry]
    )
    legal_representative = models.CharField(_("legal representative"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    established = models.DateField(_("established"), null=True, blank=True)
    employees = models.PositiveIntegerField(_("employees"), null=True, blank=True)
    output_value_10k_yuan = models.DecimalField(
        _("output value (10,000 yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    value_added_10k_yuan = models.DecimalField(
        _("value added (10,000 yuan)"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    land_area_m2 = models.DecimalField(
        _("land area (m²)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    floor_area_m2 = models.DecimalField(
        _("floor area (m²)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise")
        verbose_name_plural = _("enterprises")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(output_value_10k_yuan__isnull=True) | Q(output_value_10k_yuan__gte=0),
                name="registry_enterprise_output_nonneg",
            ),
            models.CheckConstraint(
                condition=Q(land_area_m2__isnull=True) | Q(land_area_m2__gte=0),
                name="registry_enterprise_land_nonneg",
            ),
            models.CheckConstraint(
                condition=Q(floor_area_m2__isnull=True) | Q(floor_area_m2__gte=0),
                name="registry_enterprise_floor_nonneg",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.uscc})"


class ParkLevel(models.TextChoices):
    """The standing of an industrial park (园区级别)."""

    NATIONAL_ETDZ = "national_etdz", _("National economic and technological development zone")
    NATIONAL_HIDZ = "national_hidz", _("National high-tech industrial development zone")
    NATIONAL_OTHER = "national_other", _("Other national-level development zone")
    PROVINCIAL = "provincial", _("Provincial-level development zone")
    OTHER = "other", _("Other industrial park")


class Park(models.Model):
    """An industrial park (工业园区), identified by its management body's credit code."""

    uscc = models.CharField(
        _("unified social credit code of the management body"),
        max_length=18,
        unique=True,
        validators=[validate_uscc],
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    adcode = models.CharField(
        _("region code"), max_length=6, db_index=True, validators=[validate_city_adcode]
    )
    park_level = models.CharField(_("park level"), max_length=16, choices=ParkLevel.choices)
    members: models.ManyToManyField[Enterprise, ParkMembership] = models.ManyToManyField(
        Enterprise,
        through="ParkMembership",
        related_name="parks",
        verbose_name=_("member enterprises"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("industrial park")
        verbose_name_plural = _("industrial parks")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(park_level__in=[c.value for c in ParkLevel]),
                name="registry_park_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ParkMembership(models.Model):
    """An enterprise located in a park (园区内企业), from ``joined_on`` until ``left_on``."""

    park = models.ForeignKey(
        Park, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("park")
    )
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="park_memberships",
        verbose_name=_("enterprise"),
    )
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("park membership")
        verbose_name_plural = _("park memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["park", "enterprise", "joined_on"], name="registry_parkmember_unique"
            ),
            models.CheckConstraint(
                condition=Q(left_on__isnull=True) | Q(left_on__gte=F("joined_on")),
                name="registry_parkmember_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.enterprise} @ {self.park}"


class SupplierLink(models.Model):
    """A supplier (供应商) of a green supply-chain leader (供应链核心企业), from ``since`` until ``until``."""

    leader = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="supplier_links",
        verbose_name=_("supply-chain leader"),
    )
    supplier = models.ForeignKey(
        Enterprise,
        on_delete=models.CASCADE,
        related_name="customer_links",
        verbose_name=_("supplier"),
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        verbose_name = _("supplier link")
        verbose_name_plural = _("supplier links")
        constraints = [
            models.UniqueConstraint(
                fields=["leader", "supplier", "since"], name="registry_supplierlink_unique"
            ),
            models.CheckConstraint(
                condition=~Q(leader=F("supplier")), name="registry_supplierlink_not_self"
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("since")),
                name="registry_supplierlink_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.supplier} → {self.leader}"


class Product(models.Model):
    """A product (产品) of an enterprise, candidate for the green design product list."""

    enterprise = models.ForeignKey(
        Enterprise, on_delete=models.PROTECT, related_name="products", verbose_name=_("enterprise")
    )
    name = models.CharField(_("product name"), max_length=200, db_index=True)
    model = models.CharField(_("model / specification"), max_length=200, blank=True)
    # The product standard it is made to, e.g. "GB/T 32161-2015" or an evaluation spec
    # (绿色设计产品评价技术规范) such as "T/CAGP 0001-2016".
    standard_code = models.CharField(_("product standard"), max_length=100, blank=True)
    category = models.CharField(_("product category"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("product")
        verbose_name_plural = _("products")
        ordering = ["enterprise_id", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["enterprise", "name", "model"], name="registry_product_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.model}".strip()
