from django.utils.translation import gettext_lazy as _

from greenmfg.core.domain import Role
from greenmfg.platform.common.navigation import AUTHENTICATED, PUBLIC, NavItem

AUTHORITIES = frozenset({Role.MUNICIPAL.value, Role.PROVINCIAL.value, Role.NATIONAL.value})

NAV_ITEMS = [
    NavItem(
        label=_("Publicity"),
        url_name="workflow:publicity",
        audience=frozenset({PUBLIC}),
        order=25,
        group="lists",
    ),
    NavItem(
        label=_("Annual list"),
        url_name="workflow:annual_list",
        audience=frozenset({PUBLIC}),
        order=26,
        group="lists",
    ),
    NavItem(
        label=_("My applications"),
        url_name="workflow:my_applications",
        audience=frozenset({Role.ENTERPRISE.value}),
        order=40,
        group="cultivation",
    ),
    NavItem(
        label=_("Review queue"),
        url_name="workflow:queue",
        audience=AUTHORITIES,
        order=40,
        group="cultivation",
    ),
    NavItem(
        label=_("Stuck applications"),
        url_name="workflow:diagnostics",
        audience=AUTHORITIES,
        order=41,
        group="cultivation",
    ),
    NavItem(
        label=_("Objections"),
        url_name="workflow:objections",
        audience=frozenset({Role.NATIONAL.value}),
        order=42,
        group="cultivation",
    ),
    NavItem(
        label=_("My reviews"),
        url_name="workflow:expert_home",
        audience=frozenset({Role.EXPERT.value}),
        order=40,
        group="cultivation",
    ),
    NavItem(
        label=_("Cultivation plans"),
        url_name="workflow:plans",
        audience=frozenset({Role.ENTERPRISE.value, *AUTHORITIES}),
        order=45,
        group="cultivation",
    ),
    NavItem(
        label=_("Rounds"),
        url_name="workflow:rounds",
        audience=AUTHORITIES,
        order=39,
        group="cultivation",
    ),
    NavItem(
        label=_("Evaluation institutions"),
        url_name="workflow:institutions",
        audience=AUTHORITIES,
        order=46,
        group="cultivation",
    ),
    NavItem(
        label=_("Annual work report"),
        url_name="workflow:institution_report",
        audience=frozenset({Role.EVALUATOR.value}),
        order=47,
        group="cultivation",
    ),
    NavItem(
        label=_("API tokens"),
        url_name="workflow:api_tokens",
        audience=frozenset({AUTHENTICATED}),
        order=91,
        group="verify",
    ),
    NavItem(
        label=_("Inbox"), url_name="workflow:inbox", audience=frozenset({AUTHENTICATED}), order=90
    ),
]
