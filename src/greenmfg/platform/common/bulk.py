"""Bulk writes for the paths that store many rows at once (imports, recomputes, the demo
build): ``COPY … FROM STDIN`` on PostgreSQL, one prepared ``INSERT`` run by
``executemany`` on SQLite.

``bulk_create`` compiles every row through the ORM (a model instance and a prepared value
per field and row) and costs about 10× the database's own time at 10^5 rows.  These
helpers take plain values (or built model instances), prepare each field's value the way a
save does (dates, decimals, JSON) and hand the rows to the driver.  Primary keys are
allocated up front (:func:`allocate_ids`) so that dependent rows can point at them without
reading anything back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.db.models import Model
from django.utils import timezone

CHUNK = 10_000

# Field types whose Python values the drivers take as they are.
_PLAIN = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.FloatField,
    models.BooleanField,
    models.ForeignKey,
    models.AutoField,
    models.BigAutoField,
)


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    """How a model attribute value becomes a value for the driver (as ``save`` prepares it)."""
    if isinstance(field, models.JSONField):
        encoder = field.encoder

        def dump(value: Any) -> Any:
            return None if value is None else json.dumps(value, cls=encoder)

        return dump
    if isinstance(field, _PLAIN) and not isinstance(field, models.DecimalField):
        return lambda value: value
    if connection.vendor == "postgresql" and isinstance(
        field, models.DateField | models.DateTimeField | models.DecimalField
    ):
        return lambda value: value  # psycopg adapts dates, aware datetimes and decimals
    return lambda value: field.get_db_prep_save(value, connection)


def _fields(model: type[Model], names: Sequence[str] | None) -> list[models.Field[Any, Any]]:
    concrete = [f for f in model._meta.concrete_fields if not f.generated]
    if names is None:
        return concrete
    by_name = {f.name: f for f in concrete} | {f.attname: f for f in concrete}
    return [by_name[n] for n in names]


def allocate_ids(model: type[Model], count: int) -> list[int]:
    """``count`` fresh primary keys of ``model`` (call inside the transaction that inserts
    them): from the table's sequence on PostgreSQL; on SQLite, whose write transactions
    hold the database lock from their start, the ones after the highest key ever used."""
    if count <= 0:
        return []
    table = model._meta.db_table
    pk = model._meta.pk
    assert pk is not None
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, pk.column, count],
            )
            return [int(r[0]) for r in cursor.fetchall()]
        quote = connection.ops.quote_name
        cursor.execute(f"SELECT COALESCE(MAX({quote(pk.column)}), 0) FROM {quote(table)}")  # noqa: S608 - model names
        top = int(cursor.fetchone()[0])
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        top = max(top, int(row[0]) if row else 0)
    return list(range(top + 1, top + 1 + count))


def insert_values(
    model: type[Model],
    names: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    defaults: bool = True,
) -> int:
    """Insert ``rows`` of attribute values (``names`` order; foreign keys by ``<name>_id``
    or ``<name>`` as the key) into ``model``'s table.  With ``defaults``, every other
    column gets its field default (``auto_now``/``auto_now_add`` columns the current time).
    Returns the number of rows."""
    given = _fields(model, names)
    extra: list[models.Field[Any, Any]] = []
    extra_values: list[Any] = []
    if defaults:
        now = timezone.now()
        named = {f.attname for f in given}
        for f in _fields(model, None):
            if f.attname in named or f.primary_key:
                continue
            extra.append(f)
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                extra_values.append(now)
            else:
                extra_values.append(f.get_default())
    columns = given + extra
    convert = [_converter(f) for f in columns]
    fixed = [c(v) for c, v in zip(convert[len(given) :], extra_values, strict=True)]
    head = convert[: len(given)]
    prepared = ([c(v) for c, v in zip(head, row, strict=True)] + fixed for row in rows)
    return _write(model, [f.column for f in columns], prepared)


def insert_objects(model: type[Model], objs: Sequence[Model]) -> int:
    """Insert built (unsaved) instances with every concrete column, primary key included
    when set (give it from :func:`allocate_ids`); ``auto_now``/``auto_now_add`` columns
    left empty get the current time, as a save would."""
    if not objs:
        return 0
    now = timezone.now()
    with_pk = objs[0].pk is not None
    fields = [f for f in _fields(model, None) if with_pk or not f.primary_key]
    stamps = [
        f
        for f in fields
        if getattr(f, "auto_now", False)
        or (getattr(f, "auto_now_add", False) and getattr(objs[0], f.attname) is None)
    ]
    for obj in objs:
        for f in stamps:
            setattr(obj, f.attname, now)
    convert = [(f.attname, _converter(f)) for f in fields]
    prepared = ([c(getattr(o, a)) for a, c in convert] for o in objs)
    return _write(model, [f.column for f in fields], prepared)


def _write(model: type[Model], columns: list[str], rows: Iterable[list[Any]]) -> int:
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    cols = ", ".join(quote(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"  # noqa: S608 - model names
        batch: list[list[Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= CHUNK:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def update_values(
    model: type[Model], names: Sequence[str], rows: Mapping[int, Sequence[Any]]
) -> None:
    """Set the fields ``names`` of the rows ``pk → values`` with one prepared ``UPDATE``
    run by ``executemany``."""
    if not rows:
        return
    fields = _fields(model, names)
    convert = [_converter(f) for f in fields]
    quote = connection.ops.quote_name
    pk = model._meta.pk
    assert pk is not None
    sets = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(model._meta.db_table)} SET {sets} WHERE {quote(pk.column)} = %s"  # noqa: S608
    params = [
        [c(v) for c, v in zip(convert, values, strict=True)] + [key] for key, values in rows.items()
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(params), CHUNK):
            cursor.executemany(sql, params[start : start + CHUNK])
