"""The words counted incidents are found by, one row each, kept current by PostgreSQL: what a
public search counts at a million incidents without reading each match.

A search finds an incident by its found text (`IncidentQuerySet.matching`: a LIKE per word,
served by the trigram index). Every figure a public search shows — the list's total and its
ranked page, the API's count, the overview's figures, chart and map — counts each match, and
PostgreSQL then reads every match's row from the table to check it: at 1,000,000 incidents,
82,775 matches of *drone attack* were 50,711 of the table's 67,640 pages, 220–270 ms before
any counting. Here each counted incident (published, not a duplicate) has a row per word of
its found text, and one per name and alias as a whole (marked, `|katab hazbala`, for ranking
exact names first), with the columns the public figures sum (COLUMNS); one index holds them
all, in word order, so a search's words are ranges of that index read without the table (an
index-only scan) and intersected by incident.

The rows are the same search as the found text's LIKE: a word of the query shorter than
search.PREFIX_MIN is a whole word, a longer one the start of one (`word LIKE 'katab%'`, a
range of the index in its "C" collation), the name and alias rows what search.named() finds.
IncidentFilter.found_words says where they answer (a search of counted incidents filtered
only on the columns the rows carry); elsewhere the found text's LIKE does.

Kept by triggers on the incidents, like the export's cells (exports/stored.py), in the
writer's own transaction: an incident written, changed in its found text, status, duplicate
link or a column the rows carry, or deleted, has its rows written again or removed, once per
statement from its transition tables; a TRUNCATE empties them. `install()` runs after every
`migrate`; the table's comment holds a digest of its definition, and another definition makes
the table again and fills it from the incidents. SQLite has no such table: its searches are
the found text's LIKE, over far fewer incidents.
"""

import hashlib

from . import search, triggers
from .models import Incident

TABLE = "incidents_foundword"
# The incident's columns each row carries: what the public figures of a search sum
# (querysets.summed_source) and filter on (filters.FOUND_WORD_FILTERS), and the list's order.
COLUMNS = ("date", "date_end", "type", "target_owner", "location_id", "killed", "wounded")
CHANGED_BY = ("found_text", "status", "duplicate_of_id", *COLUMNS)  # what rewrites an incident's rows
# IncidentQuerySet.counted() in the triggers' SQL (tests/test_found_words.py holds them to it).
COUNTED = f"x.status = '{Incident.Status.PUBLISHED}' AND x.duplicate_of_id IS NULL"
MARKED = search.NAME + search.ALIAS  # the marks of whole names and aliases in the found text
MARKS = MARKED + search.TEXT

# The longest word (or marked name) a row keeps, by its start: a B-tree row holds at most 2,704
# bytes, and an analyst's pasted hash is one word of thousands of letters. A search whose words,
# normalised, are this long or longer is not asked of the rows (IncidentFilter.found_words): any
# shorter one finds the same words by a kept start.
MAX_WORD = 200

# The rows of the incidents in {rows} (aliased x) that count: each word of the found text once,
# and each name and alias as a whole after its mark.
ROWS_SQL = f"""
SELECT DISTINCT left(t.word, {MAX_WORD}) COLLATE "C" AS word, x.id AS incident_id, {
    ", ".join(f"x.{name}" for name in COLUMNS)
}
FROM {{rows}} x, LATERAL (
    SELECT w AS word FROM regexp_split_to_table(x.found_text, ' ') w WHERE w NOT IN ('', {
    ", ".join(f"'{mark}'" for mark in MARKS)
})
    UNION ALL
    SELECT m[1] || m[2] FROM regexp_matches(x.found_text, '([{MARKED}]) ([^{MARKS}]+) \\1', 'g') m
) t
WHERE {COUNTED}
"""
KEY = ("word", "date", "incident_id")  # the index's order: each word's incidents, oldest first

FUNCTIONS = """
CREATE OR REPLACE FUNCTION incidents_foundword_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO {table} {new};
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION incidents_foundword_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {table} f USING ({old}) o WHERE {same};
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION incidents_foundword_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM {table} f USING ({changed_old}) o WHERE {same};
    INSERT INTO {table} {changed_new};
    RETURN NULL;
END $$;

CREATE OR REPLACE FUNCTION incidents_foundword_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    TRUNCATE {table};
    RETURN NULL;
END $$;
"""
EVENTS = {
    "insert": "AFTER INSERT ON incidents_incident REFERENCING NEW TABLE AS new_rows",
    "delete": "AFTER DELETE ON incidents_incident REFERENCING OLD TABLE AS old_rows",
    "update": "AFTER UPDATE ON incidents_incident REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "truncate": "AFTER TRUNCATE ON incidents_incident",
}
TRIGGER = (
    "CREATE OR REPLACE TRIGGER incidents_incident_{event}_foundword {when} "
    "FOR EACH STATEMENT EXECUTE FUNCTION incidents_foundword_{event}();"
)


def rows_sql(rows):
    return ROWS_SQL.format(rows=rows)


def changed(side):
    """The rows of an update (as they were, `o`, or are, `n`) that changed what their rows hold."""
    return f"(SELECT {side}.* FROM {triggers.changed_rows(CHANGED_BY)})"


def function_statements():
    same = " AND ".join(f"f.{name} = o.{name}" for name in KEY)
    return [
        FUNCTIONS.format(
            table=TABLE,
            new=rows_sql("new_rows"),
            old=rows_sql("old_rows"),
            changed_old=rows_sql(changed("o")),
            changed_new=rows_sql(changed("n")),
            same=same,
        )
    ]


def trigger_statements():
    return [TRIGGER.format(event=event, when=when) for event, when in EVENTS.items()]


# Vacuumed after every VACUUM_AFTER rows written or deleted, not after a fifth of the table (the
# default): an index-only scan reads the table for every row of a page written since its last
# vacuum, and publishing 20,000 incidents of the million (460,000 rows written and deleted, 2% of
# the table) had the list's count of "drone attack" read 200,000 rows there: 105 -> 408 ms.
VACUUM_AFTER = 10_000
STORAGE = ", ".join(
    f"{setting} = {value}"
    for setting, value in {
        "autovacuum_vacuum_scale_factor": 0,
        "autovacuum_vacuum_threshold": VACUUM_AFTER,
        "autovacuum_vacuum_insert_scale_factor": 0,
        "autovacuum_vacuum_insert_threshold": VACUUM_AFTER,
    }.items()
)


def create_table_sql():
    return f"CREATE TABLE {TABLE} WITH ({STORAGE}) AS {rows_sql('incidents_incident')} WITH NO DATA"


def index_sql():
    included = ", ".join(name for name in ("incident_id", *COLUMNS) if name not in KEY)
    return f"CREATE INDEX {TABLE}_word ON {TABLE} ({', '.join(KEY)}) INCLUDE ({included})"


def digest():
    """What the rows are, as a short text: another definition means other rows."""
    definition = "\n".join([create_table_sql(), index_sql(), *function_statements(), *trigger_statements()])
    return hashlib.sha256(definition.encode()).hexdigest()[:32]


def install(connection):
    """Make the table (again, and fill it, if its definition changed), its functions and triggers."""
    if connection.vendor != "postgresql" or "incidents_incident" not in connection.introspection.table_names():
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT obj_description(to_regclass(%s), 'pg_class')", [TABLE])
        fresh = cursor.fetchone()[0] != digest()
        if fresh:
            cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")
            cursor.execute(create_table_sql())
            cursor.execute(f"COMMENT ON TABLE {TABLE} IS %s", [digest()])
        for statement in [*function_statements(), *trigger_statements()]:
            cursor.execute(statement)
        if fresh:
            cursor.execute(f"INSERT INTO {TABLE} {rows_sql('incidents_incident')}")
            cursor.execute(index_sql())
            cursor.execute(f"ANALYZE {TABLE}")


def uninstall(connection):
    """The table, its functions and (with them) its triggers dropped: for a database migrated back
    to an earlier state, whose incidents may lack a column the rows read."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for event in EVENTS:
            cursor.execute(f"DROP FUNCTION IF EXISTS incidents_foundword_{event}() CASCADE")
        cursor.execute(f"DROP TABLE IF EXISTS {TABLE}")


install_after_migrate = triggers.on_the_latest_tables(install, uninstall)
