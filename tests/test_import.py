"""import_incidents: all or nothing, every problem reported, idempotent, round-trips our export."""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from incidents.imports import run_import
from incidents.models import Group, GroupRelation, Incident, IncidentSource, Location, Source
from tests.factories import link_source, make_claim, make_incident, make_source

pytestmark = pytest.mark.django_db
COMPARED = [
    "uid",
    "external_id",
    "date",
    "date_end",
    "date_precision",
    "type",
    "target",
    "target_detail",
    "title",
    "summary",
    "location",
    "governorate",
    "country",
    "latitude",
    "longitude",
    "geo_precision",
    "killed",
    "wounded",
    "claimed_by",
    "attributed_to",
    "suspected",
    "denied_by",
    "confidence",
    "sources",
    "claim_sources",
]


def export(client, query=""):
    return b"".join(client.get(reverse("incident_export_csv") + query).streaming_content)


def rows(data):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def comparable(data):
    return sorted(({column: row[column] for column in COMPARED} for row in rows(data)), key=lambda r: r["uid"])


def empty_the_database():
    Incident.objects.update(duplicate_of=None)  # a duplicate's link protects the incident that counts
    Incident.objects.all().delete()
    GroupRelation.objects.all().delete()
    for model in (Location, Source, Group):
        model.objects.all().delete()


def import_file(tmp_path, data, *args):
    path = tmp_path / "incidents.csv"
    path.write_bytes(data)
    out, err = io.StringIO(), io.StringIO()
    call_command("import_incidents", str(path), *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def seed():
    """The seed, its published incidents that the publication gate refuses set back to draft: its two
    convoy attacks known only to the country (neither governorate nor coordinates), which an import
    would refuse to publish (tests/test_import_publication_gate.py)."""
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    refused = [i.pk for i in Incident.objects.published().select_related("location") if i.publication_problems()]
    assert len(refused) == 2
    Incident.objects.filter(pk__in=refused).update(status=Incident.Status.DRAFT)


def test_export_import_into_an_empty_database_export_gives_the_same_rows(client, seed, tmp_path):
    before = export(client)  # the seed's published incidents less its duplicates and the 2 drafts
    empty_the_database()
    out, _ = import_file(tmp_path, before)
    assert "78 rows: 78 were created, 0 were updated, 0 unchanged, 0 rejected." in out
    assert comparable(export(client)) == comparable(before)


def test_importing_the_same_file_again_changes_nothing(client, seed, tmp_path):
    data = export(client)
    history = Incident.history.count()
    out, _ = import_file(tmp_path, data)
    assert "0 were created, 0 were updated, 78 unchanged" in out
    assert Incident.history.count() == history
    assert Incident.objects.count() == 83


def test_a_changed_row_updates_its_incident_and_history_records_it(client, seed, tmp_path):
    table = rows(export(client))
    table[0]["title"] = "Corrected title"
    table[0]["killed"] = "4"
    table[0]["claimed_by"] = "Usbat al-Thaireen"
    table[0]["attributed_to"] = table[0]["suspected"] = table[0]["denied_by"] = ""
    table[0]["claim_sources"] = "claimed: Usbat al-Thaireen <1>"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=table[0].keys())
    writer.writeheader()
    writer.writerows(table)
    with pytest.raises(CommandError):  # it changes a published incident: a public note is needed
        import_file(tmp_path, buffer.getvalue().encode())
    assert not Incident.objects.filter(title="Corrected title").exists()
    out, _ = import_file(tmp_path, buffer.getvalue().encode(), "--note", "Four died, the ministry said.")
    assert "0 were created, 1 were updated, 77 unchanged" in out
    incident = Incident.objects.get(uid=table[0]["uid"])
    assert (incident.title, incident.killed) == ("Corrected title", 4)
    assert [(c.kind, c.group.slug, c.source) for c in incident.claims.all()] == [
        ("claimed", "usbat-al-thaireen", incident.source_links.first().source)
    ]
    assert incident.history.first().history_type == "~"
    assert incident.history.first().title == "Corrected title"
    assert Incident.objects.count() == 83
    [correction] = incident.corrections.all()
    assert correction.note == "Four died, the ministry said."
    assert {what for what, _, _ in correction.changes} >= {"title", "killed", "claimed_by"}


def test_dry_run_reports_and_writes_nothing(client, seed, tmp_path):
    data = export(client)
    empty_the_database()
    out, _ = import_file(tmp_path, data, "--dry-run")
    assert "Dry run — 78 rows: 78 would be created" in out
    assert "line 2: would create" in out
    assert not Incident.objects.exists() and not Location.objects.exists()


# What a row must choose, never assumed (the model has no defaults for them), and a choice for each.
CHOSEN_COLUMNS = "date_precision,geo_precision,target,confidence"
CHOSEN = "day,town,other,medium"


def test_formula_cells_are_neutral_on_the_way_out_and_text_on_the_way_back(client, tmp_path):
    data = (
        f"uid,title,date,type,location,governorate,summary,sources,{CHOSEN_COLUMNS}\n"
        f'00000000-0000-4000-8000-000000000001,\'=HYPERLINK("http://x"),2020-01-01,rocket,Camp Taji,baghdad,'
        f"Rockets hit the camp.,Reuters: Report <https://example.org/r>,{CHOSEN}\n"
    ).encode()
    import_file(tmp_path, data)
    assert Incident.objects.get().title == '=HYPERLINK("http://x")'
    assert rows(export(client))[0]["title"] == '\'=HYPERLINK("http://x")'


def test_a_source_title_and_an_actor_over_two_lines_round_trip(client, tmp_path):
    incident = make_incident(summary="Rockets hit the camp.")
    source = link_source(incident, make_source(title="Rockets hit\nTaji")).source
    make_claim(incident, actor="gunmen in\ntwo cars", source=source)
    before = export(client)
    empty_the_database()
    out, _ = import_file(tmp_path, before)
    assert "1 were created" in out
    assert Source.objects.get().title == "Rockets hit\nTaji"
    assert Source.objects.get().url == source.url
    assert Incident.objects.get().claims.get().actor == "gunmen in\ntwo cars"
    assert comparable(export(client)) == comparable(before)


def test_a_minimal_file_with_ids_gets_stable_uids(tmp_path):
    data = f"id,title,date,type,location,governorate,{CHOSEN_COLUMNS}\n"
    data += f"7,Rockets,2020-01-01,rocket,Camp Taji,Baghdad,{CHOSEN}\n"
    data = data.encode()
    import_file(tmp_path, data, "--draft")
    first = Incident.objects.get().uid
    out, _ = import_file(tmp_path, data, "--draft")
    assert "1 unchanged" in out and Incident.objects.get().uid == first


GOOD_HEADER = "uid,title,date,type,location,governorate,latitude,longitude,killed,date_end," + CHOSEN_COLUMNS
GOOD_ROW = (
    "00000000-0000-4000-8000-0000000000{n:02d},Rockets,2020-01-01,rocket,Camp Taji,Baghdad,33.5,44.3,1,,"
    + CHOSEN.replace("town", "site")
)


def good_rows(count=3):
    return [GOOD_ROW.format(n=n) for n in range(1, count + 1)]


def csv_bytes(header, lines):
    return ("\n".join([header, *lines]) + "\n").encode()


def with_bad_cell(column, value, line_index=1):
    lines = good_rows()
    cells = lines[line_index].split(",")
    cells[GOOD_HEADER.split(",").index(column)] = value
    lines[line_index] = ",".join(cells)
    return csv_bytes(GOOD_HEADER, lines)


REJECTIONS = [
    ("bad date", with_bad_cell("date", "2020-02-31"), "line 3, column date: 2020-02-31 is not a valid date"),
    ("latitude out of range", with_bad_cell("latitude", "91"), "line 3, column latitude: 91 is out of range"),
    ("longitude not a number", with_bad_cell("longitude", "east"), "column longitude: 'east' is not a number"),
    ("unknown type", with_bad_cell("type", "missile"), "line 3, column type: unknown value 'missile'"),
    ("negative casualties", with_bad_cell("killed", "-3"), "line 3, column killed: -3 is negative"),
    (
        "casualties beyond what the database stores",
        with_bad_cell("killed", "2147483648"),
        "line 3, column killed: 2,147,483,648 is too large: at most 2,147,483,647",
    ),
    ("unknown governorate", with_bad_cell("governorate", "Atlantis"), "unknown governorate 'Atlantis'"),
    (
        "a week past the last day a date can have",
        with_bad_cell("date", "9999-12-28").replace(
            b"9999-12-28,rocket,Camp Taji,Baghdad,33.5,44.3,1,,day",
            b"9999-12-28,rocket,Camp Taji,Baghdad,33.5,44.3,1,,week",
        ),
        "line 3, column date: a week from 9999-12-28 would end after 31 December 9999",
    ),
    (
        "a column named twice",
        csv_bytes("uid,title,date,type,location,title", ["x,y,2020-01-01,rocket,z,y"]),
        "line 1, column title: column named twice in the header",
    ),
    (
        "range ends before it starts",
        with_bad_cell("date_end", "2019-12-01").replace(b"2019-12-01,day,", b"2019-12-01,range,"),
        "column date_end",
    ),
    (
        "missing required column",
        csv_bytes("uid,title,date,location", ["x,y,2020-01-01,z"]),
        "line 1, column type: required column missing",
    ),
    (
        "no uid or id",
        csv_bytes("title,date,type,location", ["y,2020-01-01,rocket,z"]),
        "column uid or id: one of these columns is required",
    ),
    (
        "duplicate ids",
        csv_bytes(GOOD_HEADER, good_rows() + [GOOD_ROW.format(n=2)]),
        "line 5, column uid: duplicate id: the same as line 3",
    ),
]
# Files that can't be read as CSV at all: tests/test_import_hostile.py


@pytest.mark.parametrize("case, data, message", REJECTIONS, ids=[r[0] for r in REJECTIONS])
def test_a_bad_file_is_rejected_whole_with_a_clear_report(tmp_path, case, data, message):
    with pytest.raises(CommandError) as error:
        import_file(tmp_path, data)
    assert "nothing was written" in str(error.value) or "Rejected" in str(error.value)
    report = run_import(data)
    assert any(message in str(problem) for problem in report.problems), [str(p) for p in report.problems]
    assert not Incident.objects.exists()
    assert not Location.objects.exists()


def test_the_largest_count_every_database_stores_is_written_and_one_more_is_a_problem(tmp_path):
    """2,147,483,648 passed the preview and then failed on writing (a 500 in the admin on PostgreSQL)."""
    import_file(tmp_path, with_bad_cell("killed", "2147483647"), "--draft")
    assert Incident.objects.get(killed=2147483647)
    acled = ACLED_SAMPLE.read_bytes().replace(b"three coalition personnel killed.,3,", b"killed.,2147483648,")
    report = run_import(acled, "acled")
    assert [str(p) for p in report.problems] == [
        "line 3, column fatalities: 2,147,483,648 is too large: at most 2,147,483,647"
    ]


def test_text_longer_than_its_column_is_a_problem_not_a_cut_or_an_error_on_writing():
    """PostgreSQL refused them on writing (SQLite stores them whole): the preview passed, the import failed."""
    long_url = "https://example.org/" + "a" * 1000
    row = (
        f"00000000-0000-4000-8000-000000000001,Rockets,2020-01-01,rocket,Taji,{'I' * 101},Reuters: Report <{long_url}>,"
        + CHOSEN
    )
    report = run_import(csv_bytes("uid,title,date,type,location,country,sources," + CHOSEN_COLUMNS, [row]))
    assert [str(p) for p in report.problems] == [
        "line 2, column country: is longer than 100 characters",
        "line 2, column sources: a source by 'Reuters' has a url longer than 1,000 characters",
    ]


def test_every_bad_line_is_named_in_one_report():
    lines = good_rows(4)
    lines[0] = lines[0].replace("2020-01-01", "01/01/2020")
    lines[2] = lines[2].replace("rocket", "laser")
    lines[3] = lines[3].replace("33.5", "133.5")
    report = run_import(csv_bytes(GOOD_HEADER, lines))
    assert [(p.line, p.column) for p in report.problems] == [(2, "date"), (4, "type"), (5, "latitude")]
    assert report.rejected == 3 and report.rows == 4


def test_the_command_exits_non_zero_and_prints_every_problem(tmp_path):
    lines = good_rows()
    lines[0] = lines[0].replace("rocket", "laser")
    lines[1] = lines[1].replace("2020-01-01", "soon")
    with pytest.raises(CommandError):
        _, err = import_file(tmp_path, csv_bytes(GOOD_HEADER, lines))
    path = tmp_path / "incidents.csv"
    err = io.StringIO()
    with pytest.raises(CommandError, match="Rejected: 2 of 3 rows"):
        call_command("import_incidents", str(path), stderr=err)
    assert "incidents.csv: line 2, column type" in err.getvalue()
    assert "incidents.csv: line 3, column date" in err.getvalue()


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_incidents", "/nonexistent.csv")


def test_sources_and_claims_round_trip_and_reuse_existing_records(client, seed, tmp_path):
    data = export(client)
    sources, locations = Source.objects.count(), Location.objects.count()
    Incident.objects.update(duplicate_of=None)
    Incident.objects.all().delete()
    import_file(tmp_path, data)
    assert (Source.objects.count(), Location.objects.count()) == (sources, locations)
    k1 = Incident.objects.get(title__startswith="Rocket attack on K-1")
    assert {(c.kind, c.group.slug if c.group else c.actor) for c in k1.claims.all()} >= {
        ("attributed", "kataib-hezbollah"),
        ("denied", "kataib-hezbollah"),
    }
    assert IncidentSource.objects.filter(incident=k1).count() >= 1


ACLED_SAMPLE = Path(__file__).parent / "data" / "acled_sample.csv"


def test_acled_rows_map_onto_the_model(seed, tmp_path):
    out, _ = import_file(tmp_path, ACLED_SAMPLE.read_bytes(), "--format", "acled")
    assert "4 rows: 4 were created" in out
    safwan = Incident.objects.get(external_id="IRQ9001")
    assert (safwan.type, safwan.date_precision, str(safwan.date)) == ("ied", "day", "2020-08-10")
    assert (safwan.location.name, safwan.location.governorate.slug, safwan.location.geo_precision) == (
        "Safwan",
        "basra",
        "district",
    )
    assert safwan.killed == 0 and safwan.wounded is None
    assert [(c.kind, c.group.slug, c.source.title) for c in safwan.claims.all()] == [
        ("attributed", "ashab-al-kahf", "ACLED record IRQ9001")
    ], "ACLED's attribution rests on ACLED's record"
    assert sorted(safwan.sources.values_list("publisher", flat=True)) == ["ACLED", "Rudaw", "Shafaq News"]
    taji = Incident.objects.get(external_id="IRQ9002")
    assert {(c.kind, c.who) for c in taji.claims.all()} == {
        ("attributed", "Unidentified Armed Group (Iraq)"),
        ("attributed", "Kata'ib Hezbollah"),
    }
    mosul = Incident.objects.get(external_id="IRQ9003")
    assert (mosul.type, mosul.date_precision, str(mosul.date), str(mosul.date_end)) == (
        "drone",
        "week",
        "2020-06-12",
        "2020-06-18",
    )
    assert (mosul.location.governorate.slug, mosul.location.geo_precision, mosul.killed) == (
        "nineveh",
        "governorate",
        None,
    )
    arrest = Incident.objects.get(external_id="IRQ9004")
    assert (arrest.type, arrest.date_precision, str(arrest.date)) == ("arrest", "month", "2020-07-01")
    assert not arrest.claims.exists()
    assert not arrest.is_attack


def test_acled_import_is_idempotent(tmp_path):
    import_file(tmp_path, ACLED_SAMPLE.read_bytes(), "--format", "acled", "--draft")
    out, _ = import_file(tmp_path, ACLED_SAMPLE.read_bytes(), "--format", "acled", "--draft")
    assert "0 were created, 0 were updated, 4 unchanged" in out


def test_acled_events_we_do_not_record_are_skipped_and_counted_not_rejected():
    data = ACLED_SAMPLE.read_bytes().replace(
        b"Explosions/Remote violence,Air/drone strike", b"Protests,Peaceful protest"
    )
    report = run_import(data, "acled")
    assert report.ok and (report.created, report.skipped) == (3, {"Protests": 1})
    assert "Skipped 1 out of scope: Protests 1." in report.summary()


def test_our_acled_export_has_acleds_columns_and_imports_back(client, seed, tmp_path):
    data = export(client, "?format=acled&include_duplicates=on")  # #2, a duplicate, is the month-precision row
    table = rows(data)
    assert list(table[0])[:7] == [
        "event_id_cnty",
        "event_date",
        "year",
        "time_precision",
        "disorder_type",
        "event_type",
        "sub_event_type",
    ]
    assert len(table) == 81  # the seed's 83 less the 2 set back to draft
    taji = next(r for r in table if r["event_id_cnty"] == "TRK26")
    assert (taji["event_type"], taji["sub_event_type"], taji["actor1"], taji["fatalities"]) == (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        "Usbat al-Thaireen",
        "3",
    )
    assert (taji["admin1"], taji["geo_precision"], taji["country"], taji["iso"]) == ("Baghdad", "1", "Iraq", "368")
    november = next(r for r in table if r["event_id_cnty"] == "TRK2")
    assert (november["event_date"], november["time_precision"]) == ("2019-11-15", "3")
    empty_the_database()
    out, _ = import_file(tmp_path, data, "--format", "acled", "--draft")
    assert "81 were created" in out
    assert sorted(Incident.objects.values_list("type", flat=True)) == sorted(r["tracker_type"] for r in table)


def test_a_bad_export_format_is_a_400(client):
    response = client.get(reverse("incident_export_csv") + "?format=xlsx")
    assert response.status_code == 400 and "format" in response.json()["errors"]
