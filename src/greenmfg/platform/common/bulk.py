"""Writing many rows at once: ``COPY`` on PostgreSQL, ``executemany`` elsewhere.

Paths that touch 10^4–10^6 rows (recompute of a region or the nation, bulk loads) insert
and update through these two functions.  Values go through each field's
``get_db_prep_save`` exactly as a save does (dates, JSON), so what is stored is what
``Model.save`` would store.  Both run inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import polars as pl
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.models import Model
from django.utils import timezone

_BATCH = 5000


def _quote(name: str) -> str:
    return str(connection.ops.quote_name(name))


_PLAIN = frozenset(
    {
        "AutoField",
        "BigAutoField",
        "BigIntegerField",
        "BooleanField",
        "CharField",
        "FloatField",
        "ForeignKey",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "TextField",
    }
)


def _preparers(fields: Sequence[Any]) -> list[Callable[[Any], Any]]:
    """Per field, the value ``COPY`` is given: plain values as they are (the driver
    adapts them as it does a saved value), JSON as its text (what the field stores),
    anything else through ``get_db_prep_save``."""
    conn = connections[DEFAULT_DB_ALIAS]

    def as_json(encoder: Any) -> Callable[[Any], Any]:
        return lambda v: None if v is None else json.dumps(v, cls=encoder)

    def as_saved(field: Any) -> Callable[[Any], Any]:
        return lambda v: field.get_db_prep_save(v, conn)

    def as_is(v: Any) -> Any:
        return v

    out: list[Callable[[Any], Any]] = []
    for f in fields:
        if isinstance(f, models.JSONField):
            out.append(as_json(f.encoder))
        elif f.get_internal_type() in _PLAIN and not f.choices:
            out.append(as_is)
        else:
            out.append(as_saved(f))
    return out


def insert_many(model: type[Model], rows: Sequence[Model]) -> None:
    """Insert ``rows`` (unsaved, fully built; their primary keys are not read back).

    PostgreSQL: one ``COPY … FROM STDIN``; other databases: ``executemany`` of one
    prepared ``INSERT``.  ``auto_now_add`` fields left empty get the current time.
    """
    if not rows:
        return
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    stamped = [f for f in fields if getattr(f, "auto_now_add", False)]
    for row in rows:
        for f in stamped:
            if getattr(row, f.attname) is None:
                setattr(row, f.attname, now)
    table = _quote(model._meta.db_table)
    columns = ", ".join(_quote(f.column) for f in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            pairs = list(zip([f.attname for f in fields], _preparers(fields), strict=True))
            raw = cursor.cursor  # the psycopg cursor under Django's wrapper
            with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    d = row.__dict__
                    copy.write_row([prep(d[name]) for name, prep in pairs])
            return
        values = [
            [f.get_db_prep_save(getattr(row, f.attname), connection) for f in fields]
            for row in rows
        ]
        marks = ", ".join("%s" for _ in fields)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - model names
        for start in range(0, len(values), _BATCH):
            cursor.executemany(sql, values[start : start + _BATCH])


def insert_frame(model: type[Model], frame: pl.DataFrame, *, now: datetime | None = None) -> None:
    """Insert the rows of ``frame``: one column per field of ``model`` (named by column;
    JSON fields as JSON text), except ``auto_now_add`` fields, which get ``now``.

    PostgreSQL: the frame is written as CSV by Polars and loaded by one ``COPY``; other
    databases: ``executemany`` of one prepared ``INSERT``.
    """
    if frame.height == 0:
        return
    now = now or timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key and not f.generated]
    stamped = {f.column for f in fields if getattr(f, "auto_now_add", False)}
    missing = {f.column for f in fields} - set(frame.columns) - stamped
    assert not missing, f"no column for {sorted(missing)}"
    if connection.vendor == "postgresql":
        frame = frame.with_columns(
            pl.lit(now.isoformat()).alias(c) for c in stamped if c not in frame.columns
        )
    else:
        frame = frame.with_columns(
            pl.lit(f.get_db_prep_save(now, connection)).alias(f.column)
            for f in fields
            if f.column in stamped and f.column not in frame.columns
        )
    names = [f.column for f in fields]
    table = _quote(model._meta.db_table)
    columns = ", ".join(_quote(c) for c in names)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            text = frame.select(names).write_csv(include_header=False, quote_style="non_numeric")
            with cursor.cursor.copy(
                f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)"
            ) as copy:
                copy.write(text.encode())
            return
        marks = ", ".join("%s" for _ in names)
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"  # noqa: S608 - model names
        rows = frame.select(names).rows()
        for start in range(0, len(rows), _BATCH):
            cursor.executemany(sql, rows[start : start + _BATCH])


def update_many(
    model: type[Model], names: list[str], rows: Sequence[tuple[Any, list[Any]]]
) -> None:
    """Set the fields ``names`` of many rows: ``rows`` are (primary key, values).

    PostgreSQL: the values are copied into a temporary table and applied by one
    ``UPDATE … FROM``; other databases: ``executemany`` of one prepared
    ``UPDATE … WHERE pk = %s``.
    """
    if not rows:
        return
    fields: list[Any] = [model._meta.get_field(n) for n in names]
    pk = model._meta.pk
    pk_column = str(pk.column) if pk is not None else "id"
    table = _quote(model._meta.db_table)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            preps = _preparers(fields)
            temp = _quote(f"bulk_{model._meta.db_table}")
            cols = [_quote(f.column) for f in fields]
            cursor.execute(
                f"CREATE TEMP TABLE {temp} AS "  # noqa: S608 - model names
                f"SELECT {', '.join(cols)}, {_quote(pk_column)} FROM {table} WITH NO DATA"
            )
            with cursor.cursor.copy(
                f"COPY {temp} ({', '.join(cols)}, {_quote(pk_column)}) FROM STDIN"
            ) as copy:
                for key, values in rows:
                    copy.write_row([*(p(v) for p, v in zip(preps, values, strict=True)), key])
            sets = ", ".join(f"{c} = {temp}.{c}" for c in cols)
            cursor.execute(
                f"UPDATE {table} SET {sets} FROM {temp} "  # noqa: S608 - model names
                f"WHERE {table}.{_quote(pk_column)} = {temp}.{_quote(pk_column)}"
            )
            cursor.execute(f"DROP TABLE {temp}")
            return
        params = [
            [*(f.get_db_prep_save(v, connection) for f, v in zip(fields, values, strict=True)), key]
            for key, values in rows
        ]
        sets = ", ".join(f"{_quote(f.column)} = %s" for f in fields)
        sql = f"UPDATE {table} SET {sets} WHERE {_quote(pk_column)} = %s"  # noqa: S608
        for start in range(0, len(params), _BATCH):
            cursor.executemany(sql, params[start : start + _BATCH])
