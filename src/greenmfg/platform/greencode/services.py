"""Writes of the green code: grading a data year (the only way codes come to exist)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from greenmfg.core.batch.indices import grade_units_batch
from greenmfg.core.domain import Role
from greenmfg.core.errors import InvalidValueError
from greenmfg.core.indices.greencode import GreenCodeInput
from greenmfg.core.indices.methods import GreenCodeMethod, green_code_method
from greenmfg.platform.accounts.scoping import require_role
from greenmfg.platform.greencode import sources
from greenmfg.platform.greencode.models import GradingRun, GreenCode, NoCode
from greenmfg.platform.registry.models import Enterprise


@transaction.atomic
def green_codes_grade(
    *,
    actor: Any,
    year: int,
    units: Sequence[Enterprise] | None = None,
    inputs: Sequence[GreenCodeInput] | None = None,
    method: GreenCodeMethod | None = None,
    data_as_of: dt.date | None = None,
) -> GradingRun:
    """Grade the national green factories of data ``year``.

    ``actor=None`` is the platform (background task, command, demo); a person must be a
    national authority or an administrator.  Without ``units``/``inputs`` they are read
    from the registry and the dynamic management filings (:mod:`.sources`).  The new
    run replaces the year's current run; earlier runs and their codes stay as history.
    """
    if actor is not None:
        require_role(actor, Role.NATIONAL, Role.ADMIN)
    if year < 2016 or year > timezone.now().year:
        raise InvalidValueError(
            where="", field="year", value=year, expected="a data year from 2016 to this year"
        )
    if units is None or inputs is None:
        units, inputs = sources.collect_inputs(year)
    method = method or green_code_method()
    by_uscc = {u.uscc: u for u in units}
    # The batch path (Polars, grade_frame): validates everything before anything is written.
    result = grade_units_batch(inputs, method)

    GradingRun.objects.filter(year=year, current=True).update(current=False)
    GreenCode.objects.filter(year=year, current=True).update(current=False)
    counts = result.grade_counts()
    excluded = result.excluded_counts()
    run = GradingRun(
        year=year,
        method_version=method.version,
        method_status=method.status,
        data_as_of=data_as_of or timezone.localdate(),
        triggered_by=actor,
        population=len(result.results),
        graded=sum(counts.values()),
        counts={str(k): v for k, v in counts.items()},
        excluded={str(k): v for k, v in excluded.items()},
        current=True,
    )
    run.full_clean()
    run.save()
    valid_from = method.valid_from(year + 1)
    valid_until = method.valid_until(year + 1)
    codes: list[GreenCode] = []
    no_codes: list[NoCode] = []
    for r in result.results:
        enterprise = by_uscc[r.uscc]
        if r.grade is None:
            assert r.excluded is not None
            no_codes.append(NoCode(run=run, enterprise=enterprise, reason=r.excluded.value))
            continue
        assert r.score is not None and r.rank_overall is not None and r.overall_size is not None
        assert r.rank_industry is not None and r.industry_size is not None
        codes.append(
            GreenCode(
                run=run,
                enterprise=enterprise,
                year=year,
                industry=r.industry,
                adcode=enterprise.adcode,
                score=round(r.score, 6),
                rank_overall=r.rank_overall,
                overall_size=r.overall_size,
                rank_industry=r.rank_industry,
                industry_size=r.industry_size,
                peer_group=r.peer_group or "",
                grade=r.grade.value,
                valid_from=valid_from,
                valid_until=valid_until,
                method_version=method.version,
                current=True,
            )
        )
    # Bulk insert: every row was built from validated core results and the database
    # constraints re-check grade, score range and validity order.
    GreenCode.objects.bulk_create(codes, batch_size=2000)
    NoCode.objects.bulk_create(no_codes, batch_size=2000)
    green_code_changes_notify(run=run)
    return run


def green_code_changes_notify(*, run: GradingRun) -> int:
    """Tell each graded enterprise's users (inbox, and e-mail where they want it) when its
    green code is new or differs from its previous one; returns how many were told."""
    from greenmfg.platform.accounts.models import User
    from greenmfg.platform.workflow.models import Notification

    previous: dict[int, str] = {}
    for enterprise_id, grade in (
        GreenCode.objects.exclude(run=run)
        .filter(enterprise__in=run.codes.values("enterprise"))
        .order_by("enterprise_id", "year", "run__graded_at")
        .values_list("enterprise_id", "grade")
    ):
        previous[enterprise_id] = grade  # the latest earlier code wins
    changed = {
        code.enterprise_id: code
        for code in run.codes.select_related("enterprise")
        if previous.get(code.enterprise_id) != code.grade
    }
    told = 0
    for user in User.objects.filter(is_active=True, enterprise_id__in=changed):
        assert user.enterprise_id is not None
        code = changed[user.enterprise_id]
        before = previous.get(code.enterprise_id)
        message = (
            f"{code.enterprise.name}：{run.year} 年度企业绿码为 {code.get_grade_display()}"
            + (f"（此前为 {before}）" if before else "")
            + f" / green code {code.get_grade_display()} for {run.year}"
        )
        Notification.objects.get_or_create(
            user=user,
            dedupe_key=f"greencode:{run.pk}:{code.enterprise_id}",
            defaults={"kind": "info", "message": message[:300]},
        )
        told += 1
    return told
