"""The CSV export at PostgreSQL's own speed: COPY … TO STDOUT, streamed through the view.

Same columns and values as exports.native_row (tests compare the two), with the
spreadsheet-safety rule applied in SQL. psycopg2's copy_expert blocks until the copy ends,
so a thread runs it on the request's own connection (which sees what the request sees,
and which the request doesn't use while the response streams) and feeds the response
through a small queue; a client that goes away cancels the copy.
"""

import queue
import threading

from django.db import connection

from .exports import CHUNK_BYTES, CSV_HEADER

# A cell a spreadsheet would run as a formula gets a leading ' — unless it is a number.
SAFE = (
    "NULLIF(CASE WHEN {0} ~ '^[-=+@\\t\\r]' AND {0} !~ '^[-+]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][-+]?[0-9]+)?$' "
    "THEN '''' || {0} ELSE {0} END, '')"
)
# Decimal degrees as Python prints the float: trailing zeros dropped, at least one decimal.
DEGREES = "CASE WHEN {0} IS NULL THEN NULL ELSE regexp_replace(rtrim({0}::text, '0'), '\\.$', '.0') END"
WHO = "string_agg(who, '; ' ORDER BY first) FILTER (WHERE kind = '{0}')"
COLUMNS = {
    "id": "i.id",
    "uid": "i.uid",
    "external_id": SAFE.format("i.external_id"),
    "date": "i.date",
    "date_end": "i.date_end",
    "date_precision": "i.date_precision",
    "type": "i.type",
    "target": "i.target",
    "target_detail": SAFE.format("i.target_detail"),
    "title": SAFE.format("i.title"),
    "summary": SAFE.format("i.summary"),
    "location": SAFE.format("l.name"),
    "governorate": SAFE.format("g.name"),
    "country": SAFE.format("l.country"),
    "latitude": DEGREES.format("l.latitude"),
    "longitude": DEGREES.format("l.longitude"),
    "geo_precision": "l.geo_precision",
    "killed": "i.killed",
    "wounded": "i.wounded",
    "claimed_by": SAFE.format("cl.claimed_by"),
    "attributed_to": SAFE.format("cl.attributed_to"),
    "suspected": SAFE.format("cl.suspected"),
    "denied_by": SAFE.format("cl.denied_by"),
    "confidence": "i.confidence",
    "sources": SAFE.format("src.sources"),
    "url": "%(site)s || '/incidents/' || i.id || '/'",
}
assert list(COLUMNS) == CSV_HEADER, "the COPY export must keep the CSV's columns"

QUERY = """
SELECT {columns}
FROM incidents_incident i
JOIN incidents_location l ON l.id = i.location_id
LEFT JOIN incidents_governorate g ON g.id = l.governorate_id
LEFT JOIN (
    SELECT incident_id, {claimed} AS claimed_by, {attributed} AS attributed_to, {suspected} AS suspected,
           {denied} AS denied_by
    FROM (
        SELECT c.incident_id, c.kind, COALESCE(gr.name, c.actor) AS who, min(c.id) AS first
        FROM incidents_claim c LEFT JOIN incidents_group gr ON gr.id = c.group_id
        WHERE c.incident_id IN ({selected})
        GROUP BY c.incident_id, c.kind, COALESCE(gr.name, c.actor)
    ) named
    GROUP BY incident_id
) cl ON cl.incident_id = i.id
LEFT JOIN (
    SELECT link.incident_id,
           string_agg(s.publisher || ': ' || s.title || CASE WHEN s.url <> '' THEN ' <' || s.url || '>' ELSE '' END,
                      '; ' ORDER BY link.id) AS sources
    FROM incidents_incidentsource link JOIN incidents_source s ON s.id = link.source_id
    WHERE link.incident_id IN ({selected})
    GROUP BY link.incident_id
) src ON src.incident_id = i.id
WHERE i.id IN ({selected})
ORDER BY i.date, i.id
""".format(
    columns=", ".join(f'{sql} AS "{name}"' for name, sql in COLUMNS.items()),
    claimed=WHO.format("claimed"),
    attributed=WHO.format("attributed"),
    suspected=WHO.format("suspected"),
    denied=WHO.format("denied"),
    selected="{selected}",
)


def available():
    return connection.vendor == "postgresql"


def copy_sql(queryset, site_url):
    """The COPY statement for these incidents, parameters inlined by psycopg2's quoting."""
    selected, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        selected = cursor.mogrify(selected, params).decode()
        select = cursor.mogrify(QUERY.replace("{selected}", selected.replace("%", "%%")), {"site": site_url}).decode()
    return f"COPY ({select}) TO STDOUT WITH (FORMAT csv, HEADER)"


class _Feed:
    """File-like target for copy_expert: hands each block to the streaming response."""

    def __init__(self, blocks):
        self.blocks = blocks

    def write(self, data):
        self.blocks.put(bytes(data))
        return len(data)


class _CopyThread(threading.Thread):
    """Runs the COPY on the request's connection and puts its blocks, then DONE, on a queue.

    Inside a transaction a cancelled copy would abort it; a savepoint keeps it usable.
    """

    DONE = object()

    def __init__(self, raw, sql, savepoint):
        super().__init__(daemon=True)
        self.raw, self.sql, self.savepoint = raw, sql, savepoint
        self.blocks = queue.Queue(maxsize=64)
        self.failure = None

    def run(self):
        with self.raw.cursor() as cursor:
            try:
                self._savepoint(cursor, "SAVEPOINT")
                cursor.copy_expert(self.sql, _Feed(self.blocks))
                self._savepoint(cursor, "RELEASE SAVEPOINT")
            except Exception as error:  # noqa: BLE001 - re-raised in the response, or it was cancelled
                self.failure = error
                self._savepoint(cursor, "ROLLBACK TO SAVEPOINT")
            finally:
                self.blocks.put(self.DONE)

    def _savepoint(self, cursor, command):
        if self.savepoint:
            cursor.execute(f"{command} incident_copy_export")

    def cancel(self):
        """Cancels a copy still running and drains the queue until the thread ends."""
        if self.is_alive():
            self.raw.cancel()
            while self.is_alive():
                try:
                    self.blocks.get(timeout=0.1)
                except queue.Empty:
                    pass
        self.join()


def copy_chunks(queryset, site_url):
    """Yields the export as PostgreSQL writes it, in ~64 KiB pieces."""
    sql = copy_sql(queryset, site_url)
    connection.ensure_connection()
    worker = _CopyThread(connection.connection, sql, savepoint=connection.in_atomic_block)
    worker.start()
    try:
        pending, size = [], 0
        while (block := worker.blocks.get()) is not worker.DONE:
            pending.append(block)
            size += len(block)
            if size >= CHUNK_BYTES:
                yield b"".join(pending)
                pending, size = [], 0
        if worker.failure:
            raise worker.failure
        yield b"".join(pending)
    finally:
        worker.cancel()
