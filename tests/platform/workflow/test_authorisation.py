"""The authorisation matrix: every role × every transition of every machine.

For each transition the application is put in the transition's source state; every
role is tried.  Roles outside the transition's table must get PermissionDeniedError;
the allowed role (in region) must get past the permission check (the transition may
still stop at a guard, with a different error).  Officials of another city or province
are refused everything.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from greenmfg.core.domain import Role
from greenmfg.core.errors import GreenmfgError, PermissionDeniedError
from greenmfg.core.workflow.machine import MACHINES, State
from greenmfg.platform.workflow import services as s
from greenmfg.platform.workflow.models import Application

pytestmark = pytest.mark.django_db

TRANSITIONS = [
    (kind.value, t.name, src.value, t.target.value)
    for kind, m in MACHINES.items()
    for t in m.transitions
    for src in sorted(t.source)
]


@pytest.fixture
def actors(
    make_user: Callable[..., Any],
    make_enterprise: Callable[..., Any],
    make_park: Callable[..., Any],
    suzhou_official: Any,
    wuxi_official: Any,
    jiangsu_official: Any,
    national_official: Any,
) -> dict[str, Any]:
    enterprise = make_enterprise(adcode="320500")
    park = make_park(adcode="320500")
    return {
        "enterprise": make_user(Role.ENTERPRISE, enterprise=enterprise),
        "park_user": make_user(Role.ENTERPRISE, park=park),
        "other_enterprise": make_user(Role.ENTERPRISE, enterprise=make_enterprise(adcode="320500")),
        "evaluator": make_user(Role.EVALUATOR),
        "municipal": suzhou_official,
        "other_city": wuxi_official,
        "provincial": jiangsu_official,
        "other_province": make_user(Role.PROVINCIAL, "330000"),
        "national": national_official,
        "expert": make_user(Role.EXPERT, "110100"),
        "admin": make_user(Role.ADMIN),
    }


ROLE_OF = {
    "enterprise": Role.ENTERPRISE,
    "park_user": Role.ENTERPRISE,
    "evaluator": Role.EVALUATOR,
    "municipal": Role.MUNICIPAL,
    "provincial": Role.PROVINCIAL,
    "national": Role.NATIONAL,
    "expert": Role.EXPERT,
    "admin": Role.ADMIN,
}


@pytest.mark.parametrize("kind", [k.value for k in MACHINES])
def test_every_role_against_every_transition(
    kind: str, actors: dict[str, Any], make_round: Callable[..., Any]
) -> None:
    owner = actors["park_user"] if kind == "park" else actors["enterprise"]
    app = s.application_create(
        actor=owner,
        round=make_round(kind=kind),
        enterprise=owner.enterprise,
        park=owner.park,
        evaluation_reference="R",
        evaluation_hash="a" * 64,
    )
    checked = 0
    for _kind, name, source, target in [t for t in TRANSITIONS if t[0] == kind]:
        allowed = MACHINES[kind].find(State(source), State(target)).roles
        for who, actor in actors.items():
            Application.objects.filter(pk=app.pk).update(state=source)
            own = actor is owner
            role = ROLE_OF.get(who)
            expect_allowed = (
                role in allowed
                and who not in ("other_city", "other_province", "other_enterprise")
                and (role is not Role.ENTERPRISE or own)
            )
            try:
                s.application_transition(
                    actor=actor, application=app.pk, to=target, reason="matrix"
                )
            except PermissionDeniedError:
                assert not expect_allowed, f"{who} should be allowed to {name} from {source}"
            except GreenmfgError as err:
                assert expect_allowed, f"{who} got past permission on {name}: {err}"
            else:
                assert expect_allowed, f"{who} must not {name} from {source}"
            checked += 1
    assert checked == len([t for t in TRANSITIONS if t[0] == kind]) * len(actors)
