from django.utils.translation import gettext_lazy as _

from greenmfg.core.domain import Role
from greenmfg.platform.common.navigation import NavItem

NAV_ITEMS = [
    NavItem(
        _("Data import"),
        "onboarding:home",
        frozenset(
            {Role.MUNICIPAL.value, Role.PROVINCIAL.value, Role.NATIONAL.value, Role.ADMIN.value}
        ),
        order=25,
        group="lists",
    ),
]
