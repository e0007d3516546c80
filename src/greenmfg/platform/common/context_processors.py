from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from greenmfg.platform.common.navigation import nav_items_for, nav_menu_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    role = getattr(user, "role", None) if user is not None and user.is_authenticated else None
    return {"nav_items": nav_items_for(role), "nav_menu": nav_menu_for(role)}
