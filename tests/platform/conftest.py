"""Factories for platform tests: they build state through the real services.

Region codes used across the platform tests (GB/T 2260):
320500 Suzhou 苏州 and 320200 Wuxi 无锡 (Jiangsu 江苏 320000), 330100 Hangzhou 杭州
(Zhejiang 浙江 330000).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from typing import Any

import pytest

from greenmfg.core.domain import ListLevel, Role, UnitKind

USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
PASSWORD = "Gm-test-pass-2025!"

_serial = itertools.count(1)


@pytest.fixture(autouse=True)
def _default_language() -> Any:
    """Each test starts and ends in the platform's default language (zh-Hans): a test that
    activates English (``translation.activate``) must not change what the next test in the
    same worker reads."""
    from django.utils import translation

    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fast_password_hashing(request: pytest.FixtureRequest, settings: Any) -> None:
    """Argon2 is deliberately slow and these tests create many accounts, so they hash with
    a fast hasher; a test marked ``argon2`` keeps the production hashers."""
    if request.node.get_closest_marker("argon2") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _generous_rate_limits(request: pytest.FixtureRequest, settings: Any) -> Any:
    """Tests make many requests from one address in a second: they run with high API,
    objection and login limits and an empty cache; a test marked ``throttle`` keeps the
    production limits."""
    from django.core.cache import cache, caches

    cache.clear()
    caches["local"].clear()
    if request.node.get_closest_marker("throttle") is None:
        settings.GREENMFG_API_RATE_ANON = "100000/min"
        settings.GREENMFG_API_RATE_TOKEN = "100000/min"
        settings.GREENMFG_OBJECTION_RATE = "100000/hour"
        settings.GREENMFG_LOGIN_IP_LIMIT = 100000
        settings.GREENMFG_LOGIN_ACCOUNT_LIMIT = 100000
    yield
    cache.clear()
    caches["local"].clear()


def make_uscc(adcode: str = "320500", serial: int | None = None) -> str:
    """A valid unified social credit code (GB 32100-2015) registered in ``adcode``.

    The organisation code (GB 11714) and the final check character are computed, so the
    code passes the core's validation.
    """
    n = next(_serial) if serial is None else serial
    body8 = f"{n:08d}"
    org_check = 11 - sum(int(c) * w for c, w in zip(body8, ORG_WEIGHTS, strict=True)) % 11
    org = body8 + ("X" if org_check == 10 else "0" if org_check == 11 else str(org_check))
    head = f"91{adcode}{org}"
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(head, USCC_WEIGHTS, strict=True))
    check = (31 - total % 31) % 31
    return head + USCC_CHARS[check]


@pytest.fixture
def make_enterprise(db: Any) -> Callable[..., Any]:
    from greenmfg.platform.registry.services import enterprise_create

    def factory(*, adcode: str = "320500", name: str | None = None, **kw: Any) -> Any:
        uscc = kw.pop("uscc", None) or make_uscc(adcode)
        return enterprise_create(
            actor=None,
            uscc=uscc,
            name=name or f"Enterprise {uscc[-6:]}",
            adcode=adcode,
            industry=kw.pop("industry", "3011"),
            **kw,
        )

    return factory


@pytest.fixture
def make_park(db: Any) -> Callable[..., Any]:
    from greenmfg.platform.registry.services import park_create

    def factory(*, adcode: str = "320500", name: str | None = None, **kw: Any) -> Any:
        uscc = kw.pop("uscc", None) or make_uscc(adcode)
        return park_create(
            actor=None,
            uscc=uscc,
            name=name or f"Park {uscc[-6:]}",
            adcode=adcode,
            park_level=kw.pop("park_level", "national_etdz"),
        )

    return factory


@pytest.fixture
def make_listing(db: Any) -> Callable[..., Any]:
    from greenmfg.platform.registry.services import listing_create

    def factory(
        unit: Any,
        *,
        kind: UnitKind | str = UnitKind.FACTORY,
        level: ListLevel | str = ListLevel.NATIONAL,
        year: int = 2023,
        **kw: Any,
    ) -> Any:
        return listing_create(
            actor=None,
            kind=kind,
            level=level,
            year=year,
            unit=unit,
            listed_on=kw.pop("listed_on", dt.date(year, 12, 1)),
            batch=kw.pop("batch", f"{year}"),
        )

    return factory


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    from greenmfg.platform.accounts.services import user_create
    from greenmfg.platform.registry.services import institution_create

    def factory(role: Role | str, adcode: str = "", **kw: Any) -> Any:
        role = Role(role)
        if role is Role.EVALUATOR and "institution" not in kw:
            kw["institution"] = institution_create(
                actor=None,
                name=f"Institution {next(_serial)}",
                uscc=make_uscc("110000"),
                legal_representative="张三",
                adcode="110000",
                staff_total=20,
                evaluators=8,
            )
        return user_create(
            actor=None,
            username=kw.pop("username", f"{role.value}-{next(_serial)}"),
            password=kw.pop("password", PASSWORD),
            role=role,
            adcode=adcode,
            **kw,
        )

    return factory


@pytest.fixture
def suzhou_official(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.MUNICIPAL, "320500", username="suzhou")


@pytest.fixture
def wuxi_official(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.MUNICIPAL, "320200", username="wuxi")


@pytest.fixture
def jiangsu_official(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.PROVINCIAL, "320000", username="jiangsu")


@pytest.fixture
def national_official(make_user: Callable[..., Any]) -> Any:
    return make_user(Role.NATIONAL, username="miit")


@pytest.fixture
def engage(db: Any) -> Callable[..., Any]:
    """Grant an evaluator's institution access to an enterprise (an engagement)."""
    from greenmfg.platform.evaluations.engagements import engagement_grant

    def factory(enterprise: Any, evaluator: Any, purpose: str = "第三方评价") -> Any:
        return engagement_grant(
            actor=None, enterprise=enterprise, institution=evaluator.institution, purpose=purpose
        )

    return factory
