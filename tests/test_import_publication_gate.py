"""Imports pass the publication gate (Incident.publication_problems, the admin's own rule): a row
that would leave an incident published without a source, a summary, a place known to its
governorate or coordinates, or with a claim that names no source among the row's, is refused
with the reasons, and nothing of the file is written. Drafts import as they are.

A claim names its source in the claim_sources column: `kind: who <n>`, n the source's number in
the row's sources cell (as the export writes it)."""

import csv
import io
from pathlib import Path

import pytest

from incidents.imports import run_import
from incidents.models import Claim, Incident
from tests.factories import link_source, make_claim, make_group, make_incident, make_source

pytestmark = pytest.mark.django_db
UID = "00000000-0000-4000-8000-0000000000{:02d}"
COMPLETE = {
    "title": "Rockets hit Taji",
    "date": "2020-03-11",
    "type": "rocket",
    "location": "Camp Taji",
    "governorate": "Baghdad",
    "latitude": "",
    "longitude": "",
    "date_precision": "day",
    "geo_precision": "town",
    "target": "military_base",
    "confidence": "medium",
    "summary": "About 18 rockets hit the camp, the coalition said.",
    "sources": "AFP: Rockets hit Taji <https://example.org/afp>; Reuters: Camp Taji <https://example.org/r>",
    "claimed_by": "Usbat al-Thaireen",
    "attributed_to": "Kataib Hezbollah",
    "claim_sources": "claimed: Usbat al-Thaireen <1>; attributed: Kataib Hezbollah <2>",
}
ACLED_SAMPLE = Path(__file__).parent / "data" / "acled_sample.csv"


def csv_file(*rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["uid", *COMPLETE])
    writer.writeheader()
    for number, changes in enumerate(rows, 1):
        writer.writerow({"uid": UID.format(number), **COMPLETE, **changes})
    return buffer.getvalue().encode()


def problems(report):
    return [str(problem) for problem in report.problems]


def test_a_complete_row_is_published_with_each_claim_resting_on_its_source():
    report = run_import(csv_file({}))
    assert report.ok and report.written
    incident = Incident.objects.get()
    assert incident.status == "published" and incident.publication_problems() == []
    assert sorted((c.kind, c.who, c.source.publisher) for c in incident.claims.all()) == [
        ("attributed", "Kataib Hezbollah", "Reuters"),
        ("claimed", "Usbat al-Thaireen", "AFP"),
    ]


GATE_REFUSALS = [
    (
        "without a source",
        {"sources": "", "claimed_by": "", "attributed_to": "", "claim_sources": ""},
        "it cites no source: link at least one",
    ),
    ("without a summary", {"summary": ""}, "it has no summary"),
    (
        "without a governorate or coordinates",
        {"governorate": "", "geo_precision": "country"},
        "its place has neither a governorate nor coordinates",
    ),
    (
        "with a claim claim_sources leaves out",
        {"claim_sources": "claimed: Usbat al-Thaireen <1>"},
        "the statement “Attributed by officials or analysts: Kataib Hezbollah” names no source it rests on",
    ),
    (
        "with a claim that names no source",
        {"claim_sources": "claimed: Usbat al-Thaireen <1>; attributed: Kataib Hezbollah"},
        "the statement “Attributed by officials or analysts: Kataib Hezbollah” names no source it rests on",
    ),
]


@pytest.mark.parametrize("case, changes, reason", GATE_REFUSALS, ids=[case[0] for case in GATE_REFUSALS])
def test_a_row_that_would_be_published_incomplete_is_refused_whole_with_the_reason(case, changes, reason):
    report = run_import(csv_file({}, changes, {}))
    assert not report.ok and not report.written
    assert problems(report) == [f"line 3: would be published, but {reason} (import it as a draft, or complete the row)"]
    assert report.rejected == 1
    assert not Incident.objects.exists(), "nothing of the file is written, its good rows neither"


def test_every_reason_of_a_row_is_listed():
    report = run_import(csv_file({"summary": "", "sources": "", "claim_sources": ""}))
    assert [problem.message.split(" (")[0] for problem in report.problems] == [
        "would be published, but it cites no source: link at least one",
        "would be published, but it has no summary",
        "would be published, but the statement “Claimed by the group: Usbat al-Thaireen” names no source it rests on",
        "would be published, but the statement “Attributed by officials or analysts: Kataib Hezbollah” names no "
        "source it rests on",
    ]


@pytest.mark.parametrize("changes", [changes for _, changes, _ in GATE_REFUSALS], ids=[c[0] for c in GATE_REFUSALS])
def test_the_same_rows_import_as_drafts(changes):
    report = run_import(csv_file({}, changes), publish=False)
    assert report.ok and report.written
    assert set(Incident.objects.values_list("status", flat=True)) == {"draft"}


CLAIM_SOURCE_PROBLEMS = [
    ("claimed: Usbat al-Thaireen <3>", "'claimed: Usbat al-Thaireen <3>': the row cites 2 source(s), not 3"),
    ("claimed: Someone else <1>", "'claimed: Someone else <1>': 'Someone else' is not in the row's claimed_by column"),
    ("blamed: Usbat al-Thaireen <1>", "'blamed: Usbat al-Thaireen <1>' is not “kind: who <source number>”"),
]


@pytest.mark.parametrize("cell, message", CLAIM_SOURCE_PROBLEMS)
def test_a_claim_source_that_names_no_claim_or_source_of_the_row_is_a_problem_even_for_drafts(cell, message):
    report = run_import(csv_file({"claim_sources": cell}), publish=False)
    assert any(problem.startswith(f"line 2, column claim_sources: {message}") for problem in problems(report))
    assert not Incident.objects.exists()


def test_an_update_may_not_leave_a_published_incident_failing_the_gate():
    run_import(csv_file({}))
    report = run_import(csv_file({"summary": ""}))
    assert problems(report) == [
        "line 2: would be published, but it has no summary (import it as a draft, or complete the row)"
    ]
    assert Incident.objects.get().summary == COMPLETE["summary"]


def test_an_update_that_leaves_an_older_incompletes_problems_as_they_were_goes_through():
    """An incident published before the gate, without a source: the admin lets an editor correct its
    title, and so does an import; the import just can't add a problem."""
    incident = make_incident(status="published", summary="Rockets hit the base.", title="Old title")
    row = {"title": "New title", "location": incident.location.name, "sources": "", "claimed_by": ""}
    row.update(attributed_to="", claim_sources="")
    data = csv_file(row).replace(UID.format(1).encode(), str(incident.uid).encode())
    report = run_import(data, note="The title named the wrong base.")
    assert report.ok, problems(report)
    incident.refresh_from_db()
    assert incident.title == "New title"


def test_a_changed_claim_source_updates_the_claim_and_a_file_without_the_column_keeps_it():
    run_import(csv_file({}))
    swapped = "claimed: Usbat al-Thaireen <2>; attributed: Kataib Hezbollah <2>"
    report = run_import(csv_file({"claim_sources": swapped}), note="Reuters reported the claim.")
    assert report.updated == 1
    claimed = Claim.objects.get(kind="claimed")
    assert claimed.source.publisher == "Reuters"

    without = csv_file({}).decode().replace(",claim_sources", "").replace("," + COMPLETE["claim_sources"], "")
    report = run_import(without.encode(), note="Unchanged.")
    assert (report.updated, report.unchanged) == (0, 1), "claims listed again keep the sources they rest on"
    assert Claim.objects.get(kind="claimed").source.publisher == "Reuters"


def test_the_export_names_each_claims_source_and_imports_it_back(client):
    incident = make_incident(status="published", summary="Rockets hit the base.")
    afp = link_source(incident, make_source(publisher="AFP", url="https://example.org/afp")).source
    reuters = link_source(incident, make_source(publisher="Reuters", url="https://example.org/reuters")).source
    make_claim(incident, make_group(name="Kataib Hezbollah"), kind="attributed", source=reuters)
    make_claim(incident, actor="Unidentified gunmen", kind="claimed", source=afp)
    exported = b"".join(client.get("/incidents/export.csv").streaming_content)
    Incident.objects.all().delete()
    report = run_import(exported)
    assert report.ok and report.created == 1, problems(report)
    assert sorted((c.kind, c.who, c.source.publisher) for c in Claim.objects.all()) == [
        ("attributed", "Kataib Hezbollah", "Reuters"),
        ("claimed", "Unidentified gunmen", "AFP"),
    ]


def test_a_publishers_attributions_rest_on_its_own_record_so_complete_rows_publish():
    """ACLED lists its sources and its actors, but not which source names which actor: the
    attribution is ACLED's statement, made in its record, which becomes the first source."""
    report = run_import(ACLED_SAMPLE.read_bytes(), "acled")
    assert report.written, problems(report)
    claims = Claim.objects.filter(incident__external_id="IRQ9001")
    assert [(c.kind, c.source.publisher, c.source.title) for c in claims] == [
        ("attributed", "ACLED", "ACLED record IRQ9001")
    ]
    assert all(i.publication_problems() == [] for i in Incident.objects.published())


def test_a_publishers_row_without_notes_is_refused_for_publishing_and_imports_as_a_draft():
    data = ACLED_SAMPLE.read_text().splitlines()
    header = data[0].split(",")
    notes = header.index("notes")
    rows = list(csv.reader(data))
    rows[1][notes] = ""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows)
    report = run_import(buffer.getvalue().encode(), "acled")
    assert not report.written and not Incident.objects.exists()
    assert problems(report) == [
        "line 2: would be published, but it has no summary (import it as a draft, or complete the row)"
    ]
    assert run_import(buffer.getvalue().encode(), "acled", publish=False).written
