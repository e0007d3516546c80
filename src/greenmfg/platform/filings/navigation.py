from django.utils.translation import gettext_lazy as _

from greenmfg.core.domain import Role
from greenmfg.platform.common.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Energy and carbon"),
        "filings:list",
        frozenset(
            {
                Role.ENTERPRISE.value,
                Role.MUNICIPAL.value,
                Role.PROVINCIAL.value,
                Role.NATIONAL.value,
                Role.ADMIN.value,
            }
        ),
        order=30,
        group="evaluation",
    ),
]
