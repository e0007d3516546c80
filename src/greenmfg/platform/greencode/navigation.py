from django.utils.translation import gettext_lazy as _

from greenmfg.platform.common.navigation import PUBLIC, NavItem

NAV_ITEMS = [
    NavItem(
        label=_("Verify a green code"),
        url_name="greencode:verify_form",
        audience=frozenset({PUBLIC}),
        order=60,
        group="verify",
    ),
]
