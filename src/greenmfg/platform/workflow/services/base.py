"""Helpers that several workflow service modules share."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from greenmfg.core.domain import Role
from greenmfg.core.errors import (
    GreenmfgError,
    NotFoundError,
    PermissionDeniedError,
)
from greenmfg.core.workflow import audit as chain
from greenmfg.core.workflow.machine import STATES, State
from greenmfg.platform.accounts.models import User
from greenmfg.platform.accounts.scoping import actor_role, in_region
from greenmfg.platform.audit import services as audit_chains
from greenmfg.platform.common.errors import error_message
from greenmfg.platform.workflow.models import (
    Application,
    AuditRecord,
    Notification,
)
from greenmfg.platform.workflow.services.audit import application_content, to_core_record


def _today() -> dt.date:
    return timezone.localdate()


def _audit(
    app: Application, *, actor: Any, event: str, from_state: str, to_state: str, reason: str
) -> AuditRecord:
    head = audit_chains.workflow_head_lock(app.chain_id)
    last = AuditRecord.objects.filter(application=app).order_by("-sequence").first()
    previous = to_core_record(last) if last is not None else None
    actor_name = getattr(actor, "username", "") or "system"
    sealed = chain.seal(
        chain_id=app.chain_id,
        previous=previous,
        actor=actor_name,
        at=timezone.now(),
        event=event,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        content_hash=chain.content_hash(application_content(app)),
    )
    record_seal = audit_chains.workflow_head_advance(
        head, sequence=sealed.sequence, record_hash=sealed.hash, owner=app
    )
    return AuditRecord.objects.create(
        application=app,
        seal=record_seal,
        sequence=sealed.sequence,
        actor=actor if isinstance(actor, User) else None,
        actor_name=actor_name,
        at=sealed.at,
        event=event,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
        content_hash=sealed.content_hash,
        previous_hash=sealed.previous_hash,
        hash=sealed.hash,
    )


def _users_to_act(app: Application, state: State) -> list[User]:
    role = STATES[state].actor
    if role is None:
        return []
    users = User.objects.filter(is_active=True, role=role.value)
    if role is Role.ENTERPRISE:
        return _applicant_users(app)
    if role in (Role.MUNICIPAL, Role.PROVINCIAL):
        return [
            u for u in users.filter(adcode__startswith=app.adcode[:2]) if in_region(u, app.adcode)
        ]
    if role is Role.EXPERT:
        return [
            a.expert
            for a in app.assignments.filter(submitted_at__isnull=True).select_related("expert")
        ]
    return list(users)


def _applicant_users(app: Application) -> list[User]:
    return list(
        User.objects.filter(is_active=True, role=Role.ENTERPRISE.value).filter(
            Q(enterprise_id=app.enterprise_id, enterprise__isnull=False)
            | Q(park_id=app.park_id, park__isnull=False)
        )
    )


def _notify(
    users: Iterable[User], app: Application | None, kind: str, message: str, dedupe_key: str = ""
) -> int:
    created = 0
    for user in users:
        if dedupe_key and Notification.objects.filter(user=user, dedupe_key=dedupe_key).exists():
            continue
        Notification.objects.create(
            user=user, application=app, kind=kind, message=message[:300], dedupe_key=dedupe_key
        )
        created += 1
    return created


def _check_actor_on(actor: Any, app: Application, action: str) -> None:
    role = actor_role(actor)
    if role is Role.ENTERPRISE:
        if not (
            (
                app.enterprise_id is not None
                and getattr(actor, "enterprise_id", None) == app.enterprise_id
            )
            or (app.park_id is not None and getattr(actor, "park_id", None) == app.park_id)
        ):
            raise PermissionDeniedError(action=action, reason="this is not your unit's application")
        return
    if not in_region(actor, app.adcode):
        raise PermissionDeniedError(action=action, reason="the application is outside your region")


def _lock(application: Application | int) -> Application:
    pk = application if isinstance(application, int) else application.pk
    try:
        return (
            Application.objects.select_for_update(of=("self",))
            .select_related("round", "enterprise", "park", "institution")
            .get(pk=pk)
        )
    except Application.DoesNotExist:
        raise NotFoundError(kind="Application", key=str(pk)) from None


def _batch_error(err: GreenmfgError | PermissionDenied) -> str:
    return error_message(err) if isinstance(err, GreenmfgError) else str(err)


def _require(actor: Any, *roles: Role, action: str) -> Role:
    role = actor_role(actor)
    if role not in roles:
        raise PermissionDeniedError(
            action=action, reason=f"only {', '.join(r.value for r in roles)} may do this"
        )
    assert role is not None
    return role
