from typing import Any

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _repair_name_index(using: str = "default", **kwargs: Any) -> None:
    """Put back the triggers of SQLite's name index where ``migrate`` rebuilt a table."""
    from greenmfg.platform.registry import name_index

    name_index.ensure(connections[using])


class RegistryConfig(AppConfig):
    name = "greenmfg.platform.registry"
    label = "registry"

    def ready(self) -> None:
        post_migrate.connect(_repair_name_index, sender=self)
