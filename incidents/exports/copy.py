"""The native CSV at PostgreSQL's own speed: COPY … TO STDOUT, streamed through the view.

The SELECT is made from columns.COLUMNS, each cell by the same rules as the Python export
(cells.py), so the two write the same rows (tests/test_export_agreement.py); every cell but
the page's URL is read ready-made from the table stored.py keeps current, in the order of
its index, so the COPY is a plain ordered read of rows. One statement reads one snapshot. psycopg2's
copy_expert blocks until the copy ends, so a thread runs it on the request's own
connection (which sees what the request sees, and which the request doesn't use while
the response streams) and feeds the response through a small queue; a client that goes
away cancels the copy.
"""

import queue
import threading
from functools import cache

from django.db import connections

from . import stored
from .columns import COLUMNS
from .csv import CHUNK_BYTES

# The stored row stands for the incident (i): the URL's SQL reads its id. The incidents are
# selected by their (date, id), the order both the stored rows' index and the incidents' own
# (status, date, id) index hold, so that the two can be merged as they are read; at 1M
# PostgreSQL still chooses a hash join and a sort (README, "Export speed").
QUERY = """
SELECT {columns}
FROM {cells} i
WHERE ({keys}) IN ({{selected}})
ORDER BY {order}
"""


def column_sql(column):
    """A cell in the export: a stored one read from its table (stored.py), the URL written from the row."""
    return f'i."{column.name}"' if column.read.stored else column.copy_sql()


@cache
def select_sql():
    """The export's SELECT, with {selected} for the incidents' ids and %(site)s for the site's URL."""
    columns = ", ".join(f'{column_sql(column)} AS "{column.name}"' for column in COLUMNS)
    keys = ", ".join(f'i."{name}"' for name in stored.ORDER_FIELDS)
    return QUERY.format(columns=columns, cells=stored.TABLE, keys=keys, order=stored.ORDER)


def available(queryset):
    return connections[queryset.db].vendor == "postgresql"


def copy_sql(queryset, site_url):
    """The COPY statement for these incidents, parameters inlined by psycopg2's quoting."""
    selected, params = queryset.order_by().values(*stored.ORDER_FIELDS).query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        selected = cursor.mogrify(selected, params).decode()
        select = cursor.mogrify(select_sql().replace("{selected}", selected.replace("%", "%%")), {"site": site_url})
    return f"COPY ({select.decode()}) TO STDOUT WITH (FORMAT csv, HEADER)"


class _Feed:
    """File-like target for copy_expert: hands the rows to the streaming response in ~64 KiB pieces.

    psycopg2 writes each row on its own; a queue handoff per row (a lock and a thread switch)
    cost more than PostgreSQL's writing of it.
    """

    def __init__(self, blocks):
        self.blocks = blocks
        self.pending, self.size = [], 0

    def write(self, data):
        self.pending.append(data)
        self.size += len(data)
        if self.size >= CHUNK_BYTES:
            self.flush()
        return len(data)

    def flush(self):
        if self.pending:
            self.blocks.put(b"".join(self.pending))
            self.pending, self.size = [], 0


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
                feed = _Feed(self.blocks)
                cursor.copy_expert(self.sql, feed)
                feed.flush()
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
    connection = connections[queryset.db]  # a read replica's, for a public request (config.replicas)
    connection.ensure_connection()
    worker = _CopyThread(connection.connection, sql, savepoint=connection.in_atomic_block)
    worker.start()
    try:
        while (block := worker.blocks.get()) is not worker.DONE:
            yield block
        if worker.failure:
            raise worker.failure
    finally:
        worker.cancel()
