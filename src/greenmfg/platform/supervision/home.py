"""Dynamic management on the enterprise's home page: the table to file by the province's
date, returned tables, and what the city decided since the last visit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from greenmfg.core.domain import Role
from greenmfg.core.supervision import calendar as cal
from greenmfg.core.supervision.data import DueOverride
from greenmfg.platform.common.home import Change, HomePanel, Todo
from greenmfg.platform.supervision import selectors
from greenmfg.platform.supervision.models import DynamicFiling


def table_todos(user: Any, today: dt.date) -> list[Todo]:
    """The dynamic management table of last year (due this year) and of this year (due
    next year), each unless filed; a table returned for correction."""
    unit = user.enterprise or user.park
    if unit is None or not selectors.unit_in_force(unit):
        return []
    rule = cal.due_rule(unit.adcode)
    who = (
        _("the implementation rules of %(province)s") % {"province": rule.name}
        if isinstance(rule, DueOverride)
        else _("the Interim Measures, Art. 16 (15 April)")
    )
    todos = []
    for year in (today.year - 1, today.year):
        status = selectors.filing_status(unit, year)
        url = reverse("supervision:filing_form", args=[year])
        if status.status == DynamicFiling.Status.RETURNED:
            todos.append(
                Todo(
                    label=_("Correct the %(year)s dynamic management table returned by the city")
                    % {"year": year},
                    url=url,
                    due=cal.filing_deadline(year, unit.adcode),
                )
            )
        elif not status.filed:
            todos.append(
                Todo(
                    label=_("File the %(year)s dynamic management table (动态管理表)")
                    % {"year": year},
                    url=url,
                    due=cal.filing_deadline(year, unit.adcode),
                    detail=_("Deadline set by %(who)s") % {"who": who},
                )
            )
    return todos


def table_changes(user: Any, since: dt.datetime) -> list[Change]:
    unit = user.enterprise or user.park
    if unit is None:
        return []
    out = [
        Change(
            at=flag.created_at,
            label=_("A data-quality flag was raised on the %(year)s table: %(field)s.")
            % {"year": flag.filing.year, "field": flag.field},
            url=reverse("supervision:filing_detail", args=[flag.filing_id]),
        )
        for flag in selectors.own_flags_since(unit, since)
    ]
    out += [
        Change(
            at=audit.created_at,
            label=_("The city audited the %(year)s table: %(decision)s.")
            % {"year": audit.filing.year, "decision": audit.get_decision_display()},
            url=reverse("supervision:filing_detail", args=[audit.filing_id]),
        )
        for audit in selectors.own_audits_since(unit, since)
    ]
    return out


PANELS = [
    HomePanel(
        order=30,
        roles=frozenset({Role.ENTERPRISE.value}),
        todos=table_todos,
        changes=table_changes,
    )
]
