"""The database triggers that change DataVersion on every write to the public data.

Migration 0005 created them first. They are installed again, idempotently, after every
`migrate`: SQLite rebuilds a table for many schema changes (adding a field with a
database default, altering a column) and the rebuilt table has no triggers, so a later
migration would otherwise switch caching freshness off without a sound.
"""

WATCHED_TABLES = [
    "incidents_incident", "incidents_claim", "incidents_location", "incidents_group", "incidents_grouprelation",
    "incidents_source", "incidents_incidentsource", "incidents_governorate",
]
SQLITE_EVENTS = ("insert", "update", "delete")

# PostgreSQL: statement-level, with a sequence so that a rolled-back version is never reused.
POSTGRESQL_FUNCTION = """
CREATE SEQUENCE IF NOT EXISTS incidents_data_version_seq;
CREATE OR REPLACE FUNCTION incidents_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE incidents_dataversion SET version = nextval('incidents_data_version_seq');
    RETURN NULL;
END $$;
"""
POSTGRESQL_TRIGGER = """
CREATE OR REPLACE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION incidents_data_changed();
"""
# SQLite has only row-level triggers and no sequences: a random 64-bit value is never reused in practice.
SQLITE_TRIGGER = """
CREATE TRIGGER IF NOT EXISTS {table}_{event}_changed AFTER {event} ON {table}
BEGIN UPDATE incidents_dataversion SET version = random(); END;
"""


def trigger_statements(vendor):
    if vendor == "postgresql":
        return [POSTGRESQL_FUNCTION] + [POSTGRESQL_TRIGGER.format(table=table) for table in WATCHED_TABLES]
    if vendor == "sqlite":
        return [
            SQLITE_TRIGGER.format(table=table, event=event) for table in WATCHED_TABLES for event in SQLITE_EVENTS
        ]
    raise NotImplementedError(f"No data-version triggers for {vendor}")


NEW_VERSION = {"postgresql": "nextval('incidents_data_version_seq')", "sqlite": "random()"}


def install(connection):
    """Create any missing trigger, and the version row if it is missing (after a flush,
    say) with a new value, so no result cached before can match it."""
    if "incidents_dataversion" not in connection.introspection.table_names():
        return  # migrated back to before the data version existed
    with connection.cursor() as cursor:
        for statement in trigger_statements(connection.vendor):
            cursor.execute(statement)
        cursor.execute(
            f"INSERT INTO incidents_dataversion (id, version) SELECT 1, {NEW_VERSION[connection.vendor]} "
            "WHERE NOT EXISTS (SELECT 1 FROM incidents_dataversion)"
        )


def installed(connection):
    """The names of the data-version triggers present in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname FROM pg_trigger WHERE tgname LIKE 'incidents\\_%\\_changed'")
        else:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%\\_changed' ESCAPE '\\'")
        return {name for (name,) in cursor.fetchall()}


def expected(vendor):
    if vendor == "postgresql":
        return {f"{table}_changed" for table in WATCHED_TABLES}
    return {f"{table}_{event}_changed" for table in WATCHED_TABLES for event in SQLITE_EVENTS}
