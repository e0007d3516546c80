"""Precomputed, dated dashboard snapshots (区域绿色制造指数快照), keyed by region code."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class IndexSnapshot(models.Model):
    """One region's regional green manufacturing index and dashboard figures for one year.

    ``payload`` holds the raw indicators, their 0–100 scores, the pillar sub-indices, the
    aggregate counts (pyramid, coverage), the listed units by industry division and the
    green-code mix; ``index`` is ``None`` for a region with no data ("no data", never 0).
    """

    class Level(models.TextChoices):
        COUNTRY = "country", _("National")
        ECONOMIC = "economic", _("Economic region")
        PROVINCE = "province", _("Province")
        CITY = "city", _("Prefecture city")

    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    region = models.CharField(_("region"), max_length=12)
    year = models.PositiveSmallIntegerField(_("data year"))
    data_as_of = models.DateField(_("data as of"))
    method_version = models.CharField(_("method version"), max_length=20)
    method_status = models.CharField(_("method status"), max_length=12)
    index = models.FloatField(_("index"), null=True, blank=True)
    rank = models.PositiveIntegerField(_("rank"), null=True, blank=True)
    payload = models.JSONField(_("figures"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), auto_now_add=True)
    current = models.BooleanField(_("current"), default=True)

    class Meta:
        verbose_name = _("index snapshot")
        verbose_name_plural = _("index snapshots")
        ordering = ["level", "-year", "rank", "region"]
        indexes = [models.Index(fields=["level", "year", "current"], name="dash_snap_level_year")]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "region", "year"],
                condition=Q(current=True),
                name="dashboards_one_current_snapshot",
            ),
            models.CheckConstraint(
                condition=Q(level__in=["country", "economic", "province", "city"]),
                name="dashboards_snapshot_level_valid",
            ),
            models.CheckConstraint(
                condition=Q(index__isnull=True) | (Q(index__gte=0) & Q(index__lte=100)),
                name="dashboards_snapshot_index_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.level} {self.region} {self.year}"

    @property
    def has_data(self) -> bool:
        return self.index is not None or bool(self.payload.get("aggregate", {}).get("units"))
