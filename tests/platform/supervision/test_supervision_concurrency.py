"""Real concurrency on PostgreSQL: two officials deciding the same thing at once."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection

from greenmfg.core.domain import ListLevel, Role
from greenmfg.core.errors import ConflictError
from greenmfg.core.supervision.removal import RemovalRule
from greenmfg.platform.supervision import services
from greenmfg.platform.supervision.models import QualityFlag, Removal, RemovalProposal

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def run_together(*calls: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(len(calls))
    results: list[Any] = [None] * len(calls)

    def worker(i: int, call: Callable[[], Any]) -> None:
        try:
            barrier.wait()
            results[i] = call()
        except Exception as err:  # the test inspects what each thread raised
            results[i] = err
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results


def test_flag_confirmed_and_cleared_at_once(
    listed: Any, table_fields: Any, suzhou_official: Any, make_user: Any
) -> None:
    second = make_user(Role.MUNICIPAL, "320500", username="suzhou-2")
    ent, _, user = listed()
    filing = services.filing_submit(
        actor=user,
        unit=ent,
        year=2024,
        fields=table_fields(energy_per_product={"clinker": 300.0}),
        today=dt.date(2025, 4, 1),
    )
    flag = filing.flags.get()
    results = run_together(
        lambda: services.flag_decide(actor=suzhou_official, flag=flag, confirm=True),
        lambda: services.flag_decide(actor=second, flag=flag, confirm=False, note="已核实"),
    )
    assert sum(isinstance(r, QualityFlag) for r in results) == 1
    assert sum(isinstance(r, ConflictError) for r in results) == 1
    flag.refresh_from_db()
    assert flag.status in ("confirmed", "cleared")


def test_removal_decided_twice_at_once_removes_once(
    listed: Any, suzhou_official: Any, national_official: Any, make_user: Any
) -> None:
    second = make_user(Role.NATIONAL, username="miit-2")
    _ent, listing, _ = listed(level=ListLevel.NATIONAL)
    proposal = services.removal_propose(
        actor=suzhou_official,
        listing=listing,
        rule=RemovalRule.VETO_EVENT,
        data_year=2024,
        reason="偷税。",
    )
    results = run_together(
        lambda: services.removal_decide(actor=national_official, proposal=proposal, approve=True),
        lambda: services.removal_decide(actor=second, proposal=proposal, approve=True),
    )
    assert sum(isinstance(r, RemovalProposal) for r in results) == 1
    assert sum(isinstance(r, ConflictError) for r in results) == 1
    assert Removal.objects.count() == 1
