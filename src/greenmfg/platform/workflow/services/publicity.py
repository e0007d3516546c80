"""Publicity (公示): objections filed against a proposed listing."""

from __future__ import annotations

import datetime as dt
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from greenmfg.core.domain import Role
from greenmfg.core.errors import (
    ConflictError,
    DeadlinePassedError,
    InvalidValueError,
    MissingValueError,
    RateLimitedError,
    TransitionNotAllowedError,
)
from greenmfg.core.workflow.machine import State
from greenmfg.platform.workflow.models import (
    Application,
    Objection,
)
from greenmfg.platform.workflow.services.base import (
    _audit,
    _lock,
    _notify,
    _require,
    _today,
    _users_to_act,
)

OBJECTIONS_PER_HOUR = 3  # per client address; platform setting


@transaction.atomic
def objection_file(
    *,
    application: Application | int,
    name: str,
    contact: str,
    content: str,
    client_ip: str | None,
    today: dt.date | None = None,
) -> Objection:
    """Anyone files an objection during publicity (rate-limited per address)."""
    today = today or _today()
    app = _lock(application)
    if app.state != State.PUBLICITY.value:
        raise TransitionNotAllowedError(state=app.state, target="objection", allowed="publicity")
    assert app.publicity_end is not None
    if today > app.publicity_end:
        raise DeadlinePassedError(
            deadline="publicity period",
            date=app.publicity_end.isoformat(),
            region="national",
            year=app.round.year,
            today=today.isoformat(),
        )
    for field, value, expected in (
        ("content", content, "what the objection is about"),
        ("name", name, "your name or organisation"),
        ("contact", contact, "a phone number or e-mail address to reach you"),
    ):
        if not value.strip():
            raise MissingValueError(where="", field=field, expected=expected)
    if len(content) > 5000:
        raise InvalidValueError(
            where="",
            field="content",
            value=f"{len(content)} characters",
            expected="at most 5000 characters",
        )
    if client_ip:
        since = timezone.now() - timedelta(hours=1)
        recent = Objection.objects.filter(client_ip=client_ip, filed_at__gte=since).order_by(
            "filed_at"
        )
        if recent.count() >= OBJECTIONS_PER_HOUR:
            first = recent.first()
            assert first is not None
            retry = int((first.filed_at + timedelta(hours=1) - timezone.now()).total_seconds()) + 1
            raise RateLimitedError(what="objections", retry_after=max(retry, 1))
    objection = Objection(
        application=app,
        name=name.strip(),
        contact=contact.strip(),
        content=content.strip(),
        client_ip=client_ip,
    )
    objection.full_clean()
    objection.save()
    _audit(
        app,
        actor=None,
        event="objection_filed",
        from_state=app.state,
        to_state=app.state,
        reason=f"objection #{objection.pk}",
    )
    _notify(
        _users_to_act(app, State.PUBLICITY),
        app,
        "action",
        f"{app.unit}: 新异议 / new objection #{objection.pk}",
    )
    return objection


@transaction.atomic
def objection_resolve(
    *, actor: Any, objection: Objection, status: str, resolution: str
) -> Objection:
    """The national authority records how an objection was resolved."""
    _require(actor, Role.NATIONAL, action="resolve objections")
    app = _lock(objection.application_id)
    objection = Objection.objects.select_for_update().get(pk=objection.pk)
    if objection.status != Objection.Status.OPEN:
        raise ConflictError(detail=f"Objection #{objection.pk} was already resolved.")
    if status not in (Objection.Status.UPHELD, Objection.Status.DISMISSED):
        raise InvalidValueError(
            where="", field="status", value=status, expected="upheld or dismissed"
        )
    if not resolution.strip():
        raise MissingValueError(
            where="", field="resolution", expected="how the objection was resolved"
        )
    objection.status = status
    objection.resolution = resolution.strip()
    objection.resolved_by = actor
    objection.resolved_at = timezone.now()
    objection.full_clean()
    objection.save(update_fields=["status", "resolution", "resolved_by", "resolved_at"])
    _audit(
        app,
        actor=actor,
        event="objection_resolved",
        from_state=app.state,
        to_state=app.state,
        reason=f"objection #{objection.pk} {status}: {objection.resolution}",
    )
    return objection
