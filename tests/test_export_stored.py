"""The export's rows kept current by PostgreSQL (incidents/exports/stored.py): after every kind
of write — save, bulk, import, raw SQL, delete, retraction, duplicate link, rename of a place,
governorate, group or source — each stored row is exactly what writing the incident's cells now
gives, and the COPY export that reads them writes the same bytes as the export computed from
the incidents (for every filter the export accepts)."""

import datetime
import threading
import time
import uuid

import pytest
from django.core.management import call_command
from django.db import connection, transaction

from incidents.exports import stored
from incidents.exports.copy import copy_chunks, copy_sql
from incidents.filters import IncidentFilter
from incidents.models import Claim, Governorate, Group, Incident, IncidentSource, Location, Source
from tests.factories import (
    link_source,
    make_claim,
    make_group,
    make_incident,
    make_location,
    make_source,
    unsaved_incident,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored rows exist on PostgreSQL only"),
]
SITE = "http://testserver"


def rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return {row[0]: row[1:] for row in cursor.fetchall()}


def stored_cells():
    return rows(f"SELECT {stored.names()} FROM {stored.TABLE}")


def assert_cells_current():
    """Stored == written now, for every incident: one row each, no row for an incident that is gone."""
    assert stored_cells() == rows(stored.all_cells_sql())


def cell(incident, name):
    return stored_cells()[incident.pk][[column.name for column in stored.STORED].index(name) - 1]


def claimed_by(incident):
    return cell(incident, "claimed_by")


def computed_copy_sql(queryset):
    """The export as it was before its rows were stored: every cell written from the incidents
    while exporting, sorted by date then id."""
    stored_sql = copy_sql(queryset, SITE)
    selected, params = queryset.order_by().values("pk").query.sql_with_params()
    with connection.cursor() as cursor:
        selected = cursor.mogrify(selected, params).decode()
    computed = f"({stored.cells_sql().format(selected=selected)})"
    return stored_sql.replace(f"FROM {stored.TABLE} i", f"FROM {computed} i", 1)


def copied(sql):
    class Sink(list):
        def write(self, data):
            self.append(bytes(data))

    sink = Sink()
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(sql, sink)
    return b"".join(sink)


# Every filter the export accepts, and a few together.
FILTERS = [
    {},
    {"type": ["rocket", "drone"]},
    {"group": ["kataib-hezbollah"]},
    {"group": ["kataib-hezbollah"], "with_fronts": "true"},
    {"governorate": "basra"},
    {"target": "military_base"},
    {"confidence": ["high"]},
    {"target_owner": ["us_military"]},
    {"headline": "attacks"},
    {"date_after": "2020-01-02", "date_before": "2020-03-01"},
    {"q": "Hezbollah Balad"},
    {"include_duplicates": "1"},
    {"sort": "-killed", "type": ["rocket"]},
]


def assert_export_unchanged():
    """For every filter: the export read from the stored rows is byte for byte the computed one."""
    assert_cells_current()
    for query in FILTERS:
        filterset = IncidentFilter(query, queryset=Incident.objects.published())
        assert filterset.is_valid(), (query, filterset.errors)
        queryset = filterset.qs
        expected = copied(computed_copy_sql(queryset))
        assert expected.count(b"\n") >= 1, query
        assert b"".join(copy_chunks(queryset, SITE)) == expected, query


@pytest.fixture
def varied():
    """Incidents on several days and places, with claims, sources and a duplicate."""
    group = make_group(name="Kataib Hezbollah", slug="kataib-hezbollah")
    basra = make_location(name="Basra airport", governorate=Governorate.objects.get(slug="basra"))
    incidents = []
    for number in range(6):
        incident = make_incident(
            title=f"=Rockets at Balad {number}" if number % 2 else f"Drone over Balad {number}",
            type=Incident.Type.ROCKET if number % 3 else Incident.Type.DRONE,
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=20 * (number % 4)),
            location=basra if number % 2 else make_location(),
            killed=[None, 0, 3][number % 3],
        )
        source = link_source(incident, make_source(title=f"Report\u202e {number}")).source
        make_claim(incident, group if number % 2 else None, actor="" if number % 2 else "A spokesman", source=source)
        incidents.append(incident)
    Incident.objects.filter(pk=incidents[5].pk).update(duplicate_of=incidents[1])
    return incidents


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
    assert "Balad air base" in cell(incident, "sources")
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


def test_saving_an_incident_rewrites_its_row(varied):
    incident = varied[0]
    incident.title = "@SUM(A1) rockets"
    incident.killed = None
    incident.date = datetime.date(2019, 12, 1)  # first in the export now
    incident.save()
    assert cell(incident, "title") == "'@SUM(A1) rockets"
    assert_export_unchanged()


def test_retracting_and_publishing_change_what_is_exported_not_the_rows(varied):
    Incident.objects.filter(pk=varied[2].pk).update(status=Incident.Status.RETRACTED, retraction_reason="A hoax.")
    Incident.objects.filter(pk=varied[3].pk).update(status=Incident.Status.DRAFT)
    assert_export_unchanged()
    assert f"/incidents/{varied[2].pk}/".encode() not in b"".join(copy_chunks(Incident.objects.published(), SITE))


def test_bulk_created_incidents_get_their_rows(varied):
    Incident.objects.bulk_create(
        [unsaved_incident(title=f"Bulk {number}", location=varied[1].location) for number in range(3)]
    )
    assert_export_unchanged()


def test_raw_sql_on_incidents_rewrites_their_rows(varied):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE incidents_incident SET wounded = 7, summary = '-1+1' WHERE type = 'rocket'")
    assert cell(varied[1], "summary") == "'-1+1"
    assert_export_unchanged()


def test_a_duplicate_link_and_its_originals_uid_rewrite_the_duplicates_row(varied):
    original, duplicate = varied[0], varied[2]
    Incident.objects.filter(pk=duplicate.pk).update(duplicate_of=original)
    assert cell(duplicate, "duplicate_of") == original.uid
    with connection.cursor() as cursor:
        cursor.execute("UPDATE incidents_incident SET uid = gen_random_uuid() WHERE id = %s", [original.pk])
    original.refresh_from_db()
    assert cell(duplicate, "duplicate_of") == original.uid
    assert_export_unchanged()


def test_renaming_or_moving_a_place_and_renaming_a_governorate_rewrite_the_incidents_there(varied):
    place = varied[1].location
    Location.objects.filter(pk=place.pk).update(name="+Basra International Airport", latitude="30.549100")
    assert cell(varied[3], "location") == "'+Basra International Airport"
    Location.objects.filter(pk=varied[0].location_id).update(governorate=Governorate.objects.get(slug="anbar"))
    Governorate.objects.filter(slug="basra").update(name="Al-Basrah")
    assert cell(varied[1], "governorate") == "Al-Basrah"
    assert_export_unchanged()


def test_an_import_writes_the_rows_of_what_it_added_and_changed(varied, tmp_path):
    path = tmp_path / "incidents.csv"
    header = "uid,title,summary,date,type,location,governorate,date_precision,geo_precision,target,confidence"
    place = "Camp Taji,baghdad,day,site,military_base"
    path.write_text(
        f"{header},claimed_by\n"
        f"{varied[0].uid},Imported title,-2 rockets,2020-03-11,rocket,{place},medium,A spokesman\n"
        f"{uuid.uuid4()},A new one,,2020-04-01,drone,{place},high,Kataib Hezbollah\n",
        encoding="utf-8",
    )
    call_command("import_incidents", str(path), "--draft", "--note", "Summary from the wire.", verbosity=0)
    assert cell(varied[0], "summary") == "'-2 rockets"
    assert claimed_by(Incident.objects.get(title="A new one")) == "Kataib Hezbollah"
    assert_export_unchanged()


def test_deleting_incidents_deletes_their_rows(varied):
    incident = make_incident(status=Incident.Status.DRAFT)
    make_claim(incident, make_group())
    link_source(incident)
    incident.delete()
    assert incident.pk not in stored_cells()
    Incident.objects.filter(pk__in=[varied[4].pk]).delete()
    assert_export_unchanged()


def test_a_change_to_a_column_the_cells_do_not_read_leaves_them_alone():
    incident = make_incident()
    make_claim(incident, make_group())
    before = rows(f"SELECT id, xmin::text FROM {stored.TABLE}")
    Claim.objects.update(confidence="high")
    Incident.objects.update(status=Incident.Status.DRAFT)
    assert rows(f"SELECT id, xmin::text FROM {stored.TABLE}") == before


def test_raw_sql_and_bulk_writes_keep_the_cells_current():
    incident, group = make_incident(), make_group(name="Asa'ib Ahl al-Haq")
    Claim.objects.bulk_create([Claim(incident=incident, group=group, kind=kind) for kind in Claim.Kind.values])
    with connection.cursor() as cursor:
        cursor.execute("UPDATE incidents_claim SET actor = 'a spokesman', group_id = NULL WHERE kind = 'denied'")
    assert_cells_current()
    IncidentSource.objects.bulk_create([IncidentSource(incident=incident, source=make_source()) for _ in range(3)])
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


def test_an_incidents_change_finds_the_cells_it_shows_in_through_indexes_not_a_scan_of_every_incident():
    """The incidents whose cells an update rewrites (the changed ones and their duplicates) are found
    by index: an OR of the two lookups made every save scan the whole table (0.5 s at 1M)."""
    shown = stored.SHOWN_ON["incidents_incident"].format(ids="SELECT id FROM (VALUES (1::bigint)) AS changed(id)")
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # the plan a table of 1M rows gets
        cursor.execute(f"EXPLAIN {shown}")
        plan = "\n".join(line for (line,) in cursor.fetchall())
    assert "Seq Scan on incidents_incident" not in plan, plan
