"""Long-format tables: one row per claim or per incident–source link, beside the incident export.

Each table is one ordered list of TableColumn (claims.py, sources.py), as the incident export
is one list (columns.py): the CSV header and cells, the spreadsheet's sheet and the codebook
all come from it. A column reads its value from the row's values() dict; text people typed
is written spreadsheet-safe (cells.spreadsheet_safe), by the same rule as every export.
"""

import uuid
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any

from rest_framework import serializers

from .cells import spreadsheet_safe
from .columns import DATE, INTEGER, TEXT, URL, UUID
from .csv import csv_pieces
from .records import ROWS_PER_QUERY, one_snapshot

__all__ = [
    "BOOLEAN",
    "DATE",
    "INTEGER",
    "NULLABLE_DATE",
    "NULLABLE_INTEGER",
    "TEXT",
    "URL",
    "UUID",
    "Table",
    "TableColumn",
    "table_csv_chunks",
]
NULLABLE_DATE = partial(DATE, allow_null=True)
BOOLEAN = serializers.BooleanField
NULLABLE_INTEGER = partial(INTEGER, allow_null=True)


@dataclass(frozen=True)
class TableColumn:
    name: str
    lookup: str  # the values() lookup it reads
    json: Any  # a DRF field class (or partial): its type and allowed values, as for the incident columns
    escaped: bool  # typed by people: spreadsheet-safe in every export
    about: str

    def value(self, values):
        """The JSON value: dates as ISO text, UUIDs as text, None where unknown."""
        value = values[self.lookup]
        if isinstance(value, date):
            return value.isoformat()
        return str(value) if isinstance(value, uuid.UUID) else value

    def cell(self, values):
        value = self.value(values)
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"  # as JSON writes it
        return spreadsheet_safe(value) if self.escaped else str(value)

    def api_field(self):
        return self.json(help_text=self.about)


@dataclass(frozen=True)
class Table:
    """A long-format table: its rows are `rows(incidents)`, a values() queryset in the export's order."""

    name: str
    about: str
    columns: list
    rows: Any  # the incidents' queryset → a values() queryset of this table's rows

    @property
    def header(self):
        return [column.name for column in self.columns]

    def lookups(self):
        return list(dict.fromkeys(column.lookup for column in self.columns))

    def values(self, incidents):
        """Each row's values() dict, streamed (a server-side cursor on PostgreSQL, in a snapshot)."""
        return self.rows(incidents).values(*self.lookups()).iterator(chunk_size=ROWS_PER_QUERY)

    def csv_row(self, values):
        return [column.cell(values) for column in self.columns]


def table_csv_chunks(table, incidents):
    """Yields the table as CSV in ~64 KiB pieces, read in one snapshot."""
    with one_snapshot():
        yield from csv_pieces(table.header, map(table.csv_row, table.values(incidents)))
