"""Incidents read as researchers get them: a record per incident, the API's item and every CSV's source.

A record is {column name: JSON value} for every column in columns.COLUMNS. Plain value
queries, three per chunk of rows, keep reading fast and its memory constant.
"""

from contextlib import contextmanager
from itertools import islice

from django.db import connection, transaction

from ..models import Claim, IncidentSource
from .columns import COLUMNS, Row

ROWS_PER_QUERY = 2000
LOOKUPS = list(dict.fromkeys(["id", *(lookup for column in COLUMNS for lookup in column.read.lookups)]))
READERS = [(column.name, column.read.python) for column in COLUMNS]
SOURCE_FIELDS = ("publisher", "title", "url")


def records(queryset, site_url, extra=()):
    """Yields (record, values) per incident; `values` also holds the `extra` lookups a layout needs.

    Claims and sources are read apart from the incidents, a chunk at a time: a long read
    belongs in one_snapshot(), so that they are all of the same moment.
    """
    rows = queryset.values(*LOOKUPS, *extra).iterator(chunk_size=ROWS_PER_QUERY)
    while chunk := list(islice(rows, ROWS_PER_QUERY)):
        ids = [values["id"] for values in chunk]
        claims, sources = claims_of(ids), sources_of(ids)
        for values in chunk:
            row = incident_row(values, claims.get(values["id"], []), sources.get(values["id"], []), site_url)
            yield {name: read(row) for name, read in READERS}, values


def incident_row(values, claims, links, site_url):
    """The Row of one incident from its claims [(kind, who, source id)] and links [(source id, source)]."""
    names, positions = {}, {}
    for number, (source_id, _) in enumerate(links, 1):
        positions.setdefault(source_id, number)
    cited = {}
    for kind, who, source_id in claims:
        names.setdefault(kind, {}).setdefault(who, None)
        cited.setdefault((kind, who, positions.get(source_id)), None)
    claim_sources = [{"kind": kind, "who": who, "source": number} for kind, who, number in cited]
    return Row(values, names, [source for _, source in links], claim_sources, site_url)


@contextmanager
def one_snapshot():
    """A transaction in which every query sees the data as it was at the first.

    PostgreSQL's default (READ COMMITTED) gives each statement its own snapshot, so a
    write committed between two chunks would show in the claims but not in the incident
    rows already being read: a REPEATABLE READ, READ ONLY transaction prevents that. Inside
    a transaction the caller opened, the caller's isolation holds. SQLite's transaction
    reads one snapshot already. A server-side cursor streams only inside a transaction.
    """
    starts = not connection.in_atomic_block
    with transaction.atomic():
        if starts and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def claims_of(ids):
    """{incident id: [(kind, who, source id), …]} in the order the claims were recorded."""
    found = {}
    claims = Claim.objects.filter(incident_id__in=ids).order_by("pk")
    for incident, kind, group, actor, source in claims.values_list(
        "incident_id", "kind", "group__name", "actor", "source_id"
    ):
        found.setdefault(incident, []).append((kind, group or actor, source))
    return found


def sources_of(ids):
    """{incident id: [(source id, {publisher, title, url}), …]} in the order they were linked."""
    found = {}
    links = IncidentSource.objects.filter(incident_id__in=ids).order_by("pk")
    fields = [f"source__{name}" for name in SOURCE_FIELDS]
    for incident, source_id, *source in links.values_list("incident_id", "source_id", *fields):
        found.setdefault(incident, []).append((source_id, dict(zip(SOURCE_FIELDS, source, strict=True))))
    return found
