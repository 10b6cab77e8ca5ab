"""The database triggers that change the DataVersion rows: one on every write, one on every
write that public pages can see.

Migration 0005 created them first. They are installed again, idempotently, after every
`migrate`: SQLite rebuilds a table for many schema changes (adding a field with a
database default, altering a column) and the rebuilt table has no triggers, so a later
migration would otherwise switch caching freshness off without a sound.
"""

from contextvars import ContextVar

from django.core import checks
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from . import tallies
from .dataversion import DataVersion, new_database_uid
from .models import Incident, Tally

EVERY_WRITE, PUBLIC = DataVersion.EVERY_WRITE, DataVersion.PUBLIC
WATCHED_TABLES = [
    "incidents_incident",
    "incidents_claim",
    "incidents_location",
    "incidents_group",
    "incidents_grouprelation",
    "incidents_source",
    "incidents_incidentsource",
    "incidents_governorate",
]
# Rows of these tables are public only through a published (or retracted) incident: writing
# a draft, or its claims and source links, changes the version of every write but not the
# public one, so analysts at work don't empty the readers' cache. Each condition is on one
# changed row, `{row}`: a row trigger's OLD or NEW (SQLite), a statement's `touched` rows
# (PostgreSQL's transition table).
PUBLIC_INCIDENT = f"{{row}}.status <> '{Incident.Status.DRAFT}'"
OF_PUBLIC_INCIDENT = (
    "EXISTS (SELECT 1 FROM incidents_incident i "
    f"WHERE i.id = {{row}}.incident_id AND i.status <> '{Incident.Status.DRAFT}')"
)
PUBLIC_ROW = {
    "incidents_incident": PUBLIC_INCIDENT,
    "incidents_claim": OF_PUBLIC_INCIDENT,
    "incidents_incidentsource": OF_PUBLIC_INCIDENT,
}
SQLITE_EVENTS = ("insert", "update", "delete")

# PostgreSQL: statement-level, with a sequence so that a rolled-back version is never reused.
# incidents_data_changed('public') changes both versions; ('every') only that of every write.
NEXT_VERSION = "UPDATE incidents_dataversion SET version = nextval('incidents_data_version_seq')"
POSTGRESQL_FUNCTION = f"""
CREATE SEQUENCE IF NOT EXISTS incidents_data_version_seq;
CREATE OR REPLACE FUNCTION incidents_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    {NEXT_VERSION} WHERE id = {EVERY_WRITE} OR (id = {PUBLIC} AND TG_ARGV[0] = 'public');
    RETURN NULL;
END $$;
"""
# {table}_public_changed() changes the public version if a statement touched a public row.
POSTGRESQL_PUBLIC_FUNCTION = """
CREATE OR REPLACE FUNCTION {table}_public_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM touched WHERE {condition}) THEN
        {next_version} WHERE id = {public};
    END IF;
    RETURN NULL;
END $$;
"""
POSTGRESQL_TRIGGER = """
CREATE OR REPLACE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
FOR EACH STATEMENT EXECUTE FUNCTION incidents_data_changed('{scope}');
"""
# Transition tables need one event per trigger; an update is public if its rows were or become so.
POSTGRESQL_PUBLIC_TRIGGERS = {
    "insert": "AFTER INSERT ON {table} REFERENCING NEW TABLE AS touched",
    "delete": "AFTER DELETE ON {table} REFERENCING OLD TABLE AS touched",
    "update_old": "AFTER UPDATE ON {table} REFERENCING OLD TABLE AS touched",
    "update_new": "AFTER UPDATE ON {table} REFERENCING NEW TABLE AS touched",
    "truncate": "AFTER TRUNCATE ON {table}",
}
POSTGRESQL_PUBLIC_TRIGGER = """
CREATE OR REPLACE TRIGGER {table}_{event}_public {when}
FOR EACH STATEMENT EXECUTE FUNCTION {function};
"""
# SQLite has only row-level triggers and no sequences: a random 64-bit value is never reused in practice.
SQLITE_TRIGGER = """
CREATE TRIGGER {table}_{event}_changed AFTER {event} ON {table}
BEGIN UPDATE incidents_dataversion SET version = random() WHERE id = {every} OR (id = {public} AND {public_when}); END;
"""
SQLITE_ROWS = {"insert": ["NEW"], "update": ["OLD", "NEW"], "delete": ["OLD"]}


def sqlite_public_when(table, event):
    condition = PUBLIC_ROW.get(table)
    if condition is None:
        return "1"
    return "(" + " OR ".join(condition.format(row=row) for row in SQLITE_ROWS[event]) + ")"


def postgresql_statements():
    statements = [POSTGRESQL_FUNCTION]
    for table in WATCHED_TABLES:
        condition = PUBLIC_ROW.get(table)
        statements.append(POSTGRESQL_TRIGGER.format(table=table, scope="every" if condition else "public"))
        if condition:
            statements.append(
                POSTGRESQL_PUBLIC_FUNCTION.format(
                    table=table,
                    condition=condition.format(row="touched"),
                    next_version=NEXT_VERSION,
                    public=PUBLIC,
                )
            )
            for event, when in POSTGRESQL_PUBLIC_TRIGGERS.items():
                function = "incidents_data_changed('public')" if event == "truncate" else f"{table}_public_changed()"
                statements.append(
                    POSTGRESQL_PUBLIC_TRIGGER.format(
                        table=table,
                        event=event,
                        when=when.format(table=table),
                        function=function,
                    )
                )
    return statements


def sqlite_statements():
    """Dropped and created again, so a changed definition replaces an installed one."""
    statements = []
    for table in WATCHED_TABLES:
        for event in SQLITE_EVENTS:
            statements.append(f"DROP TRIGGER IF EXISTS {table}_{event}_changed")
            statements.append(
                SQLITE_TRIGGER.format(
                    table=table,
                    event=event,
                    every=EVERY_WRITE,
                    public=PUBLIC,
                    public_when=sqlite_public_when(table, event),
                )
            )
    return statements


def trigger_statements(vendor):
    if vendor == "postgresql":
        return postgresql_statements()
    if vendor == "sqlite":
        return sqlite_statements()
    raise NotImplementedError(f"No data-version triggers for {vendor}")


def has_tallies(connection):
    """Migrated as far as the tallies (incidents.tallies), whose triggers are installed here too."""
    return Tally._meta.db_table in connection.introspection.table_names()


SAME_OR_NEW_UID = ", COALESCE((SELECT MAX(database_uid) FROM incidents_dataversion), %s)"
NEW_VERSION = {"postgresql": "nextval('incidents_data_version_seq')", "sqlite": "random()"}


def install(connection, latest=True):
    """Create any missing trigger, and the version rows if they are missing (after a flush,
    say) with a new value and a new database identity, so no result cached before can match.

    latest=False: the database is migrated back to an earlier state (migrated_to_the_latest),
    for which the tallies' triggers, written for the latest tables, are dropped."""
    if "incidents_dataversion" not in connection.introspection.table_names():
        return  # migrated back to before the data version existed
    with connection.cursor() as cursor:
        statements = trigger_statements(connection.vendor)
        if latest and has_tallies(connection):
            statements += tallies.trigger_statements(connection.vendor)
        else:  # migrated back to before the tallies, or to tallies of another shape
            statements += tallies.drop_statements(connection.vendor)
        for statement in statements:
            cursor.execute(statement)
        insert_missing_versions(connection, cursor)


def insert_missing_versions(connection, cursor):
    """A missing row gets the identity of the other, or a new one; none where migrated back to
    before identities existed."""
    table = connection.introspection.get_table_description(cursor, "incidents_dataversion")
    with_uid = "database_uid" in {column.name for column in table}
    database_uid = new_database_uid()
    for row in (EVERY_WRITE, PUBLIC):
        cursor.execute(
            f"INSERT INTO incidents_dataversion (id, version{', database_uid' if with_uid else ''}) "
            f"SELECT {row}, {NEW_VERSION[connection.vendor]}{SAME_OR_NEW_UID if with_uid else ''} "
            f"WHERE NOT EXISTS (SELECT 1 FROM incidents_dataversion WHERE id = {row})",
            [database_uid] if with_uid else [],
        )


def install_after_migrate(sender, using, plan=None, **kwargs):
    """post_migrate receiver (incidents.apps): the triggers, after every `migrate`; and the
    tallies counted again from scratch after a `migrate` that applied a migration, since
    migrations write without the tally triggers (SQLite drops a rebuilt table's triggers, and a
    new database has none until the end). Migrated back, the tallies are left to the code of
    that migration, whose own `migrate` installs its triggers and counts them again."""
    connection = connections[using]
    latest = migrated_to_the_latest(connection)
    install(connection, latest)
    if plan or connection.vendor == "sqlite":  # SQLite's triggers were dropped while it migrated
        renew_versions(connection)
    if plan and latest and has_tallies(connection):
        tallies.rebuild(connection)


def drop_before_migrate(sender, using, **kwargs):
    """pre_migrate receiver (incidents.apps): on SQLite, every trigger of this app dropped before
    migrating. A migration that rebuilds a table (SQLite's way of altering one) drops it and
    renames its copy, and SQLite then fails on any trigger naming the table: migrating an
    installed database back and forth failed so. post_migrate installs them all again, and
    renews the data versions that writes meanwhile did not change."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'incidents\\_%' ESCAPE '\\'"
        )
        for (name,) in cursor.fetchall():
            cursor.execute(f'DROP TRIGGER IF EXISTS "{name}"')


def renew_versions(connection):
    """Both data versions changed: after migrations, which may have written data with no trigger."""
    if "incidents_dataversion" in connection.introspection.table_names():
        with connection.cursor() as cursor:
            cursor.execute(f"UPDATE incidents_dataversion SET version = {NEW_VERSION[connection.vendor]}")


def migrated_to_the_latest(connection):
    """Whether every migration of this app is applied: the SQL of the tallies and of the stored
    export cells reads the latest tables, and fails on an earlier state's (`migrate incidents
    0025` to roll back a release)."""
    executor = MigrationExecutor(connection)
    leaves = [node for node in executor.loader.graph.leaf_nodes() if node[0] == Incident._meta.app_label]
    return not executor.migration_plan(leaves)


def changed_rows(columns):
    """The rows of an update statement whose `columns` changed, as (o)ld and (n)ew: a FROM item over
    its transition tables (old_rows, new_rows), for the statement triggers that rewrite what they
    read (the stored export cells, the words of the search)."""
    old = ", ".join(f"o.{name}" for name in columns)
    new = ", ".join(f"n.{name}" for name in columns)
    return f"old_rows o JOIN new_rows n ON n.id = o.id WHERE (ROW({old})) IS DISTINCT FROM (ROW({new}))"


def on_the_latest_tables(install, uninstall):
    """A post_migrate receiver (incidents.apps) for SQL written for the latest tables (the stored
    export cells, the words of the search): install(connection) when every migration is applied,
    else uninstall(connection), since an earlier state's tables may not fit it."""

    def receiver(sender, using, **kwargs):
        connection = connections[using]
        (install if migrated_to_the_latest(connection) else uninstall)(connection)

    return receiver


def installed(connection):
    """The names of the data-version triggers present in the database."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgname LIKE 'incidents\\_%\\_changed' "
                "OR tgname LIKE 'incidents\\_%\\_public' OR tgname LIKE 'incidents\\_%\\_tally'"
            )
        else:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' "
                "AND (name LIKE '%\\_changed' ESCAPE '\\' OR name LIKE '%\\_tally' ESCAPE '\\')"
            )
        return {name for (name,) in cursor.fetchall()}


# Set while `migrate` runs its system checks (incidents/management/commands/migrate.py).
MIGRATING = ContextVar("incidents_migrating", default=False)


def check_installed(app_configs=None, databases=None, **kwargs):
    """System check incidents.E001: every data-version trigger is in each database checked.

    Without them no write changes the data version, so cached pages go stale without a
    sound. A database check (registered with Tags.database in incidents.apps): run by
    `manage.py check --database default`, never by a plain `check`, which must not need a
    database. `migrate` skips it (MIGRATING): it installs the triggers, so their absence
    must not stop it. A database not migrated as far as the data version has none yet.
    """
    errors = []
    for alias in () if MIGRATING.get() else databases or ():
        connection = connections[alias]
        if "incidents_dataversion" not in connection.introspection.table_names():
            continue
        missing = expected(connection.vendor, has_tallies(connection)) - installed(connection)
        if missing:
            errors.append(
                checks.Error(
                    "Data-version triggers are missing: cached pages would go stale.",
                    hint=f"Missing in database {alias!r}: {', '.join(sorted(missing))}. "
                    "Run `manage.py migrate`, which installs them again.",
                    obj=DataVersion,
                    id="incidents.E001",
                )
            )
    return errors


def expected(vendor, with_tallies=True):
    if vendor == "postgresql":
        versions = {f"{table}_changed" for table in WATCHED_TABLES} | {
            f"{table}_{event}_public" for table in PUBLIC_ROW for event in POSTGRESQL_PUBLIC_TRIGGERS
        }
    else:
        versions = {f"{table}_{event}_changed" for table in WATCHED_TABLES for event in SQLITE_EVENTS}
    return versions | (tallies.expected(vendor) if with_tallies else set())


def inserted_version_sql(table, rows):
    """The data-version update of SQLITE_TRIGGER, once for the inserted `rows` (a FROM item):
    bulk.once_per_statement."""
    condition = PUBLIC_ROW.get(table)
    public_when = f"EXISTS (SELECT 1 FROM {rows} r WHERE {condition.format(row='r')})" if condition else "1"
    return (
        f"UPDATE incidents_dataversion SET version = random() "
        f"WHERE id = {EVERY_WRITE} OR (id = {PUBLIC} AND {public_when})"
    )
