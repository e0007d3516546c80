"""The menu bar: every role's entries resolve, groups keep the bar short, labels are Chinese."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from greenmfg.core.domain import Role
from greenmfg.platform.common.navigation import NAV_GROUPS, NavItem, nav_menu_for

ROLES: list[str | None] = [None, *(r.value for r in Role)]
MAX_TOP_LEVEL_ENTRIES = 9


@pytest.mark.parametrize("role", ROLES)
def test_every_entry_resolves_and_the_bar_stays_short(role: str | None) -> None:
    menu = nav_menu_for(role)
    assert menu, f"{role} sees no menu at all"
    assert len(menu) <= MAX_TOP_LEVEL_ENTRIES, [str(e.label) for e in menu]
    for entry in menu:
        for item in entry.items:
            assert reverse(item.url_name)


def test_a_group_with_one_visible_item_is_a_plain_link() -> None:
    for role in ROLES:
        for entry in nav_menu_for(role):
            if not entry.is_group:
                assert entry.label == entry.items[0].label


def test_unknown_group_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown navigation group"):
        NavItem(label="x", url_name="registry:public_list", audience=frozenset(), group="nope")


def test_group_labels_are_translated() -> None:
    with translation.override("zh-hans"):
        labels = {str(label) for label, _ in NAV_GROUPS.values()}
    assert labels == {"名单", "核算与评价", "梯度培育", "动态管理", "核验", "指数与看板"}


@pytest.mark.django_db
def test_official_sees_grouped_drop_downs(client: Client, make_user: Callable[..., Any]) -> None:
    official = make_user(role=Role.MUNICIPAL, adcode="320500")
    client.force_login(official)
    html = client.get(reverse("accounts:home")).content.decode()
    assert 'class="nav-item dropdown"' in html
    assert "动态管理" in html and "梯度培育" in html
