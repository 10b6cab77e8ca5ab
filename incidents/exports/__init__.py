"""The researchers' exports: CSV (streamed, spreadsheet-safe) in our layout or ACLED's.

columns.py is the one list of columns (the CSV header and row, COPY's SELECT and the API
item come from it), cells.py the rules that write a cell, records.py reads incidents as
records, csv.py streams any layout from Python, copy.py the native layout from
PostgreSQL's COPY (reading the rows that stored.py keeps current),
acled.py maps a record to ACLED's layout.
"""

from django.utils.translation import gettext

from ..filter_fields import flag, not_a_flag
from . import copy
from .csv import CSV_LAYOUTS, csv_chunks

__all__ = ["CSV_LAYOUTS", "bom_errors", "csv_stream", "wants_bom", "with_bom"]

# Excel on Windows reads a CSV as the system's code page unless it starts with this mark.
UTF8_BOM = "\ufeff"
BOM_PARAMETERS = ("bom", "excel")  # one option, two names


def bom_errors(params):
    """{parameter: [message]} where `bom` or `excel` is neither on nor off, or the two disagree
    (?bom=1&excel=0: which was meant?); None when they read."""
    given = {name: flag(params[name]) for name in BOM_PARAMETERS if name in params}
    errors = {name: [not_a_flag(params[name])] for name, read in given.items() if read is None}
    if not errors and len(set(given.values())) > 1:
        errors = {"excel": [gettext("bom and excel are one option and say opposite things here: give one of them.")]}
    return errors or None


def wants_bom(params):
    """?bom=1 or ?excel=1: the CSV starts with a UTF-8 byte-order mark, on every path (Python or COPY)."""
    return any(flag(params[name]) for name in BOM_PARAMETERS if name in params)


def with_bom(chunks):
    yield UTF8_BOM.encode()
    yield from chunks


def csv_stream(queryset, site_url, layout="native"):
    """The export's pieces, oldest first: PostgreSQL's own COPY for the native layout where it can."""
    if layout == "native" and copy.available(queryset):
        return copy.copy_chunks(queryset, site_url)
    return csv_chunks(queryset.order_by("date", "pk"), site_url, layout)
