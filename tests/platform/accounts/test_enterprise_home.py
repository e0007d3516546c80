"""The enterprise home (我的工作台): to-dos with deadlines, its green code with QR and
grade history, the last filing's key figures and what changed since the last visit
(issue 13)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from greenmfg.core.domain import Role
from tests.platform.workflow.conftest import make_round, today  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def _code_year(on: dt.date) -> int:
    """A data year whose code is valid on ``on`` (codes of year Y run from 15 May of Y + 1)."""
    return on.year - 1 if on >= dt.date(on.year, 5, 15) else on.year - 2


def _graded_factory(
    make_enterprise: Callable[..., Any], make_listing: Callable[..., Any], year: int
) -> Any:
    """A national green factory with a green code of ``year`` (graded among 20 peers)."""
    from greenmfg.platform.greencode.services import green_codes_grade
    from tests.platform.greencode.conftest import build_population

    units, inputs = build_population(make_enterprise, make_listing, graded=20)
    green_codes_grade(actor=None, year=year, units=units, inputs=inputs)
    return units[0]


def test_the_enterprise_sees_its_own_green_code_with_qr_and_history(
    make_enterprise: Callable[..., Any],
    make_listing: Callable[..., Any],
    make_user: Callable[..., Any],
) -> None:
    year = _code_year(timezone.localdate())
    ent = _graded_factory(make_enterprise, make_listing, year)
    user = make_user(Role.ENTERPRISE, enterprise=ent)
    client = Client()
    client.force_login(user)
    html = client.get(reverse("accounts:home")).content.decode()
    assert 'data-testid="home-green-code"' in html
    assert 'data-testid="home-grade"' in html and 'data-testid="home-qr"' in html
    assert reverse("greencode:qr", kwargs={"uscc": ent.uscc}) in html
    assert 'data-testid="home-grade-history"' in html
    # and the public verification answers for it
    assert client.get(reverse("greencode:verify", kwargs={"uscc": ent.uscc})).status_code == 200


def test_an_enterprise_without_a_code_is_told_why(
    make_enterprise: Callable[..., Any],
    make_listing: Callable[..., Any],
    make_user: Callable[..., Any],
) -> None:
    from greenmfg.platform.greencode.services import green_codes_grade
    from tests.platform.greencode.conftest import build_population

    year = _code_year(timezone.localdate())
    units, inputs = build_population(make_enterprise, make_listing, graded=20, nonfilers=1)
    green_codes_grade(actor=None, year=year, units=units, inputs=inputs)
    client = Client()
    client.force_login(make_user(Role.ENTERPRISE, enterprise=units[-1]))
    html = client.get(reverse("accounts:home")).content.decode()
    assert 'data-testid="home-no-code"' in html and "未完成年度动态管理填报" in html


def test_todos_carry_the_provinces_deadline_and_changes_show_since_the_last_visit(
    make_enterprise: Callable[..., Any],
    make_listing: Callable[..., Any],
    make_user: Callable[..., Any],
    make_round: Callable[..., Any],  # noqa: F811
    suzhou_official: Any,
) -> None:
    """A listed unit that has not filed: the dynamic management table is due on the
    national date (15 April, Measures Art. 16) in Jiangsu, on 30 March in Heilongjiang
    (its implementation rules); a draft application is due by the round's deadline.  A
    decision taken after the visit is listed as a change at the next visit."""
    from greenmfg.core.workflow.machine import State
    from greenmfg.platform.workflow import services as s

    now = timezone.localdate()
    suzhou = make_enterprise(adcode="320500", name="苏州待填报工厂")
    make_listing(suzhou, year=2022)
    harbin = make_enterprise(adcode="230100", name="哈尔滨待填报工厂")
    make_listing(harbin, year=2022)
    user = make_user(Role.ENTERPRISE, enterprise=suzhou)
    rnd = make_round()
    app = s.application_create(
        actor=user,
        round=rnd,
        enterprise=suzhou,
        evaluation_reference="EV-1",
        evaluation_hash="d" * 64,
    )
    client = Client()
    client.force_login(user)
    html = client.get(reverse("accounts:home")).content.decode()
    last = now.year - 1
    assert f"{last}年度动态管理表" in html or f"File the {last} dynamic" in html
    assert f"{now.year}-04-15" in html  # the table of last year, national date
    deadline = s.round_date(rnd, "application_deadline", "320500").date
    assert f"#{app.pk}" in html and deadline.isoformat() in html
    other = Client()
    other.force_login(make_user(Role.ENTERPRISE, enterprise=harbin))
    assert f"{now.year}-03-30" in other.get(reverse("accounts:home")).content.decode()

    # the official acts after the visit; the next session lists it
    s.application_submit(actor=user, application=app)
    client.get(reverse("accounts:home"))
    s.application_transition(actor=suzhou_official, application=app, to=State.MUNICIPAL_REVIEW)
    client.logout()
    client.force_login(user)
    html = client.get(reverse("accounts:home")).content.decode()
    assert 'data-testid="home-change"' in html and "市级审核" in html
