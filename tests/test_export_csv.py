"""/incidents/export.csv: streamed, one row per incident, the header README.md documents, spreadsheet-safe."""

import csv
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import resolve, reverse

from incidents.exports.cells import incident_path, spreadsheet_safe
from incidents.exports.columns import CSV_HEADER
from incidents.exports.copy import select_sql
from incidents.models import Incident
from tests.factories import link_source, make_claim, make_group, make_incident, make_location, make_source

pytestmark = pytest.mark.django_db
CONTRACT = [
    "id",
    "date",
    "date_precision",
    "type",
    "target",
    "title",
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
    "sources",
    "url",
]


def download(client, query=""):
    response = client.get(reverse("incident_export_csv") + query)
    assert response.streaming
    body = b"".join(response.streaming_content).decode("utf-8")
    return response, list(csv.DictReader(io.StringIO(body)))


def test_the_header_holds_the_contract_columns():
    assert set(CONTRACT) <= set(CSV_HEADER)


def test_one_row_per_incident_with_its_facts(client):
    incident = make_incident(
        title="Rockets hit Taji",
        killed=None,
        wounded=2,
        date=datetime.date(2020, 3, 11),
        location=make_location(name="Camp Taji", latitude="33.529440", longitude="44.277500"),
    )
    front, kh = make_group(name="Usbat al-Thaireen"), make_group(name="Kataib Hezbollah")
    make_claim(incident, front, kind="claimed")
    make_claim(incident, kh, kind="attributed")
    make_claim(incident, make_group(name="Other"), kind="attributed")
    link_source(incident, make_source(publisher="AFP", title="Rockets", url="https://example.org/a"))
    link_source(incident, make_source(publisher="Reuters", title="More", url="https://example.org/b"))
    response, rows = download(client)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="incidents-{datetime.date.today():%Y-%m-%d}.csv"'
    assert len(rows) == 1
    row = rows[0]
    assert (row["id"], row["date"], row["date_precision"], row["type"]) == (
        str(incident.pk),
        "2020-03-11",
        "day",
        "rocket",
    )
    assert (row["location"], row["governorate"], row["latitude"], row["longitude"]) == (
        "Camp Taji",
        "Baghdad",
        "33.52944",
        "44.2775",
    )
    assert (row["killed"], row["wounded"]) == ("", "2")
    assert row["claimed_by"] == "Usbat al-Thaireen"
    assert row["attributed_to"] == "Kataib Hezbollah; Other"
    assert row["sources"] == "AFP: Rockets <https://example.org/a>; Reuters: More <https://example.org/b>"
    assert row["url"] == f"http://testserver/incidents/{incident.pk}/"


def test_the_url_is_the_incidents_page_in_the_default_language_whichever_export_came_first(client):
    """The incident page's address is worked out once per process: an export asked for under
    /ar/ first gave every later export (and the stored SQL of PostgreSQL's) /ar/ addresses."""
    incident = make_incident()
    incident_path.cache_clear()
    select_sql.cache_clear()
    arabic = b"".join(client.get("/ar" + reverse("incident_export_csv")).streaming_content).decode()
    [english] = download(client)[1]
    assert [row["url"] for row in csv.DictReader(io.StringIO(arabic))] == [english["url"]]
    assert english["url"] == f"http://testserver/incidents/{incident.pk}/"


def test_each_claim_names_the_number_of_the_source_it_rests_on_in_the_csv_and_the_api(client):
    incident = make_incident()
    afp = link_source(incident, make_source(publisher="AFP", title="Rockets")).source
    reuters = link_source(incident, make_source(publisher="Reuters", title="More")).source
    kh = make_group(name="Kataib Hezbollah")
    make_claim(incident, kh, kind="attributed", source=reuters)
    make_claim(incident, kh, kind="claimed", source=afp)
    make_claim(incident, actor="Unidentified gunmen", kind="suspected")
    make_claim(incident, actor="Elsewhere", kind="denied", source=make_source(publisher="Not linked"))
    row = download(client)[1][0]
    assert row["claim_sources"] == (
        "attributed: Kataib Hezbollah <2>; claimed: Kataib Hezbollah <1>; "
        "suspected: Unidentified gunmen; denied: Elsewhere"
    )
    item = client.get(f"/api/incidents/{incident.pk}/").json()
    assert item["claim_sources"][:2] == [
        {"kind": "attributed", "who": "Kataib Hezbollah", "source": 2},
        {"kind": "claimed", "who": "Kataib Hezbollah", "source": 1},
    ]
    assert item["sources"][1]["publisher"] == "Reuters", "the number counts the item's sources from 1"
    assert [claim["source"] for claim in item["claim_sources"][2:]] == [None, None]


def test_utf8_arabic_survives(client):
    make_incident(title="هجوم صاروخي")
    assert download(client)[1][0]["title"] == "هجوم صاروخي"


@pytest.mark.parametrize("dangerous", ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_formula_cells_are_neutralised(client, dangerous):
    make_incident(title=dangerous)
    assert download(client)[1][0]["title"] == "'" + dangerous


@pytest.mark.parametrize("number", ["-5", "+3", "-1.5"])
def test_numbers_stay_numbers(number):
    assert spreadsheet_safe(number) == number


def test_a_large_export_streams_in_chunks_and_keeps_every_row(client):
    call_command("generate_incidents", count=1200, verbosity=0)
    response = client.get(reverse("incident_export_csv"))
    chunks = list(response.streaming_content)
    assert len(chunks) > 1
    assert (
        len(list(csv.DictReader(io.StringIO(b"".join(chunks).decode())))) == Incident.objects.published().count() > 1000
    )


def test_the_export_query_count_does_not_grow_per_row(client, django_assert_max_num_queries):
    group = make_group()
    for _ in range(40):
        incident = make_incident()
        make_claim(incident, group)
        link_source(incident)
    # savepoint, incidents, claims, source links (per chunk of 2000 rows), release
    with django_assert_max_num_queries(5):
        assert len(download(client)[1]) == 40


postgres_only = pytest.mark.skipif(
    __import__("django.db", fromlist=["connection"]).connection.vendor != "postgresql",
    reason="the COPY export exists on PostgreSQL only",
)


def parsed(chunks):
    return list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8"))))


@postgres_only
def test_the_copy_export_gives_exactly_the_python_exports_rows():
    from incidents.exports.copy import copy_chunks
    from incidents.exports.csv import csv_chunks
    from incidents.models import Incident

    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    incident = Incident.objects.get(pk=1)
    incident.title = '=1+1 and a "quote", a comma'
    incident.summary = "two\nlines"
    incident.save()
    published = Incident.objects.published()
    python_rows = parsed(chunk.encode() for chunk in csv_chunks(published.order_by("date", "pk"), "http://x"))
    copy_rows = parsed(copy_chunks(published, "http://x"))
    assert copy_rows == python_rows
    assert len(copy_rows) == 1 + 83  # the header and the seed's published incidents, duplicates included


@postgres_only
def test_closing_a_copy_export_midway_cancels_it_and_the_connection_still_works():
    from django.db import connection

    from incidents.exports.copy import copy_chunks
    from incidents.models import Incident

    call_command("generate_incidents", count=3000, verbosity=0)
    stream = copy_chunks(Incident.objects.all(), "http://x")
    assert next(stream)
    stream.close()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM incidents_incident")
        assert cursor.fetchone()[0] == 3000


@pytest.mark.parametrize("path", ["/incidents/export.csv", "/incidents/export.csv?bom=1", "/incidents/claims.csv"])
def test_a_head_request_gets_the_downloads_headers_and_never_writes_the_file(rf, monkeypatch, path):
    from incidents import views

    started = []

    def rows(*args, **kwargs):
        started.append(path)
        yield "id\r\n"

    monkeypatch.setattr(views.exports, "csv_stream", rows)
    monkeypatch.setattr(views, "table_csv_chunks", rows)
    view = resolve(path.partition("?")[0]).func
    head = view(rf.head(path))
    assert head.status_code == 200 and head["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in head["Content-Disposition"]
    assert list(head.streaming_content) == [] and started == []
    assert b"".join(view(rf.get(path)).streaming_content).endswith(b"id\r\n") and started == [path]
