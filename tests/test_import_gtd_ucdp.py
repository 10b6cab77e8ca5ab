"""The GTD and UCDP GED layouts in, and the messages every import gives (issue: real data in and out).

gtd_sample_cp1252.csv is written from the GTD codebook, in Windows-1252 with CRLF line
endings as GTD ships it; ucdp_ged_sample.csv from UCDP GED's codebook.
"""

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command

from incidents.imports import run_import as import_data
from incidents.imports.writing import PREVIEW_ROWS
from incidents.models import Incident

pytestmark = pytest.mark.django_db
DATA = Path(__file__).parent / "data"
GTD = (DATA / "gtd_sample_cp1252.csv").read_bytes()
UCDP = (DATA / "ucdp_ged_sample.csv").read_bytes()
ACLED = (DATA / "acled_raw_mixed.csv").read_bytes()


@pytest.fixture
def seed():
    call_command("loaddata", "iraq_2019_2020", verbosity=0)


def run_import(data, file_format, **options):
    """The import, as drafts: not every row of these samples is complete enough to publish (the
    publication gate has its own tests: test_import_publication_gate.py)."""
    return import_data(data, file_format, publish=False, **options)


def claims(incident):
    return sorted((c.kind, c.who, c.channel) for c in incident.claims.all())


# 10. GTD


@pytest.mark.parametrize("ending", [b"\r\n", b"\n", b"\r"])
def test_gtd_files_in_windows_1252_import_with_any_line_ending(ending):
    assert b"\x96" in GTD  # an en dash, as Windows-1252 writes it
    report = run_import(GTD.replace(b"\r\n", ending), "gtd")
    assert report.ok, report.problems
    assert report.created == 4
    k1 = Incident.objects.get(external_id="201912270001")
    assert "near Kirkuk city – one contractor" in k1.summary


def test_gtd_rows_map_onto_our_fields_with_0_and_minus_99_as_unknown():
    run_import(GTD, "gtd")
    k1 = Incident.objects.get(external_id="201912270001")
    assert (k1.type, k1.target, k1.target_detail, k1.killed, k1.wounded) == (
        "rocket",
        "security_forces",
        "K-1 Air Base",
        1,
        6,
    )
    assert (str(k1.date), k1.date_precision, k1.location.governorate.slug, k1.location.geo_precision) == (
        "2019-12-27",
        "day",
        "kirkuk",
        "town",
    )
    january = Incident.objects.get(external_id="202001150002")  # iday 0, nkill -99, nwound -9, specificity 4
    assert (january.date_precision, str(january.date), str(january.date_end)) == ("month", "2020-01-01", "2020-01-31")
    assert (january.killed, january.wounded, january.type) == (None, None, "small_arms")
    assert (january.location.name, january.location.governorate.slug, january.location.geo_precision) == (
        "Saladin",
        "salah-al-din",
        "governorate",
    )
    assert not january.claims.exists()  # gname "Unknown" is no one
    year = Incident.objects.get(external_id="202000000003")  # imonth 0: the year
    assert (year.date_precision, str(year.date), str(year.date_end), year.killed) == (
        "range",
        "2020-01-01",
        "2020-12-31",
        1,
    )
    syria = Incident.objects.get(external_id="202003010004")
    assert (syria.location.country, syria.location.governorate, syria.location.latitude) == ("Syria", None, None)
    assert syria.location.geo_precision == "country" and syria.type == "kidnapping"


def test_gtd_claim_fields_map_onto_our_claim_kinds():
    run_import(GTD, "gtd")
    assert claims(Incident.objects.get(external_id="201912270001")) == [("suspected", "Kata'ib Hizballah", "other")]
    assert claims(Incident.objects.get(external_id="202000000003")) == [  # compclaim 1: competing claims
        ("claimed", "Asa'ib Ahl al-Haqq (AAH)", "video"),
        ("claimed", "Saraya Awliya al-Dam", "social_media"),
    ]
    assert claims(Incident.objects.get(external_id="202003010004")) == [
        ("attributed", "Islamic State of Iraq and the Levant (ISIL)", "other")
    ]


def test_gtds_own_row_is_kept(seed):
    run_import(GTD, "gtd")
    k1 = Incident.objects.get(external_id="201912270001")
    row = k1.publisher_record["row"]
    assert k1.publisher_record["format"] == "gtd"
    assert (row["attacktype1_txt"], row["guncertain1"], row["nkillus"]) == ("Bombing/Explosion", "1", "1")
    assert [c.group.slug for c in k1.claims.all()] == ["kataib-hezbollah"]  # the alias Kata'ib Hizballah


def test_gtd_imports_are_idempotent():
    run_import(GTD, "gtd")
    again = run_import(GTD, "gtd")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


def test_a_gtd_file_of_fewer_columns_leaves_the_claims_and_sources_of_those_it_lacks():
    """Its second group and citations are in columns the file doesn't have: our claims and sources
    from them stay, as the publisher's cells kept with ours say they should."""
    run_import(GTD, "gtd")
    competing = Incident.objects.get(external_id="202000000003")
    before = claims(competing), sorted(competing.source_links.values_list("source__title", flat=True))
    assert len(before[0]) == 2
    lacking = ("gname2", "claim2", "claimmode2_txt", "guncertain2", "scite2", "scite3")
    rows = list(csv.DictReader(io.StringIO(GTD.decode("cp1252"), newline="")))
    data = io.StringIO()
    writer = csv.DictWriter(data, fieldnames=[c for c in rows[0] if c not in lacking], extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    fewer = run_import(data.getvalue().encode("cp1252"), "gtd")
    assert (fewer.updated, fewer.unchanged) == (0, 4)
    after = claims(competing), sorted(competing.source_links.values_list("source__title", flat=True))
    assert after == before
    assert run_import(GTD, "gtd").unchanged == 4


# 11. UCDP GED


def test_ucdp_ged_rows_map_onto_our_fields():
    report = run_import(UCDP, "ucdp")
    assert report.ok, report.problems
    tikrit = Incident.objects.get(external_id="312345")  # one-sided: side_a did it to side_b
    assert (tikrit.killed, tikrit.type, tikrit.target_detail, str(tikrit.date)) == (
        3,
        "other",
        "Civilians",
        "2020-01-03",
    )
    assert claims(tikrit) == [("attributed", "IS", "other")]
    assert (tikrit.location.governorate.slug, tikrit.location.geo_precision) == ("salah-al-din", "town")
    assert tikrit.publisher_record["row"]["low"] == "3" and tikrit.publisher_record["row"]["high"] == "5"
    badush = Incident.objects.get(external_id="312346")  # state-based: two sides, no culprit
    assert (badush.date_precision, str(badush.date), str(badush.date_end)) == ("range", "2020-02-01", "2020-02-05")
    assert not badush.claims.exists() and badush.target_detail == "Government of Iraq / IS"
    assert (badush.location.governorate.slug, badush.location.geo_precision, badush.confidence) == (
        "nineveh",
        "district",
        "low",
    )
    idlib = Incident.objects.get(external_id="312347")
    assert (idlib.killed, idlib.location.country) == (None, "Syria")


def test_a_ucdp_headline_with_a_semicolon_stays_one_article():
    """UCDP quotes each article of source_article and separates them by ;: a ; inside a headline's
    quotes is the headline's, not the start of another source."""
    article = '"SOHR,2023-05-03,Shelling kills 2; homes hit";"AFP,2023-05-04,Two killed"'
    report = run_import(ucdp_with({"source_article": article}), "ucdp")
    assert report.ok, report.problems
    titles = Incident.objects.get(external_id="312345").sources.values_list("title", flat=True)
    assert sorted(titles) == [
        '"AFP,2023-05-04,Two killed"',
        '"SOHR,2023-05-03,Shelling kills 2; homes hit"',
        "UCDP GED record 312345",
    ]


def ucdp_with(changes):
    """The UCDP sample with cells of its first row changed."""
    return with_cells(UCDP, "utf-8", changes)


def with_cells(sample, encoding, changes):
    """`sample` (a file in `encoding`) with cells of its first row changed."""
    rows = list(csv.DictReader(io.StringIO(sample.decode(encoding), newline="")))
    rows[0].update(changes)
    data = io.StringIO()
    writer = csv.DictWriter(data, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return data.getvalue().encode(encoding)


@pytest.mark.parametrize(
    "sample, file_format, encoding, first_id, blanked",
    [
        (GTD, "gtd", "cp1252", "201912270001", ["nwoundus", "corp1", "scite1"]),
        (UCDP, "ucdp", "utf-8", "312345", ["source_original", "high"]),
    ],
)
def test_a_cell_the_publishers_next_release_leaves_empty_is_emptied_not_kept(
    sample, file_format, encoding, first_id, blanked
):
    """GTD's and GED's rows are stored without their empty cells; a column a later file lacks keeps
    our cell, but one it has and leaves empty is the publisher's blank, exported back as such."""
    run_import(sample, file_format)
    assert all(Incident.objects.get(external_id=first_id).publisher_record["row"][c] for c in blanked)
    report = run_import(with_cells(sample, encoding, dict.fromkeys(blanked, "")), file_format)
    assert (report.created, report.updated) == (0, 1)
    row = Incident.objects.get(external_id=first_id).publisher_record["row"]
    assert [column for column in blanked if column in row] == []


def test_a_ucdp_kind_of_violence_or_clarity_it_does_not_code_is_refused_not_guessed():
    """type_of_violence is 1, 2 or 3 and event_clarity 1 or 2: another value is no event UCDP codes,
    never read as a two-sided conflict or as medium confidence."""
    report = run_import(ucdp_with({"type_of_violence": "4", "event_clarity": "3"}), "ucdp")
    assert sorted((p.line, p.column) for p in report.problems) == [(2, "event_clarity"), (2, "type_of_violence")]
    assert not Incident.objects.exists()


def test_ucdp_kinds_of_violence_can_be_chosen():
    report = run_import(UCDP, "ucdp", keep_types={"One-sided violence"})
    assert report.created == 1
    assert report.skipped == {"State-based conflict": 1, "Non-state conflict": 1}


# 12. Messages


@pytest.mark.parametrize(
    "data, chosen, hint",
    [
        (UCDP, "acled", "this looks like a UCDP GED file — use --format ucdp"),
        (GTD, "native", "this looks like a Global Terrorism Database (GTD) file — use --format gtd"),
        (ACLED, "gtd", "this looks like an ACLED file — use --format acled"),
        # a small file in our own layout, written by hand: only the columns it needs
        (
            b"title,date,type,location\nRockets at Camp Taji,2020-03-11,rocket,Camp Taji\n",
            "acled",
            "this looks like this tracker's own CSV export — use --format native",
        ),
    ],
)
def test_a_file_of_another_format_says_which_format_it_looks_like(data, chosen, hint):
    report = run_import(data, chosen)
    assert not report.ok
    assert hint in str(report.problems[0])
    assert "0 of 0" not in report.summary()
    assert report.summary().startswith("The file can't be imported")


@pytest.mark.parametrize("written", ["2020-02-30", "30/02/2020", "soon"])
def test_a_ged_date_end_that_is_no_date_is_one_problem(written):
    report = run_import(ucdp_with({"date_end": written}), "ucdp", dry_run=True)
    assert [(p.line, p.column) for p in report.problems] == [(2, "date_end")]


@pytest.mark.parametrize("sample, file_format", [(UCDP, "ucdp"), (GTD, "gtd"), (ACLED, "acled")])
def test_a_file_without_its_header_line_says_so_rather_than_list_columns_missing(sample, file_format):
    """UCDP shipped GED Candidate releases without a header line."""
    headless = sample.split(b"\n", 1)[1]
    report = run_import(headless, file_format, dry_run=True)
    assert len(report.problems) == 1
    problem = report.problems[0]
    assert (problem.line, problem.column) == (1, "")
    assert "the first line is a row of data (" in problem.message and "the file has no header line" in problem.message
    assert "required column missing" not in report.summary()


def test_a_header_with_a_column_named_by_a_year_is_a_header():
    report = run_import(b"title,date,type,2020\nA,2020-01-01,rocket,1\n", "native", dry_run=True)
    assert "location" in [p.column for p in report.problems]
    assert "no header line" not in report.summary()


def test_the_preview_says_when_it_shows_only_the_first_rows():
    header = "id,title,date,type,location,date_precision,geo_precision,target,confidence\n"
    lines = "".join(f"{n},Rocket {n},2020-01-01,rocket,Camp Taji,day,town,other,medium\n" for n in range(1, 202))
    report = run_import((header + lines).encode(), "native", dry_run=True)
    assert len(report.changes) == PREVIEW_ROWS
    assert f"The preview shows the first {PREVIEW_ROWS} changes." in report.summary()


def test_an_updates_preview_shows_each_field_it_changes_old_to_new():
    run_import(UCDP, "ucdp")
    changed = UCDP.replace(b'"3","5","3"', b'"4","5","3"').replace(b",3,5,3,", b",4,5,3,")
    report = run_import(changed, "ucdp", dry_run=True)
    assert report.updated == 1
    (action, line, _, fields) = report.changes[0]
    assert (action, line) == ("update", 2)
    assert "killed: 3 → 4" in fields and "ucdp best: 3 → 4" in fields
