"""The export's rows, kept current by PostgreSQL, so the export is a plain ordered read.

Writing the export's cells while exporting — joining each incident's place, governorate and
duplicate, aggregating its claims and sources, making text spreadsheet-safe, then sorting a
million rows by date — held the CSV to 14–35% of the speed of PostgreSQL's COPY of the
incidents table. So every cell but the page's URL (columns.Read.stored), written exactly as
the export writes it (the same column SQL, columns.Column.copy_sql), is kept in one row per
incident of `incidents_exportcells`, in the cells' own types (COPY writes a date or a number
stored there as it wrote the incident's), with an index in the export's order (date, id):
copy.py reads that table in that order and writes the URL.

The table is kept by triggers, like the data version (triggers.py), so that every write
keeps it current whoever makes it — the ORM, bulk inserts, COPY, imports, raw SQL —
in the writer's own transaction:

* a new incident gets its row; a deleted one loses it;
* a statement that inserts, deletes or changes (in a column the cells read) claims or
  source links rewrites the rows of the incidents those rows belong to, before and after
  (claims and links written before their incident, as an import writes them, wait for the
  incident's own row: aggregating nothing for them took half of each link insert's time);
* a change to a column the cells read of an incident (its own cells, its place, the uid and
  the status of the incident its duplicates name: a duplicate's cell names only a published
  one), a place (name, governorate, country, coordinates, precision), a
  governorate's or a group's name, or a source's publisher, title or URL rewrites the row of
  every incident that shows it — renaming a governorate rewrites each of its incidents';
* a TRUNCATE of any of these tables fills the table again from scratch.

Writers of the same incident take turns: the row is locked before its cells are read, so the
second writer reads the first's committed claims (READ COMMITTED reads each statement's own
snapshot) instead of overwriting them with what it saw before.

`install()` runs after every `migrate` (incidents.apps). The table's comment holds a digest
of its definition and of the cells' SQL; when the code defines the cells differently (a
column added, a rule of cells.py changed), the table is made again and filled from the
data, so a stored cell never follows an old rule. SQLite has no such table: its export is
written in Python (csv.py) and aggregates as it goes.
"""

import hashlib
from functools import cache

from .. import triggers
from ..models import Claim, Incident
from .cells import LIST_SEPARATOR, claim_source_sql, source_sql, sql_literal
from .columns import COLUMNS

TABLE = "incidents_exportcells"
STORED = [column for column in COLUMNS if column.read.stored]
KEY = "id"  # the incident's id: a cell, and the row's key
ORDER_FIELDS = ("date", "id")  # the export's order, which the table's index follows
ORDER = ", ".join(f'"{name}"' for name in ORDER_FIELDS)

# The aggregates of each incident in {selected}: claims (a column per kind: cl), sources
# (src) and the claims' sources, numbered by the incident's sources (cs). Claims of one
# kind and name count once, in the order first recorded.
AGGREGATES = """
LEFT JOIN (
    SELECT incident_id, {claims}
    FROM (
        SELECT c.incident_id, c.kind, COALESCE(gr.name, c.actor) AS who, min(c.id) AS first
        FROM incidents_claim c LEFT JOIN incidents_group gr ON gr.id = c.group_id
        WHERE c.incident_id IN ({{selected}})
        GROUP BY c.incident_id, c.kind, COALESCE(gr.name, c.actor)
    ) named
    GROUP BY incident_id
) cl ON cl.incident_id = i.id
LEFT JOIN (
    SELECT link.incident_id, string_agg({source}, {separator} ORDER BY link.id) AS sources
    FROM incidents_incidentsource link JOIN incidents_source s ON s.id = link.source_id
    WHERE link.incident_id IN ({{selected}})
    GROUP BY link.incident_id
) src ON src.incident_id = i.id
LEFT JOIN (
    SELECT incident_id, string_agg({claim_source}, {separator} ORDER BY first) AS claim_sources
    FROM (
        SELECT c.incident_id, c.kind, COALESCE(gr.name, c.actor) AS who, numbered.source, min(c.id) AS first
        FROM incidents_claim c LEFT JOIN incidents_group gr ON gr.id = c.group_id
        LEFT JOIN (
            SELECT incident_id, source_id, row_number() OVER (PARTITION BY incident_id ORDER BY id) AS source
            FROM incidents_incidentsource
            WHERE incident_id IN ({{selected}})
        ) numbered ON numbered.incident_id = c.incident_id AND numbered.source_id = c.source_id
        WHERE c.incident_id IN ({{selected}})
        GROUP BY c.incident_id, c.kind, COALESCE(gr.name, c.actor), numbered.source
    ) cited
    GROUP BY incident_id
) cs ON cs.incident_id = i.id
"""
# The incident's own tables, as columns.TABLES names them.
JOINS = """
JOIN incidents_location l ON l.id = i.location_id
LEFT JOIN incidents_governorate g ON g.id = l.governorate_id
LEFT JOIN incidents_incident d ON d.id = i.duplicate_of_id
"""

# Rows that belong to one incident (incident_id), and the columns the cells read of them.
DIRECT = {
    "incidents_claim": ("incident_id", "kind", "group_id", "actor", "source_id"),
    "incidents_incidentsource": ("incident_id", "source_id"),
}
# Rows that incidents show: the incidents that rows `{ids}` of the table show on. The columns
# read of the first three follow from columns.COLUMNS (read_columns()).
SHOWN_ON = {
    # A UNION, not one WHERE with OR: PostgreSQL answers `id IN (…) OR duplicate_of_id IN (…)`
    # by scanning every incident (0.5 s per statement at 1M, an admin save's most of it).
    "incidents_incident": "{ids} UNION SELECT id FROM incidents_incident WHERE duplicate_of_id IN ({ids})",
    "incidents_location": "SELECT id FROM incidents_incident WHERE location_id IN ({ids})",
    "incidents_governorate": (
        "SELECT i.id FROM incidents_incident i JOIN incidents_location l ON l.id = i.location_id "
        "WHERE l.governorate_id IN ({ids})"
    ),
    "incidents_group": "SELECT incident_id FROM incidents_claim WHERE group_id IN ({ids})",
    "incidents_source": "SELECT incident_id FROM incidents_incidentsource WHERE source_id IN ({ids})",
}
NAMES_READ = {"incidents_group": ("name",), "incidents_source": ("publisher", "title", "url")}
TRUNCATED = [*SHOWN_ON, *DIRECT]


def read_columns():
    """{table: the columns the cells read of it}: each field column's, and the keys that join its table."""
    read = {}
    for lookup in (lookup for column in STORED for lookup in column.read.lookups):
        *path, name = lookup.split("__")
        model = Incident
        for step in path:
            relation = model._meta.get_field(step)
            read.setdefault(model._meta.db_table, set()).add(relation.column)
            model = relation.related_model
        read.setdefault(model._meta.db_table, set()).add(model._meta.get_field(name).column)
    assert set(read) <= set(SHOWN_ON), f"SHOWN_ON says which incidents show a row of each of {sorted(read)}"
    return {table: tuple(sorted(columns)) for table, columns in {**read, **NAMES_READ}.items()}


@cache
def cells_sql():
    """SELECT the stored cells (the key first) of the incidents whose ids {selected} selects."""
    separator = sql_literal(LIST_SEPARATOR)
    claims = (
        f'string_agg(who, {separator} ORDER BY first) FILTER (WHERE kind = {sql_literal(kind)}) AS "{kind}"'
        for kind in Claim.Kind.values
    )
    aggregates = AGGREGATES.format(
        claims=", ".join(claims),
        source=source_sql("s"),
        claim_source=claim_source_sql("cited"),
        separator=separator,
    )
    cells = ", ".join(f'{column.copy_sql()} AS "{column.name}"' for column in STORED)
    return f"SELECT {cells}\nFROM incidents_incident i{JOINS}{aggregates}WHERE i.id IN ({{selected}})"


def names(prefix=""):
    return ", ".join(f'{prefix}"{column.name}"' for column in STORED)


def all_cells_sql():
    return cells_sql().format(selected="SELECT id FROM incidents_incident")


def create_table_sql():
    """The table, its columns of the cells' own types, empty."""
    return f"CREATE TABLE {TABLE} AS {cells_sql().format(selected='NULL')} WITH NO DATA"


def fill_sql():
    return f"INSERT INTO {TABLE} ({names()}) {all_cells_sql()} ORDER BY {ORDER}"


FUNCTIONS = """
CREATE OR REPLACE FUNCTION incidents_exportcells_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
    locked bigint;
BEGIN
    IF cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    -- lock each incident's row (made if missing) first: a writer that waited here then reads
    -- the cells with the other writer's claims committed
    INSERT INTO {table} AS e (id)
    SELECT id FROM incidents_incident WHERE id IN (SELECT unnest(ids)) ORDER BY id
    ON CONFLICT (id) DO UPDATE SET id = e.id;
    -- none of them is written yet (an import's claims and links go in before their incidents,
    -- whose own trigger writes their cells): nothing to aggregate
    GET DIAGNOSTICS locked = ROW_COUNT;
    IF locked = 0 THEN
        RETURN;
    END IF;
    UPDATE {table} e SET ({names}) = ({fresh})
    FROM ({cells}) fresh WHERE fresh.id = e.id;
END $$;

CREATE OR REPLACE FUNCTION incidents_exportcells_refill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE {table};
    {fill};
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION incidents_exportcells_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {table} WHERE id IN (SELECT id FROM old_rows);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION incidents_exportcells_new_incidents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- no other transaction sees these incidents yet: their rows are written at once
    INSERT INTO {table} AS e ({names}) {new_cells}
    ON CONFLICT (id) DO UPDATE SET ({names}) = ({excluded});
    RETURN NULL;
END $$;
"""

DIRECT_FUNCTION = """
CREATE OR REPLACE FUNCTION {table}_exportcells() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM incidents_exportcells_refresh(ARRAY(SELECT DISTINCT incident_id FROM new_rows));
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM incidents_exportcells_refresh(ARRAY(SELECT DISTINCT incident_id FROM old_rows));
    ELSE
        PERFORM incidents_exportcells_refresh(ARRAY(
            SELECT o.incident_id FROM {changed} UNION SELECT n.incident_id FROM {changed}
        ));
    END IF;
    RETURN NULL;
END $$;
"""
SHOWN_FUNCTION = """
CREATE OR REPLACE FUNCTION {table}_exportcells() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM incidents_exportcells_refresh(ARRAY(SELECT DISTINCT shown.* FROM ({incidents}) shown));
    RETURN NULL;
END $$;
"""
EVENTS = {
    "insert": "AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows",
    "delete": "AFTER DELETE ON {table} REFERENCING OLD TABLE AS old_rows",
    "update": "AFTER UPDATE ON {table} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "truncate": "AFTER TRUNCATE ON {table}",
}
TRIGGER = (
    "CREATE OR REPLACE TRIGGER {table}_{event}_exportcells {when} FOR EACH STATEMENT EXECUTE FUNCTION {function}();"
)


def trigger(table, event, function):
    return TRIGGER.format(table=table, event=event, when=EVENTS[event].format(table=table), function=function)


def function_statements():
    statements = [
        FUNCTIONS.format(
            table=TABLE,
            names=names(),
            fresh=names("fresh."),
            excluded=names("EXCLUDED."),
            cells=cells_sql().format(selected="SELECT unnest(ids)"),
            new_cells=cells_sql().format(selected="SELECT id FROM new_rows"),
            fill=fill_sql(),
        )
    ]
    for table, columns in DIRECT.items():
        statements.append(DIRECT_FUNCTION.format(table=table, changed=triggers.changed_rows(columns)))
    for table, columns in read_columns().items():
        shown = SHOWN_ON[table].format(ids=f"SELECT n.id FROM {triggers.changed_rows(columns)}")
        statements.append(SHOWN_FUNCTION.format(table=table, incidents=shown))
    return statements


def trigger_statements():
    statements = [
        trigger("incidents_incident", "insert", "incidents_exportcells_new_incidents"),
        trigger("incidents_incident", "delete", "incidents_exportcells_forget"),
    ]
    for table in DIRECT:
        statements += [trigger(table, event, f"{table}_exportcells") for event in ("insert", "delete", "update")]
    for table in SHOWN_ON:
        statements.append(trigger(table, "update", f"{table}_exportcells"))
    statements += [trigger(table, "truncate", "incidents_exportcells_refill") for table in TRUNCATED]
    return statements


def digest():
    """What the stored cells are, as a short text: another definition means other cells."""
    definition = "\n".join([create_table_sql(), KEY, ORDER, *function_statements()])
    return hashlib.sha256(definition.encode()).hexdigest()[:32]


def installed_digest(cursor):
    cursor.execute("SELECT obj_description(to_regclass(%s), 'pg_class')", [TABLE])
    row = cursor.fetchone()
    return row[0] if row else None


def install(connection):
    """Make the table (again, and fill it, if its definition changed), its functions and triggers."""
    if connection.vendor != "postgresql" or "incidents_incident" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        fresh = installed_digest(cursor) != digest()
        if fresh:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            cursor.execute(create_table_sql())
            cursor.execute(f"ALTER TABLE {TABLE} ADD PRIMARY KEY ({KEY})")
            cursor.execute(f"COMMENT ON TABLE {TABLE} IS %s", [digest()])
        for statement in [*function_statements(), *trigger_statements()]:
            cursor.execute(statement)
        if fresh:
            cursor.execute(fill_sql())
            cursor.execute(f"CREATE INDEX {TABLE}_order ON {TABLE} ({ORDER})")
            cursor.execute(f"ANALYZE {TABLE}")


def uninstall(connection):
    """The table, its functions and (with them) its triggers dropped: for a database migrated back
    to an earlier state, whose tables the cells' SQL doesn't fit. Migrating forward again makes
    and fills them anew. The functions are those the catalogue names *_exportcells*, as
    function_statements() names them."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT oid::regprocedure::text FROM pg_proc WHERE proname LIKE %s "
            "AND pronamespace = current_schema()::regnamespace ORDER BY 1",
            ["%\\_exportcells%"],
        )
        for (function,) in cursor.fetchall():
            cursor.execute(f"DROP FUNCTION IF EXISTS {function} CASCADE")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


install_after_migrate = triggers.on_the_latest_tables(install, uninstall)
