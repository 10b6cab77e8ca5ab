"""The CSV export in Python: streamed in pieces, constant memory, every layout (native, ACLED, GTD, UCDP GED).

PostgreSQL writes the native layout itself (copy.py); this path writes it elsewhere, and
the publishers' layouts everywhere.
"""

import csv
import io
from typing import Any, NamedTuple

from . import acled, gtd, ucdp
from .columns import COLUMNS, CSV_HEADER
from .records import one_snapshot, records

CHUNK_BYTES = 64 * 1024
CELL_WRITERS = [(column.name, column.csv_cell) for column in COLUMNS]


def csv_row(record):
    """The record as CSV cells, in the columns' order (columns.Column.csv_cell)."""
    return [write(record[name]) for name, write in CELL_WRITERS]


def native_row(record, values):
    return csv_row(record)


def unchanged(queryset):
    return queryset


class Layout(NamedTuple):
    header: list
    row: Any  # (record, values) → the cells
    extra: tuple = ()  # lookups beyond the columns' that `row` reads from `values`
    prepare: Any = unchanged  # the queryset → one that has the `extra` lookups


CSV_LAYOUTS = {
    "native": Layout(CSV_HEADER, native_row),
    "acled": Layout(acled.HEADER, acled.acled_row, acled.EXTRA, acled.with_map_point),
    "gtd": Layout(gtd.HEADER, gtd.gtd_row, gtd.EXTRA),
    "ucdp": Layout(ucdp.HEADER, ucdp.ucdp_row, ucdp.EXTRA),
}


def csv_chunks(queryset, site_url, layout="native"):
    """Yields the CSV in ~64 KiB pieces: constant memory, few writes.

    In one snapshot (records.one_snapshot): every row of the file is of the same moment,
    and PostgreSQL's server-side cursor streams instead of materialising every row first.
    """
    chosen = CSV_LAYOUTS[layout]
    with one_snapshot():
        rows = (
            chosen.row(record, values) for record, values in records(chosen.prepare(queryset), site_url, chosen.extra)
        )
        yield from csv_pieces(chosen.header, rows)


def csv_pieces(header, rows):
    """The header and rows as CSV text in ~64 KiB pieces (the long-format tables use it too)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(row)
        if buffer.tell() >= CHUNK_BYTES:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
