"""The export's aggregated cells kept current by PostgreSQL (incidents/exports/stored.py): after
every kind of write the stored cells are exactly what aggregating the claims and sources now
gives, so the COPY export that reads them writes the same bytes as before."""

import threading
import time

import pytest
from django.db import connection, transaction

from incidents.exports import stored
from incidents.models import Claim, Group, Incident, IncidentSource, Source
from tests.factories import link_source, make_claim, make_group, make_incident, make_source

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored cells exist on PostgreSQL only"),
]


def rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {row[0]: row[1:] for row in cursor.fetchall()}


def stored_cells():
    return rows(f"SELECT incident_id, {stored.names()} FROM {stored.TABLE}")


def assert_cells_current():
    """Stored == aggregated now, for every incident (no row stands for no claims and no sources)."""
    fresh = rows(stored.all_cells_sql())
    kept = stored_cells()
    empty = (None,) * len(stored.STORED)
    assert set(kept) <= set(fresh), "cells kept for incidents that are gone"
    assert {pk: kept.get(pk, empty) for pk in fresh} == fresh


def claimed_by(incident):
    return stored_cells()[incident.pk][[column.name for column in stored.STORED].index("claimed_by")]


def test_claims_added_changed_moved_and_deleted_keep_the_cells_current():
    first, second = make_incident(), make_incident()
    group = make_group(name="Kataib Hezbollah")
    claim = make_claim(first, group)
    make_claim(first, actor="=cmd|' /C calc'!A0", group=None, kind=Claim.Kind.ATTRIBUTED)
    assert claimed_by(first) == "Kataib Hezbollah"
    assert_cells_current()
    claim.kind = Claim.Kind.DENIED
    claim.save()
    assert_cells_current()
    claim.incident = second
    claim.save()
    assert_cells_current()
    claim.delete()
    assert_cells_current()


def test_source_links_and_their_sources_keep_the_cells_current():
    incident = make_incident()
    source = make_source(publisher="Reuters", title="Rockets hit Balad")
    link = link_source(incident, source)
    make_claim(incident, make_group(), source=source)
    assert_cells_current()
    Source.objects.filter(pk=source.pk).update(title="Rockets hit Balad air base")
    assert_cells_current()
    assert "Balad air base" in stored_cells()[incident.pk][-2]
    link.delete()
    assert_cells_current()


def test_renaming_a_group_rewrites_every_incident_that_names_it():
    group = make_group(name="Usbat al-Thaireen")
    incidents = [make_incident() for _ in range(3)]
    for incident in incidents:
        make_claim(incident, group)
    Group.objects.filter(pk=group.pk).update(name="Usbat al-Tha'ireen")
    assert {claimed_by(incident) for incident in incidents} == {"Usbat al-Tha'ireen"}
    assert_cells_current()


def test_a_change_to_a_column_the_cells_do_not_read_leaves_them_alone():
    incident = make_incident()
    make_claim(incident, make_group())
    before = rows(f"SELECT incident_id, xmin::text FROM {stored.TABLE}")
    Claim.objects.update(confidence="high")
    assert rows(f"SELECT incident_id, xmin::text FROM {stored.TABLE}") == before


def test_raw_sql_and_bulk_writes_keep_the_cells_current():
    incident, group = make_incident(), make_group(name="Asa'ib Ahl al-Haq")
    Claim.objects.bulk_create([Claim(incident=incident, group=group, kind=kind) for kind in Claim.Kind.values])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE incidents_claim SET actor = 'a spokesman', group_id = NULL WHERE kind = 'denied'")
    assert_cells_current()
    IncidentSource.objects.bulk_create([IncidentSource(incident=incident, source=make_source()) for _ in range(3)])
    assert_cells_current()


def test_deleting_an_incident_deletes_its_cells():
    incident = make_incident(status=Incident.Status.DRAFT)
    make_claim(incident, make_group())
    link_source(incident)
    incident.delete()
    assert incident.pk not in stored_cells()
    assert_cells_current()


def test_a_changed_definition_fills_the_table_again():
    incident = make_incident()
    make_claim(incident, make_group(name="Kataib Sayyid al-Shuhada"))
    with connection.cursor() as cursor:
        cursor.execute(f"COMMENT ON TABLE {stored.TABLE} IS 'an older definition'")
        cursor.execute(f"UPDATE {stored.TABLE} SET claimed_by = 'stale'")
    stored.install(connection)
    assert claimed_by(incident) == "Kataib Sayyid al-Shuhada"
    assert_cells_current()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")
def test_truncating_the_tables_empties_the_cells():
    make_claim(make_incident(), make_group())
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE incidents_claim")
    assert_cells_current()
    Incident.objects.all().delete()
    assert stored_cells() == {}


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")
def test_two_writers_of_one_incident_at_once_both_end_up_in_its_cells():
    """The second writer's trigger waits for the first's transaction, then reads its claims."""
    incident = make_incident()
    groups = make_group(name="Alpha Brigade"), make_group(name="Bravo Brigade")
    written, release = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            make_claim(incident, groups[0])
            written.set()
            release.wait(10)
        connection.close()

    def second():
        make_claim(incident, groups[1])
        connection.close()

    writers = [threading.Thread(target=first), threading.Thread(target=second)]
    writers[0].start()
    assert written.wait(10)
    writers[1].start()
    time.sleep(0.5)  # the second now waits on the first's row of cells
    release.set()
    for writer in writers:
        writer.join(10)
    assert claimed_by(incident) == "Alpha Brigade; Bravo Brigade"
    assert_cells_current()
