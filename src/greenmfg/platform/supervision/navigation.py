from django.utils.translation import gettext_lazy as _

from greenmfg.core.domain import Role
from greenmfg.platform.common.navigation import NavItem

# Audits, spot checks and removals are the authorities' work; the platform administrator
# sees the dynamic management overview only.
_AUTH = frozenset({Role.MUNICIPAL.value, Role.PROVINCIAL.value, Role.NATIONAL.value})

NAV_ITEMS = [
    NavItem(
        _("Dynamic management"),
        "supervision:home",
        frozenset({Role.ENTERPRISE.value, Role.ADMIN.value}) | _AUTH,
        order=50,
        group="supervision",
    ),
    NavItem(_("Filing audit"), "supervision:audit_queue", _AUTH, order=51, group="supervision"),
    NavItem(_("Spot checks"), "supervision:spot_checks", _AUTH, order=52, group="supervision"),
    NavItem(_("Removals"), "supervision:removals", _AUTH, order=53, group="supervision"),
]
