"""Writing many rows at once, without a model instance per row: COPY on PostgreSQL, one
executemany elsewhere, the ids reserved first, history rows written by one INSERT … SELECT.

The ORM's bulk_create spends most of its time preparing each value of each row in Python
(about 1,300 imported rows a second with history); these write the values as they are,
converting only the types the database needs converted (UUIDs, JSON, dates on SQLite).
Fields a write leaves out get their Django default, as bulk_create gives them.
"""

import csv
import functools
import gc
import io
import json
import threading
from contextlib import contextmanager
from decimal import Decimal

from django.db import connection, connections, router, transaction
from django.db.models.deletion import Collector
from django.utils import timezone

from . import tallies, triggers
from .search import SEARCHED

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
    sequence; SQLite (whose writes are serialised) continues after the highest id it ever gave.
    The sequence is found once (MATERIALIZED), not once per id: 10,000 ids took 64 ms with the
    lookup in nextval()'s argument, 10 ms without."""
    table = model._meta.db_table
    if connection.vendor == "postgresql":
        cursor.execute(
            "WITH s AS MATERIALIZED (SELECT pg_get_serial_sequence(%s, 'id')::regclass AS sequence) "
            "SELECT nextval(s.sequence) FROM s, generate_series(1, %s)",
            [table, count],
        )
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
    raised as Django's (IntegrityError …) like any query's. A searched model's search_text is
    written from the row, as its save() would (incidents.search)."""
    columns, rows = with_search_text(model, columns, rows)
    defaults = python_defaults(model, columns)
    columns = [*columns, *defaults]
    rows = ((*row, *defaults.values()) for row in rows)
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    fields = {field.column: field for field in model._meta.concrete_fields}
    with connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            copy_csv(cursor, table, names, [fields[column] for column in columns], rows)
        else:
            values = sqlite_values([fields[column] for column in columns], rows)
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({', '.join(['?'] * len(columns))})", values)


def update(cursor, model, columns, rows):
    """Writes `rows` ((id, *values in the order of `columns`)) over the rows of `model`'s table
    with those ids: on PostgreSQL, COPY into a table of those columns and one UPDATE … FROM it;
    on SQLite one executemany. bulk_update builds a CASE of a branch per row and column in
    Python (5,000 changed GTD rows: 27 of the import's 39 s) and leaves auto_now alone."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    fields = {field.column: field for field in model._meta.concrete_fields}
    names = [connection.ops.quote_name(column) for column in columns]
    with connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            changed = connection.ops.quote_name(f"{model._meta.db_table}_changed")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {changed} AS SELECT id, {', '.join(names)} FROM {table} WITH NO DATA"
            )
            copy_csv(cursor, changed, ", ".join(["id", *names]), [fields["id"], *map(fields.get, columns)], rows)
            assigned = ", ".join(f"{name} = changed.{name}" for name in names)
            cursor.execute(f"UPDATE {table} SET {assigned} FROM {changed} AS changed WHERE {table}.id = changed.id")
            cursor.execute(f"DROP TABLE {changed}")
        else:
            assigned = ", ".join(f"{name} = ?" for name in names)
            values = sqlite_values([*map(fields.get, columns), fields["id"]], ((*row[1:], row[0]) for row in rows))
            cursor.executemany(f"UPDATE {table} SET {assigned} WHERE id = ?", values)


def set_text(model, column, values, using="default"):
    """Writes `values` ((id, text) pairs) into one text column of `model`'s table: on PostgreSQL one
    UPDATE … FROM the pairs unnested from two arrays, elsewhere one executemany. bulk_update's
    CASE of a branch per row is planned anew for every batch and grows with it: a million rows
    of search text did not finish in 21 minutes."""
    if not values:
        return
    connection = connections[using]
    table, name = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(column)
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"UPDATE {table} SET {name} = new.value FROM unnest(%s::bigint[], %s::text[]) AS new (id, value) "
                f"WHERE {table}.id = new.id",
                [[pk for pk, _ in values], [text for _, text in values]],
            )
        else:
            cursor.executemany(f"UPDATE {table} SET {name} = %s WHERE id = %s", [(text, pk) for pk, text in values])


def with_search_text(model, columns, rows):
    if model._meta.model_name not in SEARCHED or "search_text" in columns:
        return columns, rows
    return (*columns, "search_text"), ((*row, searched_text(model, columns, row)) for row in rows)


def searched_text(model, columns, row):
    """The search text of a row of `model` given as a tuple in the order of `columns`, as its save()
    writes it (incidents.search)."""
    searched, positions = searched_columns(model, tuple(columns))
    return searched.text({field: row[position] for field, position in positions})


@functools.lru_cache(maxsize=64)
def searched_columns(model, columns):
    """`model`'s Searched, and (field, its position in `columns`) of each field it is made of that
    `columns` has: found once per model and columns, not by a dict of every column a row (a row of
    each new incident, claim and place: 3.3 → 2.5 µs)."""
    searched = SEARCHED[model._meta.model_name]
    return searched, tuple((field, columns.index(field)) for field in searched.fields if field in columns)


def copy_csv(cursor, table, names, fields, rows):
    """COPY in CSV, every cell quoted and written by the csv module (C, not a Python function
    per value). A quoted empty cell is an empty string; in a nullable column it is NULL
    (FORCE_NULL), which is how None is written."""
    json_columns = [i for i, field in enumerate(fields) if field.get_internal_type() == "JSONField"]
    nullable = [connection.ops.quote_name(field.column) for field in fields if field.null]
    buffer = io.StringIO()
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n")
    for row in rows:
        if json_columns:
            row = list(row)
            for i in json_columns:
                row[i] = None if row[i] is None else json.dumps(row[i], ensure_ascii=False)
        writer.writerow(row)
    buffer.seek(0)
    force_null = f", FORCE_NULL ({', '.join(nullable)})" if nullable else ""
    cursor.copy_expert(f"COPY {table} ({names}) FROM STDIN WITH (FORMAT csv{force_null})", buffer)


def sqlite_values(fields, rows):
    """The rows as SQLite is given them: only the values of the fields that need preparing are
    prepared (a function call per value of every column was a third of the insert's time)."""
    prepared = [
        (i, preparer) for i, field in enumerate(fields) if (preparer := sqlite_preparer(field)) is not unchanged
    ]
    values = []
    for row in rows:
        row = list(row)
        for i, prepare in prepared:
            row[i] = prepare(row[i])
        values.append(row)
    return values


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


# Runs of consecutive ids one history INSERT … SELECT reads (write_history): a delete's ids
# may be scattered, and its statement stays a few tens of kilobytes.
RUNS_A_STATEMENT = 1000


def write_history(cursor, model, ids, history_type, user_id, when):
    """The history rows (django-simple-history's) of the rows `ids` (any set) as they are now, by
    INSERT … SELECT, one per RUNS_A_STATEMENT runs of consecutive ids: what bulk_create_with_history
    writes ("+"), or what a delete writes per row ("-", before the rows go), without reading them
    into Python. No change reason, as the library writes for a copy given none."""
    history = model.history.model
    table, history_table = (connection.ops.quote_name(m._meta.db_table) for m in (model, history))
    kept = {field.column for field in history._meta.concrete_fields}  # not its excluded_fields
    columns = ", ".join(
        connection.ops.quote_name(field.column) for field in model._meta.concrete_fields if field.column in kept
    )
    sql = (
        f"INSERT INTO {history_table} ({columns}, history_date, history_change_reason, history_type, "
        f"history_user_id) SELECT {columns}, %s, NULL, %s, %s FROM {table} WHERE "
    )
    history_date = connection.ops.adapt_datetimefield_value(when)
    found = runs(sorted(ids))
    with connection.wrap_database_errors:
        for start in range(0, len(found), RUNS_A_STATEMENT):
            condition = with_ids(found[start : start + RUNS_A_STATEMENT])
            cursor.execute(sql + condition, [history_date, history_type, user_id])


def with_ids(found):
    """An SQL condition true of the rows whose id is in `found` ((first, last) runs, as runs()
    gives them): a range for each run, one IN list for the lone ids. The ids are integers,
    written into the SQL."""
    ranges = [f"id BETWEEN {int(first)} AND {int(last)}" for first, last in found if first != last]
    lone = [str(int(first)) for first, last in found if first == last]
    return " OR ".join([*ranges, *([f"id IN ({', '.join(lone)})"] if lone else [])])


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


def delete_with_history(queryset, user_id):
    """Deletes `queryset` and what cascades from it, as QuerySet.delete() does, with the history
    rows django-simple-history writes for each record deleted ("-", by `user_id`) written by
    write_history, per table, instead of an INSERT per record (History skips those: the copies
    deleted are marked as the library marks a save without history). Returns delete()'s answer."""
    using = router.db_for_write(queryset.model)
    collector = Collector(using=using, origin=queryset)
    with transaction.atomic(using=using):
        collector.collect(queryset.model._base_manager.using(using).filter(pk__in=queryset.values("pk")))
        when = timezone.now()
        with connections[using].cursor() as cursor:
            for model, copies in collector.data.items():
                if hasattr(model._meta, "simple_history_manager_attribute"):
                    write_history(cursor, model, [copy.pk for copy in copies], "-", user_id, when)
                    for copy in copies:
                        copy.skip_history_when_saving = True
        return collector.delete()


# The tables whose rows an import inserts in bulk (once_per_statement).
BULK_INSERTED = [
    "incidents_location",
    "incidents_source",
    "incidents_claim",
    "incidents_incidentsource",
    "incidents_incident",
]


class KeptStatistics:
    """Keeps PostgreSQL's statistics current through a bulk write of many chunks in one
    transaction. Each statement, and each of its triggers' statements, is planned on the
    tables' statistics, which autovacuum takes only from committed rows: the last chunk of a
    load into an empty table would be planned for an empty table, and the tallies' per-pair
    index probes would become scans of everything written so far (150,000 generated incidents:
    147 s against 75 s). ANALYZE inside the transaction counts the transaction's own rows, so
    it is run each time the incidents have doubled since it last ran (MIN_ROWS at least): a
    handful of times per load, a fraction of a second each. Elsewhere than PostgreSQL (whose
    planner has no such statistics to go stale) it does nothing."""

    MIN_ROWS = 5000

    def __init__(self, using="default"):
        self.connection = connections[using]
        self.written = 0  # incidents written by the load so far
        self.analysed_at = 0  # … when it last analysed

    def wrote(self, incidents):
        """Counts `incidents` more written; analyses if the table has doubled since."""
        if self.connection.vendor != "postgresql":
            return
        self.written += incidents
        size_when_analysed = self.counted_before + self.analysed_at
        if self.written - self.analysed_at >= max(self.MIN_ROWS, size_when_analysed):
            with self.connection.cursor() as cursor:
                cursor.execute(f"ANALYZE (SKIP_LOCKED) {', '.join(self.tables(cursor))}")
            self.analysed_at = self.written

    @staticmethod
    def tables(cursor):
        """The app's tables that the load's statements read (its triggers, the likely-duplicate
        check), each with its columns but the JSON ones. Only these: a whole-database ANALYZE
        would also hold the shared catalogs' locks until the load commits, stalling every other
        database's ANALYZE and autovacuum. The history tables are only written, and no query
        filters on a JSON column (the publisher's row): analysing them was most of each ANALYZE
        (after 20,000 ACLED rows, 1.7–2.1 s for every table and column, 0.5 s for these; the
        export's cells are kept: their triggers update them joined by id). SKIP_LOCKED passes
        over a table another load is analysing rather than waiting for that load to end."""
        cursor.execute(
            "SELECT quote_ident(c.relname) || ' (' "
            "|| string_agg(quote_ident(a.attname), ', ' ORDER BY a.attnum) || ')' "
            "FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped "
            "AND a.atttypid NOT IN ('json'::regtype, 'jsonb'::regtype) "
            "WHERE c.relkind = 'r' AND pg_table_is_visible(c.oid) AND c.relname LIKE 'incidents\\_%%' "
            "AND c.relname NOT LIKE 'incidents\\_historical%%' GROUP BY c.relname ORDER BY c.relname"
        )
        return [name for (name,) in cursor.fetchall()]

    @functools.cached_property
    def counted_before(self):
        """The incidents the statistics counted before the load (0 for a table never analysed)."""
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT GREATEST(reltuples, 0) FROM pg_class WHERE oid = 'incidents_incident'::regclass")
            return int(cursor.fetchone()[0])


# SQLite's page cache for a bulk load, in KiB: its default (2 MB) holds little of the 15 indexes
# a load of incidents writes into, which are read back from the file for each row.
LOAD_CACHE_KIB = 64 * 1024
# Python's full (generation 2) collections during a bulk load: one in FULL_COLLECTION_EVERY times
# the default's. Each chunk's records (some 150,000 objects for 10,000 rows) live long enough to
# reach the oldest generation, which set off a full collection of every object of the process
# three times a chunk: 36 for 100,000 GTD rows, 4 of the import's 21 s. The import collects at
# the end of each chunk that compared incidents held instead (imports.Chunks.take_all), when
# the cycles they and their prefetched claims and links make are garbage.
FULL_COLLECTION_EVERY = 10
_loads = {"running": 0, "threshold": None}
_loads_lock = threading.Lock()


@contextmanager
def loading(connection):
    """The block (a bulk load) with SQLite's page cache LOAD_CACHE_KIB large and Python's full
    collections FULL_COLLECTION_EVERY times rarer, as they were after it. A GTD file of 100,000
    rows into SQLite: 3,900 rows/s as they are, 4,300 with the cache, 5,700 with both.

    The cache is the connection's own, set back so that a connection kept open for the next
    request doesn't keep the memory (elsewhere than SQLite, PostgreSQL's shared buffers are the
    server's). The collector's thresholds are the process's: every thread of a server running an
    import collects its oldest generation less often meanwhile (its young ones as often), and
    they are set back when the last of the loads running at once ends."""
    with rarer_full_collections(), larger_cache(connection):
        yield


@contextmanager
def larger_cache(connection):
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (size,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = -{LOAD_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(size)}")


@contextmanager
def rarer_full_collections():
    with _loads_lock:
        if not _loads["running"]:
            _loads["threshold"] = gc.get_threshold()
            young, middle, oldest = _loads["threshold"]
            gc.set_threshold(young, middle, oldest * FULL_COLLECTION_EVERY)
        _loads["running"] += 1
    try:
        yield
    finally:
        with _loads_lock:
            _loads["running"] -= 1
            if not _loads["running"]:
                gc.set_threshold(*_loads["threshold"])


class Inserted:
    """The ids of the rows a bulk write inserted, by table (once_per_statement)."""

    def __init__(self):
        self.ids = {}

    def add(self, model, ids):
        self.ids.setdefault(model._meta.db_table, []).extend(ids)

    def rows(self, table, columns="*"):
        """A FROM item of the rows of `table` inserted."""
        return f"(SELECT {columns} FROM {table} WHERE {with_ids(runs(sorted(self.ids[table])))})"


@contextmanager
def once_per_statement(connection):
    """SQLite's triggers run once per row (a data-version update and the tallies' statements for
    each incident, claim and link written): for a bulk insert, inside the writer's transaction,
    the insert triggers of BULK_INSERTED are dropped, the block inserts (adding the ids to the
    Inserted it is given), then the triggers are made again and what they would have done is
    done once for all the rows, as PostgreSQL's statement-level triggers do. Nobody else sees
    the database without them: SQLite's schema changes are part of the transaction.

    The block's claims must belong to incidents the block inserts after them (the tallies count
    a claim written before its incident when the incident is inserted, as on PostgreSQL).
    Elsewhere than SQLite the block runs as it is."""
    inserted = Inserted()
    if connection.vendor != "sqlite":
        yield inserted
        return
    if not connection.in_atomic_block:
        raise RuntimeError("the triggers are dropped only inside the writer's transaction")
    with connection.cursor() as cursor:
        for table in BULK_INSERTED:
            cursor.execute(f"DROP TRIGGER IF EXISTS {table}_insert_changed")
            cursor.execute(f"DROP TRIGGER IF EXISTS {tallies.trigger_name(table, 'insert')}")
    try:
        yield inserted
    finally:  # a failed block's transaction is rolled back, but nothing is left without them meanwhile
        triggers.install(connection)
    with connection.cursor() as cursor:
        for table in BULK_INSERTED:
            if inserted.ids.get(table):
                cursor.execute(triggers.inserted_version_sql(table, inserted.rows(table)))
        if inserted.ids.get("incidents_incident"):
            rows = inserted.rows("incidents_incident", tallies.columns(tallies.INCIDENT_COLUMNS))
            for statement in tallies.incident_change(None, rows, connection.vendor):
                cursor.execute(statement)
