"""The native CSV at PostgreSQL's own speed: COPY … TO STDOUT, streamed through the view.

The SELECT is made from columns.COLUMNS, each cell by the same rules as the Python export
(cells.py), so the two write the same rows (tests/test_export_agreement.py). One
statement reads one snapshot. psycopg2's copy_expert blocks until the copy ends, so a
thread runs it on the request's own connection (which sees what the request sees, and
which the request doesn't use while the response streams) and feeds the response through
a small queue; a client that goes away cancels the copy.
"""

import queue
import threading
from functools import cache

from django.db import connection

from ..models import Claim
from .cells import LIST_SEPARATOR, claim_source_sql, source_sql, sql_literal
from .columns import COLUMNS
from .csv import CHUNK_BYTES

QUERY = """
SELECT {columns}
FROM incidents_incident i
JOIN incidents_location l ON l.id = i.location_id
LEFT JOIN incidents_governorate g ON g.id = l.governorate_id
LEFT JOIN incidents_incident d ON d.id = i.duplicate_of_id
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
WHERE i.id IN ({{selected}})
ORDER BY i.date, i.id
"""


@cache
def select_sql():
    """The export's SELECT, with {selected} for the incidents' ids and %(site)s for the site's URL."""
    separator = sql_literal(LIST_SEPARATOR)
    claims = (
        f'string_agg(who, {separator} ORDER BY first) FILTER (WHERE kind = {sql_literal(kind)}) AS "{kind}"'
        for kind in Claim.Kind.values
    )
    return QUERY.format(
        columns=", ".join(f'{column.copy_sql()} AS "{column.name}"' for column in COLUMNS),
        claims=", ".join(claims),
        source=source_sql("s"),
        claim_source=claim_source_sql("cited"),
        separator=separator,
    )


def available():
    return connection.vendor == "postgresql"


def copy_sql(queryset, site_url):
    """The COPY statement for these incidents, parameters inlined by psycopg2's quoting."""
    selected, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        selected = cursor.mogrify(selected, params).decode()
        select = cursor.mogrify(select_sql().replace("{selected}", selected.replace("%", "%%")), {"site": site_url})
    return f"COPY ({select.decode()}) TO STDOUT WITH (FORMAT csv, HEADER)"


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
