from django.utils.translation import gettext_lazy as _

from greenmfg.platform.common.navigation import PUBLIC, NavItem

NAV_ITEMS = [
    NavItem(
        label=_("Regional index"),
        url_name="dashboards:index",
        audience=frozenset({PUBLIC}),
        order=70,
        group="insight",
    ),
    NavItem(
        label=_("Dashboards"),
        url_name="dashboards:home",
        audience=frozenset({PUBLIC}),  # visitors land on the public national dashboard
        order=71,
        group="insight",
    ),
]
