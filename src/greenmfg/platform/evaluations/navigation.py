from django.utils.translation import gettext_lazy as _

from greenmfg.core.domain import Role
from greenmfg.platform.common.navigation import PUBLIC, NavItem

NAV_ITEMS = [
    NavItem(
        label=_("Evaluations"),
        url_name="evaluations:list",
        audience=frozenset(
            {
                Role.ENTERPRISE.value,
                Role.EVALUATOR.value,
                Role.MUNICIPAL.value,
                Role.PROVINCIAL.value,
                Role.NATIONAL.value,
                Role.ADMIN.value,
            }
        ),
        order=30,
        group="evaluation",
    ),
    NavItem(
        label=_("My clients"),
        url_name="evaluations:engagements",
        audience=frozenset({Role.EVALUATOR.value}),
        order=31,
        group="evaluation",
    ),
    NavItem(
        label=_("Third-party institutions I engage"),
        url_name="evaluations:engagements",
        audience=frozenset({Role.ENTERPRISE.value}),
        order=32,
        group="evaluation",
    ),
    NavItem(
        label=_("Standards"),
        url_name="evaluations:standards",
        audience=frozenset({PUBLIC}),
        order=70,
        group="evaluation",
    ),
    NavItem(
        label=_("Verify a report"),
        url_name="evaluations:verify",
        audience=frozenset({PUBLIC}),
        order=75,
        group="verify",
    ),
]
