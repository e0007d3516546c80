from django.utils.translation import gettext_lazy as _

from greenmfg.platform.common.navigation import PUBLIC, NavItem

NAV_ITEMS = [
    NavItem(
        label=_("Lists"),
        url_name="registry:public_list",
        audience=frozenset({PUBLIC}),
        order=20,
        group="lists",
    ),
]
