"""Cultivation plans (培育计划)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from greenmfg.core.domain import ListLevel, Role
from greenmfg.core.errors import (
    InvalidValueError,
    MissingValueError,
    PermissionDeniedError,
)
from greenmfg.platform.accounts.scoping import actor_role
from greenmfg.platform.registry.models import (
    Enterprise,
    Park,
    SupplierLink,
)
from greenmfg.platform.workflow.models import (
    CultivationPlan,
    PlanTarget,
)
from greenmfg.platform.workflow.services.base import _today


@transaction.atomic
def cultivation_plan_create(
    *,
    actor: Any,
    title: str,
    start_year: int,
    end_year: int,
    park: Park | None = None,
    leader: Enterprise | None = None,
    text: str = "",
    publish: bool = True,
    targets: Iterable[tuple[Enterprise, str, int]] = (),
) -> CultivationPlan:
    """A park's plan for its member firms, or a supply-chain leader's for its suppliers."""
    if actor is not None:
        ok = actor_role(actor) is Role.ENTERPRISE and (
            (park is not None and actor.park_id == park.pk)
            or (leader is not None and actor.enterprise_id == leader.pk)
        )
        if not ok:
            raise PermissionDeniedError(
                action="publish a cultivation plan",
                reason="only the park or the chain leader itself",
            )
    if not title.strip():
        raise MissingValueError(where="", field="title", expected="a title")
    plan = CultivationPlan(
        park=park,
        leader=leader,
        title=title.strip(),
        start_year=start_year,
        end_year=end_year,
        text=text,
        published_on=_today() if publish else None,
    )
    plan.full_clean()
    plan.save()
    for enterprise, level, year in targets:
        if (
            park is not None
            and not park.memberships.filter(enterprise=enterprise, left_on__isnull=True).exists()
        ):
            raise InvalidValueError(
                where="",
                field="targets",
                value=enterprise.name,
                expected="a current member of the park",
            )
        if (
            leader is not None
            and not SupplierLink.objects.filter(
                leader=leader, supplier=enterprise, until__isnull=True
            ).exists()
        ):
            raise InvalidValueError(
                where="",
                field="targets",
                value=enterprise.name,
                expected="a current supplier of the leader",
            )
        target = PlanTarget(
            plan=plan, enterprise=enterprise, target_level=ListLevel(level).value, target_year=year
        )
        target.full_clean()
        target.save()
    return plan
