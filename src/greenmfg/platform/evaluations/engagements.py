"""Engagements of third-party evaluation institutions (委托评价): the enterprise grants an
institution access for an engagement and revokes it; while active, the institution's
evaluators read the enterprise's filings and prepare its third-party evaluation."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from greenmfg.core.domain import Role
from greenmfg.core.errors import ConflictError, DuplicateError, MissingValueError
from greenmfg.platform.accounts.scoping import actor_role, require_role
from greenmfg.platform.evaluations.models import Engagement, EvaluationEvent
from greenmfg.platform.registry.models import Enterprise, EvaluationInstitution


def _audit(actor: Any, action: str, engagement: Engagement) -> None:
    EvaluationEvent.objects.create(
        evaluation=None,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        detail={
            "engagement": engagement.pk,
            "enterprise": engagement.enterprise.uscc,
            "institution": engagement.institution.uscc,
        },
    )


@transaction.atomic
def engagement_grant(
    *, actor: Any, enterprise: Enterprise, institution: EvaluationInstitution, purpose: str
) -> Engagement:
    """The enterprise (its own account; ``actor=None``: the platform) grants access."""
    if actor is not None:
        require_role(actor, Role.ENTERPRISE)
        if actor.enterprise_id != enterprise.pk:
            from django.core.exceptions import PermissionDenied

            raise PermissionDenied
    purpose = purpose.strip()
    if not purpose:
        raise MissingValueError(
            where="", field="purpose", expected="what the institution is engaged for"
        )
    if Engagement.objects.filter(
        enterprise=enterprise, institution=institution, revoked_at__isnull=True
    ).exists():
        raise DuplicateError(kind="Engagement", key=institution.name, detail="")
    engagement = Engagement(
        enterprise=enterprise,
        institution=institution,
        purpose=purpose,
        granted_by=actor,
        granted_at=timezone.now(),
    )
    engagement.full_clean()
    engagement.save()
    _audit(actor, "engagement.grant", engagement)
    return engagement


@transaction.atomic
def engagement_revoke(*, actor: Any, engagement: Engagement) -> Engagement:
    """The enterprise withdraws the institution's access (its signed reports remain)."""
    require_role(actor, Role.ENTERPRISE)
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    if actor.enterprise_id != engagement.enterprise_id:
        raise Http404
    if engagement.revoked_at is not None:
        raise ConflictError(detail="The engagement was already revoked.")
    engagement.revoked_at = timezone.now()
    engagement.revoked_by = actor
    engagement.save(update_fields=["revoked_at", "revoked_by"])
    _audit(actor, "engagement.revoke", engagement)
    return engagement


# ------------------------------------------------------------------ reads


def engaged(*, institution_id: int | None, enterprise_id: int) -> bool:
    return (
        bool(institution_id)
        and Engagement.objects.filter(
            institution_id=institution_id, enterprise_id=enterprise_id, revoked_at__isnull=True
        ).exists()
    )


def client_ids_q(actor: Any, field: str = "enterprise_id") -> Q:
    """Q over ``field`` matching the enterprises whose active engagement names the
    evaluator's institution (nothing for anyone else)."""
    institution_id = getattr(actor, "institution_id", None)
    if actor_role(actor) is not Role.EVALUATOR or not institution_id:
        return Q(pk__in=[])
    ids = Engagement.objects.filter(institution_id=institution_id, revoked_at__isnull=True).values(
        "enterprise_id"
    )
    return Q(**{f"{field}__in": ids})


def engagements_for(*, actor: Any) -> QuerySet[Engagement]:
    """An enterprise account's engagements, or an evaluator's institution's."""
    role = actor_role(actor)
    qs = Engagement.objects.select_related("enterprise", "institution")
    if role is Role.ENTERPRISE and getattr(actor, "enterprise_id", None):
        return qs.filter(enterprise_id=actor.enterprise_id)
    if role is Role.EVALUATOR and getattr(actor, "institution_id", None):
        return qs.filter(institution_id=actor.institution_id)
    return qs.none()


def engagement_get(*, actor: Any, pk: int) -> Engagement:
    engagement = engagements_for(actor=actor).filter(pk=pk).first()
    if engagement is None:
        raise Http404
    return engagement
