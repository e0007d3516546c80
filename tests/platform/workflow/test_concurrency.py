"""Real concurrency on PostgreSQL: row locks make simultaneous decisions safe."""

from __future__ import annotations

import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from greenmfg.core.errors import GreenmfgError, PermissionDeniedError, TransitionNotAllowedError
from greenmfg.core.workflow.machine import State
from greenmfg.platform.workflow import services as s
from greenmfg.platform.workflow.models import Application, AuditRecord

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*calls: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except (GreenmfgError, Exception) as err:
            results[i] = err
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_two_officials_acting_at_once_exactly_one_succeeds(
    draft: Any, advance: Callable[..., Any], suzhou_official: Any, make_user: Callable[..., Any]
) -> None:
    from greenmfg.core.domain import Role

    second = make_user(Role.MUNICIPAL, "320500", username="suzhou-2")
    app = advance(draft, State.MUNICIPAL_REVIEW)
    version = app.version
    results = run_together(
        lambda: s.application_transition(
            actor=suzhou_official, application=app.pk, to=State.PROVINCIAL_REVIEW
        ),
        lambda: s.application_transition(
            actor=second, application=app.pk, to=State.REJECTED, reason="材料不全"
        ),
    )
    successes = [r for r in results if isinstance(r, Application)]
    failures = [r for r in results if isinstance(r, Exception)]
    assert len(successes) == 1 and len(failures) == 1
    # The loser sees the winner's state: a rejected application cannot move on, and an
    # application already with the province is no longer the city's to reject.
    assert isinstance(failures[0], TransitionNotAllowedError | PermissionDeniedError)
    app.refresh_from_db()
    assert app.version == version + 1
    assert app.state == successes[0].state
    assert AuditRecord.objects.filter(application=app).count() == app.version + 1
    assert s.audit_verify().broken is None


def test_same_decision_twice_at_once_writes_it_once(
    draft: Any, advance: Callable[..., Any], suzhou_official: Any
) -> None:
    app = advance(draft, State.SUBMITTED)
    results = run_together(
        *[
            lambda: s.application_transition(
                actor=suzhou_official, application=app.pk, to=State.MUNICIPAL_REVIEW
            )
        ]
        * 4
    )
    assert sum(isinstance(r, Application) for r in results) == 1
    assert AuditRecord.objects.filter(application=app, event="accept").count() == 1


def test_experts_scoring_at_once_keep_the_chain_intact(
    draft: Any, advance: Callable[..., Any], national_official: Any, experts: list[Any]
) -> None:
    app = advance(draft, State.EXPERT_REVIEW)
    assignments = [
        s.expert_assign(actor=national_official, application=app, expert=e) for e in experts
    ]
    scores = {
        "EL": Decimal(30),
        "RE": Decimal(20),
        "CP": Decimal(12),
        "GP": Decimal(12),
        "LI": Decimal(8),
    }
    results = run_together(
        *[
            (
                lambda a=a, e=e: s.expert_score_submit(
                    actor=e, assignment=a, scores=scores, no_conflict=True
                )
            )
            for a, e in zip(assignments, experts, strict=True)
        ]
    )
    assert not [r for r in results if isinstance(r, Exception)]
    check = s.audit_verify()
    assert check.broken is None
    assert AuditRecord.objects.filter(application=app, event="expert_scored").count() == 3
