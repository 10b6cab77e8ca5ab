"""/incidents/claims.csv and /incidents/sources.csv: one row per claim and per incident–source
link, behind the same filter as export.csv, agreeing with it for every filter."""

import csv
import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from incidents.exports.cells import spreadsheet_safe
from incidents.exports.claims import CLAIMS
from incidents.exports.columns import CSV_HEADER
from incidents.exports.sources import SOURCES
from incidents.models import Claim
from tests.factories import link_source, make_claim, make_group, make_incident, make_source
from tests.hostile_values import CELL_TEXT_VALUES

pytestmark = pytest.mark.django_db
FILTERS = [
    "",
    "?type=rocket",
    "?type=foiled&type=arrest",
    "?group=kataib-hezbollah",
    "?group=kataib-hezbollah&with_fronts=on",
    "?governorate=baghdad",
    "?date_after=2020-01-01&date_before=2020-03-31",
    "?target=diplomatic",
    "?q=Taji",
]
KIND_CELLS = {"claimed": "claimed_by", "attributed": "attributed_to", "suspected": "suspected", "denied": "denied_by"}


@pytest.fixture
def seed():
    call_command("loaddata", "iraq_2019_2020", verbosity=0)


def rows(client, name, query=""):
    response = client.get(reverse(name) + query)
    assert response.status_code == 200, response.content
    assert response.streaming
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8"))))


def names(cell):
    return cell.split("; ") if cell else []


@pytest.mark.parametrize("query", FILTERS)
def test_claims_and_sources_cover_the_incident_exports_incidents(client, seed, query):
    incidents = rows(client, "incident_export_csv", query)
    claims = rows(client, "incident_claims_csv", query)
    sources = rows(client, "incident_sources_csv", query)
    with_claims = {row["uid"] for row in incidents if any(row[cell] for cell in KIND_CELLS.values())}
    with_sources = {row["uid"] for row in incidents if row["sources"]}
    assert {row["incident_uid"] for row in claims} == with_claims
    assert {row["incident_uid"] for row in sources} == with_sources
    assert with_sources == {row["uid"] for row in incidents}, "every seed incident has a source"


@pytest.mark.parametrize("query", FILTERS)
def test_claim_names_per_kind_match_the_incident_csvs_cells(client, seed, query):
    claims = rows(client, "incident_claims_csv", query)
    for incident in rows(client, "incident_export_csv", query):
        for kind, cell in KIND_CELLS.items():
            stated = [row["who"] for row in claims if row["incident_uid"] == incident["uid"] and row["kind"] == kind]
            assert list(dict.fromkeys(stated)) == names(incident[cell]), (incident["uid"], kind)


@pytest.mark.parametrize("query", FILTERS)
def test_source_links_match_the_incident_csvs_sources_cell(client, seed, query):
    sources = rows(client, "incident_sources_csv", query)
    for incident in rows(client, "incident_export_csv", query):
        cited = [
            f"{row['publisher']}: {row['title']}" + (f" <{row['url']}>" if row["url"] else "")
            for row in sources
            if row["incident_uid"] == incident["uid"]
        ]
        assert "; ".join(cited) == incident["sources"]


def test_the_headers_are_the_column_lists(client, seed):
    for name, table in (("incident_claims_csv", CLAIMS), ("incident_sources_csv", SOURCES)):
        body = b"".join(client.get(reverse(name)).streaming_content).decode()
        assert body.splitlines()[0].split(",") == table.header


def readme_columns(path):
    """The columns README.md lists for the file at `path` ("For researchers"): the first list of
    names in backticks after its heading, in its order."""
    text = (Path(settings.BASE_DIR) / "README.md").read_text(encoding="utf-8")
    after = text[text.index(f"* **`{path}`**") :]
    listed = re.search(r"`([a-z_]+(?:,\s+[a-z_]+)+)`", after)
    return re.split(r",\s+", listed.group(1))


@pytest.mark.parametrize(
    "path, header",
    [("/incidents/claims.csv", CLAIMS.header), ("/incidents/export.csv", CSV_HEADER)],
)
def test_readme_lists_the_columns_in_the_files_order(path, header):
    """README's column list is the contract researchers read: the file's header, in order."""
    assert readme_columns(path) == header


def test_a_claim_row_has_its_statement(client):
    incident = make_incident()
    group = make_group(name="Kataib Hezbollah")
    make_claim(incident, group, kind="claimed", stated_by="Sabereen News", channel="telegram", url="https://t.me/x")
    make_claim(incident, actor="Unidentified gunmen", kind="suspected", stated_on=None)
    claimed, suspected = rows(client, "incident_claims_csv")
    assert claimed["incident_uid"] == str(incident.uid)
    assert (claimed["who"], claimed["group"], claimed["kind"], claimed["channel"]) == (
        "Kataib Hezbollah",
        group.slug,
        "claimed",
        "telegram",
    )
    assert (suspected["who"], suspected["group"], suspected["stated_on"]) == ("Unidentified gunmen", "", "")


def test_a_claim_row_names_the_source_it_rests_on_and_joins_its_sources_row(client):
    incident = make_incident()
    link_source(incident, make_source(publisher="Reuters"))
    afp = link_source(incident, make_source(publisher="AFP", title="Rockets", url="https://example.org/afp")).source
    make_claim(incident, make_group(), kind="claimed", source=afp)
    make_claim(incident, actor="Unidentified gunmen", kind="suspected")
    claimed, suspected = rows(client, "incident_claims_csv")
    assert (claimed["source_id"], claimed["source_publisher"], claimed["source_title"], claimed["source_url"]) == (
        str(afp.pk),
        "AFP",
        "Rockets",
        "https://example.org/afp",
    )
    assert [suspected[f"source_{name}"] for name in ("id", "publisher", "title", "url")] == ["", "", "", ""]
    joined = [
        row
        for row in rows(client, "incident_sources_csv")
        if (row["incident_id"], row["source_id"]) == (claimed["incident_id"], claimed["source_id"])
    ]
    assert [row["publisher"] for row in joined] == ["AFP"]


@pytest.mark.parametrize("query", FILTERS)
def test_every_claim_of_the_seed_joins_the_sources_row_it_rests_on(client, seed, query):
    links = {(row["incident_id"], row["source_id"]) for row in rows(client, "incident_sources_csv", query)}
    claims = rows(client, "incident_claims_csv", query)
    assert {(row["incident_id"], row["source_id"]) for row in claims} <= links


def test_a_source_row_has_its_grades_and_what_it_supports(client):
    incident = make_incident()
    source = make_source(publisher="AFP", archive_url="https://web.archive.org/x", reliability="B")
    link_source(incident, source, excerpt="Three rockets hit the base.", credibility=2)
    (row,) = rows(client, "incident_sources_csv")
    assert (row["publisher"], row["archive_url"], row["reliability"], row["credibility"], row["supports"]) == (
        "AFP",
        "https://web.archive.org/x",
        "B",
        "2",
        "Three rockets hit the base.",
    )


def test_a_source_row_says_whether_the_source_reports_nobody_killed_or_wounded(client):
    incident = make_incident(killed=0, wounded=None)
    link_source(incident, says_none_killed=True)
    (row,) = rows(client, "incident_sources_csv")
    assert (row["says_none_killed"], row["says_none_wounded"]) == ("true", "false")


def test_drafts_and_retracted_incidents_have_no_rows(client):
    for status in ("draft", "retracted"):
        incident = make_incident(status=status, retraction_reason="Did not happen.")
        make_claim(incident, actor="Someone", kind="claimed")
        link_source(incident, make_source())
    assert rows(client, "incident_claims_csv") == []
    assert rows(client, "incident_sources_csv") == []


def test_hostile_text_is_written_spreadsheet_safe_as_the_incident_csv_writes_it(client):
    for text in CELL_TEXT_VALUES:
        incident = make_incident()
        make_claim(incident, actor="x", kind="claimed", stated_by=text[:200], note=text)
        link_source(incident, make_source(publisher=text[:200] or "x"), excerpt=text or "x")
    claims, sources = rows(client, "incident_claims_csv"), rows(client, "incident_sources_csv")
    assert [row["note"] for row in claims] == [spreadsheet_safe(text) for text in CELL_TEXT_VALUES]
    assert [row["stated_by"] for row in claims] == [spreadsheet_safe(text[:200]) for text in CELL_TEXT_VALUES]
    assert [row["supports"] for row in sources] == [spreadsheet_safe(text or "x") for text in CELL_TEXT_VALUES]


def test_a_groups_slug_that_starts_like_a_formula_is_written_spreadsheet_safe(client):
    """A slug is the analysts' text too: "-2-3" is a valid slug and a formula to a spreadsheet."""
    for slug in ("-2-3", "-A1-1"):
        make_claim(make_incident(), group=make_group(slug=slug), kind="claimed")
    assert sorted(row["group"] for row in rows(client, "incident_claims_csv")) == ["'-2-3", "'-A1-1"]


@pytest.mark.parametrize("name", ["incident_claims_csv", "incident_sources_csv"])
def test_a_bad_filter_is_the_same_400_as_export_csv(client, name):
    for query in ("?date_after=2020-02-30", "?type=nuclear", "?group=nobody", "?bom=maybe"):
        response = client.get(reverse(name) + query)
        expected = client.get(reverse("incident_export_csv") + query)
        assert response.status_code == expected.status_code == 400
        assert response.json() == expected.json()


@pytest.mark.parametrize("name", ["incident_claims_csv", "incident_sources_csv"])
def test_the_query_count_does_not_grow_with_the_rows(client, django_assert_max_num_queries, name):
    for number in range(30):
        incident = make_incident()
        make_claim(incident, actor=f"Actor {number}", kind=Claim.Kind.CLAIMED)
        link_source(incident, make_source())
    with django_assert_max_num_queries(6):
        b"".join(client.get(reverse(name)).streaming_content)
