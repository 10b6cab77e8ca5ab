"""ACLED's raw exports, of every layout, in and out (issue: real data in and out).

The files under tests/data/ are written from ACLED's codebook: acled_raw_mixed.csv is a
current-layout export of every kind of event (protests and riots among them), with NA
cells and ACLED's spellings of places and actors; acled_old_layout.csv the 2020 layout
(data_id, event_id_no_cnty, iso3, no timestamp or civilian_targeting, 9-May-20 dates).
"""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from incidents.imports import run_import
from incidents.models import Claim, Governorate, Group, Incident

from .factories import make_incident, make_location
from .test_admin_import import upload
from .test_import import empty_the_database, export, import_file, rows

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
MIXED = (DATA / "acled_raw_mixed.csv").read_bytes()
OLD = (DATA / "acled_old_layout.csv").read_bytes()
PUBLISHER_COLUMNS = MIXED.decode().splitlines()[0].split(",")


@pytest.fixture
def seed():
    call_command("loaddata", "iraq_2019_2020", verbosity=0)


def table(data):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def imported(event_id):
    return Incident.objects.get(external_id=event_id)


def with_cell(data, event_id, column, value):
    """The file with one cell of one row changed."""
    lines = table(data)
    for line in lines:
        if line.get("event_id_cnty") == event_id:
            line[column] = value
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=lines[0].keys())
    writer.writeheader()
    writer.writerows(lines)
    return buffer.getvalue().encode()


# 1. A raw export imports: rows out of scope are skipped and counted by kind


def test_a_raw_export_skips_the_kinds_the_tracker_does_not_record_and_counts_them_by_kind():
    report = run_import(MIXED, "acled")
    assert report.ok and report.created == 9
    assert report.skipped == {"Protests": 2, "Riots": 1, "Strategic developments/Change to group/activity": 1}
    assert (
        "Skipped 4 out of scope: Protests 2, Riots 1, Strategic developments/Change to group/activity 1."
        in report.summary()
    )
    assert not Incident.objects.filter(external_id__in=["IRQ20004", "IRQ20005", "IRQ20006", "IRQ20007"]).exists()


def test_the_kinds_to_keep_can_be_chosen(tmp_path):
    out, _ = import_file(tmp_path, MIXED, "--format", "acled", "--keep-type", "Protests", "--keep-type", "Grenade")
    assert "3 were created" in out and "Skipped 10 out of scope" in out
    assert sorted(Incident.objects.values_list("external_id", flat=True)) == ["IRQ20002", "IRQ20004", "IRQ20005"]


def test_a_kind_to_keep_that_no_row_has_is_named_in_the_report(tmp_path):
    """A typo ("Protest" for ACLED's "Protests") would otherwise skip every row without a word."""
    out, _ = import_file(tmp_path, MIXED, "--format", "acled", "--keep-type", "Protest", "--keep-type", "Grenade")
    assert "No row is of the kinds to keep Protest (their spelling is the publisher's)." in out
    assert "Grenade" not in out.split("No row is of the kinds to keep")[1]


def test_a_ucdp_kind_to_keep_named_by_its_code_is_matched():
    report = run_import((DATA / "ucdp_ged_sample.csv").read_bytes(), "ucdp", keep_types=["3", "9"], dry_run=True)
    assert report.unmatched_kinds == ["9"]


def test_a_ucdp_kind_to_keep_named_by_its_code_and_by_its_name_are_both_matched():
    report = run_import((DATA / "ucdp_ged_sample.csv").read_bytes(), "ucdp", keep_types=["3", "One-sided violence"])
    assert report.unmatched_kinds == []


def test_kinds_to_keep_for_our_own_file_are_refused_not_ignored():
    report = run_import((DATA / "acled_sample.csv").read_bytes(), "native", keep_types=["rocket"], dry_run=True)
    assert [p.message for p in report.problems] == [
        "kinds to keep choose among a publisher's kinds of event; this tracker's own CSV export has none"
    ]


V7_LOWER_2018 = (
    "data_id,iso,event_id_cnty,event_id_no_cnty,event_date,year,time_precision,event_type,actor1,assoc_actor_1,"
    "inter1,actor2,assoc_actor_2,inter2,interaction,region,country,admin1,admin2,admin3,location,latitude,"
    "longitude,geo_precision,source,notes,fatalities"
)


def test_acleds_2018_lower_case_layout_is_refused_as_before_2019_too():
    report = run_import(f"{V7_LOWER_2018}\n".encode(), "acled", dry_run=True)
    assert [(p.line, p.column) for p in report.problems] == [(1, "")]
    assert "ACLED's layout from before 2019" in report.problems[0].message


def test_a_malformed_row_still_fails_the_whole_file():
    report = run_import(with_cell(MIXED, "IRQ20003", "latitude", "north"), "acled")
    assert not report.ok and report.rejected == 1
    assert [str(p) for p in report.problems] == ["line 4, column latitude: 'north' is not a number"]
    assert not Incident.objects.exists()


@pytest.mark.parametrize(
    "day, precision, message",
    [
        ("0001-01-02", "2", "a week centred on 0001-01-02 would start before 1 January 1"),
        ("9999-12-31", "2", "a week from 9999-12-28 would end after 31 December 9999"),
    ],
)
def test_a_week_past_the_calendars_ends_is_a_problem_of_its_line(day, precision, message):
    """ACLED's time precision 2 is the week centred on the day: none exists for the calendar's first
    and last days, and the file says so instead of failing the import page."""
    data = with_cell(with_cell(MIXED, "IRQ20001", "event_date", day), "IRQ20001", "time_precision", precision)
    report = run_import(data, "acled")
    assert not report.ok and not Incident.objects.exists()
    assert any(message in str(problem) for problem in report.problems), [str(p) for p in report.problems]


# 2. Old layouts and every date layout


@pytest.mark.parametrize(
    "written, day",
    [
        ("9-May-20", "2020-05-09"),
        ("09 May 2020", "2020-05-09"),
        ("2020-05-09", "2020-05-09"),
        ("28 December 2022", "2022-12-28"),
    ],
)
def test_every_date_layout_acled_has_used_is_read(written, day):
    report = run_import(with_cell(MIXED, "IRQ20001", "event_date", written), "acled")
    assert report.ok, report.problems
    assert str(imported("IRQ20001").date) == day


def test_the_old_layout_imports_and_a_row_without_event_id_cnty_is_identified_by_data_id(tmp_path):
    out, _ = import_file(tmp_path, OLD, "--format", "acled")
    assert "3 were created" in out and "1 row identified by data_id (no event_id_cnty) (line 3)." in out
    assert str(imported("IRQ5501").date) == "2020-05-09"
    by_data_id = imported("7133402")
    assert (str(by_data_id.date), by_data_id.killed) == ("2020-05-09", None)
    assert by_data_id.publisher_record["row"]["data_id"] == "7133402"
    again, _ = import_file(tmp_path, OLD, "--format", "acled")
    assert "0 were created, 0 were updated, 3 unchanged" in again


# 3. NA is missing, in every column


V7_HEADER = (
    "GWNO,EVENT_ID_CNTY,EVENT_ID_NO_CNTY,EVENT_DATE,YEAR,TIME_PRECISION,EVENT_TYPE,ACTOR1,ALLY_ACTOR_1,INTER1,"
    "ACTOR2,ALLY_ACTOR_2,INTER2,INTERACTION,COUNTRY,ADMIN1,ADMIN2,ADMIN3,LOCATION,LATITUDE,LONGITUDE,"
    "GEO_PRECISION,SOURCE,NOTES,FATALITIES"
)
V7_ROW = (
    "475,100NIG,100,14/04/2014,2014,1,Remote violence,Boko Haram,,2,Civilians (Nigeria),,7,27,Nigeria,FCT,"
    "Abuja Municipal,,Nyanya,8.96,7.59,1,Reuters,A bomb exploded at a bus station.,75"
)


@pytest.mark.parametrize("header", [V7_HEADER, V7_HEADER.lower()])
def test_acleds_layout_from_before_2019_is_refused_saying_what_to_download_instead(header):
    report = run_import(f"{header}\n{V7_ROW}\n".encode(), "acled", dry_run=True)
    assert [(p.line, p.column) for p in report.problems] == [(1, "")]
    assert "ACLED's layout from before 2019" in report.problems[0].message
    assert "download these events again" in report.problems[0].message


def test_todays_layout_without_sub_event_type_is_said_to_lack_it_not_to_be_before_2019():
    header = [column for column in PUBLISHER_COLUMNS if column != "sub_event_type"]
    report = run_import((",".join(header) + "\n").encode(), "acled", dry_run=True)
    assert [(p.column, p.message) for p in report.problems] == [("sub_event_type", "required column missing")]


def test_na_is_missing_never_an_actor_or_a_refused_number():
    assert run_import(MIXED, "acled").ok
    bomb = imported("IRQ20003")
    assert bomb.killed is None
    journalist = imported("IRQ20012")
    assert [c.who for c in journalist.claims.all()] == ["Unidentified Armed Group (Iraq)"]
    assert not Claim.objects.filter(actor="NA").exists()
    assert journalist.target_detail == "Civilians (Iraq); Journalists (Iraq)"


def test_na_is_missing_in_our_own_format_too():
    data = (
        b"id,title,date,type,location,date_precision,geo_precision,target,confidence,killed,wounded,claimed_by\n"
        b"1,Rocket on Taji,2020-01-01,rocket,Camp Taji,day,town,other,medium,NA,NA,NA\n"
    )
    report = run_import(data, "native", publish=False)
    assert report.ok, report.problems
    incident = Incident.objects.get()
    assert (incident.killed, incident.wounded, incident.claims.count()) == (None, None, 0)


# 4. The publisher's taxonomy is kept and exported back unchanged


def test_acleds_own_row_is_kept_for_every_imported_event():
    run_import(MIXED, "acled")
    row = imported("IRQ20001").publisher_record
    assert row["format"] == "acled"
    assert {column: row["row"][column] for column in ("event_type", "sub_event_type", "actor1", "inter1")} == {
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Iraq (2020-)",
        "inter1": "1",
    }
    assert row["row"]["assoc_actor_1"] == "Military Forces of Iraq (2020-) Popular Mobilization Forces"
    assert imported("IRQ20002").publisher_record["row"]["civilian_targeting"] == "Civilian targeting"


def test_in_a_clash_neither_side_becomes_the_culprit_or_the_target():
    run_import(MIXED, "acled")
    clash = imported("IRQ20001")
    assert clash.type == "other" and not clash.claims.exists()
    assert clash.target_detail == "Military Forces of Iraq (2020-) / Islamic State (Iraq)"


def test_export_import_export_is_byte_identical_for_acleds_columns(client, tmp_path):
    import_file(tmp_path, MIXED, "--format", "acled")
    first = export(client, "?format=acled")
    originals = {row["event_id_cnty"]: row for row in table(MIXED)}
    for row in table(first):
        assert {c: row[c] for c in PUBLISHER_COLUMNS} == originals[row["event_id_cnty"]]
    out, _ = import_file(tmp_path, first, "--format", "acled")
    assert "0 were created, 0 were updated, 9 unchanged" in out
    empty_the_database()
    import_file(tmp_path, first, "--format", "acled")
    second = export(client, "?format=acled")
    assert [[r[c] for c in PUBLISHER_COLUMNS] for r in table(second)] == [
        [r[c] for c in PUBLISHER_COLUMNS] for r in table(first)
    ]


# 5. Only what maps is mapped; the rest is "other" (or "other_event", no attack), its own type kept
# and shown


@pytest.mark.parametrize(
    "event_id, our_type, shown",
    [
        ("IRQ20008", "other_event", "Other: Sinjar"),
        ("IRQ20009", "other", "Looting/property destruction: Jurf al-Nasr"),
        ("IRQ20002", "other", "Grenade: Tikrit"),
        ("IRQ20003", "other", "Suicide bomb: Ar Rutbah"),
        ("IRQ20011", "rocket", "Shelling/artillery/missile attack: Diwaniya"),
        ("IRQ20010", "arrest", "Arrests: Zakho"),
    ],
)
def test_only_what_maps_is_mapped_and_the_publishers_type_stays_visible(event_id, our_type, shown):
    run_import(MIXED, "acled")
    incident = imported(event_id)
    assert (incident.type, incident.title) == (our_type, shown)


def test_a_kept_event_that_is_no_attack_is_not_counted_as_one():
    """A displacement ("Strategic developments/Other") or a protest kept by choice is an event,
    not an attack: it is listed, and the attack figures leave it out; a riot stays violence."""
    keep = {"Protests", "Riots", "Strategic developments"}
    assert run_import(MIXED, "acled", keep_types=keep).ok
    kinds = {imported(event_id).type for event_id in ("IRQ20004", "IRQ20005", "IRQ20008")}
    assert kinds == {"other_event"} and imported("IRQ20006").type == "other"
    attacks = set(Incident.objects.attacks().values_list("external_id", flat=True))
    assert attacks.isdisjoint({"IRQ20004", "IRQ20005", "IRQ20008"}) and "IRQ20006" in attacks


# 6. Actors


def test_acleds_actor_names_match_our_groups_through_normalised_names(seed):
    data = with_cell(MIXED, "IRQ20011", "assoc_actor_1", "Military Forces of Iraq (2020-) Popular Mobilization Forces")
    data = with_cell(data, "IRQ20011", "actor1", "Kataib Hizballah")
    assert run_import(data, "acled").ok
    rockets = imported("IRQ20011")
    assert sorted(c.group.slug for c in rockets.claims.all()) == ["kataib-hezbollah", "popular-mobilization-forces"]


def test_an_alias_an_analyst_adds_matches_on_the_next_import(seed):
    data = with_cell(MIXED, "IRQ20011", "actor1", "Islamic Resistance Group of Al-Diwaniya")
    run_import(data, "acled", publish=False)
    assert imported("IRQ20011").claims.get().group is None
    group = Group.objects.get(slug="usbat-al-thaireen")
    group.aliases += "\nIslamic Resistance Group of al Diwaniya"
    group.save()
    report = run_import(data, "acled", publish=False)
    assert report.updated == 1
    assert imported("IRQ20011").claims.get().group == group


def test_targets_are_never_suspects_and_an_arrest_blames_no_one():
    run_import(MIXED, "acled")
    names = set(Claim.objects.values_list("actor", flat=True))
    assert not names & {"Civilians (Iraq)", "Farmers (Iraq)", "Journalists (Iraq)", "Military Forces of Iraq (2020-)"}
    assert not imported("IRQ20010").claims.exists()
    assert imported("IRQ20010").target_detail == "Police Forces of Iraq (2020-) / Civilians (Iraq)"


# 7. Geography


@pytest.mark.parametrize(
    "event_id, governorate",
    [
        ("IRQ20002", "salah-al-din"),  # Sala al-Din
        ("IRQ20003", "anbar"),
        ("IRQ20008", "nineveh"),  # Ninewa
        ("IRQ20009", "babil"),  # Babylon
        ("IRQ20010", "duhok"),  # Dahuk
        ("IRQ20011", "qadisiyyah"),  # Qadissiya
    ],
)
def test_publishers_spellings_are_our_governorates(event_id, governorate):
    assert run_import(MIXED, "acled").ok
    assert imported(event_id).location.governorate.slug == governorate


def test_an_iraqi_admin1_that_matches_nothing_fails_the_file_loudly():
    report = run_import(with_cell(MIXED, "IRQ20002", "admin1", "Atlantis"), "acled")
    assert [str(p) for p in report.problems] == [
        "line 3, column admin1: unknown Iraqi governorate 'Atlantis': no governorate goes by that name"
    ]


def test_a_governorate_spelling_an_analyst_adds_is_read_by_the_next_import():
    refused = with_cell(MIXED, "IRQ20003", "admin1", "Dulaim")
    assert not run_import(refused, "acled").ok
    anbar = Governorate.objects.get(slug="anbar")
    anbar.aliases += "\nDulaim"
    anbar.save()
    assert run_import(refused, "acled").ok
    assert imported("IRQ20003").location.governorate == anbar


@pytest.mark.parametrize("region", ["Halabja", "حلبجة"])
def test_halabja_is_placed_in_sulaymaniyah_whose_outline_holds_it_and_exported_as_written(client, region):
    """Halabja has been a governorate of the Kurdistan Region since 2014; our 18 governorates'
    outlines (and Iraq's official list until then) hold it in Sulaymaniyah. The publisher's
    region is kept as written, and search for Halabja doesn't find all of Sulaymaniyah."""
    report = run_import(with_cell(MIXED, "IRQ20003", "admin1", region), "acled")
    assert report.ok, report.problems
    halabja = imported("IRQ20003")
    assert halabja.location.governorate.slug == "sulaymaniyah"
    exported = {row["event_id_cnty"]: row for row in table(export(client, "?format=acled"))}
    assert exported["IRQ20003"]["admin1"] == region
    sulaymaniyah = Governorate.objects.get(slug="sulaymaniyah")
    elsewhere = make_incident(location=make_location(name="Penjwen", governorate=sulaymaniyah))
    found = client.get("/api/incidents/", {"q": "Halabja"}).json()["results"]
    assert elsewhere.uid not in {item["uid"] for item in found}


def test_other_countries_keep_their_regions_and_the_export_gives_the_publishers_spelling_back(client):
    run_import(MIXED, "acled")
    syria = imported("SYR30001")
    assert syria.location.governorate is None and syria.location.country == "Syria"
    assert [syria.publisher_record["row"][c] for c in ("admin1", "admin2", "admin3")] == [
        "Deir ez Zor",
        "Al Mayadin",
        "Thiban",
    ]
    exported = {row["event_id_cnty"]: row for row in table(export(client, "?format=acled"))}
    assert (exported["SYR30001"]["admin2"], exported["IRQ20002"]["admin1"], exported["IRQ20010"]["admin1"]) == (
        "Al Mayadin",
        "Sala al-Din",
        "Dahuk",
    )


# 8. Time


def test_an_older_download_does_not_overwrite_a_newer_one():
    run_import(MIXED, "acled", publish=False)
    older = with_cell(with_cell(MIXED, "IRQ20001", "fatalities", "9"), "IRQ20001", "timestamp", "1600000000")
    report = run_import(older, "acled", publish=False)
    assert (report.updated, report.kept_newer) == (0, 1)
    assert "Kept ours: newer on 1 row." in report.summary()
    assert imported("IRQ20001").killed == 2
    newer = with_cell(with_cell(MIXED, "IRQ20001", "fatalities", "9"), "IRQ20001", "timestamp", "1700000000")
    assert run_import(newer, "acled", publish=False).updated == 1
    assert imported("IRQ20001").killed == 9


def test_a_month_precision_date_is_exported_as_the_publisher_gave_it(client):
    run_import(MIXED, "acled")
    december = imported("IRQ20012")
    assert (december.date_precision, str(december.date), str(december.date_end)) == (
        "month",
        "2022-12-01",
        "2022-12-31",
    )
    exported = {row["event_id_cnty"]: row for row in table(export(client, "?format=acled"))}
    assert (exported["IRQ20012"]["event_date"], exported["IRQ20012"]["time_precision"]) == ("01 December 2022", "3")


# 9. Round trip of our own incidents


def test_our_acled_export_imported_into_the_same_database_changes_nothing(client, seed, tmp_path):
    data = export(client, "?format=acled")
    assert {row["event_id_cnty"][:3] for row in rows(data)} == {"TRK"}
    count = Incident.objects.count()
    out, _ = import_file(tmp_path, data, "--format", "acled")
    assert "0 were created, 0 were updated, 80 unchanged" in out
    assert Incident.objects.count() == count


def claims_by_uid(incidents):
    return {incident.uid: sorted((c.kind, c.who) for c in incident.claims.all()) for incident in incidents}


def test_native_to_acled_to_native_keeps_claim_kinds(client, seed, tmp_path):
    data = export(client, "?format=acled")
    exported = {row["tracker_uid"] for row in rows(data)}
    before = claims_by_uid(i for i in Incident.objects.prefetch_related("claims__group") if str(i.uid) in exported)
    assert {kind for claims in before.values() for kind, _ in claims} >= {"claimed", "denied", "attributed"}
    empty_the_database()
    # as drafts: our ACLED layout doesn't say which source each claim rests on, so the gate refuses
    # to publish them (tests/test_import_publication_gate.py)
    import_file(tmp_path, data, "--format", "acled", "--draft")
    assert claims_by_uid(Incident.objects.prefetch_related("claims__group")) == before
    assert {str(uid) for uid in Incident.objects.values_list("uid", flat=True)} == exported


def test_the_likely_duplicate_check_runs_on_acled_imports(seed):
    data = with_cell(MIXED, "IRQ20011", "event_date", "2020-03-11")
    data = with_cell(data, "IRQ20011", "time_precision", "1")
    data = with_cell(data, "IRQ20011", "admin1", "Baghdad")
    data = with_cell(data, "IRQ20011", "latitude", "33.5294")
    data = with_cell(data, "IRQ20011", "longitude", "44.2775")
    report = run_import(data, "acled", dry_run=True)
    lines = [line for line, _, _ in report.duplicates]
    assert 13 in lines


def test_the_admin_import_reads_a_raw_acled_export_through_the_same_path(analyst_client):
    response = upload(analyst_client, MIXED, "acled")
    assert response.status_code == 200
    assert "Skipped 4 out of scope: Protests 2, Riots 1" in response.content.decode()
    assert not Incident.objects.exists()  # a preview writes nothing


def test_the_admin_import_keeps_the_kinds_the_analyst_names(analyst_client):
    response = upload(analyst_client, MIXED, "acled", keep_types="Protests\r\nRiots\r\n")
    text = response.content.decode()
    assert "3 rows would be" not in text and "0 would be updated" in text
    assert "3 would be created" in text and "Skipped 10 out of scope" in text


def test_the_admin_preview_of_an_update_shows_each_field_old_to_new(analyst_client):
    run_import(MIXED, "acled", publish=False)  # drafts, which an analyst may change
    changed = with_cell(MIXED, "IRQ20001", "fatalities", "9")
    text = upload(analyst_client, with_cell(changed, "IRQ20001", "timestamp", "1700000000"), "acled").content.decode()
    assert "killed: 2 → 9" in text and "acled fatalities: 2 → 9" in text


def test_every_row_an_import_writes_has_its_history_row_with_the_same_values(analyst):
    run_import(MIXED, "acled", user=analyst, publish=False)
    incident = imported("IRQ20003")
    created = incident.history.get()
    assert (created.history_type, created.history_user, created.title, created.publisher_record) == (
        "+",
        analyst,
        incident.title,
        incident.publisher_record,
    )
    assert (created.uid, created.location_id, created.status) == (incident.uid, incident.location_id, "draft")
    for model in (Claim, Incident):
        assert model.history.count() == model.objects.count()


def test_every_row_an_import_changes_has_its_history_row_with_the_new_values(analyst):
    """Written set-based (incidents.bulk.update): its version, who changed it and when, as an
    analyst's save writes them; the feed's updated date is the incident's updated_at."""
    run_import(MIXED, "acled", publish=False)
    before = imported("IRQ20003")
    changed = with_cell(with_cell(MIXED, "IRQ20003", "fatalities", "9"), "IRQ20003", "timestamp", "1700000000")
    report = run_import(changed, "acled", user=analyst, publish=False)
    incident, latest = imported("IRQ20003"), imported("IRQ20003").history.first()
    assert (report.updated, report.unchanged) == (1, 8)
    assert (incident.killed, incident.version, incident.updated_by) == (9, before.version + 1, analyst)
    assert incident.updated_at != before.updated_at and incident.created_at == before.created_at
    assert (latest.history_type, latest.history_user, latest.history_date) == ("~", analyst, incident.updated_at)
    assert (latest.killed, latest.version, latest.publisher_record) == (9, incident.version, incident.publisher_record)
    assert Incident.history.filter(history_type="~").count() == 1


def test_importing_the_same_download_again_keeps_an_analysts_corrections():
    """The publisher's row is the one we hold: what was read from it, an analyst may have corrected
    since. Its next version (a newer timestamp, a changed cell) gives every field again."""
    run_import(MIXED, "acled", publish=False)
    Incident.objects.filter(pk=imported("IRQ20002").pk).update(killed=2, summary="Analyst: two died in hospital.")
    again = run_import(MIXED, "acled", publish=False)
    assert (again.updated, again.unchanged) == (0, 9)
    assert (imported("IRQ20002").killed, imported("IRQ20002").summary) == (2, "Analyst: two died in hospital.")
    newer = with_cell(with_cell(MIXED, "IRQ20002", "fatalities", "5"), "IRQ20002", "timestamp", "1700000000")
    assert run_import(newer, "acled", publish=False).updated == 1
    assert imported("IRQ20002").killed == 5


def test_what_an_update_deletes_and_flags_has_history_rows_by_its_user(analyst):
    """The claims and links an update drops, and the link to the publisher's record whose "none
    killed" no longer holds, are in the history as the analyst's doing (a revert reads them)."""
    run_import(MIXED, "acled", user=analyst, publish=False)
    record_link = imported("IRQ20002").source_links.get(source__title__startswith="ACLED")
    assert record_link.says_none_killed
    newer = with_cell(with_cell(MIXED, "IRQ20002", "fatalities", "3"), "IRQ20002", "timestamp", "1700000000")
    newer = with_cell(newer, "IRQ20002", "actor1", "Islamic State (Iraq)")
    assert run_import(newer, "acled", user=analyst, publish=False).updated == 1
    deleted = Claim.history.filter(history_type="-")
    assert [(c.actor, c.history_user) for c in deleted] == [("Unidentified Armed Group (Iraq)", analyst)]
    latest = record_link.history.first()
    assert (latest.history_type, latest.says_none_killed, latest.history_user) == ("~", False, analyst)


def test_the_admin_shows_the_publishers_row_as_given(editor_client):
    run_import(MIXED, "acled")
    clash = imported("IRQ20001")
    page = editor_client.get(reverse("admin:incidents_incident_change", args=[clash.pk])).content.decode()
    assert "As the publisher gave it" in page
    assert "<th>sub_event_type</th><td>Armed clash</td>" in page
    assert "<th>actor2</th><td>Islamic State (Iraq)</td>" in page
