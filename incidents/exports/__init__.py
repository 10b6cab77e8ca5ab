"""The researchers' exports: CSV (streamed, spreadsheet-safe) in our layout or ACLED's.

columns.py is the one list of columns (the CSV header and row, COPY's SELECT and the API
item come from it), cells.py the rules that write a cell, records.py reads incidents as
records, csv.py streams any layout from Python, copy.py the native layout from
PostgreSQL's COPY, acled.py maps a record to ACLED's layout.
"""

from . import copy
from .csv import CSV_LAYOUTS, csv_chunks

__all__ = ["CSV_LAYOUTS", "csv_stream"]


def csv_stream(queryset, site_url, layout="native"):
    """The export's pieces, oldest first: PostgreSQL's own COPY for the native layout where it can."""
    if layout == "native" and copy.available():
        return copy.copy_chunks(queryset, site_url)
    return csv_chunks(queryset.order_by("date", "pk"), site_url, layout)
