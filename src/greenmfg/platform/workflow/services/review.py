"""Expert review (专家评审): panels, conflict declarations, assignments, scores."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from greenmfg.core.domain import Role
from greenmfg.core.errors import (
    ConflictError,
    DuplicateError,
    GreenmfgError,
    GuardFailedError,
    InvalidValueError,
    MissingValueError,
    PermissionDeniedError,
    TransitionNotAllowedError,
)
from greenmfg.core.workflow.machine import State
from greenmfg.core.workflow.review import review_sheet
from greenmfg.platform.accounts.models import User
from greenmfg.platform.workflow.models import (
    Application,
    ConflictDeclaration,
    ExpertAssignment,
    ExpertPanel,
    ExpertScore,
    Round,
)
from greenmfg.platform.workflow.services.applications import BatchResult
from greenmfg.platform.workflow.services.base import _audit, _batch_error, _lock, _notify, _require


@transaction.atomic
def expert_panel_create(
    *, actor: Any, round: Round, name: str, experts: Iterable[User]
) -> ExpertPanel:
    _require(actor, Role.NATIONAL, action="build an expert panel")
    members = list(experts)
    bad = [u.username for u in members if u.role != Role.EXPERT.value]
    if bad:
        raise InvalidValueError(
            where="",
            field="experts",
            value=", ".join(bad),
            expected="accounts with the expert role",
        )
    panel = ExpertPanel(round=round, name=name.strip())
    panel.full_clean()
    panel.save()
    panel.members.set(members)
    return panel


@transaction.atomic
def expert_conflict_declare(*, actor: Any, uscc: str, relation: str) -> ConflictDeclaration:
    _require(actor, Role.EXPERT, action="declare a conflict of interest")
    if not relation.strip():
        raise MissingValueError(
            where="", field="relation", expected="how you are linked to the unit"
        )
    decl, _ = ConflictDeclaration.objects.update_or_create(
        expert=actor, uscc=uscc.strip().upper(), defaults={"relation": relation.strip()}
    )
    return decl


def expert_conflicts(expert: User, app: Application) -> list[str]:
    """Why ``expert`` may not review ``app`` (empty: no conflict)."""
    reasons = []
    if expert.adcode and app.adcode and expert.adcode[:4] == app.adcode[:4]:
        reasons.append(f"same region ({expert.adcode})")
    if (
        app.institution is not None
        and expert.organisation
        and expert.organisation.strip() == app.institution.name
    ):
        reasons.append(f"same institution ({app.institution.name})")
    unit = app.unit
    if (
        unit is not None
        and ConflictDeclaration.objects.filter(expert=expert, uscc=unit.uscc).exists()
    ):
        reasons.append("declared link with the unit")
    return reasons


@transaction.atomic
def expert_assign(
    *, actor: Any, application: Application | int, expert: User, panel: ExpertPanel | None = None
) -> ExpertAssignment:
    """Assign an expert to an application in formal check or expert review, avoiding conflicts."""
    _require(actor, Role.NATIONAL, action="assign experts")
    app = _lock(application)
    if app.state not in (State.FORMAL_CHECK.value, State.EXPERT_REVIEW.value):
        raise TransitionNotAllowedError(
            state=app.state, target="expert assignment", allowed="formal_check, expert_review"
        )
    if expert.role != Role.EXPERT.value or not expert.is_active:
        raise InvalidValueError(
            where="", field="expert", value=expert.username, expected="an active expert account"
        )
    conflicts = expert_conflicts(expert, app)
    if conflicts:
        raise GuardFailedError(
            transition="Assign an expert",
            reasons=f"{expert.username}: conflict of interest — {'; '.join(conflicts)}",
            codes=["conflict_of_interest"],
            guards=["conflict_of_interest"],
        )
    if ExpertAssignment.objects.filter(application=app, expert=expert).exists():
        raise DuplicateError(
            kind="Expert assignment", key=expert.username, detail=f" for application {app.pk}"
        )
    assignment = ExpertAssignment.objects.create(application=app, expert=expert, panel=panel)
    _audit(
        app,
        actor=actor,
        event="expert_assigned",
        from_state=app.state,
        to_state=app.state,
        reason=expert.username,
    )
    unit = app.unit
    _notify([expert], app, "action", f"{unit.name if unit else app.pk}: 请评审 / please review")
    return assignment


def expert_assign_batch(
    *,
    actor: Any,
    applications: Iterable[int],
    experts: Iterable[User] = (),
    panel: ExpertPanel | None = None,
) -> list[BatchResult]:
    """Assign every expert (or every member of ``panel``) to every application; conflicts
    and duplicates are reported, not fatal."""
    results = []
    expert_list = list(experts)
    if panel is not None:
        expert_list += [m for m in panel.members.order_by("username") if m not in expert_list]
    for pk in applications:
        for expert in expert_list:
            try:
                expert_assign(actor=actor, application=int(pk), expert=expert, panel=panel)
                results.append(BatchResult(int(pk), True, expert.username))
            except (GreenmfgError, PermissionDenied) as err:
                results.append(BatchResult(int(pk), False, _batch_error(err)))
    return results


@transaction.atomic
def expert_score_submit(
    *,
    actor: Any,
    assignment: ExpertAssignment,
    scores: Mapping[str, Decimal],
    comments: Mapping[str, str] | None = None,
    comment: str = "",
    no_conflict: bool = False,
) -> ExpertAssignment:
    """An expert's independent scores on the review sheet (final once submitted)."""
    _require(actor, Role.EXPERT, action="score an application")
    if assignment.expert_id != actor.pk:
        raise PermissionDeniedError(
            action="score this application", reason="it is assigned to another expert"
        )
    app = _lock(assignment.application_id)
    assignment = ExpertAssignment.objects.select_for_update().get(pk=assignment.pk)
    if app.state != State.EXPERT_REVIEW.value:
        raise TransitionNotAllowedError(
            state=app.state, target="expert scoring", allowed="expert_review"
        )
    if assignment.submitted_at is not None:
        raise ConflictError(detail="Your scores for this application were already submitted.")
    if not no_conflict:
        raise MissingValueError(
            where="",
            field="no_conflict",
            expected="your declaration that you have no conflict of interest",
        )
    sheet = review_sheet(app.kind)
    total = sheet.validate(scores)
    by_code = {i.code: i for i in sheet.items}
    for code, points in scores.items():
        ExpertScore.objects.create(
            assignment=assignment,
            indicator=code,
            points=points,
            max_points=by_code[code].max_points,
            comment=(comments or {}).get(code, "").strip(),
        )
    assignment.total = total
    assignment.comment = comment.strip()
    assignment.no_conflict_declared = True
    assignment.submitted_at = timezone.now()
    assignment.save(update_fields=["total", "comment", "no_conflict_declared", "submitted_at"])
    _audit(
        app,
        actor=actor,
        event="expert_scored",
        from_state=app.state,
        to_state=app.state,
        reason=f"total {total}",
    )
    return assignment
