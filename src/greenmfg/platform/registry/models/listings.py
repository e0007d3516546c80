"""Listings (名单): which unit is on which level's list, since which year, and why it left."""

from __future__ import annotations

from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from greenmfg.core.domain import LEVEL_ORDER, ListLevel, UnitKind
from greenmfg.platform.registry.models.units import Enterprise, Park, Product


class Listing(models.Model):
    """One unit on one level's list (市级 / 省级 / 国家级) from one list year (batch).

    Exactly one of ``enterprise`` / ``park`` / ``product`` is set, the one that matches
    ``kind``: a factory or a supply-chain management enterprise is an enterprise, a park a
    park, a green design product a product.

    ``adcode`` copies the unit's prefecture-level region code (a product: its
    enterprise's).  It is denormalised on purpose: region scoping and the public search's
    province / city filters then run on one indexed column instead of an OR over three
    joins, which matters with 10^4–10^5 listings.  Only the registry services write it,
    and they update it when a unit's region changes.
    """

    class Kind(models.TextChoices):
        FACTORY = UnitKind.FACTORY.value, _("Green factory")
        PARK = UnitKind.PARK.value, _("Green industrial park")
        SUPPLY_CHAIN = UnitKind.SUPPLY_CHAIN.value, _("Green supply-chain management enterprise")
        PRODUCT = UnitKind.PRODUCT.value, _("Green design product")

    class Level(models.TextChoices):
        MUNICIPAL = ListLevel.MUNICIPAL.value, _("Municipal")
        PROVINCIAL = ListLevel.PROVINCIAL.value, _("Provincial")
        NATIONAL = ListLevel.NATIONAL.value, _("National")

    kind = models.CharField(_("carrier type"), max_length=16, choices=Kind.choices)
    level = models.CharField(_("list level"), max_length=16, choices=Level.choices)
    year = models.PositiveSmallIntegerField(_("list year"))
    batch = models.CharField(_("batch"), max_length=100, blank=True)
    enterprise = models.ForeignKey(
        Enterprise,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="listings",
        verbose_name=_("enterprise"),
    )
    park = models.ForeignKey(
        Park,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="listings",
        verbose_name=_("park"),
    )
    product = models.ForeignKey(
        Product,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="listings",
        verbose_name=_("product"),
    )
    adcode = models.CharField(_("region code"), max_length=6, db_index=True)
    # The authority that keeps this list: a city code (municipal list), a province code
    # ending in 0000 (provincial list), empty for the national list (工业和信息化部).
    authority_adcode = models.CharField(_("listing authority region"), max_length=6, blank=True)
    listed_on = models.DateField(_("listed on"))
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_reason = models.TextField(_("removal reason"), blank=True)
    # National 3, provincial 2, municipal 1 (core.domain.LEVEL_ORDER), computed and stored
    # by the database so that the public search's order (year, level, …) is an index.
    level_rank = models.GeneratedField(
        expression=Case(
            *(When(level=level.value, then=Value(rank)) for level, rank in LEVEL_ORDER.items()),
            default=Value(0),
        ),
        output_field=models.PositiveSmallIntegerField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["-year", "level", "kind", "pk"]
        indexes = [
            models.Index(fields=["level", "kind", "year"], name="registry_listing_lky"),
            models.Index(fields=["year", "level"], name="registry_listing_year_level"),
            # The published list (API ``/lists``) in its order, active listings only:
            # offset and keyset pages walk it without a sort.
            models.Index(
                fields=["-year", "level", "kind", "adcode", "id"],
                condition=Q(removed_on__isnull=True),
                name="registry_listing_public",
            ),
            # The same order within one kind, one level, and one kind and level: a
            # filtered page walks its own index, without a sort (an equality on a
            # column inside the order does not let the index above skip it).
            models.Index(
                fields=["kind", "-year", "level", "adcode", "id"],
                condition=Q(removed_on__isnull=True),
                name="registry_listing_public_kind",
            ),
            models.Index(
                fields=["level", "-year", "kind", "adcode", "id"],
                condition=Q(removed_on__isnull=True),
                name="registry_listing_public_level",
            ),
            models.Index(
                fields=["kind", "level", "-year", "adcode", "id"],
                condition=Q(removed_on__isnull=True),
                name="registry_listing_public_kl",
            ),
            # The public search (every listing, current and past) in its order.
            models.Index(
                fields=["-year", "-level_rank", "kind", "adcode", "id"],
                name="registry_listing_search",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=[c.value for c in UnitKind]),
                name="registry_listing_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(level__in=[c.value for c in ListLevel]),
                name="registry_listing_level_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(
                        kind__in=[UnitKind.FACTORY.value, UnitKind.SUPPLY_CHAIN.value],
                        enterprise__isnull=False,
                        park__isnull=True,
                        product__isnull=True,
                    )
                    | Q(
                        kind=UnitKind.PARK.value,
                        enterprise__isnull=True,
                        park__isnull=False,
                        product__isnull=True,
                    )
                    | Q(
                        kind=UnitKind.PRODUCT.value,
                        enterprise__isnull=True,
                        park__isnull=True,
                        product__isnull=False,
                    )
                ),
                name="registry_listing_unit_matches_kind",
                violation_error_message=_(
                    "A listing names exactly one unit, the one its carrier type asks for: "
                    "an enterprise for a factory or supply-chain enterprise, a park for a "
                    "park, a product for a green design product."
                ),
            ),
            models.CheckConstraint(
                condition=(Q(level=ListLevel.NATIONAL.value) & Q(authority_adcode=""))
                | (~Q(level=ListLevel.NATIONAL.value) & ~Q(authority_adcode="")),
                name="registry_listing_authority_matches_level",
                violation_error_message=_(
                    "A municipal or provincial list names its authority's region; the "
                    "national list names none."
                ),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=2000) & Q(year__lte=2100),
                name="registry_listing_year_range",
            ),
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | Q(removed_on__gte=F("listed_on")),
                name="registry_listing_removal_after_listing",
                violation_error_message=_("A unit cannot leave a list before it was listed."),
            ),
            models.CheckConstraint(
                condition=Q(removed_on__isnull=True) | ~Q(removal_reason=""),
                name="registry_listing_removal_has_reason",
                violation_error_message=_("A removal needs its reason."),
            ),
            models.UniqueConstraint(
                fields=["kind", "level", "enterprise", "year"],
                name="registry_listing_unique_enterprise",
                violation_error_message=_("This enterprise is already on this list for this year."),
            ),
            models.UniqueConstraint(
                fields=["kind", "level", "park", "year"],
                name="registry_listing_unique_park",
                violation_error_message=_("This park is already on this list for this year."),
            ),
            models.UniqueConstraint(
                fields=["kind", "level", "product", "year"],
                name="registry_listing_unique_product",
                violation_error_message=_("This product is already on this list for this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.get_kind_display()} {self.year}: {self.unit}"

    @property
    def unit(self) -> Enterprise | Park | Product | None:
        return self.enterprise or self.park or self.product

    @property
    def is_active(self) -> bool:
        return self.removed_on is None
