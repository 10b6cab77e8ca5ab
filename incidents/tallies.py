"""The tallies (models.Tally, MonthTally, GroupTally, GroupTotal, PlaceTally), kept exact by the
database itself.

Every statement that writes incidents, claims or places changes the tallies by the difference
it makes, in the writer's own transaction: the incidents as they were count -1, as they are
+1, and only published ones count. PostgreSQL does it once per statement from the
statement's transition tables, so a bulk insert, an import or a COPY stays one set-based
step; SQLite once per row, from the same SQL with the row (OLD, NEW) in place of the
transition table. MonthTally, Tally rolled up to months, is kept by the same statements. The
ORM, bulk inserts, imports, raw SQL, deletes, retractions and duplicate links all go through
them; `rebuild()` (after a `migrate` that applied a migration, the tests) computes the
tallies from scratch with the same SQL. incidents.triggers installs them with the
data-version triggers, after every `migrate`.
"""

from .models import Claim, GroupTally, GroupTotal, Incident, MonthTally, PlaceTally, Tally, TallyDimensions
from .querysets import MONTH_OF

PUBLISHED = Incident.Status.PUBLISHED
DIMENSIONS = TallyDimensions.DIMENSIONS
# The incident's columns the tallies read: its dimensions (the last, `duplicate`, is whether
# duplicate_of is set), place, casualties and status.
INCIDENT_COLUMNS = ("id", *DIMENSIONS[:-1], "duplicate_of_id", "location_id", "killed", "wounded", "status")
CLAIM_COLUMNS = ("id", "incident_id", "group_id", "kind")


def kinds(values):
    return "(" + ", ".join(f"'{value}'" for value in values) + ")"


RESPONSIBLE = kinds(Claim.RESPONSIBLE_KINDS)
# Which of an (incident, group) pair's claims each GroupTally count counts.
GROUP_COUNTS = {
    "named": kinds(Claim.Kind.values),
    "responsible": RESPONSIBLE,
    "claimed": kinds([Claim.Kind.CLAIMED]),
    "attributed": kinds(Claim.ATTRIBUTED_KINDS),
    "denied": kinds([Claim.Kind.DENIED]),
}
NOTHING = "(SELECT {columns} FROM {table} WHERE 1 = 0)"


def columns(names, prefix=""):
    return ", ".join(f"{prefix}{name}" for name in names)


def sums(measures):
    return {name: f"SUM({expression})" for name, expression in measures.items()}


def upsert(model, keys, measures, source):
    """Add to the tally `model`, per `keys`, the sums of `measures` over `source` (aliased s or p);
    groups that change nothing are left out, and rows left with no incident are removed (a
    negative count, never right, too: SQLite's flush may empty a tally before the incidents
    whose deletion then subtracts from it)."""
    table = model._meta.db_table
    key_sql = ", ".join(keys.values())
    changes = " OR ".join(f"{expression} <> 0" for expression in measures.values())
    names = [*keys, *measures]
    update = ", ".join(f'"{name}" = {table}."{name}" + excluded."{name}"' for name in measures)
    kept = getattr(model, "KEPT_WHILE", [getattr(model, "COUNTED", "incidents")])
    return [
        f"INSERT INTO {table} ({', '.join(f'{chr(34)}{n}{chr(34)}' for n in names)}) "
        f"SELECT {key_sql}, {', '.join(measures.values())} FROM {source} WHERE true "
        f"GROUP BY {key_sql} HAVING {changes} ORDER BY {key_sql} "
        f"ON CONFLICT ({', '.join(f'{chr(34)}{k}{chr(34)}' for k in keys)}) DO UPDATE SET {update}",
        f"DELETE FROM {table} WHERE " + " AND ".join(f'"{name}" <= 0' for name in kept),
    ]


def signed(parts):
    """Published incidents with a sign and their dimensions: one SELECT per (sign, FROM item of
    incident rows) part."""
    selects = [
        f"SELECT {sign} AS sign, x.id, x.location_id, x.killed, x.wounded, {columns(DIMENSIONS[:-1], 'x.')}, "
        f"x.duplicate_of_id IS NOT NULL AS duplicate FROM {rows} x WHERE x.status = '{PUBLISHED}'"
        for sign, rows in parts
    ]
    return "(" + " UNION ALL ".join(selects) + ")"


def dimension_keys(alias):
    return {name: f"{alias}.{name}" for name in DIMENSIONS}


# Tally's and MonthTally's counts of the signed incidents.
INCIDENT_COUNTS = sums(
    {
        "incidents": "s.sign",
        "killed": "s.sign * COALESCE(s.killed, 0)",
        "killed_unknown": "CASE WHEN s.killed IS NULL THEN s.sign ELSE 0 END",
        "wounded": "s.sign * COALESCE(s.wounded, 0)",
        "wounded_unknown": "CASE WHEN s.wounded IS NULL THEN s.sign ELSE 0 END",
    }
)


def incident_statements(incidents, vendor):
    """Add the signed incidents (signed()) to the tallies of incidents (day and month), places and groups."""
    s = f"{incidents} s"
    month_keys = {**dimension_keys("s"), "date": MONTH_OF[vendor].format("s.date")}
    del month_keys["date_end"]
    statements = upsert(Tally, dimension_keys("s"), INCIDENT_COUNTS, s)
    statements += upsert(MonthTally, month_keys, INCIDENT_COUNTS, s)
    place_keys = {"location_id": "s.location_id", **{name: f"s.{name}" for name in PlaceTally.DIMENSIONS}}
    statements += upsert(PlaceTally, place_keys, {"incidents": "SUM(s.sign)"}, s)
    # Each incident once per group it is responsible for, with the kinds of that group's claims.
    flags = ", ".join(
        f"s.sign * MAX(CASE WHEN c.kind IN {kind_list} THEN 1 ELSE 0 END) AS {name}"
        for name, kind_list in GROUP_COUNTS.items()
    )
    pairs = (
        f"(SELECT c.group_id, {columns(DIMENSIONS, 's.')}, {flags} "
        f"FROM {s} JOIN incidents_claim c ON c.incident_id = s.id "
        "WHERE c.group_id IS NOT NULL "
        f"GROUP BY s.sign, s.id, c.group_id, {columns(DIMENSIONS, 's.')}) p"
    )
    return statements + group_statements(pairs)


def group_statements(pairs):
    """Add the (incident, group) deltas `pairs` (group_id, the dimensions, a delta per GROUP_COUNTS
    count) to GroupTally (what the group is responsible for) and GroupTotal."""
    keys = {"group_id": "p.group_id", **dimension_keys("p")}
    responsible = {name: f"SUM(p.{name})" for name in ("responsible", "claimed", "attributed", "denied")}
    totals = {name: f"SUM(p.{name})" for name in ("named", "claimed", "attributed")}
    return upsert(GroupTally, keys, responsible, pairs) + upsert(
        GroupTotal, {"group_id": "p.group_id", "duplicate": "p.duplicate"}, totals, pairs
    )


def claim_statements(old, new):
    """Add to GroupTally what changed claims change (FROM items of the rows as they were, `old`,
    and as they are, `new`): per (incident, group) pair, whether the group counts for the incident
    after the statement less whether it did before (the claims now, less the new rows, plus the old)."""

    def exists(rows, kind_list, where=""):
        """LIMIT 1 OFFSET 0 keeps it a probe of the claims' incident index per pair: without an
        OFFSET, PostgreSQL may hash every claim of the kinds instead, a scan of the whole table
        per statement (at 1M incidents, 1.7 s of a 5,000-claim insert's 2.1 s; with it 0.3 s)."""
        return (
            f"EXISTS (SELECT 1 FROM {rows} WHERE c.incident_id = q.incident_id "
            f"AND c.group_id = q.group_id AND c.kind IN {kind_list}{where} LIMIT 1 OFFSET 0)"
        )

    def flag(condition):
        return f"CASE WHEN {condition} THEN 1 ELSE 0 END"

    def before(kind_list):
        unchanged = exists("incidents_claim c", kind_list, f" AND c.id NOT IN (SELECT id FROM {new} n)")
        return flag(f"{exists(f'{old} c', kind_list)} OR {unchanged}")

    deltas = ", ".join(
        f"{flag(exists('incidents_claim c', kind_list))} - {before(kind_list)} AS {name}"
        for name, kind_list in GROUP_COUNTS.items()
    )
    current = signed([(1, "incidents_incident")])
    changed_pairs = f"(SELECT incident_id, group_id FROM {old} o UNION SELECT incident_id, group_id FROM {new} n) q"
    pairs = (
        f"(SELECT q.group_id, {columns(DIMENSIONS, 's.')}, {deltas} "
        f"FROM {changed_pairs} JOIN {current} s ON s.id = q.incident_id WHERE q.group_id IS NOT NULL) p"
    )
    return group_statements(pairs)


TALLIES = (Tally, MonthTally, GroupTally, GroupTotal, PlaceTally)


def rebuild_statements(vendor):
    """Every tally from scratch: all published incidents counted once."""
    emptied = [f"DELETE FROM {model._meta.db_table}" for model in TALLIES]
    return emptied + incident_statements(signed([(1, "incidents_incident")]), vendor)


def rebuild(connection):
    with connection.cursor() as cursor:
        for statement in rebuild_statements(connection.vendor):
            cursor.execute(statement)


def incident_change(old, new, vendor):
    return incident_statements(signed([(sign, rows) for sign, rows in ((-1, old), (1, new)) if rows]), vendor)


def claim_change(old, new, vendor):
    nothing = NOTHING.format(columns=columns(CLAIM_COLUMNS), table="incidents_claim")
    return claim_statements(old or nothing, new or nothing)


# Per table: the columns the tallies read, and the statements that apply a change, given FROM items
# of the rows as they were and as they are (None where the event has none).
WATCHED = {
    "incidents_incident": (INCIDENT_COLUMNS, incident_change),
    "incidents_claim": (CLAIM_COLUMNS, claim_change),
}
EVENTS = ("insert", "update", "delete")


def trigger_name(table, event):
    return f"{table}_{event}_tally"


def postgresql_sources(event, names):
    """PostgreSQL's transition tables; an update's only the rows whose read columns changed."""
    if event != "update":
        return ("old_rows", None) if event == "delete" else (None, "new_rows")
    changed = f"({columns(names[1:], 'o.')}) IS DISTINCT FROM ({columns(names[1:], 'n.')})"
    return tuple(f"(SELECT {alias}.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE {changed})" for alias in "on")


def sqlite_sources(event, names):
    def row(record):
        return "(SELECT " + ", ".join(f"{record}.{name} AS {name}" for name in names) + ")"

    return (row("OLD") if event != "insert" else None, row("NEW") if event != "delete" else None)


POSTGRESQL_REFERENCING = {
    "insert": "REFERENCING NEW TABLE AS new_rows",
    "update": "REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "delete": "REFERENCING OLD TABLE AS old_rows",
}


def postgresql_statements():
    """A function and a statement-level trigger per (table, event); TRUNCATE empties the tallies."""
    statements = []
    for table, (names, change) in WATCHED.items():
        for event in EVENTS:
            body = change(*postgresql_sources(event, names), "postgresql")
            name = trigger_name(table, event)
            statements.append(
                f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
                + "".join(f"    {statement};\n" for statement in body)
                + "    RETURN NULL;\nEND $$"
            )
            statements.append(
                f"CREATE OR REPLACE TRIGGER {name} AFTER {event.upper()} ON {table} "
                f"{POSTGRESQL_REFERENCING[event]} FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            )
    emptied = "".join(f"    DELETE FROM {model._meta.db_table};\n" for model in TALLIES)
    statements.append(
        "CREATE OR REPLACE FUNCTION incidents_tallies_emptied() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n"
        f"{emptied}    RETURN NULL;\nEND $$"
    )
    for table in TRUNCATED:
        statements.append(
            f"CREATE OR REPLACE TRIGGER {trigger_name(table, 'truncate')} AFTER TRUNCATE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION incidents_tallies_emptied()"
        )
    return statements


# Truncating incidents (or the places and claims they need) leaves nothing to count.
TRUNCATED = ("incidents_incident", "incidents_claim")


def sqlite_statements():
    """A row trigger per (table, event), dropped and created again so a changed definition replaces
    an installed one; an update's only when a column the tallies read changed."""
    statements = []
    for table, (names, change) in WATCHED.items():
        for event in EVENTS:
            body = change(*sqlite_sources(event, names), "sqlite")
            name = trigger_name(table, event)
            statements.append(f"DROP TRIGGER IF EXISTS {name}")
            when = " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in names[1:])
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event.upper()} ON {table} "
                + (f"WHEN {when} " if event == "update" else "")
                + "BEGIN\n"
                + "".join(f"    {statement};\n" for statement in body)
                + "END"
            )
    return statements


def trigger_statements(vendor):
    return {"postgresql": postgresql_statements, "sqlite": sqlite_statements}[vendor]()


def drop_statements(vendor):
    """Every tally trigger dropped (and PostgreSQL's functions): before the tallies' tables go."""
    names = expected(vendor)
    if vendor == "postgresql":
        return [f"DROP TRIGGER IF EXISTS {name} ON {name.rsplit('_', 2)[0]}" for name in names] + [
            f"DROP FUNCTION IF EXISTS {name}()" for name in [*names, "incidents_tallies_emptied"]
        ]
    return [f"DROP TRIGGER IF EXISTS {name}" for name in names]


def drop_triggers(apps, schema_editor):
    """Migration 0025 backwards: no trigger may write to the tallies once their tables are gone."""
    with schema_editor.connection.cursor() as cursor:
        for statement in drop_statements(schema_editor.connection.vendor):
            cursor.execute(statement)


def expected(vendor):
    """The names of the tally triggers a database of `vendor` has."""
    names = {trigger_name(table, event) for table in WATCHED for event in EVENTS}
    if vendor == "postgresql":
        names |= {trigger_name(table, "truncate") for table in TRUNCATED}
    return names
