"""Writing many rows at once: ``COPY`` on PostgreSQL, ``executemany`` elsewhere.

Paths that touch 10^4–10^6 rows (recompute of a region or the nation, bulk loads, the
demo build) insert and update through these functions.  Values are prepared per field as
a save does (dates, decimals, JSON), so what is stored is what ``Model.save`` would
store; ``bulk_create`` instead compiles every row through the ORM and costs about 10× the
database's own time at 10^5 rows.  All run inside the caller's transaction.

:func:`allocate_ids` hands out primary keys up front, so that rows inserted by
:func:`insert_objects` or :func:`insert_values` can be pointed at by dependent rows
without reading anything back.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
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
        convert = [(f.attname, _converter(f)) for f in fields]
        values = [[c(getattr(row, a)) for a, c in convert] for row in rows]
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


# Field types whose Python values the drivers take as they are.
_PLAIN_TYPES = (
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
    if isinstance(field, _PLAIN_TYPES) and not isinstance(field, models.DecimalField):
        return lambda value: value
    if connection.vendor == "postgresql" and isinstance(
        field, models.DateField | models.DateTimeField | models.DecimalField
    ):
        return lambda value: value  # psycopg adapts dates, aware datetimes and decimals
    # dates, datetimes and decimals on SQLite: the field's own preparation, remembered per
    # value (a bulk write repeats the same timestamps and dates many times)
    seen: dict[Any, Any] = {}

    def prepare(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            if len(seen) > 100_000:
                seen.clear()
            out = seen[value] = field.get_db_prep_save(value, connection)
            return out

    return prepare


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
            if len(batch) >= _BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count
