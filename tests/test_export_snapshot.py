"""An export is read in one snapshot: a write committed while it streams, between two chunks of
rows, shows in none of its rows — not in the incidents, not in the claims read chunk by chunk.

PostgreSQL only: its default isolation gives each statement a snapshot of its own (SQLite's
single read transaction can't see another connection's commit). The write comes from a real
second connection, in another thread.
"""

import csv
import datetime
import io
import threading

import pytest
from django.db import connection, transaction

from incidents.exports.csv import csv_chunks
from incidents.exports.records import ROWS_PER_QUERY
from incidents.models import Claim, Incident, Location
from tests.factories import unsaved_incident

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="tests PostgreSQL's isolation; SQLite's one read transaction is one snapshot already",
    ),
    pytest.mark.django_db(transaction=True),
]
COLUMNS_READ = {"native": ("summary", "claimed_by"), "acled": ("notes", "actor1")}


def incidents_in_two_chunks():
    """More incidents than one chunk holds; the last (in the second chunk) with notes and a claim."""
    place = Location.objects.create(name="Camp", latitude="33.5", longitude="44.2", geo_precision="site")
    day = datetime.date(2020, 1, 1)
    Incident.objects.bulk_create(
        unsaved_incident(title=f"Attack {n}", date=day, location=place) for n in range(ROWS_PER_QUERY + 50)
    )
    last = Incident.objects.order_by("pk").last()
    Incident.objects.filter(pk=last.pk).update(summary="Old notes")
    Claim.objects.create(incident=last, kind="claimed", confidence="medium", actor="Old actor")
    return last


def write_from_another_connection(incident):
    def write():
        try:
            with transaction.atomic():
                Incident.objects.filter(pk=incident.pk).update(summary="New notes")
                Claim.objects.filter(incident=incident).update(actor="New actor")
        finally:
            connection.close()

    writer = threading.Thread(target=write)
    writer.start()
    writer.join()


@pytest.mark.parametrize("layout", ["native", "acled"])
def test_a_write_committed_between_chunks_shows_in_no_row_of_the_export(layout):
    last = incidents_in_two_chunks()
    stream = csv_chunks(Incident.objects.published().order_by("date", "pk"), "http://x", layout)
    try:
        pieces = [next(stream)]  # the first chunk of incidents has been read, with its claims
        write_from_another_connection(last)
        pieces += list(stream)  # the second chunk, its claims read after the write
    finally:
        stream.close()
    rows = list(csv.DictReader(io.StringIO("".join(pieces))))
    notes, actor = COLUMNS_READ[layout]
    assert len(rows) == ROWS_PER_QUERY + 50
    assert (rows[-1][notes], rows[-1][actor]) == ("Old notes", "Old actor")
    assert Incident.objects.get(pk=last.pk).summary == "New notes"
