"""Bulk submission (the demo build, the platform's imports) stores exactly what one
submission at a time stores: same tables, statuses, flags (identical figures across
units included) and the same refusals — in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from greenmfg.core.domain import UnitKind
from greenmfg.core.supervision import calendar as cal
from greenmfg.platform.registry.demo_data import load_demo_data
from greenmfg.platform.registry.models import Enterprise
from greenmfg.platform.supervision import services
from greenmfg.platform.supervision.demo import _inputs_bulk
from greenmfg.platform.supervision.models import DynamicFiling

pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


def _snapshot(year: int) -> list[Any]:
    rows = []
    for f in DynamicFiling.objects.filter(year__in=[year - 1, year]).select_related("enterprise"):
        flags = sorted((q.code, q.field, q.severity, q.reason, q.status) for q in f.flags.all())
        rows.append(
            (
                f.enterprise.uscc,
                f.year,
                f.status,
                f.data,
                f.fingerprint,
                f.submitted_late,
                f.late_reason,
                f.due_on,
                f.submitted_at.date() if f.submitted_at else None,
                f.listing_id,
                flags,
            )
        )
    return sorted(rows, key=lambda r: (r[0], r[1]))


def _submissions(dataset: Any) -> tuple[int, list[Any], list[Any]]:
    by_key = {(f["enterprise"]["uscc"], int(f["year"])): f for f in dataset.filings}
    year = max(y for _u, y in by_key)
    ents = list(Enterprise.objects.filter(uscc__in={u for u, y in by_key if y == year}))
    listings = services.active_listings_of(ents, year)
    listed = [
        e
        for e in sorted(ents, key=lambda e: e.uscc)
        if e.pk in listings and listings[e.pk].kind in (UnitKind.FACTORY, UnitKind.SUPPLY_CHAIN)
    ][:60]
    prev_inputs = _inputs_bulk(listed, year - 1, by_key)
    prev = [
        services.Submission(
            unit=e,
            fields=prev_inputs[e.pk][0],
            metrics=prev_inputs[e.pk][1],
            today=cal.filing_deadline(year - 1, e.adcode) - dt.timedelta(days=3),
        )
        for e in listed
        if e.pk in prev_inputs
    ]
    inputs = _inputs_bulk(listed, year, by_key)
    subs = []
    for i, e in enumerate(listed):
        fields, metrics = inputs[e.pk]
        due = cal.filing_deadline(year, e.adcode)
        if i in (3, 4):  # two units with the very same figures: 数据雷同
            fields, metrics = inputs[listed[2].pk]
        late = i % 7 == 0
        subs.append(
            services.Submission(
                unit=e,
                fields=fields,
                metrics=metrics,
                today=due + dt.timedelta(days=5) if late else due - dt.timedelta(days=2),
                late_reason="系统切换 (system change)" if late and i != 14 else "",
            )
        )
    unlisted = Enterprise.objects.exclude(pk__in=[e.pk for e in listed]).exclude(
        listings__isnull=False
    )
    subs.append(
        services.Submission(unit=unlisted.first(), fields={}, today=dt.date(year + 1, 3, 1))
    )
    return year, prev, subs


def test_bulk_submission_equals_one_at_a_time() -> None:
    dataset = load_demo_data(seed=3, scale=0.01, stdout=io.StringIO())
    year, prev, subs = _submissions(dataset)
    errors_single: dict[int, str] = {}
    try:
        with transaction.atomic():
            for group, y in ((prev, year - 1), (subs, year)):
                for i, sub in enumerate(group):
                    try:
                        services.filing_submit(
                            actor=None,
                            unit=sub.unit,
                            year=y,
                            fields=sub.fields,
                            metrics=sub.metrics,
                            today=sub.today,
                            late_reason=sub.late_reason,
                        )
                    except Exception as err:
                        if y == year:
                            errors_single[i] = f"{type(err).__name__}: {err}"
            single = _snapshot(year)
            raise _Rollback
    except _Rollback:
        pass
    assert not DynamicFiling.objects.exists()
    services.filings_submit_bulk(actor=None, year=year - 1, submissions=prev)
    with CaptureQueriesContext(connection) as queries:
        done = services.filings_submit_bulk(actor=None, year=year, submissions=subs)
    bulk = _snapshot(year)
    assert bulk == single
    assert {i: f"{type(e).__name__}: {e}" for i, e in done.refused.items()} == errors_single
    assert {type(e).__name__ for e in done.refused.values()} >= {
        "DeadlinePassedError",
        "NotListedError",
    }
    identical = [r for r in bulk if any(f[0] == "identical_figures" for f in r[-1])]
    assert len(identical) >= 2
    assert len(queries.captured_queries) < 40, len(queries.captured_queries)
