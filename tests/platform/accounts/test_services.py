"""Creating accounts and registry units through the services: clear errors, nothing half-written."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from greenmfg.core.domain import ListLevel, Role, UnitKind
from greenmfg.core.errors import DuplicateError
from greenmfg.platform.accounts.services import user_create
from greenmfg.platform.registry.models import Enterprise, Listing
from greenmfg.platform.registry.services import (
    enterprise_create,
    enterprise_update,
    listing_create,
    listing_remove,
    park_create,
)
from tests.platform.conftest import PASSWORD, make_uscc

pytestmark = pytest.mark.django_db


def test_duplicate_enterprise_is_refused_with_a_clear_error(make_enterprise: Any) -> None:
    first = make_enterprise(name="苏州甲厂")
    with pytest.raises(DuplicateError) as err:
        enterprise_create(
            actor=None, uscc=first.uscc.lower(), name="另一家", adcode="320500", industry="3011"
        )
    assert first.uscc in str(err.value) and "苏州甲厂" in str(err.value)
    assert Enterprise.objects.count() == 1


def test_invalid_credit_code_names_the_expected_check_character() -> None:
    good = make_uscc("320500")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    with pytest.raises(ValidationError) as err:
        enterprise_create(actor=None, uscc=bad, name="甲", adcode="320500", industry="3011")
    assert repr(good[-1]) in str(err.value)
    assert not Enterprise.objects.exists()


@pytest.mark.parametrize(
    ("field", "value"),
    [("adcode", "320000"), ("adcode", "999900"), ("adcode", "32050"), ("industry", "9999")],
)
def test_unknown_region_or_industry_is_refused(field: str, value: str) -> None:
    kwargs = {"adcode": "320500", "industry": "3011", field: value}
    with pytest.raises(ValidationError) as err:
        enterprise_create(actor=None, uscc=make_uscc("320500"), name="甲", **kwargs)
    assert field in err.value.message_dict
    assert not Enterprise.objects.exists()


def test_authority_registers_only_in_its_region(suzhou_official: Any) -> None:
    created = enterprise_create(
        actor=suzhou_official,
        uscc=make_uscc("320500"),
        name="苏州甲厂",
        adcode="320500",
        industry="3011",
    )
    assert created.pk
    with pytest.raises(PermissionDenied):
        enterprise_create(
            actor=suzhou_official,
            uscc=make_uscc("320200"),
            name="无锡乙厂",
            adcode="320200",
            industry="3011",
        )


def test_listing_must_match_its_kind(make_enterprise: Any, make_park: Any) -> None:
    enterprise = make_enterprise()
    with pytest.raises(ValueError, match="park listing cannot name a Enterprise"):
        listing_create(
            actor=None,
            kind=UnitKind.PARK,
            level=ListLevel.NATIONAL,
            year=2023,
            unit=enterprise,
            listed_on=dt.date(2023, 12, 1),
        )


def test_duplicate_listing_is_refused(make_enterprise: Any, make_listing: Any) -> None:
    enterprise = make_enterprise()
    make_listing(enterprise, year=2023)
    with pytest.raises(DuplicateError):
        make_listing(enterprise, year=2023)
    make_listing(enterprise, year=2023, level=ListLevel.PROVINCIAL)  # another list is fine
    assert Listing.objects.count() == 2


def test_listing_records_region_and_authority(make_enterprise: Any, make_listing: Any) -> None:
    enterprise = make_enterprise(adcode="320500")
    municipal = make_listing(enterprise, level=ListLevel.MUNICIPAL, year=2020)
    provincial = make_listing(enterprise, level=ListLevel.PROVINCIAL, year=2021)
    national = make_listing(enterprise, level=ListLevel.NATIONAL, year=2022)
    assert [x.adcode for x in (municipal, provincial, national)] == ["320500"] * 3
    assert [x.authority_adcode for x in (municipal, provincial, national)] == [
        "320500",
        "320000",
        "",
    ]


def test_only_the_list_keeper_lists(
    make_enterprise: Any, suzhou_official: Any, wuxi_official: Any, jiangsu_official: Any
) -> None:
    enterprise = make_enterprise(adcode="320500")
    kwargs = {
        "kind": UnitKind.FACTORY,
        "year": 2023,
        "unit": enterprise,
        "listed_on": dt.date(2023, 5, 1),
    }
    listing_create(actor=suzhou_official, level=ListLevel.MUNICIPAL, **kwargs)
    with pytest.raises(PermissionDenied):
        listing_create(actor=wuxi_official, level=ListLevel.MUNICIPAL, **{**kwargs, "year": 2024})
    with pytest.raises(PermissionDenied):
        listing_create(actor=suzhou_official, level=ListLevel.PROVINCIAL, **kwargs)
    listing_create(actor=jiangsu_official, level=ListLevel.PROVINCIAL, **kwargs)


def test_removal_needs_a_reason_and_a_later_date(make_enterprise: Any, make_listing: Any) -> None:
    listing = make_listing(make_enterprise(), year=2023, listed_on=dt.date(2023, 12, 1))
    with pytest.raises(ValidationError):
        listing_remove(actor=None, listing=listing, removed_on=dt.date(2024, 1, 1), reason=" ")
    with pytest.raises(ValidationError):
        listing_remove(actor=None, listing=listing, removed_on=dt.date(2023, 1, 1), reason="x")
    listing.refresh_from_db()
    assert listing.removed_on is None


def test_relocation_moves_the_listings_region(make_enterprise: Any, make_listing: Any) -> None:
    enterprise = make_enterprise(adcode="320500")
    listing = make_listing(enterprise)
    enterprise_update(actor=None, enterprise=enterprise, adcode="320200")
    listing.refresh_from_db()
    assert listing.adcode == "320200"


def test_duplicate_park_is_refused(make_park: Any) -> None:
    park = make_park()
    with pytest.raises(DuplicateError):
        park_create(actor=None, uscc=park.uscc, name="x", adcode="320500", park_level="provincial")


def test_user_links_must_fit_the_role(make_enterprise: Any) -> None:
    with pytest.raises(ValidationError) as err:
        user_create(actor=None, username="e1", password=PASSWORD, role=Role.ENTERPRISE)
    assert "enterprise" in err.value.message_dict
    with pytest.raises(ValidationError):
        user_create(
            actor=None,
            username="m1",
            password=PASSWORD,
            role=Role.MUNICIPAL,
            adcode="320500",
            enterprise=make_enterprise(),
        )


def test_only_admins_create_accounts(suzhou_official: Any) -> None:
    with pytest.raises(PermissionDenied):
        user_create(actor=suzhou_official, username="x", password=PASSWORD, role=Role.EXPERT)


def test_weak_password_is_refused() -> None:
    with pytest.raises(ValidationError):
        user_create(actor=None, username="weak", password="12345678", role=Role.EXPERT)


def test_every_registry_write_leaves_an_audit_event(
    suzhou_official: Any, jiangsu_official: Any
) -> None:
    from greenmfg.platform.registry.models import RegistryEvent

    enterprise = enterprise_create(
        actor=suzhou_official,
        uscc=make_uscc("320500"),
        name="苏州甲厂",
        adcode="320500",
        industry="3011",
    )
    listing = listing_create(
        actor=jiangsu_official,
        kind=UnitKind.FACTORY,
        level=ListLevel.PROVINCIAL,
        year=2023,
        unit=enterprise,
        listed_on=dt.date(2023, 6, 1),
    )
    listing_remove(
        actor=jiangsu_official, listing=listing, removed_on=dt.date(2024, 6, 1), reason="复核不合格"
    )
    events = list(RegistryEvent.objects.order_by("pk"))
    assert [(e.action, e.actor_name, e.uscc) for e in events] == [
        ("enterprise.create", "suzhou", enterprise.uscc),
        ("listing.create", "jiangsu", enterprise.uscc),
        ("listing.remove", "jiangsu", enterprise.uscc),
    ]
    assert events[2].detail == {"removed_on": "2024-06-01", "reason": "复核不合格"}


def test_a_refused_write_leaves_no_event(make_enterprise: Any) -> None:
    from greenmfg.platform.registry.models import RegistryEvent

    first = make_enterprise()
    before = RegistryEvent.objects.count()
    with pytest.raises(DuplicateError):
        enterprise_create(actor=None, uscc=first.uscc, name="x", adcode="320500", industry="3011")
    assert RegistryEvent.objects.count() == before


@pytest.mark.parametrize(
    ("role", "adcode"),
    [
        (Role.MUNICIPAL, "999900"),  # no such province
        (Role.MUNICIPAL, "320000"),  # a province, not a city
        (Role.PROVINCIAL, "320500"),  # a city, not a province
        (Role.PROVINCIAL, ""),
        (Role.EXPERT, "999900"),  # a home region, if given, must exist
    ],
)
def test_account_region_must_fit_the_role(role: Role, adcode: str) -> None:
    with pytest.raises(ValidationError) as err:
        user_create(actor=None, username="x", password=PASSWORD, role=role, adcode=adcode)
    assert "adcode" in err.value.message_dict


def test_a_home_region_does_not_scope_other_roles(make_user: Any, make_enterprise: Any) -> None:
    from greenmfg.platform.accounts.scoping import region_q

    make_enterprise(adcode="320500")
    expert = make_user(Role.EXPERT, "320500")
    assert expert.adcode == "320500"
    assert Enterprise.objects.filter(region_q(expert)).count() == 0
