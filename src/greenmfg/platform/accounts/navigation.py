from django.utils.translation import gettext_lazy as _

from greenmfg.platform.common.navigation import AUTHENTICATED, NavItem

NAV_ITEMS = [
    NavItem(
        label=_("My home"), url_name="accounts:home", audience=frozenset({AUTHENTICATED}), order=10
    ),
]
