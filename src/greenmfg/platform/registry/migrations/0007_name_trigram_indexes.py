"""Trigram indexes (PostgreSQL ``pg_trgm``, GIN) on the names the public list search looks
in: enterprises, parks and products.  The search's ``icontains`` is ``UPPER(name) LIKE
UPPER('%…%')``, which these indexes serve.  Other databases are left as they are (SQLite
searches each names table on its own, see ``registry.selectors.name_q``)."""

from __future__ import annotations

from typing import Any

from django.db import migrations

TABLES = ("registry_enterprise", "registry_park", "registry_product")


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table in TABLES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{table}_name_trgm" ON "{table}" '
            'USING gin ((UPPER("name"::text)) gin_trgm_ops)'
        )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f'DROP INDEX IF EXISTS "{table}_name_trgm"')


class Migration(migrations.Migration):
    dependencies = [("registry", "0006_event_audit_chain")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
