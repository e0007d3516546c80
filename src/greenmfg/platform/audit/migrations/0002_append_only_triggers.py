"""On PostgreSQL, refuse UPDATE and DELETE on the audit tables (append-only).

A row-level trigger raises on every UPDATE or DELETE of an audit row, whoever issues it
(the admin, a shell, a raw SQL client).  The database owner can still disable triggers;
that is what the seals, heads and signed checkpoints are for.
"""

from typing import Any

from django.db import migrations

AUDIT_TABLES = (
    ("workflow", "AuditRecord"),
    ("filings", "FilingEvent"),
    ("registry", "RegistryEvent"),
    ("supervision", "SupervisionEvent"),
    ("audit", "Checkpoint"),
)

FUNCTION = """
CREATE OR REPLACE FUNCTION greenmfg_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'greenmfg: % on % refused: audit rows are append-only', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$;
"""


def _tables(apps: Any) -> list[str]:
    return [apps.get_model(app, model)._meta.db_table for app, model in AUDIT_TABLES]


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    for table in _tables(apps):
        schema_editor.execute(
            f'CREATE TRIGGER greenmfg_append_only BEFORE UPDATE OR DELETE ON "{table}" '
            "FOR EACH ROW EXECUTE FUNCTION greenmfg_audit_append_only()"
        )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in _tables(apps):
        schema_editor.execute(f'DROP TRIGGER IF EXISTS greenmfg_append_only ON "{table}"')
    schema_editor.execute("DROP FUNCTION IF EXISTS greenmfg_audit_append_only()")


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_chain_heads_checkpoints"),
        ("workflow", "0006_audit_chain_heads_and_seals"),
        ("filings", "0003_audit_chain"),
        ("registry", "0006_event_audit_chain"),
        ("supervision", "0003_event_audit_chain"),
    ]

    operations = [migrations.RunPython(create, drop)]
