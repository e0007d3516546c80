"""Collect a named attribute from an optional module of every greenmfg app."""

from __future__ import annotations

import importlib
import importlib.util
from typing import Any

from django.apps import apps


def collect(module: str, attribute: str) -> list[Any]:
    """Every item of ``<app>.<module>.<attribute>`` over the installed greenmfg apps."""
    items: list[Any] = []
    for config in apps.get_app_configs():
        if not config.name.startswith("greenmfg.platform."):
            continue
        module_name = f"{config.name}.{module}"
        if importlib.util.find_spec(module_name) is None:
            continue
        items.extend(getattr(importlib.import_module(module_name), attribute, ()))
    return items
