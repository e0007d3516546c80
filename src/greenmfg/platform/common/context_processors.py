from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from greenmfg.platform.common.navigation import nav_items_for, nav_menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    role = getattr(user, "role", None) if user is not None and user.is_authenticated else None
    # the menu is the same for everyone of a role: base.html caches it per role, language
    # and current page (``nav_role``), so it is built only when that fragment is missing
    return {
        "nav_items": SimpleLazyObject(lambda: nav_items_for(role)),
        "nav_menu": SimpleLazyObject(lambda: nav_menu_for(role)),
        "nav_role": role or "",
    }
