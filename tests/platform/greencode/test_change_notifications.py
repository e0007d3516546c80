"""An enterprise's users are told (inbox, and so e-mail) when its green code is new or
changes; an unchanged code on re-grading tells nobody again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from greenmfg.core.domain import Role
from greenmfg.platform.greencode.models import GreenCode
from greenmfg.platform.greencode.services import green_codes_grade
from greenmfg.platform.workflow.models import Notification

YEAR = 2024


def test_new_and_changed_codes_are_notified(population: Any, make_user: Callable[..., Any]) -> None:
    units, inputs = population(graded=20)
    top_unit = units[0]
    user = make_user(Role.ENTERPRISE, enterprise=top_unit, username="top")
    run = green_codes_grade(actor=None, year=YEAR, units=units, inputs=inputs)
    code = GreenCode.objects.get(run=run, enterprise=top_unit)
    first = list(Notification.objects.filter(user=user))
    assert len(first) == 1
    assert f"{YEAR} 年度企业绿码为 {code.get_grade_display()}" in first[0].message
    assert "此前" not in first[0].message  # a first code

    # Same inputs again: same grade, nobody is told twice.
    green_codes_grade(actor=None, year=YEAR, units=units, inputs=inputs)
    assert Notification.objects.filter(user=user).count() == 1

    # The best unit's metrics collapse: its grade falls from A+ and its user is told so.
    best = GreenCode.objects.get(run__current=True, year=YEAR, rank_overall=1).enterprise
    best_user = make_user(Role.ENTERPRISE, enterprise=best, username="best")
    worst = [
        type(i)(
            uscc=i.uscc,
            industry=i.industry,
            filed=i.filed,
            abnormal=i.abnormal,
            metrics={k: (0.0 if i.uscc == best.uscc else v) for k, v in i.metrics.items()},
        )
        for i in inputs
    ]
    run3 = green_codes_grade(actor=None, year=YEAR, units=units, inputs=worst)
    assert GreenCode.objects.get(run=run3, enterprise=best).grade != "A+"
    told = list(Notification.objects.filter(user=best_user))
    assert len(told) == 1 and "此前为 A+" in told[0].message
