"""Region scope (GB/T 2260) of every role: the filter every selector uses."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from greenmfg.core.domain import Role
from greenmfg.platform.accounts.models import User
from greenmfg.platform.accounts.scoping import (
    in_region,
    own_enterprise_q,
    region_prefix,
    region_q,
    require_role,
    visible_q,
)
from greenmfg.platform.registry.models import Enterprise, Listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_cities(make_enterprise: Any) -> dict[str, Any]:
    return {
        "suzhou": make_enterprise(adcode="320500", name="苏州一厂"),
        "wuxi": make_enterprise(adcode="320200", name="无锡一厂"),
        "hangzhou": make_enterprise(adcode="330100", name="杭州一厂"),
    }


def names(actor: Any) -> set[str]:
    return set(Enterprise.objects.filter(region_q(actor)).values_list("name", flat=True))


def test_municipal_sees_own_city_only(three_cities: Any, suzhou_official: Any) -> None:
    assert names(suzhou_official) == {"苏州一厂"}


def test_provincial_sees_own_province_only(three_cities: Any, jiangsu_official: Any) -> None:
    assert names(jiangsu_official) == {"苏州一厂", "无锡一厂"}


def test_national_and_admin_see_everything(three_cities: Any, make_user: Any) -> None:
    everything = {"苏州一厂", "无锡一厂", "杭州一厂"}
    assert names(make_user(Role.NATIONAL)) == everything
    assert names(make_user(Role.ADMIN)) == everything


def test_other_roles_and_anonymous_see_no_region(three_cities: Any, make_user: Any) -> None:
    enterprise_user = make_user(Role.ENTERPRISE, enterprise=three_cities["suzhou"])
    assert names(enterprise_user) == set()
    assert names(make_user(Role.EXPERT)) == set()
    assert names(make_user(Role.EVALUATOR)) == set()
    assert names(AnonymousUser()) == set()
    assert names(None) == set()


def test_enterprise_user_sees_own_enterprise_through_its_link(
    three_cities: Any, make_user: Any, make_listing: Any
) -> None:
    suzhou = three_cities["suzhou"]
    make_listing(suzhou)
    make_listing(three_cities["wuxi"])
    user = make_user(Role.ENTERPRISE, enterprise=suzhou)
    rows = Listing.objects.filter(visible_q(user, enterprise_field="enterprise"))
    assert [r.enterprise_id for r in rows] == [suzhou.pk]
    assert Listing.objects.filter(own_enterprise_q(make_user(Role.EXPERT))).count() == 0


def test_region_q_follows_relations(
    three_cities: Any, suzhou_official: Any, make_listing: Any
) -> None:
    for enterprise in three_cities.values():
        make_listing(enterprise)
    rows = Listing.objects.filter(region_q(suzhou_official, "enterprise__adcode"))
    assert [r.enterprise.name for r in rows] == ["苏州一厂"]


def test_inactive_account_sees_nothing(three_cities: Any, suzhou_official: Any) -> None:
    suzhou_official.is_active = False
    assert names(suzhou_official) == set()


def test_misconfigured_authority_fails_closed() -> None:
    # Unsaved accounts whose code does not fit the role (the DB refuses to store them).
    assert region_prefix(User(role=Role.MUNICIPAL, adcode="320000")) is None
    assert region_prefix(User(role=Role.MUNICIPAL, adcode="")) is None
    assert region_prefix(User(role=Role.PROVINCIAL, adcode="320500")) is None


def test_in_region_matches_region_q(suzhou_official: Any, jiangsu_official: Any) -> None:
    assert in_region(suzhou_official, "320500")
    assert not in_region(suzhou_official, "320200")
    assert in_region(jiangsu_official, "320200")
    assert not in_region(jiangsu_official, "330100")
    assert not in_region(suzhou_official, "")
    assert not in_region(AnonymousUser(), "320500")


def test_require_role(suzhou_official: Any) -> None:
    assert require_role(suzhou_official, Role.MUNICIPAL, Role.PROVINCIAL) is Role.MUNICIPAL
    with pytest.raises(PermissionDenied):
        require_role(suzhou_official, Role.NATIONAL)
    with pytest.raises(PermissionDenied):
        require_role(AnonymousUser(), Role.NATIONAL)


def test_database_refuses_authority_without_fitting_region(make_user: Any) -> None:
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        make_user(Role.MUNICIPAL, "320000")
    with pytest.raises(ValidationError):
        make_user(Role.PROVINCIAL, "320500")


def test_county_administered_by_province_is_its_own_city(
    make_enterprise: Any, make_user: Any
) -> None:
    make_enterprise(adcode="419001", name="济源一厂")
    make_enterprise(adcode="410100", name="郑州一厂")
    jiyuan = make_user(Role.MUNICIPAL, "419001")
    assert names(jiyuan) == {"济源一厂"}
    assert names(make_user(Role.PROVINCIAL, "410000")) == {"济源一厂", "郑州一厂"}


def test_has_role_scope_label_and_require_in_region(
    suzhou_official: Any, jiangsu_official: Any, national_official: Any
) -> None:
    from greenmfg.platform.accounts.scoping import has_role, require_in_region, scope_label

    assert has_role(suzhou_official, Role.MUNICIPAL, "provincial")
    assert not has_role(suzhou_official, Role.NATIONAL)
    assert not has_role(AnonymousUser(), Role.NATIONAL)
    assert scope_label(suzhou_official) == "320500"
    assert scope_label(jiangsu_official) == "320000"
    assert str(scope_label(national_official)) in ("全国", "All regions")
    require_in_region(jiangsu_official, "320500")
    with pytest.raises(PermissionDenied):
        require_in_region(suzhou_official, "320200")
    assert region_prefix(suzhou_official) == "3205"
    assert region_prefix(jiangsu_official) == "32"
    assert region_prefix(national_official) == ""
