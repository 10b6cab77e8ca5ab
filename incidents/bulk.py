"""Writing many rows at once, without a model instance per row: COPY on PostgreSQL, one
executemany elsewhere, the ids reserved first, history rows written by one INSERT … SELECT.

The ORM's bulk_create spends most of its time preparing each value of each row in Python
(about 1,300 imported rows a second with history); these write the values as they are,
converting only the types the database needs converted (UUIDs, JSON, dates on SQLite).
Fields a write leaves out get their Django default, as bulk_create gives them.
"""

import functools
import io
import json
from decimal import Decimal

from django.db import connection

# Types written as they are on SQLite (str, int, None); every other field is prepared by Django.
PLAIN_TYPES = frozenset(
    [
        "AutoField",
        "BigAutoField",
        "CharField",
        "TextField",
        "IntegerField",
        "PositiveIntegerField",
        "PositiveSmallIntegerField",
        "SmallIntegerField",
        "BigIntegerField",
        "ForeignKey",
        "BooleanField",
    ]
)


def reserve_ids(cursor, model, count):
    """`count` new ids of `model`'s table, in order. PostgreSQL draws them from the table's
    sequence; SQLite (whose writes are serialised) continues after the highest id it ever gave."""
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, count])
        return [pk for (pk,) in cursor.fetchall()]
    quoted = connection.ops.quote_name(table)
    cursor.execute(
        f"SELECT MAX(COALESCE((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
        f"COALESCE((SELECT MAX(id) FROM {quoted}), 0))",
        [table],
    )
    first = cursor.fetchone()[0] + 1
    return list(range(first, first + count))


def python_defaults(model, columns):
    """{column: default} of the model's fields that `columns` leaves out: COPY would write NULL
    (the database knows none of Django's defaults), as bulk_create writes the default."""
    return {
        field.column: field.get_default()
        for field in model._meta.concrete_fields
        if field.column not in columns and not field.primary_key and (field.has_default() or not field.null)
    }


def insert(cursor, model, columns, rows):
    """Writes `rows` (tuples in the order of `columns`) into `model`'s table; its errors are
    raised as Django's (IntegrityError …) like any query's."""
    defaults = python_defaults(model, columns)
    columns = [*columns, *defaults]
    rows = ((*row, *defaults.values()) for row in rows)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    fields = {field.column: field for field in model._meta.concrete_fields}
    with connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            writers = [copy_writer(fields[column]) for column in columns]
            lines = ("\t".join(write(value) for write, value in zip(writers, row, strict=True)) for row in rows)
            text = "".join(line + "\n" for line in lines)
            cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN", io.StringIO(text))
        else:
            preparers = [sqlite_preparer(fields[column]) for column in columns]
            values = [[prepare(value) for prepare, value in zip(preparers, row, strict=True)] for row in rows]
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['?'] * len(columns))})", values)


def copy_writer(field):
    if field.get_internal_type() == "JSONField":
        return lambda value: copy_text(None if value is None else json.dumps(value, ensure_ascii=False))
    return copy_text


def copy_text(value):
    """A value in COPY's text format: \\N is NULL; backslash, tab and newlines escaped."""
    if value is None:
        return "\\N"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return str(value)


def sqlite_preparer(field):
    """How a value of `field` is written on SQLite: as Django's SQLite backend writes it, the
    common types without its per-value machinery."""
    kind = field.get_internal_type()
    if kind in PLAIN_TYPES:
        return unchanged
    fast = {
        "DecimalField": lambda value: None if value is None else str(Decimal(value)),
        "DateField": lambda value: None if value is None else value.isoformat(),
        "UUIDField": lambda value: None if value is None else value.hex,
        "JSONField": lambda value: None if value is None else json.dumps(value, ensure_ascii=False),
        "DateTimeField": functools.lru_cache(maxsize=4)(connection.ops.adapt_datetimefield_value),
    }
    return fast.get(kind) or (lambda value: field.get_db_prep_save(value, connection))


def unchanged(value):
    return value


def write_history(cursor, model, ids, history_type, user_id, when):
    """The history rows (django-simple-history's) of the rows `ids` as they are now, in one
    INSERT … SELECT: what bulk_create_with_history writes, without reading them into Python."""
    history = model.history.model
    table, history_table = (connection.ops.quote_name(m._meta.db_table) for m in (model, history))
    columns = ", ".join(connection.ops.quote_name(field.column) for field in model._meta.concrete_fields)
    selected = f"SELECT {columns}, %s, NULL, %s, %s FROM {table} WHERE id >= %s AND id <= %s"
    history_date = connection.ops.adapt_datetimefield_value(when)
    sql = (
        f"INSERT INTO {history_table} ({columns}, history_date, history_change_reason, history_type, "
        f"history_user_id) {selected}"
    )
    with connection.wrap_database_errors:
        for first, last in runs(sorted(ids)):
            cursor.execute(sql, [history_date, history_type, user_id, first, last])


def runs(ids):
    """(first, last) of each run of consecutive ids: reserved ids are one run unless another
    writer took ids from the same sequence in between."""
    found = []
    for pk in ids:
        if found and pk == found[-1][1] + 1:
            found[-1][1] = pk
        else:
            found.append([pk, pk])
    return [tuple(run) for run in found]
