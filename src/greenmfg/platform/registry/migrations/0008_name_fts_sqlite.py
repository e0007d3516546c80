"""SQLite's name index for the public list search: an FTS5 trigram table per searched
names table (enterprises, parks, products), its triggers, and its rows filled from the
names stored (:mod:`greenmfg.platform.registry.name_index`).  PostgreSQL has its trigram
GIN indexes (``0007``) and is left as it is."""

from __future__ import annotations

from typing import Any

from django.db import migrations

from greenmfg.platform.registry import name_index


def create(apps: Any, schema_editor: Any) -> None:
    name_index.create(schema_editor.connection)


def drop(apps: Any, schema_editor: Any) -> None:
    name_index.drop(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("registry", "0007_name_trigram_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
