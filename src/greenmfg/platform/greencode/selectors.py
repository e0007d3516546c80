"""Reads of the green code (public verification, API, unit page, dashboards)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from greenmfg.platform.accounts.scoping import region_q
from greenmfg.platform.greencode.models import GradingRun, GreenCode, NoCode

NOT_FOUND_MESSAGE = "No valid green code is registered under this credit code."


def code_for_uscc(*, uscc: str, today: dt.date | None = None) -> GreenCode:
    """The unit's current green code (latest data year whose code is valid today).

    Public: an unknown, malformed or code-less credit code raises the same 404 with the
    same message, so the answer never reveals whether the unit exists or why it has no
    code.
    """
    today = today or timezone.localdate()
    code = (
        GreenCode.objects.select_related("enterprise", "run")
        .filter(
            enterprise__uscc=uscc.strip().upper(),
            current=True,
            valid_from__lte=today,
            valid_until__gte=today,
        )
        .order_by("-year")
        .first()
    )
    if code is None:
        raise Http404(_(NOT_FOUND_MESSAGE))
    return code


def code_history(*, enterprise_id: int) -> QuerySet[GreenCode]:
    """Every year's current code of one unit, newest first (the grade history)."""
    return GreenCode.objects.filter(enterprise_id=enterprise_id, current=True).order_by("-year")


def latest_code(*, enterprise_id: int) -> GreenCode | None:
    return code_history(enterprise_id=enterprise_id).first()


def current_run(*, year: int | None = None) -> GradingRun | None:
    runs = GradingRun.objects.filter(current=True)
    if year is not None:
        runs = runs.filter(year=year)
    return runs.order_by("-year").first()


def grade_distribution(*, actor: Any, year: int, adcode_prefix: str = "") -> dict[str, int]:
    """Counts of A+ / A / B in ``year`` inside the actor's region (and the prefix)."""
    rows = (
        GreenCode.objects.filter(region_q(actor), year=year, current=True)
        .filter(adcode__startswith=adcode_prefix)
        .values("grade")
        .annotate(n=Count("pk"))
    )
    counts = {r["grade"]: r["n"] for r in rows}
    return {g: counts.get(g, 0) for g in ("A+", "A", "B")}


def own_code(*, enterprise_id: int, today: dt.date | None = None) -> GreenCode | None:
    """The enterprise's code valid today (for its own account; the public reads
    :func:`code_for_uscc`)."""
    today = today or timezone.localdate()
    return (
        GreenCode.objects.select_related("enterprise", "run")
        .filter(
            enterprise_id=enterprise_id, current=True, valid_from__lte=today, valid_until__gte=today
        )
        .order_by("-year")
        .first()
    )


def own_no_code(*, enterprise_id: int) -> NoCode | None:
    """Why the enterprise got no code in the latest current grading run that considered it
    (for its own account only: the public page never says why)."""
    return (
        NoCode.objects.select_related("run")
        .filter(enterprise_id=enterprise_id, run__current=True)
        .order_by("-run__year")
        .first()
    )


def codes_graded_since(*, enterprise_id: int, since: dt.datetime) -> QuerySet[GreenCode]:
    return GreenCode.objects.filter(
        enterprise_id=enterprise_id, current=True, run__graded_at__gt=since
    ).select_related("run")
