"""The name index of the public list search on SQLite: FTS5 trigram tables.

PostgreSQL serves the search's ``UPPER(name) LIKE '%…%'`` with trigram GIN indexes
(migration ``0007``).  SQLite has no such index; there each searched names table
(enterprises, parks, products) has an FTS5 table with the ``trigram`` tokenizer,
``<table>_name_fts``, whose rowid is the row's id and which triggers keep equal to the
table on every insert, update and delete (``executemany`` of the bulk loaders included).

A search of 3 characters or more looks its words up there (``MATCH`` of the search as one
quoted phrase, so ``"``, ``*``, ``OR`` or ``NEAR(`` are plain text) and keeps the rows the
``LIKE`` of the search also matches: the trigram index finds a superset (it folds the case
of every script, ``LIKE`` of ASCII only), the ``LIKE`` over those few rows makes the result
exactly the one of the scan.  A shorter search (a 2-character word such as 科技) has no
trigram to look up: it scans the names with ``LIKE``, as before (docs/performance.md).

Django rebuilds a SQLite table to alter it, which drops its triggers: after every
``migrate`` :func:`ensure` puts back any trigger that is missing and refills the index.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import connections
from django.db.models import Model, QuerySet
from django.db.models.expressions import RawSQL

TABLES = ("registry_enterprise", "registry_park", "registry_product")
M = TypeVar("M", bound=Model)
MIN_LENGTH = 3
"""The shortest search the trigram index serves (one trigram)."""


def fts_table(table: str) -> str:
    return f"{table}_name_fts"


def _triggers(table: str) -> dict[str, str]:
    fts = fts_table(table)
    return {
        f"{fts}_insert": (
            f'CREATE TRIGGER IF NOT EXISTS "{fts}_insert" AFTER INSERT ON "{table}" BEGIN '  # noqa: S608 - fixed table names
            f'INSERT INTO "{fts}" (rowid, name) VALUES (new.id, new.name); END'
        ),
        f"{fts}_delete": (
            f'CREATE TRIGGER IF NOT EXISTS "{fts}_delete" AFTER DELETE ON "{table}" BEGIN '  # noqa: S608 - fixed table names
            f'DELETE FROM "{fts}" WHERE rowid = old.id; END'
        ),
        f"{fts}_update": (
            f'CREATE TRIGGER IF NOT EXISTS "{fts}_update" AFTER UPDATE OF id, name '  # noqa: S608 - fixed table names
            f'ON "{table}" BEGIN DELETE FROM "{fts}" WHERE rowid = old.id; '
            f'INSERT INTO "{fts}" (rowid, name) VALUES (new.id, new.name); END'
        ),
    }


def _existing(cursor: Any, kind: str) -> set[str]:
    cursor.execute("SELECT name FROM sqlite_master WHERE type = %s", [kind])
    return {row[0] for row in cursor.fetchall()}


def create(connection: Any) -> None:
    """Create the index tables and their triggers and fill them from the names stored."""
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(
                f'CREATE VIRTUAL TABLE IF NOT EXISTS "{fts_table(table)}" '
                "USING fts5(name, tokenize = 'trigram')"
            )
    ensure(connection, refill=True)


def ensure(connection: Any, *, refill: bool = False) -> list[str]:
    """Where an index table exists, create its missing triggers; an index that missed
    writes (a trigger was missing) or ``refill`` is refilled from its table.  The
    tables repaired."""
    if connection.vendor != "sqlite":
        return []
    repaired = []
    with connection.cursor() as cursor:
        tables = _existing(cursor, "table")
        triggers = _existing(cursor, "trigger")
        for table in TABLES:
            fts = fts_table(table)
            if fts not in tables or table not in tables:
                continue
            wanted = _triggers(table)
            missing = [sql for name, sql in wanted.items() if name not in triggers]
            for sql in missing:
                cursor.execute(sql)
            if missing or refill:
                cursor.execute(f'DELETE FROM "{fts}"')  # noqa: S608 - fixed table names
                cursor.execute(
                    f'INSERT INTO "{fts}" (rowid, name) SELECT id, name FROM "{table}"'  # noqa: S608
                )
                repaired.append(table)
    return repaired


def drop(connection: Any) -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for table in TABLES:
            for trigger in _triggers(table):
                cursor.execute(f'DROP TRIGGER IF EXISTS "{trigger}"')
            cursor.execute(f'DROP TABLE IF EXISTS "{fts_table(table)}"')


def phrase(text: str) -> str:
    """``text`` as one FTS5 phrase: in double quotes, its own double quotes doubled, so
    that nothing in it is query syntax."""
    return '"' + text.replace('"', '""') + '"'


def matching(queryset: QuerySet[M], name: str) -> QuerySet[M]:
    """The rows of ``queryset`` (a names table) whose name contains ``name``, case
    insensitive as ``icontains``; through the trigram index where it serves the search."""
    found = queryset.filter(name__icontains=name)
    table = queryset.model._meta.db_table
    if connections[queryset.db].vendor == "sqlite" and table in TABLES and len(name) >= MIN_LENGTH:
        fts = fts_table(table)
        # the table name is one of TABLES; the search is a parameter, quoted as a phrase
        ids = f'SELECT rowid FROM "{fts}" WHERE "{fts}" MATCH %s'  # noqa: S608
        found = found.filter(pk__in=RawSQL(ids, [phrase(name)]))  # noqa: S611
    return found
