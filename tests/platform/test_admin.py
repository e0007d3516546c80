"""The Django admin: an admin for every app, read-only for everything whose writes must
go through the services (which check permissions and append the audit chains)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.test import Client, RequestFactory
from django.urls import reverse

from greenmfg.core.domain import Role
from greenmfg.platform.accounts.models import User
from greenmfg.platform.filings.models import AnnualFiling, FilingEvent
from greenmfg.platform.registry.models import Listing, RegistryEvent
from tests.platform.filings.conftest import filing_data

pytestmark = pytest.mark.django_db

# The only models an administrator edits in the admin: accounts (user management).
EDITABLE = {User}


def platform_models() -> list[Any]:
    return [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("greenmfg.platform.")
        for model in config.get_models()
    ]


def test_every_platform_model_has_an_admin() -> None:
    missing = [m._meta.label for m in platform_models() if not admin.site.is_registered(m)]
    assert missing == []


def test_every_protected_model_is_read_only(make_user: Callable[..., Any]) -> None:
    root = make_user(Role.ADMIN, username="root")
    assert root.is_superuser
    request = RequestFactory().get("/admin/")
    request.user = root
    for model in platform_models():
        if model in EDITABLE:
            continue
        model_admin = admin.site._registry[model]
        assert model_admin.has_view_permission(request), model
        assert not model_admin.has_add_permission(request), model
        assert not model_admin.has_change_permission(request), model
        assert not model_admin.has_delete_permission(request), model
        assert not model_admin.get_actions(request), model


def test_admin_cannot_delete_a_filing_its_events_or_a_listing(
    client: Client,
    make_user: Callable[..., Any],
    make_enterprise: Callable[..., Any],
    make_listing: Callable[..., Any],
) -> None:
    from greenmfg.platform.filings.services import filing_save

    ent = make_enterprise(adcode="320500")
    user = make_user(Role.ENTERPRISE, enterprise=ent)
    filing = filing_save(actor=user, enterprise=ent, data=filing_data(ent.uscc))
    listing = make_listing(ent)
    event = FilingEvent.objects.get(filing=filing)
    registry_event = RegistryEvent.objects.filter(uscc=ent.uscc).first()
    assert registry_event is not None
    client.force_login(make_user(Role.ADMIN, username="root"))
    for obj in (filing, event, listing, registry_event):
        meta = obj._meta
        change = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
        delete = reverse(f"admin:{meta.app_label}_{meta.model_name}_delete", args=[obj.pk])
        changelist = reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        page = client.get(change)
        assert page.status_code == 200  # shown, read only
        assert 'name="_save"' not in page.content.decode()
        assert client.post(change, {}).status_code == 403
        assert client.get(delete).status_code == 403
        assert client.post(delete, {"post": "yes"}).status_code == 403
        bulk = client.post(
            changelist, {"action": "delete_selected", "_selected_action": [obj.pk], "post": "yes"}
        )
        assert bulk.status_code in (200, 302)
    assert AnnualFiling.objects.filter(pk=filing.pk).exists()
    assert FilingEvent.objects.filter(pk=event.pk).exists()
    assert Listing.objects.filter(pk=listing.pk).exists()
    assert RegistryEvent.objects.filter(pk=registry_event.pk).exists()


def test_every_admin_page_opens(client: Client, make_user: Callable[..., Any]) -> None:
    client.force_login(make_user(Role.ADMIN, username="root"))
    for model in platform_models():
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url
