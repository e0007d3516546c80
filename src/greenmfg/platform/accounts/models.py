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

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(role__in=[r.value for r in Role]),
                name="accounts_user_role_valid",
            ),
        ]
