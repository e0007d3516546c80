from django.utils.translation import gettext_lazy as _

from greenmfg.core.domain import Role
from greenmfg.platform.common.navigation import NavItem

_ALL = frozenset(
    {
        Role.ENTERPRISE.value,
        Role.MUNICIPAL.value,
        Role.PROVINCIAL.value,
        Role.NATIONAL.value,
        Role.ADMIN.value,
    }
)

NAV_ITEMS = [
    NavItem(
        _("Product carbon footprints"), "footprints:products", _ALL, order=35, group="evaluation"
    ),
    NavItem(
        _("Supplier footprint requests"), "footprints:requests", _ALL, order=36, group="evaluation"
    ),
    NavItem(_("Footprint factors"), "footprints:factors", _ALL, order=37, group="evaluation"),
]
