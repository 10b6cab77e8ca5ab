"""The export's aggregated cells, kept current by PostgreSQL, so the export is a plain COPY.

claimed_by, attributed_to, suspected, denied_by, sources and claim_sources aggregate an
incident's claims and sources. Aggregating them while exporting capped the CSV at 14% of
the speed of PostgreSQL's COPY of the incidents table; so each incident's six cells, written
exactly as the export writes them (the same column SQL, columns.Column.copy_sql), are kept in
one row of `incidents_exportcells`, and copy.py joins that row instead.

The table is kept by triggers, like the data version (triggers.py), so that every write
keeps it current whoever makes it — the ORM, bulk inserts, COPY, imports, raw SQL —
in the writer's own transaction:

* a statement that inserts, deletes or changes (in a column the cells read) claims or
  source links rewrites the cells of the incidents those rows belong to, before and after;
* renaming a group, or changing a source's publisher, title or URL, rewrites the cells of
  every incident that names it;
* deleting incidents deletes their rows; a TRUNCATE of any of these tables fills the table
  again from scratch.

Writers of the same incident take turns: the cells' row is locked before its cells are
read, so the second writer reads the first's committed claims (READ COMMITTED reads each
statement's own snapshot) instead of overwriting them with what it saw before.

`install()` runs after every `migrate` (incidents.apps). The table's comment holds a digest
of its definition and of the cells' SQL; when the code defines the cells differently (a
column added, a rule of cells.py changed), the table is made again and filled from the
data, so a stored cell never follows an old rule. SQLite has no such table: its export is
written in Python (csv.py) and aggregates as it goes.
"""

import hashlib
from functools import cache

from django.db import connections

from ..models import Claim
from .cells import LIST_SEPARATOR, claim_source_sql, source_sql, sql_literal
from .columns import COLUMNS

TABLE = "incidents_exportcells"
STORED = [column for column in COLUMNS if column.read.stored]

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

# The tables whose rows the cells read, and the columns read: a change elsewhere (a claim's
# note, a source's grade) leaves the cells alone. `incidents` finds the incidents that rows
# of the table, `{ids}`, show on.
DIRECT = {  # rows that belong to one incident (incident_id)
    "incidents_claim": ("incident_id", "kind", "group_id", "actor", "source_id"),
    "incidents_incidentsource": ("incident_id", "source_id"),
}
NAMED = {  # rows that incidents name through their claims or links
    "incidents_group": (("name",), "SELECT incident_id FROM incidents_claim WHERE group_id IN ({ids})"),
    "incidents_source": (
        ("publisher", "title", "url"),
        "SELECT incident_id FROM incidents_incidentsource WHERE source_id IN ({ids})",
    ),
}
TRUNCATED = ["incidents_incident", *DIRECT, *NAMED]


@cache
def cells_sql():
    """SELECT incident_id and the stored cells of the incidents whose ids {selected} selects."""
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
    return f"SELECT i.id AS incident_id, {cells}\nFROM incidents_incident i{aggregates}WHERE i.id IN ({{selected}})"


def names():
    return ", ".join(f'"{column.name}"' for column in STORED)


def create_table_sql():
    cells = "".join(f', "{column.name}" text' for column in STORED)
    return f"CREATE TABLE {TABLE} (incident_id bigint PRIMARY KEY{cells})"


REFRESH_FUNCTION = """
CREATE OR REPLACE FUNCTION incidents_exportcells_refresh(ids bigint[]) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    IF cardinality(ids) = 0 THEN
        RETURN;
    END IF;
    -- lock each incident's row (made if missing) first: a writer that waited here then reads
    -- the cells with the other writer's claims committed
    INSERT INTO {table} AS e (incident_id)
    SELECT id FROM incidents_incident WHERE id IN (SELECT unnest(ids)) ORDER BY id
    ON CONFLICT (incident_id) DO UPDATE SET incident_id = e.incident_id;
    UPDATE {table} e SET ({names}) = ({fresh})
    FROM ({cells}) fresh WHERE fresh.incident_id = e.incident_id;
END $$;

CREATE OR REPLACE FUNCTION incidents_exportcells_refill() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE {table};
    INSERT INTO {table} (incident_id, {names}) {all_cells};
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION incidents_exportcells_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {table} WHERE incident_id IN (SELECT id FROM old_rows);
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION incidents_exportcells_new_incidents() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    -- claims and links written before their incident (the foreign keys are checked at commit)
    PERFORM incidents_exportcells_refresh(ARRAY(
        SELECT id FROM new_rows n
        WHERE EXISTS (SELECT 1 FROM incidents_claim c WHERE c.incident_id = n.id)
           OR EXISTS (SELECT 1 FROM incidents_incidentsource s WHERE s.incident_id = n.id)
    ));
    RETURN NULL;
END $$;
"""

# Rows of an update whose read columns changed, as (o)ld and (n)ew.
CHANGED = "old_rows o JOIN new_rows n ON n.id = o.id WHERE ({old}) IS DISTINCT FROM ({new})"
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
NAMED_FUNCTION = """
CREATE OR REPLACE FUNCTION {table}_exportcells() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM incidents_exportcells_refresh(ARRAY(SELECT DISTINCT incident_id FROM ({incidents}) named));
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


def changed(columns):
    old = ", ".join(f"o.{name}" for name in columns)
    new = ", ".join(f"n.{name}" for name in columns)
    return CHANGED.format(old=f"ROW({old})", new=f"ROW({new})")


def trigger(table, event, function):
    return TRIGGER.format(table=table, event=event, when=EVENTS[event].format(table=table), function=function)


def function_statements():
    statements = [
        REFRESH_FUNCTION.format(
            table=TABLE,
            names=names(),
            fresh=", ".join(f'fresh."{column.name}"' for column in STORED),
            cells=cells_sql().format(selected="SELECT unnest(ids)"),
            all_cells=all_cells_sql(),
        )
    ]
    for table, columns in DIRECT.items():
        statements.append(DIRECT_FUNCTION.format(table=table, changed=changed(columns)))
    for table, (columns, incidents) in NAMED.items():
        named = incidents.format(ids=f"SELECT n.id FROM {changed(columns)}")
        statements.append(NAMED_FUNCTION.format(table=table, incidents=named))
    return statements


def trigger_statements():
    statements = [
        trigger("incidents_incident", "insert", "incidents_exportcells_new_incidents"),
        trigger("incidents_incident", "delete", "incidents_exportcells_forget"),
    ]
    for table in DIRECT:
        statements += [trigger(table, event, f"{table}_exportcells") for event in ("insert", "delete", "update")]
    for table in NAMED:
        statements.append(trigger(table, "update", f"{table}_exportcells"))
    statements += [trigger(table, "truncate", "incidents_exportcells_refill") for table in TRUNCATED]
    return statements


def digest():
    """What the stored cells are, as a short text: another definition means other cells."""
    definition = "\n".join([create_table_sql(), *function_statements()])
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
            cursor.execute(f"COMMENT ON TABLE {TABLE} IS %s", [digest()])
        for statement in [*function_statements(), *trigger_statements()]:
            cursor.execute(statement)
        if fresh:
            cursor.execute(f"INSERT INTO {TABLE} (incident_id, {names()}) {all_cells_sql()}")


def all_cells_sql():
    return cells_sql().format(selected="SELECT id FROM incidents_incident")


def install_after_migrate(sender, using, **kwargs):
    """post_migrate receiver (incidents.apps)."""
    install(connections[using])
