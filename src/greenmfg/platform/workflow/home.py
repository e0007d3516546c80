"""Applications on the enterprise's home page: drafts to submit by the round's deadline,
and the decisions taken on them since the last visit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from greenmfg.core.domain import Role
from greenmfg.core.errors import NotFoundError
from greenmfg.core.workflow.machine import STATES, State
from greenmfg.platform.common.home import Change, HomePanel, Todo
from greenmfg.platform.workflow import selectors
from greenmfg.platform.workflow.services import round_date


def _state_name(code: str) -> str:
    try:
        info = STATES[State(code)]
    except ValueError:
        return code
    from django.utils.translation import get_language

    return info.name_zh if (get_language() or "zh").startswith("zh") else info.name_en


def application_todos(user: Any, today: dt.date) -> list[Todo]:
    todos = []
    for app in selectors.application_list(actor=user, state=State.DRAFT.value):
        try:
            due: dt.date | None = round_date(app.round, "application_deadline", app.adcode).date
        except NotFoundError:
            due = None
        todos.append(
            Todo(
                label=_("Submit application #%(pk)d (%(round)s)")
                % {"pk": app.pk, "round": app.round.name},
                url=reverse("workflow:application_detail", args=[app.pk]),
                due=due,
            )
        )
    from greenmfg.platform.workflow.review_selectors import open_requests_for

    for req in open_requests_for(actor=user):
        todos.append(
            Todo(
                label=_("Answer the request for material on application #%(pk)d")
                % {"pk": req.application_id},
                url=reverse("workflow:application_detail", args=[req.application_id]) + "#requests",
                due=req.due_on,
                detail=req.message[:120],
            )
        )
    return todos


def application_changes(user: Any, since: dt.datetime) -> list[Change]:
    return [
        Change(
            at=record.at,
            label=_("Application #%(pk)d is now: %(state)s.")
            % {"pk": record.application_id, "state": _state_name(record.to_state)},
            url=reverse("workflow:application_detail", args=[record.application_id]),
        )
        for record in selectors.audit_records_since(actor=user, since=since)
    ]


PANELS = [
    HomePanel(
        order=40,
        roles=frozenset({Role.ENTERPRISE.value}),
        todos=application_todos,
        changes=application_changes,
    )
]
