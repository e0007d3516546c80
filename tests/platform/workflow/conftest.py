"""Workflow fixtures: a round whose dates surround today, and helpers that drive an
application along the real services."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from greenmfg.core.domain import Role
from greenmfg.core.workflow.machine import State


def dates_around(today: dt.date) -> dict[str, str]:
    d = lambda n: (today + dt.timedelta(days=n)).isoformat()  # noqa: E731
    return {
        "opening": d(-30),
        "application_deadline": d(30),
        "city_deadline": d(40),
        "provincial_deadline": d(50),
        "review_start": d(60),
        "publicity_start": d(70),
        "publicity_end": d(85),
        "list_publication": d(100),
    }


@pytest.fixture
def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture
def make_round(db: Any, today: dt.date) -> Callable[..., Any]:
    from greenmfg.platform.workflow.services import round_create

    def factory(kind: str = "factory", year: int = 2026, **kw: Any) -> Any:
        return round_create(
            actor=None,
            year=year,
            kind=kind,
            name=kw.pop("name", f"{year} {kind} round"),
            date_overrides=kw.pop("date_overrides", dates_around(today)),
            override_source=kw.pop("override_source", "test notice"),
            **kw,
        )

    return factory


@pytest.fixture
def applicant(make_enterprise: Callable[..., Any], make_user: Callable[..., Any]) -> Any:
    enterprise = make_enterprise(adcode="320500", name="苏州绿色水泥有限公司")
    return make_user(Role.ENTERPRISE, enterprise=enterprise, username="applicant")


@pytest.fixture
def experts(make_user: Callable[..., Any]) -> list[Any]:
    return [
        make_user(Role.EXPERT, "110100", username=f"expert{i}", organisation=f"Org {i}")
        for i in range(3)
    ]


@pytest.fixture
def draft(applicant: Any, make_round: Callable[..., Any]) -> Any:
    from greenmfg.platform.workflow.services import application_create

    return application_create(
        actor=applicant,
        round=make_round(),
        enterprise=applicant.enterprise,
        evaluation_reference="EV-2026-0001",
        evaluation_hash="a" * 64,
        evaluation_score=Decimal("86.5"),
    )


@pytest.fixture
def advance(
    suzhou_official: Any,
    jiangsu_official: Any,
    national_official: Any,
    applicant: Any,
    experts: list[Any],
) -> Callable[..., Any]:
    """Drive an application along the happy path up to (and including) ``until``."""
    from greenmfg.platform.workflow import services as s

    def run(app: Any, until: State, today: dt.date | None = None) -> Any:
        steps = [
            (applicant, State.SUBMITTED),
            (suzhou_official, State.MUNICIPAL_REVIEW),
            (suzhou_official, State.PROVINCIAL_REVIEW),
            (jiangsu_official, State.PROVINCIAL_LISTED),
            (jiangsu_official, State.RECOMMENDED),
            (national_official, State.FORMAL_CHECK),
            (national_official, State.EXPERT_REVIEW),
            (national_official, State.SHORTLISTED),
            (national_official, State.PUBLICITY),
        ]
        for actor, target in steps:
            app.refresh_from_db()
            if target is State.SHORTLISTED:
                for expert in experts:
                    a = s.expert_assign(actor=national_official, application=app, expert=expert)
                    s.expert_score_submit(
                        actor=expert,
                        assignment=a,
                        scores={
                            "EL": Decimal(30),
                            "RE": Decimal(20),
                            "CP": Decimal(12),
                            "GP": Decimal(12),
                            "LI": Decimal(8),
                        },
                        no_conflict=True,
                    )
            app = s.application_transition(actor=actor, application=app, to=target, today=today)
            if target is until:
                return app
        if until is State.LISTED:
            app.refresh_from_db()
            return s.application_transition(
                actor=national_official,
                application=app,
                to=State.LISTED,
                today=app.publicity_end + dt.timedelta(days=1),
            )
        return app

    return run
