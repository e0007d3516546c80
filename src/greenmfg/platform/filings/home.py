"""The enterprise's last filing on its home page, and the annual filing to-do."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from greenmfg.core.domain import Role
from greenmfg.core.supervision import calendar as cal
from greenmfg.platform.common.home import Change, HomePanel, Todo
from greenmfg.platform.filings import selectors


def last_filing_panel(user: Any) -> dict[str, Any] | None:
    if user.enterprise is None:
        return None
    return {"figures": selectors.key_figures(enterprise=user.enterprise, years=1), "link": True}


def filing_todos(user: Any, today: dt.date) -> list[Todo]:
    """The energy and carbon filing of last year, due with the dynamic management table it
    feeds (the province's date)."""
    enterprise = user.enterprise
    if enterprise is None:
        return []
    year = today.year - 1
    if year in selectors.filed_years(enterprise=enterprise):
        return []
    return [
        Todo(
            label=_("File the %(year)s energy and carbon data") % {"year": year},
            url=f"{reverse('filings:form')}?year={year}",
            due=cal.filing_deadline(year, enterprise.adcode),
            detail=_("It feeds the dynamic management table and the green code."),
        )
    ]


def filing_changes(user: Any, since: dt.datetime) -> list[Change]:
    if user.enterprise is None:
        return []
    return [
        Change(
            at=r.computed_at,
            label=_("The %(year)s filing was accounted (factor set %(version)s).")
            % {"year": r.filing.year, "version": r.factor_set_version},
            url=reverse("filings:detail", args=[r.filing_id]),
        )
        for r in selectors.records_since(enterprise=user.enterprise, since=since)
    ]


PANELS = [
    HomePanel(
        order=20,
        roles=frozenset({Role.ENTERPRISE.value}),
        template_name="filings/home_panel.html",
        get_context=last_filing_panel,
        todos=filing_todos,
        changes=filing_changes,
    )
]
