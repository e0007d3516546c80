"""Inbox notifications (通知) and deadline reminders."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from greenmfg.core.domain import Role
from greenmfg.core.errors import (
    NotFoundError,
)
from greenmfg.core.workflow.machine import STATES, State
from greenmfg.platform.workflow.models import (
    Application,
    Notification,
)
from greenmfg.platform.workflow.services.base import (
    _applicant_users,
    _notify,
    _today,
    _users_to_act,
)
from greenmfg.platform.workflow.services.rounds import round_date


@transaction.atomic
def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    if notification.user_id != getattr(actor, "pk", None):
        raise PermissionDenied
    notification.read_at = timezone.now()
    notification.save(update_fields=["read_at"])
    return notification


def reminders_create(*, today: dt.date | None = None, days_ahead: int = 7) -> int:
    """Remind whoever must act on an open application of its state's deadline.

    Idempotent: one reminder per user, application, state and deadline.
    """
    today = today or _today()
    created = 0
    open_states = [s.value for s, info in STATES.items() if not info.terminal]
    for app in Application.objects.filter(state__in=open_states).select_related(
        "round", "enterprise", "park"
    ):
        state = State(app.state)
        due_key = STATES[state].due
        if due_key is None:
            continue
        try:
            due = round_date(app.round, due_key, app.adcode).date
        except NotFoundError:
            continue
        if not today <= due <= today + timedelta(days=days_ahead):
            continue
        users = (
            _users_to_act(app, state)
            if STATES[state].actor is not Role.ENTERPRISE
            else _applicant_users(app)
        )
        unit = app.unit
        message = (
            f"{unit.name if unit else app.pk}: {STATES[state].name_zh} 截止 {due.isoformat()} / "
            f"{STATES[state].name_en} due {due.isoformat()}"
        )
        with transaction.atomic():
            created += _notify(
                users,
                app,
                "reminder",
                message,
                dedupe_key=f"reminder:{app.pk}:{state.value}:{due.isoformat()}",
            )
    return created
