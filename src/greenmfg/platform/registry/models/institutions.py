"""Third-party evaluation institutions (第三方评价机构)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from greenmfg.platform.registry.validators import validate_adcode, validate_uscc


class EvaluationInstitution(models.Model):
    """An institution that evaluates units on their behalf and signs the report.

    The yearly cap on national projects (≤ 15) counts per legal representative, across
    every institution that person represents, so the name is kept as its own field.
    """

    name = models.CharField(_("name"), max_length=200, db_index=True)
    uscc = models.CharField(
        _("unified social credit code"), max_length=18, unique=True, validators=[validate_uscc]
    )
    legal_representative = models.CharField(
        _("legal representative"), max_length=100, db_index=True
    )
    adcode = models.CharField(
        _("region code"), max_length=6, db_index=True, validators=[validate_adcode]
    )
    staff_total = models.PositiveIntegerField(_("staff"), default=0)
    evaluators = models.PositiveIntegerField(_("qualified evaluators"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation institution")
        verbose_name_plural = _("evaluation institutions")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(evaluators__lte=F("staff_total")),
                name="registry_institution_evaluators_le_staff",
            ),
        ]

    def __str__(self) -> str:
        return self.name
