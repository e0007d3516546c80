"""The enterprise's own green code on its home page: grade, QR, grade history; or why it
has none."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from greenmfg.core.domain import Role
from greenmfg.platform.common.home import Change, HomePanel
from greenmfg.platform.greencode import selectors


def green_code_panel(user: Any) -> dict[str, Any] | None:
    enterprise = user.enterprise
    if enterprise is None:
        return None
    code = selectors.own_code(enterprise_id=enterprise.pk)
    return {
        "enterprise": enterprise,
        "code": code,
        "history": list(selectors.code_history(enterprise_id=enterprise.pk)),
        "no_code": None if code else selectors.own_no_code(enterprise_id=enterprise.pk),
        "verify_url": reverse("greencode:verify", kwargs={"uscc": enterprise.uscc}),
        "qr_url": reverse("greencode:qr", kwargs={"uscc": enterprise.uscc}),
    }


def green_code_changes(user: Any, since: dt.datetime) -> list[Change]:
    if user.enterprise_id is None:
        return []
    return [
        Change(
            at=code.run.graded_at,
            label=_("Green code graded for data year %(year)s: %(grade)s.")
            % {"year": code.year, "grade": code.grade},
            url=reverse("greencode:verify", kwargs={"uscc": user.enterprise.uscc}),
        )
        for code in selectors.codes_graded_since(enterprise_id=user.enterprise_id, since=since)
    ]


PANELS = [
    HomePanel(
        order=10,
        roles=frozenset({Role.ENTERPRISE.value}),
        template_name="greencode/home_panel.html",
        get_context=green_code_panel,
        changes=green_code_changes,
    )
]
