"""Writes of the review with materials: the formal-check checklist, requests for material
and the applicant's answers (each appends to the application's audit chain)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Mapping
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from greenmfg.core.domain import ListLevel, Role
from greenmfg.core.errors import (
    ConflictError,
    FileTooLargeError,
    InvalidValueError,
    MissingValueError,
    PermissionDeniedError,
)
from greenmfg.core.workflow import checklist as core_checklist
from greenmfg.core.workflow.checklist import ItemResult
from greenmfg.core.workflow.machine import STATES, State
from greenmfg.platform.accounts.scoping import actor_role
from greenmfg.platform.workflow.models import Application, ChecklistEntry, MaterialRequest
from greenmfg.platform.workflow.services.base import (
    _applicant_users,
    _audit,
    _check_actor_on,
    _lock,
    _notify,
    _users_to_act,
)

REVIEW_LEVEL = {
    Role.MUNICIPAL: ListLevel.MUNICIPAL,
    Role.PROVINCIAL: ListLevel.PROVINCIAL,
    Role.NATIONAL: ListLevel.NATIONAL,
}
MAX_MATERIAL_BYTES = 10 * 1024 * 1024  # 10 MB, as evidence files
MATERIAL_TYPES: dict[str, bytes] = {
    "pdf": b"%PDF-",
    "jpg": b"\xff\xd8\xff",
    "jpeg": b"\xff\xd8\xff",
    "png": b"\x89PNG\r\n\x1a\n",
    "xlsx": b"PK\x03\x04",
}


def reviewer_level(actor: Any, app: Application) -> ListLevel:
    """The level at which ``actor`` reviews ``app`` now: an authority of its region whose
    turn it is (the state's expected actor)."""
    role = actor_role(actor)
    level = REVIEW_LEVEL.get(role) if role is not None else None
    if level is None:
        raise PermissionDeniedError(
            action="review an application", reason="only authorities review applications"
        )
    _check_actor_on(actor, app, "review this application")
    if STATES[State(app.state)].actor is not role:
        raise ConflictError(
            detail=f"The application is in {STATES[State(app.state)].name_en}; "
            f"it is not at the {level.value} level's review now."
        )
    return level


@transaction.atomic
def checklist_record(
    *, actor: Any, application: Application | int, results: Mapping[str, ItemResult]
) -> list[ChecklistEntry]:
    """Record the reviewer's formal-check items (passed, or failed with a reason) at its
    level; items recorded before are replaced.  One audit record lists the outcome."""
    app = _lock(application)
    level = reviewer_level(actor, app)
    items = core_checklist.items_for(app.kind, level)
    checked = core_checklist.validate_results(items, results)
    if not checked:
        raise MissingValueError(where="", field="checklist", expected="at least one item")
    now = timezone.now()
    version = core_checklist.version()
    entries = []
    for code, result in checked.items():
        entry, _created = ChecklistEntry.objects.update_or_create(
            application=app,
            level=level.value,
            item=code,
            defaults={
                "passed": result.passed,
                "reason": result.reason,
                "checklist_version": version,
                "checked_by": actor,
                "checked_at": now,
            },
        )
        entries.append(entry)
    summary = "; ".join(
        f"{code} {'✓' if r.passed else '✗ ' + r.reason}" for code, r in checked.items()
    )
    _audit(
        app,
        actor=actor,
        event=f"checklist_{level.value}",
        from_state=app.state,
        to_state=app.state,
        reason=summary,
    )
    return entries


def cited_reason(app: Application, level: ListLevel, cited: list[str], reason: str) -> str:
    """The decision's reason prefixed with the checklist items it rests on; each must be
    recorded at ``level`` (a decision cannot cite an item nobody checked)."""
    if not cited:
        return reason
    recorded = set(
        ChecklistEntry.objects.filter(application=app, level=level.value).values_list(
            "item", flat=True
        )
    )
    missing = [c for c in cited if c not in recorded]
    if missing:
        raise InvalidValueError(
            where="",
            field="cited checklist items",
            value=", ".join(missing),
            expected="items recorded on the checklist at this level",
        )
    return f"[{', '.join(cited)}] {reason}".strip()


@transaction.atomic
def material_request_create(
    *,
    actor: Any,
    application: Application | int,
    message: str,
    item: str = "",
    due_on: dt.date | None = None,
) -> MaterialRequest:
    """Ask the applicant for material; the applicant is notified and answers on the
    application."""
    app = _lock(application)
    level = reviewer_level(actor, app)
    message = message.strip()
    if not message:
        raise MissingValueError(where="", field="message", expected="what material is needed")
    if item and item not in {i.code for i in core_checklist.items_for(app.kind, level)}:
        raise InvalidValueError(
            where="", field="item", value=item, expected="an item of this level's checklist"
        )
    now = timezone.now()
    if due_on is not None and due_on < timezone.localdate():
        raise InvalidValueError(
            where="", field="due_on", value=due_on.isoformat(), expected="today or a later date"
        )
    request = MaterialRequest(
        application=app,
        level=level.value,
        item=item,
        message=message,
        due_on=due_on,
        requested_by=actor,
        requested_at=now,
    )
    request.full_clean()
    request.save()
    _audit(
        app,
        actor=actor,
        event="material_requested",
        from_state=app.state,
        to_state=app.state,
        reason=f"{f'[{item}] ' if item else ''}{message}",
    )
    unit = app.unit
    _notify(
        _applicant_users(app),
        app,
        "action",
        f"{unit.name if unit else app.pk}: 请补充材料 / material requested: {message}",
    )
    return request


@transaction.atomic
def material_request_answer(
    *,
    actor: Any,
    request: MaterialRequest | int,
    answer: str,
    upload: UploadedFile | None = None,
) -> MaterialRequest:
    """The applicant answers a request (text, and optionally one PDF, image or workbook)."""
    pk = request if isinstance(request, int) else request.pk
    req = MaterialRequest.objects.select_for_update().get(pk=pk)
    app = _lock(req.application_id)
    if actor_role(actor) is not Role.ENTERPRISE:
        raise PermissionDeniedError(
            action="answer a request for material", reason="only the applicant answers"
        )
    _check_actor_on(actor, app, "answer this request")
    if req.status != MaterialRequest.Status.OPEN:
        raise ConflictError(detail="This request was already answered.")
    answer = answer.strip()
    if not answer:
        raise MissingValueError(where="", field="answer", expected="your answer to the request")
    if upload is not None:
        name = upload.name or "upload"
        size = upload.size or 0
        if size > MAX_MATERIAL_BYTES:
            raise FileTooLargeError(
                file=name, size_mb=size / 2**20, limit_mb=MAX_MATERIAL_BYTES // 2**20
            )
        extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
        magic = MATERIAL_TYPES.get(extension)
        if magic is None:
            raise InvalidValueError(
                where=f"{name}: ",
                field="file type",
                value=extension or name,
                expected="PDF, JPG, PNG or XLSX",
            )
        data = upload.read()
        if not data.startswith(magic):
            raise InvalidValueError(
                where=f"{name}: ",
                field="file content",
                value=extension,
                expected=f"a real {extension.upper()} file (its content does not match its name)",
            )
        req.answer_sha256 = hashlib.sha256(data).hexdigest()
        req.answer_file_name = name[:200]
        req.answer_file.save(f"{req.answer_sha256[:16]}.{extension}", ContentFile(data), save=False)
    req.answer = answer
    req.answered_by = actor
    req.answered_at = timezone.now()
    req.status = MaterialRequest.Status.ANSWERED
    req.full_clean()
    req.save()
    _audit(
        app,
        actor=actor,
        event="material_answered",
        from_state=app.state,
        to_state=app.state,
        reason=answer
        + (
            f" ({req.answer_file_name}, SHA-256 {req.answer_sha256[:12]}…)"
            if req.answer_file_name
            else ""
        ),
    )
    unit = app.unit
    _notify(
        [u for u in _users_to_act(app, State(app.state)) if u.pk == req.requested_by_id]
        or _users_to_act(app, State(app.state)),
        app,
        "action",
        f"{unit.name if unit else app.pk}: 已补充材料 / material supplied",
    )
    return req
