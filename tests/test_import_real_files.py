"""Publishers' files as researchers bring them, beyond the samples: other countries, files saved
through a spreadsheet or pandas, re-imports of large files and of our own exports (issue: real
data in and out). Each file here is a few lines in the publisher's published layout."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from incidents.imports import run_import
from incidents.models import Incident, IncidentSource

from .factories import link_source, make_claim, make_incident, make_location, make_source
from .test_import import empty_the_database, export

pytestmark = pytest.mark.django_db

ACLED_HEADER = (
    "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,"
    "inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,"
    "location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp"
)
GTD_HEADER = "eventid,iyear,imonth,iday,country_txt,provstate,city,latitude,longitude,summary,attacktype1_txt,gname"
UCDP_HEADER = "id,date_start,date_end,side_a,side_b,best,country,latitude,longitude,adm_1,source_headline"


def csv_bytes(header, *lines):
    return "\n".join([header, *lines]).encode() + b"\n"


def as_csv(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=rows[0].keys())
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


def drafts(data, file_format, **options):
    return run_import(data, file_format, publish=False, **options)


def acled_row(event_id="SYR1", *, source="SOHR", fatalities="2", timestamp="1710000000", notes="Shelling."):
    return (
        f"{event_id},2024-02-01,2024,1,Political violence,Explosions/Remote violence,"
        "Shelling/artillery/missile attack,Military Forces of Syria (2000-),,1,Hayat Tahrir al-Sham,,2,12,,760,"
        f"Middle East,Syria,Idleb,,,Sarmin,35.9,36.72,1,{source},Other,{notes},{fatalities},,{timestamp}"
    )


def gtd_rows(count):
    return [
        f"2016{n:08d},2016,1,{1 + n % 28},Afghanistan,Kabul,Kabul,34.5,69.1,Gunmen attacked.,Armed Assault,Taliban"
        for n in range(count)
    ]


def test_re_importing_a_file_of_thousands_of_rows_each_with_its_own_record_changes_nothing():
    """Each GTD row rests on its own "GTD record" source: comparing 1,200 incidents with the file
    once asked SQLite for their sources as 1,200 `OR`s, past its limit of 1,000."""
    data = csv_bytes(GTD_HEADER, *gtd_rows(1200))
    assert drafts(data, "gtd").created == 1200
    again = drafts(data, "gtd")
    assert again.ok, again.problems
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1200)


@pytest.mark.parametrize("layout", ["gtd", "ucdp", "acled"])
def test_our_export_of_another_publishers_incident_re_imports_as_ours_and_changes_nothing(client, layout):
    """A UCDP event exported in GTD's (or ACLED's) layout is our description of it, not a GTD row:
    its id column says TRK<id>, so the import doesn't take it for that publisher's row and
    rewrite the incident from it."""
    ucdp = csv_bytes(
        UCDP_HEADER + ",type_of_violence",
        "244658,2017-01-02 00:00:00.000,2017-01-09 00:00:00.000,IS,Civilians,4,Iraq,33.3,44.4,"
        "Baghdad governorate,Attack on a market,3",
    )
    assert run_import(ucdp, "ucdp").created == 1  # published: the public export shows it
    incident = Incident.objects.get()
    exported = export(client, f"?format={layout}")
    row = next(csv.DictReader(io.StringIO(exported.decode())))
    ucdps_own = "244658" if layout == "ucdp" else f"TRK{incident.pk}"
    assert row[{"gtd": "eventid", "ucdp": "id", "acled": "event_id_cnty"}[layout]] == ucdps_own
    report = drafts(exported, layout)
    assert report.ok, report.problems
    assert (report.created, report.updated, report.unchanged) == (0, 0, 1)
    incident.refresh_from_db()
    assert incident.publisher_record["format"] == "ucdp"
    assert (str(incident.date), str(incident.date_end)) == ("2017-01-02", "2017-01-09")


@pytest.mark.parametrize("written", ["1/5/2019", "20190105", "2019-13-01", "2019"])
def test_a_ucdp_date_in_another_form_is_a_problem_on_its_line_not_a_crash(written):
    data = csv_bytes(UCDP_HEADER, f"244700,{written},2019-01-05,Government of Iraq,IS,3,Iraq,33.3,44.4,Baghdad,Clash")
    report = drafts(data, "ucdp", dry_run=True)
    assert not report.ok
    assert [(p.line, p.column) for p in report.problems] == [(2, "date_start")]


def test_gtd_flags_and_codes_written_as_decimals_keep_their_meaning():
    """A GTD file saved through pandas writes every number as a decimal: claimed 1.0 is a claim,
    guncertain2 1.0 a suspicion, imonth 5.0 May."""
    data = csv_bytes(
        GTD_HEADER + ",claimed,claimmode_txt,guncertain1,gname2,claim2,guncertain2,nkill,nwound,specificity",
        "201905010001,2019.0,5.0,1.0,Nigeria,Borno,Maiduguri,11.83,13.15,Attack,Armed Assault,Boko Haram,"
        "1.0,Video,0.0,Fulani extremists,0.0,1.0,3.0,-99.0,1.0",
    )
    report = drafts(data, "gtd")
    assert report.ok, report.problems
    incident = Incident.objects.get()
    assert sorted((c.kind, c.who, c.channel) for c in incident.claims.all()) == [
        ("claimed", "Boko Haram", "video"),
        ("suspected", "Fulani extremists", "other"),
    ]
    assert (str(incident.date), incident.killed, incident.wounded) == ("2019-05-01", 3, None)


def test_gtds_unknown_province_is_no_province():
    data = csv_bytes(
        GTD_HEADER,
        "201901010001,2019,1,1,Colombia,Unknown,Unknown,,,Attack,Armed Assault,Unknown",
        "201901010002,2019,1,2,Iraq,Unknown,Unknown,,,Attack,Armed Assault,Unknown",
    )
    report = drafts(data, "gtd")
    assert report.ok, report.problems
    places = {i.external_id: (i.location.name, i.location.governorate) for i in Incident.objects.all()}
    assert places == {"201901010001": ("Colombia", None), "201901010002": ("Iraq", None)}


@pytest.mark.parametrize(
    "file_format, data, column",
    [
        ("gtd", csv_bytes(GTD_HEADER, "1,2019,1,1,,,Maiduguri,11.8,13.1,Attack,Armed Assault,X"), "country_txt"),
        ("ucdp", csv_bytes(UCDP_HEADER, "1,2019-01-01,2019-01-01,A,B,1,,11.8,13.1,,Clash"), "country"),
        ("acled", csv_bytes(ACLED_HEADER, acled_row().replace(",Syria,", ",,")), "country"),
    ],
)
def test_a_row_without_a_country_is_a_problem_not_iraq(file_format, data, column):
    report = drafts(data, file_format, dry_run=True)
    assert [(p.line, p.column) for p in report.problems] == [(2, column)]


def test_a_row_over_several_lines_is_named_by_the_line_it_starts_on():
    data = csv_bytes(
        ACLED_HEADER,
        acled_row("YEM1", notes='"Multi\nline\nnotes"'),
        acled_row("YEM2", fatalities="bad"),
        acled_row("YEM1"),
    )
    report = drafts(data, "acled", dry_run=True)
    found = {(p.line, p.column): p.message for p in report.problems}
    assert sorted(found) == [(5, "fatalities"), (6, "event_id_cnty")]
    assert "line 2" in found[(6, "event_id_cnty")]


def test_a_source_named_twice_in_a_row_is_cited_once_and_re_importing_changes_nothing():
    data = csv_bytes(ACLED_HEADER, acled_row(source="SOHR; Twitter; SOHR"))
    assert drafts(data, "acled").created == 1
    cited = IncidentSource.objects.values_list("source__publisher", flat=True)
    assert sorted(cited) == ["ACLED", "SOHR", "Twitter"]
    again = drafts(data, "acled")
    assert (again.updated, again.unchanged) == (0, 1)


def test_an_older_layouts_row_without_a_timestamp_does_not_overwrite_a_newer_row():
    assert drafts(csv_bytes(ACLED_HEADER, acled_row(fatalities="7", timestamp="1730000000")), "acled").created == 1
    old_header = ACLED_HEADER.removesuffix(",timestamp")
    old_row = acled_row(fatalities="1").rsplit(",", 1)[0]
    report = drafts(csv_bytes(old_header, old_row), "acled")
    assert (report.updated, report.kept_newer) == (0, 1)
    assert Incident.objects.get().killed == 7


def test_our_acled_export_of_an_older_layouts_rows_invents_no_timestamp_and_re_imports(client):
    """ACLED's 2020 layout has no timestamp; our export of its rows must not write ours there (it
    would pass for ACLED's and refuse ACLED's next version as older). A row identified by
    data_id alone (a column the current layout lacks) is found again by its tracker_uid."""
    old = (
        "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,sub_event_type,"
        "actor1,country,admin1,location,latitude,longitude,geo_precision,source,notes,fatalities\n"
        "7112233,760,SYR60001,60001,9-May-20,2020,1,Explosions/Remote violence,Remote explosive/landmine/IED,"
        "Unidentified Armed Group (Syria),Syria,Dar'a,Dar'a,32.6189,36.1021,1,Horan Free League,An IED.,1\n"
        "7112234,760,,,10-May-20,2020,1,Explosions/Remote violence,Remote explosive/landmine/IED,"
        "Unidentified Armed Group (Syria),Syria,Dar'a,Dar'a,32.6189,36.1021,1,Horan Free League,An IED.,1\n"
    ).encode()
    assert run_import(old, "acled").created == 2  # published: the public export shows them
    exported = export(client, "?format=acled")
    assert [row["timestamp"] for row in csv.DictReader(io.StringIO(exported.decode()))] == ["", ""]
    again = drafts(exported, "acled")
    assert again.ok, again.problems
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    revised = csv_bytes(ACLED_HEADER, acled_row("SYR60001", fatalities="3", timestamp="1718000000"))
    newer = run_import(revised, "acled", note="ACLED revised the count.")
    assert newer.ok, newer.problems
    assert (newer.updated, newer.kept_newer) == (1, 0)
    assert Incident.objects.get(external_id="SYR60001").killed == 3


def test_a_gtd_file_of_fewer_columns_leaves_what_it_lacks_alone():
    """README: columns a file doesn't have leave existing values alone. A GTD file without
    specificity, targtype1_txt, target1, nwound or scite1 changes neither our place's precision,
    the target, the wounded nor the sources, nor the GTD cells we hold of those columns."""
    full = csv_bytes(
        GTD_HEADER + ",specificity,targtype1_txt,target1,claimed,nkill,nwound,scite1,dbsource",
        "201701010001,2017,1,1,Afghanistan,Kabul,Kabul,34.5,69.1,Gunmen attacked a checkpoint.,Armed Assault,"
        'Taliban,4,Police,Checkpoint,1,2,4,"Taliban attack, Pajhwok.",START Primary Collection',
    )
    assert drafts(full, "gtd").created == 1
    before = Incident.objects.get()
    fewer = csv_bytes(
        GTD_HEADER + ",claimed,nkill",
        "201701010001,2017,1,1,Afghanistan,Kabul,Kabul,34.5,69.1,Gunmen attacked a checkpoint.,Armed Assault,"
        "Taliban,1,2",
    )
    report = drafts(fewer, "gtd")
    assert (report.updated, report.unchanged) == (0, 1)
    after = Incident.objects.get()
    kept = ("target", "target_detail", "wounded", "publisher_record")
    assert [getattr(after, name) for name in kept] == [getattr(before, name) for name in kept]
    assert after.location.geo_precision == "governorate"
    assert sorted(after.source_links.values_list("source__publisher", flat=True)) == ["GTD", "START Primary Collection"]
    changed = drafts(fewer.replace(b",1,2\n", b",1,5\n"), "gtd")
    assert changed.updated == 1
    assert Incident.objects.get().killed == 5
    assert Incident.objects.get().publisher_record["row"]["nwound"] == "4"  # kept from the fuller file


def test_a_text_longer_than_our_field_is_cut_to_fit_and_the_report_says_so():
    """GTD's citations run to hundreds of characters: the row is not refused for one longer than a
    source's title, nor cut short silently; the publisher's row keeps it whole."""
    citation = "A" * 744
    data = csv_bytes(
        GTD_HEADER + ",target1,scite1",
        f"201701010001,2017,1,1,Afghanistan,Kabul,Kabul,34.5,69.1,Attack,Armed Assault,Taliban,{'B' * 373},{citation}",
    )
    report = drafts(data, "gtd")
    assert report.ok, report.problems
    assert "1 row had a text longer than our field, cut to fit" in report.summary()
    incident = Incident.objects.get()
    assert len(incident.target_detail) == 300
    assert incident.publisher_record["row"]["scite1"] == citation


def test_a_spreadsheets_trailing_empty_columns_are_read_as_nothing_and_an_unnamed_one_is_named_by_position():
    trailing = ACLED_HEADER + ",,"
    report = drafts(csv_bytes(trailing, acled_row() + ",,"), "acled")
    assert report.ok, report.problems
    assert "" not in Incident.objects.get().publisher_record["row"]
    middle = ACLED_HEADER.replace(",year,", ",,", 1)
    problems = drafts(csv_bytes(middle, acled_row()), "acled", dry_run=True).problems
    assert [(p.line, p.column, p.message) for p in problems] == [
        (1, "3", "column with no name in the header (its position)")
    ]


def test_the_report_says_one_row_and_no_preview_after_a_written_import():
    report = drafts(csv_bytes(GTD_HEADER, *gtd_rows(1)), "gtd")
    assert report.summary().startswith("1 row: 1 were created")
    many = drafts(csv_bytes(GTD_HEADER, *gtd_rows(250)), "gtd")
    assert "The preview shows" not in many.summary()
    assert (
        "The preview shows the first 200 changes."
        in drafts(csv_bytes(GTD_HEADER, *gtd_rows(250)).replace(b"Gunmen", b"Men"), "gtd", dry_run=True).summary()
    )


def test_an_updates_preview_lists_only_cells_that_change():
    assert drafts(csv_bytes(ACLED_HEADER, acled_row()), "acled").created == 1
    report = drafts(csv_bytes(ACLED_HEADER, acled_row(fatalities="4", timestamp="1720000000")), "acled", dry_run=True)
    [(action, _, _, changed)] = report.changes
    assert action == "update"
    assert "(empty) → (empty)" not in " ".join(changed)
    assert "acled fatalities: 2 → 4" in changed


def test_acleds_next_version_of_a_row_keeps_the_claims_and_sources_an_analyst_added():
    """The publisher's row owns what an import wrote from it; a source and a claim an analyst
    added since are theirs, and ACLED's revision (or the same file again) leaves them."""
    assert drafts(csv_bytes(ACLED_HEADER, acled_row()), "acled").created == 1
    incident = Incident.objects.get()
    reuters = link_source(incident, make_source(publisher="Reuters", title="Shelling kills five"), excerpt="Five.")
    make_claim(incident, actor="Russian Ministry of Defence", kind="claimed", source=reuters.source)
    before = sorted(incident.claims.values_list("kind", "actor"))
    assert drafts(csv_bytes(ACLED_HEADER, acled_row()), "acled").unchanged == 1
    revised = drafts(csv_bytes(ACLED_HEADER, acled_row(fatalities="7", timestamp="1730000000")), "acled")
    assert revised.updated == 1
    incident.refresh_from_db()
    assert incident.killed == 7
    assert sorted(incident.claims.values_list("kind", "actor")) == before
    assert "Reuters" in incident.source_links.values_list("source__publisher", flat=True)
    recoded = acled_row(timestamp="1740000000").replace("Military Forces of Syria (2000-)", "Unidentified Armed Group")
    assert drafts(csv_bytes(ACLED_HEADER, recoded), "acled").updated == 1
    actors = sorted(Incident.objects.get().claims.values_list("actor", flat=True))
    assert "Russian Ministry of Defence" in actors and "Military Forces of Syria (2000-)" not in actors


def protest(event_id, timestamp="1720000000"):
    return acled_row(event_id, timestamp=timestamp).replace(
        "Political violence,Explosions/Remote violence,Shelling/artillery/missile attack",
        "Demonstrations,Protests,Protest with intervention",
    )


def test_an_id_twice_in_a_file_is_refused_even_when_one_of_its_rows_is_out_of_scope():
    report = drafts(csv_bytes(ACLED_HEADER, protest("SYR300"), acled_row("SYR300")), "acled", dry_run=True)
    assert [(p.line, p.column) for p in report.problems] == [(3, "event_id_cnty")]


def test_an_incident_its_publisher_recoded_out_of_scope_is_left_as_it_is_and_the_report_says_so():
    assert drafts(csv_bytes(ACLED_HEADER, acled_row("SYR300")), "acled").created == 1
    report = drafts(csv_bytes(ACLED_HEADER, acled_row("SYR301"), protest("SYR300")), "acled")
    assert report.ok and (report.created, report.recoded) == (1, [3])
    assert "1 skipped row is an incident we hold, left as it is" in report.summary()
    assert "line 3." in report.summary()
    assert Incident.objects.get(external_id="SYR300").type == "rocket"


@pytest.mark.parametrize("layout", ["acled", "gtd", "ucdp"])
def test_our_incidents_keep_their_window_and_coordinates_through_a_publishers_layout(client, layout):
    """A publisher's layout holds a day, ACLED's week or month around one, GTD's month or year: our
    export adds our own window and coordinates (tracker_date …), which importing it into an empty
    database reads back, where ACLED's columns alone turned eight days into seven and a place
    without coordinates into a point at its governorate's centre."""
    windows = [
        ("2020-02-24", "2020-03-02", "range"),
        ("2020-05-16", "2020-08-17", "range"),
        ("2020-01-01", "2020-01-31", "month"),
        ("2020-04-08", "2020-04-14", "week"),
        ("2020-03-11", "2020-03-11", "day"),
    ]
    nowhere = make_location(latitude=None, longitude=None, geo_precision="town", name="Aweerij")
    for start, end, precision in windows:
        incident = make_incident(
            date=datetime.date.fromisoformat(start), date_end=datetime.date.fromisoformat(end), date_precision=precision
        )
        link_source(incident)
    make_incident(location=nowhere)

    def facts():
        def degrees(value):
            return None if value is None else round(float(value), 6)

        return sorted(
            (str(i.uid), str(i.date), str(i.date_end), i.date_precision)
            + (degrees(i.location.latitude), degrees(i.location.longitude))
            for i in Incident.objects.select_related("location")
        )

    before = facts()
    exported = export(client, f"?format={layout}")
    empty_the_database()
    report = drafts(exported, layout)
    assert report.ok, report.problems
    assert facts() == before


def test_our_export_of_a_row_whose_text_has_bidi_controls_re_imports_unchanged(client):
    """Our exports drop bidi controls (spreadsheet_safe); the right-to-left marks of an Arabic
    name in ACLED's notes are kept with the incident, and the export's text is the same text."""
    marked = acled_row("LBN1", notes='"Drone struck a car near \u200fصور\u200f (Tyre); \u2066quoted\u2069."')
    assert run_import(csv_bytes(ACLED_HEADER, marked), "acled").created == 1
    assert "\u200f" in Incident.objects.get().summary
    report = drafts(export(client, "?format=acled"), "acled", dry_run=True)
    assert report.ok, report.problems
    assert (report.updated, report.unchanged) == (0, 1)


def test_a_timestamp_written_as_a_decimal_is_the_same_time():
    assert drafts(csv_bytes(ACLED_HEADER, acled_row(timestamp="1710000000")), "acled").created == 1
    newer = drafts(csv_bytes(ACLED_HEADER, acled_row(fatalities="5", timestamp="1720000000.0")), "acled")
    assert (newer.updated, newer.kept_newer) == (1, 0)
    older = drafts(csv_bytes(ACLED_HEADER, acled_row(fatalities="9", timestamp="1715000000")), "acled")
    assert (older.updated, older.kept_newer) == (0, 1)


@pytest.mark.parametrize("delimiter", [";", "\t"])
def test_a_file_a_spreadsheet_wrote_with_semicolons_or_tabs_is_read(delimiter):
    """Excel in a locale whose decimal mark is a comma writes "CSV" with semicolons."""
    rows = list(csv.reader(io.StringIO(csv_bytes(ACLED_HEADER, acled_row()).decode())))
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter).writerows(rows)
    report = drafts(buffer.getvalue().encode(), "acled")
    assert report.ok, report.problems
    assert Incident.objects.get().location.name == "Sarmin"


def test_coordinates_with_a_decimal_comma_are_read_and_kept_as_written():
    """Excel in a European locale writes 35,9306 in the cell as well as ; between cells."""
    header, row = csv.reader(io.StringIO(csv_bytes(ACLED_HEADER, acled_row()).decode()))
    latitude, longitude = header.index("latitude"), header.index("longitude")
    written = Decimal(row[latitude]), Decimal(row[longitude])
    row[latitude], row[longitude] = (cell.replace(".", ",") for cell in (row[latitude], row[longitude]))
    assert "," in row[latitude] + row[longitude]
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerows([header, row])
    report = drafts(buffer.getvalue().encode(), "acled")
    assert report.ok, report.problems
    incident = Incident.objects.get()
    assert (incident.location.latitude, incident.location.longitude) == written
    kept = incident.publisher_record["row"]
    assert (kept["latitude"], kept["longitude"]) == (row[latitude], row[longitude])


@pytest.mark.parametrize("value", ["35,9,1", "35,9.1", "3,5,9"])
def test_a_coordinate_with_more_than_one_mark_is_refused(value):
    report = drafts(csv_bytes(ACLED_HEADER, acled_row().replace(",35.9,", f',"{value}",')), "acled", dry_run=True)
    assert [(p.column, p.message) for p in report.problems] == [("latitude", f"{value!r} is not a number")]


def test_every_row_after_one_that_is_not_csv_is_still_checked():
    data = csv_bytes(
        ACLED_HEADER,
        acled_row("YEM1"),
        acled_row("YEM2", notes='"bad"x'),
        acled_row("YEM3").replace("2024-02-01", "31/31/2024"),
        acled_row("YEM4").replace(",35.9,", ",999,"),
        acled_row("YEM5"),
    )
    report = drafts(data, "acled", dry_run=True)
    assert sorted({p.line for p in report.problems}) == [3, 4, 5]
    assert "Rejected: 3 of 5 rows" in report.summary()


def test_our_export_links_its_duplicates_again_when_imported_into_an_empty_database(client):
    counts, other = make_incident(), make_incident()
    duplicate = make_incident(duplicate_of=counts, duplicate_reason="The same attack.")
    exported = export(client, "?include_duplicates=on")
    empty_the_database()
    report = drafts(exported, "native")
    assert report.ok, report.problems
    assert Incident.objects.get(uid=duplicate.uid).duplicate_of.uid == counts.uid
    assert Incident.objects.get(uid=other.uid).duplicate_of is None
    rows = list(csv.DictReader(io.StringIO(exported.decode())))
    for row in rows:
        row["duplicate_of"] = str(other.uid) if row["uid"] == str(duplicate.uid) else row["duplicate_of"]
    moved = drafts(as_csv(rows), "native")
    assert (moved.updated, moved.unchanged) == (1, 2)
    assert Incident.objects.get(uid=duplicate.uid).duplicate_of.uid == other.uid
    # a version a history row, each with the link it had: created linked, then moved
    history = Incident.objects.get(uid=duplicate.uid).history.order_by("history_id")
    linked = [(h.history_type, h.version, h.duplicate_of.uid) for h in history]
    assert linked == [("+", 1, counts.uid), ("~", 2, other.uid)]


def test_a_duplicate_that_names_no_incident_or_a_duplicate_is_refused(client):
    counts = make_incident()
    make_incident(duplicate_of=counts)
    rows = list(csv.DictReader(io.StringIO(export(client, "?include_duplicates=on").decode())))
    duplicate = next(row for row in rows if row["duplicate_of"])
    duplicate["duplicate_of"] = "00000000-0000-0000-0000-000000000001"
    noted = {"note": "Linked the duplicate."}
    assert [p.column for p in drafts(as_csv(rows), "native", **noted).problems] == ["duplicate_of"]
    first, second = rows
    first["duplicate_of"], second["duplicate_of"] = second["uid"], first["uid"]  # each the other's
    report = drafts(as_csv(rows), "native", **noted)
    assert {p.column for p in report.problems} == {"duplicate_of"}
    assert Incident.objects.filter(duplicate_of__isnull=False).count() == 1  # as it was


@pytest.mark.parametrize("layout", ["acled", "gtd", "ucdp"])
def test_a_publishers_layout_carries_our_counts_beside_the_publishers(client, layout):
    """An analyst who corrects a count (or finds it unknown) changes ours, not the publisher's
    cells, which the layout gives back as they were: our counts are in tracker_killed and
    tracker_wounded (empty: unknown), and a row of ours is read back from them."""
    assert run_import(csv_bytes(ACLED_HEADER, acled_row(fatalities="3")), "acled").created == 1
    incident = make_incident(killed=None, wounded=4)
    link_source(incident)
    Incident.objects.filter(external_id="SYR1").update(killed=5)
    exported = export(client, f"?format={layout}")
    rows = {row["tracker_uid"]: row for row in csv.DictReader(io.StringIO(exported.decode()))}
    acleds = rows[str(Incident.objects.get(external_id="SYR1").uid)]
    assert (acleds["tracker_killed"], acleds["tracker_wounded"]) == ("5", "")
    if layout == "acled":
        assert acleds["fatalities"] == "3"  # ACLED's own cell, as ACLED wrote it
    ours = rows[str(incident.uid)]
    assert (ours["tracker_killed"], ours["tracker_wounded"]) == ("", "4")
    empty_the_database()
    assert drafts(exported, layout).ok
    assert (Incident.objects.get(uid=incident.uid).killed, Incident.objects.get(uid=incident.uid).wounded) == (None, 4)


def test_a_publishers_zero_rests_on_its_record_marked_as_saying_so():
    """The codebook: 0 means a source says nobody was killed, and the link to it is marked so."""
    assert drafts(csv_bytes(ACLED_HEADER, acled_row(fatalities="0")), "acled").created == 1

    def record_link():
        return IncidentSource.objects.get(source__title="ACLED record SYR1")

    assert (record_link().says_none_killed, record_link().says_none_wounded) == (True, False)
    assert not IncidentSource.objects.filter(says_none_killed=True).exclude(pk=record_link().pk).exists()
    assert drafts(csv_bytes(ACLED_HEADER, acled_row(fatalities="2", timestamp="1720000000")), "acled").updated == 1
    assert record_link().says_none_killed is False
    gtd = csv_bytes(GTD_HEADER + ",nkill,nwound", "201901010001,2019,1,1,Iraq,Baghdad,Baghdad,,,A,Armed Assault,X,,0")
    assert drafts(gtd, "gtd").created == 1
    link = IncidentSource.objects.get(source__title="GTD record 201901010001")
    assert (link.says_none_killed, link.says_none_wounded) == (False, True)


def test_a_gtd_eventid_a_spreadsheet_rounded_is_a_problem_not_another_event():
    """Excel writes a number of 12 digits, as GTD's eventid is, as 2.01901E+11 in its "General"
    format: read as it is, the row would be an incident of its own beside the one its real id
    made, and ten days' events would all be one id."""
    assert drafts(csv_bytes(GTD_HEADER, *gtd_rows(1)), "gtd").created == 1
    rounded = csv_bytes(GTD_HEADER, gtd_rows(1)[0].replace("201600000000", "2.016E+11"))
    report = drafts(rounded, "gtd")
    assert [(p.line, p.column) for p in report.problems] == [(2, "eventid")]
    assert "scientific notation" in report.problems[0].message
    assert Incident.objects.count() == 1


@pytest.mark.parametrize(
    "file_format, header, row",
    [
        ("gtd", GTD_HEADER, "201901010001{},2019,1,1,Iraq,Baghdad,Baghdad,33.3,44.4,A,Armed Assault,X"),
        ("ucdp", UCDP_HEADER, "244658{},2017-01-02,2017-01-02,IS,Civilians,4,Iraq,33.3,44.4,Baghdad,Bomb"),
    ],
    ids=["gtd", "ucdp"],
)
def test_an_id_a_file_writes_as_a_decimal_is_the_same_record(file_format, header, row):
    """pandas writes a number column as decimals where one cell is empty: 201901010001.0 is the
    record 201901010001, found again, not imported a second time."""
    assert drafts(csv_bytes(header, row.format("")), file_format).created == 1
    again = drafts(csv_bytes(header, row.format(".0")), file_format)
    assert again.ok, again.problems
    assert again.created == 0
    assert list(Incident.objects.values_list("external_id", flat=True)) == [row.split("{")[0]]


def test_acleds_population_columns_go_back_out_with_its_row_and_survive_a_round_trip(client):
    """ACLED's export adds, on request, the people living within 1, 2 and 5 km of each event and
    its best estimate: cells of ACLED's row, kept with it, so our ACLED export writes them back
    and importing that export into an empty database keeps them."""
    population = ",population_1km,population_2km,population_5km,population_best"
    row = acled_row().replace(",Sarmin,", ",Baghdad - Karrada,").replace(",Syria,Idleb,", ",Iraq,Baghdad,")
    assert run_import(csv_bytes(ACLED_HEADER + population, row + ",12000,45000,230000,45000"), "acled").created == 1
    exported = export(client, "?format=acled")
    [acleds] = csv.DictReader(io.StringIO(exported.decode()))
    assert [acleds[column] for column in population.split(",")[1:]] == ["12000", "45000", "230000", "45000"]
    empty_the_database()
    assert drafts(exported, "acled").created == 1
    assert Incident.objects.get().publisher_record["row"]["population_best"] == "45000"


def test_an_older_acled_layouts_ids_go_back_out_with_its_row_and_survive_a_round_trip(client):
    """ACLED's older layout identifies a row by data_id (event_id_cnty may be empty) and has
    event_id_no_cnty and iso3: our ACLED export writes them back, so a row known only by its
    data_id still says which ACLED record it is, in our export and once that is imported again."""
    header = ACLED_HEADER.replace("event_id_cnty,", "data_id,event_id_cnty,event_id_no_cnty,") + ",iso3"
    row = acled_row().replace(",Sarmin,", ",Baghdad - Karrada,").replace(",Syria,Idleb,", ",Iraq,Baghdad,")
    event_id, rest = row.split(",", 1)
    assert run_import(csv_bytes(header, f"7702151,,{event_id.removeprefix('SYR')}," + rest + ",IRQ"), "acled").ok
    exported = export(client, "?format=acled")
    [acleds] = csv.DictReader(io.StringIO(exported.decode()))
    assert [acleds[column] for column in ("data_id", "event_id_cnty", "iso3")] == ["7702151", "", "IRQ"]
    empty_the_database()
    assert drafts(exported, "acled").created == 1
    assert Incident.objects.get().publisher_record["row"]["data_id"] == "7702151"


@pytest.mark.parametrize(
    "year, month, day, column",
    [
        ("0", "1", "1", "iyear"),
        ("2019", "13", "1", "imonth"),
        ("2019", "2", "30", "iday"),
        ("0", "0", "0", "iyear"),
        ("2019", "99999999999", "1", "imonth"),  # beyond C's int: date() raised OverflowError, a crash
        ("2019", "1", "99999999999", "iday"),
    ],
)
def test_a_gtd_date_that_is_none_is_named_by_the_column_to_correct(year, month, day, column):
    data = csv_bytes(GTD_HEADER, f"201901010001,{year},{month},{day},Iraq,Baghdad,Baghdad,,,A,Armed Assault,X")
    report = drafts(data, "gtd", dry_run=True)
    assert [(p.line, p.column) for p in report.problems] == [(2, column)]


def test_a_gtd_coordinate_out_of_range_as_gtd_ships_one_is_unknown_and_said_not_a_refused_file():
    """GTD's own distribution has event 198212240004 at longitude -86185896: refusing it would
    leave the whole database impossible to import unless edited. Its place stays without
    coordinates, the report names its line, and the publisher's row keeps the cell as shipped."""
    data = csv_bytes(
        GTD_HEADER,
        "198212240004,1982,12,24,Nicaragua,Nueva Segovia,Unknown,13.6,-86185896.0,,Armed Assault,X",
        "198212240005,1982,12,24,Nicaragua,Nueva Segovia,Ocotal,13.63,-86.47,,Armed Assault,X",
    )
    report = drafts(data, "gtd")
    assert report.ok, report.problems
    assert (
        "1 row had coordinates out of range, left unknown (the publisher's row, kept with the incident, has them "
        "as given) (line 2)." in report.summary()
    )
    unplaced = Incident.objects.get(external_id="198212240004")
    assert (unplaced.location.latitude, unplaced.location.longitude) == (None, None)
    assert unplaced.publisher_record["row"]["longitude"] == "-86185896.0"
    assert Incident.objects.get(external_id="198212240005").location.longitude == Decimal("-86.47")


def test_our_gtd_export_of_such_a_row_gives_the_analysts_coordinates_back(client):
    """An analyst placed the incident GTD's row could not: our export carries their coordinates in
    tracker_latitude/tracker_longitude beside GTD's cells, and an import into an empty database
    reads ours, with no remark about GTD's."""
    data = csv_bytes(
        GTD_HEADER, "198212240004,1982,12,24,Nicaragua,Nueva Segovia,Ocotal,13.6,-86185896.0,A,Armed Assault,X"
    )
    drafts(data, "gtd")
    incident = Incident.objects.get()
    incident.location = make_location(name="Ocotal", country="Nicaragua", latitude="13.63", longitude="-86.47")
    incident.status = Incident.Status.PUBLISHED
    incident.save()
    exported = export(client, "?format=gtd")
    empty_the_database()
    report = drafts(exported, "gtd")
    assert report.ok, report.problems
    assert "out of range" not in report.summary()
    again = Incident.objects.get()
    assert (again.location.latitude, again.location.longitude) == (Decimal("13.63"), Decimal("-86.47"))
    assert again.publisher_record["row"]["longitude"] == "-86185896.0"


@pytest.mark.parametrize(
    "layout, data",
    [
        ("acled", csv_bytes(ACLED_HEADER, acled_row().replace(",36.72,", ",-86185896.0,"))),
        ("ucdp", csv_bytes(UCDP_HEADER, "244658,2017-01-02,2017-01-02,IS,Civilians,0,Iraq,33.3,444,Baghdad,Bomb")),
    ],
)
def test_a_coordinate_out_of_range_in_other_publishers_files_is_still_refused(layout, data):
    """ACLED's and GED's coordinates are clean as shipped: one out of range is a damaged file."""
    report = drafts(data, layout, dry_run=True)
    assert [p.column for p in report.problems] == ["longitude"]


def test_a_file_part_utf8_part_windows_1252_is_refused_not_read_with_its_letters_changed():
    """GTD ships Windows-1252, so a file that is not UTF-8 throughout is read as Windows-1252. Rows
    pasted in from a UTF-8 file (a newer release, a colleague's) would then have each of their
    letters read as two others: “café” as “cafÃ©”, بغداد as Ø¨ØºØ¯Ø§Ø¯. The file is refused instead,
    at the first byte that is not UTF-8."""
    utf8 = "201901010001,2019,1,1,Iraq,Baghdad,Baghdad,,,Attack near a café in بغداد,Armed Assault,X".encode()
    windows_1252 = "201901010002,2019,1,2,Iraq,Baghdad,Baghdad,,,Attack near a café,Armed Assault,X".encode("cp1252")
    data = b"\n".join([GTD_HEADER.encode(), utf8, windows_1252]) + b"\n"
    report = drafts(data, "gtd")
    assert [(p.line, p.column) for p in report.problems] == [(3, "")]
    assert "line 2 is UTF-8" in report.problems[0].message
    assert not Incident.objects.exists()
    assert drafts(b"\n".join([GTD_HEADER.encode(), windows_1252]) + b"\n", "gtd").created == 1


@pytest.mark.parametrize("ending", [b"\n", b"\r\n", b"\r"])
def test_windows_1252_text_whose_bytes_look_like_utf8_somewhere_is_read_as_windows_1252(ending):
    """French typography puts a no-break space inside guillemets: é, no-break space and » are the
    three bytes of a UTF-8 character (頻) in Windows-1252."""
    summary = "Attaque « en plein été\u00a0» près d'une café"
    row = f"201901010001,2019,1,1,Iraq,Baghdad,Baghdad,,,{summary},Armed Assault,X"
    data = ending.join([GTD_HEADER.encode(), row.encode("cp1252")]) + ending
    assert b"\xe9\xa0\xbb" in data
    report = drafts(data, "gtd")
    assert report.ok, report.problems
    assert Incident.objects.get().summary == summary


def test_a_windows_1252_line_whose_only_other_letters_spell_a_utf8_character_is_read_as_windows_1252():
    row = "201901010001,2019,1,1,Iraq,Baghdad,Baghdad,,,Attaque en plein été\u00a0»,Armed Assault,X"
    report = drafts(b"\n".join([GTD_HEADER.encode(), row.encode("cp1252")]) + b"\n", "gtd")
    assert report.ok, report.problems
    assert Incident.objects.get().summary.endswith("été\u00a0»")


def test_utf8_text_on_a_line_with_windows_1252_letters_is_found():
    row = (
        "201901010001,2019,1,1,Iraq,Baghdad,Baghdad,,,Attack near a café".encode("cp1252")
        + " north → south,Armed Assault,X".encode()
    )
    report = drafts(b"\n".join([GTD_HEADER.encode(), row]) + b"\n", "gtd")
    assert [(p.line, p.column) for p in report.problems] == [(2, "")]
    assert "line 2 is UTF-8" in report.problems[0].message


@pytest.mark.parametrize("utf8", ["中文", "→", "€", "™", "’"])
def test_a_utf8_line_of_three_byte_characters_in_a_windows_1252_file_is_still_found(utf8):
    pasted = f"201901010001,2019,1,1,Iraq,Baghdad,Baghdad,,,Attack {utf8},Armed Assault,X".encode()
    windows_1252 = "201901010002,2019,1,2,Iraq,Baghdad,Baghdad,,,Attack near a café,Armed Assault,X".encode("cp1252")
    report = drafts(b"\n".join([GTD_HEADER.encode(), pasted, windows_1252]) + b"\n", "gtd")
    assert [(p.line, p.column) for p in report.problems] == [(3, "")]
    assert "line 2 is UTF-8" in report.problems[0].message


@pytest.mark.parametrize(
    "layout, data",
    [
        ("acled", csv_bytes(ACLED_HEADER, acled_row(fatalities="0"))),
        ("gtd", csv_bytes(GTD_HEADER + ",nkill", "201901010001,2019,1,1,Iraq,Baghdad,Baghdad,,,A,Armed Assault,X,0")),
        ("ucdp", csv_bytes(UCDP_HEADER, "244658,2017-01-02,2017-01-02,IS,Civilians,0,Iraq,33.3,44.4,Baghdad,Bomb")),
    ],
)
def test_an_analysts_correction_of_a_publishers_count_survives_our_export_imported_again(client, layout, data):
    """The analyst's count is in tracker_killed, the publisher's cell (fatalities, nkill, best) as
    the publisher wrote it: importing our export reads ours back, into the same database (nothing
    changes) and into an empty one, and the publisher's record still says what its cells say."""
    assert run_import(data, layout).created == 1
    Incident.objects.update(killed=2)
    exported = export(client, f"?format={layout}")
    again = run_import(exported, layout, note="none", dry_run=True)
    assert (again.updated, again.unchanged) == (0, 1), again.changes
    empty_the_database()
    assert drafts(exported, layout).created == 1
    assert Incident.objects.get().killed == 2
    record = IncidentSource.objects.get(source__title__contains=" record ")
    assert record.says_none_killed is True  # the publisher's 0, on its record


def test_an_iraqi_place_that_names_no_governorate_takes_it_from_its_coordinates_as_the_admin_does():
    """An Iraqi place with coordinates has a governorate (the admin's form takes it from them):
    one left without would be missing from its governorate's filter, counts and map. Coordinates
    in no governorate (0, 0, a pandas fillna) are a problem; a place known only to the country,
    at its centre, has none."""
    data = csv_bytes(
        GTD_HEADER + ",specificity",
        "201901010001,2019,1,1,Iraq,Unknown,Karrada,33.3128,44.3615,A,Armed Assault,X,1",
        "201901010002,2019,1,2,Iraq,,,33.2,43.7,A,Armed Assault,X,5",
    )
    assert drafts(data, "gtd").created == 2
    governorates = dict(Incident.objects.values_list("external_id", "location__governorate__name"))
    assert governorates == {"201901010001": "Baghdad", "201901010002": None}
    nowhere = csv_bytes(GTD_HEADER, "201901010003,2019,1,3,Iraq,Unknown,Karrada,0,0,A,Armed Assault,X")
    report = drafts(nowhere, "gtd", dry_run=True)
    assert [(p.line, p.column) for p in report.problems] == [(2, "provstate")]


@pytest.mark.parametrize("number", ["²", "1720000000①", "9" * 5000], ids=["superscript", "circled", "5000 digits"])
def test_a_number_int_refuses_is_a_problem_on_its_line_not_a_crash(number):
    """str.isdigit() takes ² and ① for digits, and int() refuses them, and any text of more than
    4,300 digits: the import crashed on them."""
    gtd = csv_bytes(GTD_HEADER, f"201901010001,2019,1,{number},Iraq,Baghdad,Baghdad,,,A,Armed Assault,X")
    assert [(p.line, p.column) for p in drafts(gtd, "gtd", dry_run=True).problems] == [(2, "iday")]
    assert drafts(csv_bytes(ACLED_HEADER, acled_row()), "acled").created == 1
    newer = drafts(csv_bytes(ACLED_HEADER, acled_row(timestamp=number)), "acled")
    assert [(p.line, p.column) for p in newer.problems] == [(2, "timestamp")]


def test_a_claims_source_number_of_thousands_of_digits_is_a_problem_not_a_crash():
    number = "9" * 5000
    data = csv_bytes(
        "uid,title,date,date_precision,type,location,geo_precision,target,confidence,sources,claimed_by,claim_sources",
        "6f1d4c52-8a0e-4a57-9d3c-2b1f0e5a7c13,A,2020-05-09,day,rocket,Karrada,town,other,medium,"
        f"AFP: Report <https://example.org/a>,Kataib Hezbollah,claimed: Kataib Hezbollah <{number}>",
    )
    report = drafts(data, "native", dry_run=True)
    assert [(p.line, p.column) for p in report.problems] == [(2, "claim_sources")]


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_week_that_runs_past_the_calendars_edge_is_a_problem_not_a_crash(day):
    """A week around 0001-01-01 or from 9999-12-31 has days no date holds: date arithmetic raised
    OverflowError and the import crashed."""
    acled = csv_bytes(ACLED_HEADER, acled_row().replace(",2024-02-01,2024,1,", f",{day},2024,2,"))
    assert [(p.line, p.column) for p in drafts(acled, "acled", dry_run=True).problems] == [(2, "event_date")]
    native = csv_bytes(
        "uid,title,date,date_precision,type,location,geo_precision,target,confidence",
        f"6f1d4c52-8a0e-4a57-9d3c-2b1f0e5a7c14,A,{day},week,rocket,Karrada,town,other,medium",
    )
    problems = drafts(native, "native", dry_run=True).problems
    assert [(p.line, p.column) for p in problems] == ([(2, "date")] if day.startswith("9999") else [])


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_day_at_the_calendars_edge_has_its_likely_duplicates_looked_for_without_a_crash(day):
    """The likely duplicates of a new row are looked for within days of it: around 9999-12-31 (a
    year mistyped) that sum raised OverflowError and the import crashed."""
    data = csv_bytes(
        "uid,title,date,date_precision,type,location,geo_precision,target,confidence,latitude,longitude",
        f"6f1d4c52-8a0e-4a57-9d3c-2b1f0e5a7c15,A,{day},day,rocket,Karrada,town,other,medium,33.3128,44.3615",
    )
    held = make_incident()
    report = drafts(data, "native")
    assert report.ok, report.problems
    assert str(Incident.objects.exclude(pk=held.pk).get().date) == day


def test_acleds_rows_stacked_under_our_exports_header_are_read_as_acleds(client):
    """README: a researcher can stack our ACLED export and ACLED's rows. ACLED's then have our
    columns empty: they are ACLED's rows all the same, its attributions and its fatalities read,
    not an empty list of our claims and unknown counts."""
    assert run_import(csv_bytes(ACLED_HEADER, acled_row("SYR1")), "acled").created == 1
    exported = export(client, "?format=acled").decode()
    header = exported.splitlines()[0]
    stacked = exported + acled_row("SYR2", fatalities="4") + "," * (header.count(",") - ACLED_HEADER.count(",")) + "\n"
    report = drafts(stacked.encode(), "acled")
    assert report.ok, report.problems
    assert (report.created, report.unchanged) == (1, 1)
    acleds = Incident.objects.get(external_id="SYR2")
    assert acleds.killed == 4
    assert [(c.kind, c.who) for c in acleds.claims.all()] == [("attributed", "Military Forces of Syria (2000-)")]


@pytest.mark.parametrize(
    "layout, data",
    [
        ("acled", csv_bytes(ACLED_HEADER, acled_row())),
        ("gtd", csv_bytes(GTD_HEADER, "201901010001,2019,1,1,Iraq,Baghdad,Baghdad,33.3,44.4,A,Armed Assault,X")),
        ("ucdp", csv_bytes(UCDP_HEADER, "244658,2017-01-02,2017-01-02,IS,Civilians,2,Iraq,33.3,44.4,Baghdad,Bomb")),
    ],
)
def test_an_analysts_edits_of_a_publishers_incident_survive_our_export_imported_again(client, layout, data):
    """Our export of a publisher's incident holds its cells as the publisher wrote them and ours in
    our columns: importing it again changes nothing an analyst corrected since — the window and
    count (our columns say them), the title and summary (the publisher's row, unchanged, says
    nothing new of them) — and into an empty database brings the corrected window."""
    assert run_import(data, layout).created == 1
    corrected = {
        "title": "Corrected title",
        "summary": "An analyst's summary.",
        "date": datetime.date(2016, 3, 1),
        "date_end": datetime.date(2016, 3, 31),
        "date_precision": "month",
    }
    Incident.objects.update(**corrected)
    exported = export(client, f"?format={layout}")
    again = run_import(exported, layout, note="none")
    assert (again.updated, again.unchanged) == (0, 1), again.changes
    assert Incident.objects.values(*corrected).get() == corrected
    empty_the_database()
    assert drafts(exported, layout).created == 1
    dates = ("date", "date_end", "date_precision")
    assert Incident.objects.values(*dates).get() == {name: corrected[name] for name in dates}


@pytest.mark.parametrize("spelling", ["IRAQ", "Irak", "العراق", " iraq "])
def test_iraq_however_a_file_spells_it_is_iraq_with_its_governorates(spelling):
    """A spreadsheet's upper case, the German or French spelling, the Arabic name: Iraq, whose
    places have governorates (before: another country, no governorate, silently)."""
    data = csv_bytes(GTD_HEADER, f"201901010001,2019,1,1,{spelling},Baghdad,Karrada,33.3128,44.3615,A,Armed Assault,X")
    assert drafts(data, "gtd").created == 1
    place = Incident.objects.get().location
    assert (place.country, place.governorate.name) == ("Iraq", "Baghdad")
    assert Incident.objects.get().publisher_record["row"]["country_txt"] == spelling
