"""Accounts: platform users, their role and their region scope (adcode)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from greenmfg.core.domain import Role


class User(AbstractUser):
    class RoleChoices(models.TextChoices):
        ENTERPRISE = Role.ENTERPRISE.value, _("Enterprise")
        EVALUATOR = Role.EVALUATOR.value, _("Third-party evaluator")
        MUNICIPAL = Role.MUNICIPAL.value, _("Municipal authority")
        PROVINCIAL = Role.PROVINCIAL.value, _("Provincial authority")
        NATIONAL = Role.NATIONAL.value, _("National authority")
        EXPERT = Role.EXPERT.value, _("Expert reviewer")
        ADMIN = Role.ADMIN.value, _("Platform administrator")

    role = models.CharField(_("role"), max_length=16, choices=RoleChoices.choices)
    # Region scope (GB/T 2260): a city adcode for municipal officials, a province adcode
    # (ending in 0000) for provincial officials, empty for national and other roles.
    adcode = models.CharField(_("region code"), max_length=6, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    # What the account acts for: an enterprise user's enterprise, a park management
    # user's park, an evaluator's institution.
    enterprise = models.ForeignKey(
        "registry.Enterprise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("enterprise"),
    )
    park = models.ForeignKey(
        "registry.Park",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("park"),
    )
    institution = models.ForeignKey(
        "registry.EvaluationInstitution",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("evaluation institution"),
    )
    # When the user last opened the home page (its "changes since the last visit" start
    # from the previous value).
    home_seen_at = models.DateTimeField(_("home page last seen"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]),
                name="accounts_user_role_valid",
            ),
            # Authorities are scoped by region: a city official needs a city-level code
            # (a prefecture XXYY00, or a county administered by its province such as
            # 419001), a provincial official a province code (XX0000).
            models.CheckConstraint(
                condition=~models.Q(role=Role.MUNICIPAL.value)
                | (models.Q(adcode__regex=r"^[1-9][0-9]{5}$") & ~models.Q(adcode__endswith="0000")),
                name="accounts_user_municipal_has_city",
                violation_error_message=_(
                    "A municipal official needs the code of a city-level unit."
                ),
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.PROVINCIAL.value)
                | models.Q(adcode__regex=r"^[1-9][0-9]0000$"),
                name="accounts_user_provincial_has_province",
                violation_error_message=_("A provincial official needs the code of a province."),
            ),
        ]
