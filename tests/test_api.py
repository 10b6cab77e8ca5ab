"""/api/: read-only JSON over the site's filter; incidents are exactly the CSV's records."""

import base64
import csv
import datetime
import io
import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.urls import reverse
from drf_spectacular.generators import SchemaGenerator

from incidents import api
from incidents.exports.columns import CSV_HEADER
from incidents.exports.csv import csv_row
from incidents.exports.records import records
from incidents.models import Incident, Location
from tests.factories import link_source, make_claim, make_group, make_incident, make_location, unsaved_incident
from tests.hostile_values import drf_cursor

pytestmark = pytest.mark.django_db

INCIDENTS = "/api/incidents/"
FILTERS = [
    "",
    "type=rocket",
    "type=ied&type=assassination",
    "date_after=2020-01-01&date_before=2020-03-31",
    "date_after=2019-11-15&date_before=2019-11-20",  # month-precision rows overlap
    "group=kataib-hezbollah",
    "group=kataib-hezbollah&with_fronts=on",
    "group=usbat-al-thaireen&group=ashab-al-kahf",
    "governorate=baghdad",
    "target=diplomatic",
    "confidence=low",
    "q=Taji",
    "q=كتائب",
    "type=rocket&governorate=baghdad&date_after=2020-01-01&date_before=2020-03-31",
]


def walk(client, query="", page_size=100):
    """Every item of /api/incidents/?query, following the cursor's next links."""
    items, url = [], f"{INCIDENTS}?{query}&page_size={page_size}"
    while url:
        response = client.get(url)
        assert response.status_code == 200, response.content
        items += response.json()["results"]
        url = response.json()["next"]
    return items


def csv_rows(client, query):
    response = client.get(f"{reverse('incident_export_csv')}?{query}")
    assert response.status_code == 200
    header, *rows = csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8")))
    assert header == CSV_HEADER
    return rows


def as_csv_cells(row):
    """A row as the CSV file holds it: written by csv.writer, read back as strings."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(row)
    return next(csv.reader(io.StringIO(buffer.getvalue())))


@pytest.mark.parametrize("query", FILTERS)
def test_the_api_returns_exactly_the_csvs_incidents_for_the_same_filter(client, query):
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    expected = {row[0]: row for row in csv_rows(client, query)}
    items = walk(client, query, page_size=10)
    got = {str(item["id"]): as_csv_cells(csv_row(item)) for item in items}
    assert len(got) == len(items)
    assert got == expected
    assert items, "each filter in the table selects something from the seed"


def test_items_come_newest_first(client):
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    items = walk(client)
    assert [(i["date"], i["id"]) for i in items] == sorted(((i["date"], i["id"]) for i in items), reverse=True)


def test_drafts_and_retracted_incidents_are_absent_from_list_and_detail(client):
    published = make_incident()
    draft = make_incident(status=Incident.Status.DRAFT)
    retracted = make_incident(status=Incident.Status.RETRACTED, retraction_reason="Did not happen.")
    assert [item["id"] for item in walk(client)] == [published.pk]
    assert client.get(f"{INCIDENTS}{published.pk}/").json()["id"] == published.pk
    assert client.get(f"{INCIDENTS}{draft.pk}/").status_code == 404
    assert client.get(f"{INCIDENTS}{retracted.pk}/").status_code == 404


def test_the_detail_is_the_list_item(client):
    incident = make_incident(killed=None, wounded=3)
    make_claim(incident, make_group(name="Usbat al-Thaireen"))
    link_source(incident)
    detail = client.get(f"{INCIDENTS}{incident.pk}/").json()
    assert detail == walk(client)[0]
    assert detail["killed"] is None and detail["claimed_by"] == ["Usbat al-Thaireen"]


def test_an_unknown_or_non_numeric_id_is_a_404(client):
    assert client.get(f"{INCIDENTS}999999/").status_code == 404
    assert client.get(f"{INCIDENTS}abc/").status_code == 404


@pytest.mark.parametrize(
    "query, parameter",
    [
        ("date_after=2020-13-01", "date_after"),
        ("date_after=2020-05-01&date_before=2020-01-01", "date_before"),
        ("type=bogus", "type"),
        ("group=no-such-group", "group"),
        ("governorate=atlantis", "governorate"),
        ("target=moon", "target"),
        ("confidence=sure", "confidence"),
        ("date_after=11/03/2020", "date_after"),
        ("q=" + "x" * 201, "q"),
        ("governate=baghdad", "governate"),
    ],
)
def test_a_bad_filter_value_is_a_400_naming_the_parameter(client, query, parameter):
    response = client.get(f"{INCIDENTS}?{query}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [parameter]


@pytest.mark.parametrize("path", ["/api/incidents/", "/api/incidents/{id}/", "/api/groups/", "/api/locations/"])
@pytest.mark.parametrize("asked", ["xml", "csv", "api", "%00"])
def test_a_format_the_api_cant_write_is_a_400_naming_the_formats(client, path, asked):
    incident = make_incident()
    response = client.get(path.format(id=incident.pk), {"format": asked})
    assert response.status_code == 400
    assert response.json()["errors"]["format"] == ["format must be one of: json (or left out)."]
    assert client.get(path.format(id=incident.pk), {"format": "json"}).status_code == 200


def test_the_cursor_walks_every_item_once_across_same_day_ties(client):
    location = make_location()
    for day in (1, 1, 1, 1, 1, 2, 3, 3, 3, 4, 5, 5, 5, 5, 5, 5, 5):
        make_incident(location=location, date=datetime.date(2020, 1, day))
    expected = list(Incident.objects.order_by("-date", "-pk").values_list("pk", flat=True))
    for page_size in (1, 2, 3, 4, 100):
        assert [item["id"] for item in walk(client, page_size=page_size)] == expected


def test_the_list_says_how_many_incidents_the_filter_matches_on_every_page(client):
    location = make_location()
    for day in (1, 2, 3, 4, 5):
        make_incident(location=location, date=datetime.date(2020, 1, day))
    make_incident(location=location, type="ied")
    make_incident(location=location, status=Incident.Status.DRAFT)
    first = client.get(f"{INCIDENTS}?type=rocket&page_size=2").json()
    second = client.get(first["next"]).json()
    assert (first["count"], second["count"]) == (5, 5)
    assert client.get(f"{INCIDENTS}?type=ied").json()["count"] == 1


def test_the_count_follows_a_publication_at_once(client):
    make_incident()
    assert client.get(INCIDENTS).json()["count"] == 1
    make_incident()
    assert client.get(INCIDENTS).json()["count"] == 2


@pytest.mark.parametrize("path", [INCIDENTS, "/api/groups/", "/api/locations/"])
@pytest.mark.parametrize("page_size", [str(api.MAX_PAGE_SIZE + 1), "5000", "0", "-1", "ten", "1.5", "9" * 5000])
def test_a_page_size_beyond_the_maximum_or_not_a_count_is_refused_naming_the_maximum(client, path, page_size):
    response = client.get(path, {"page_size": page_size})
    assert response.status_code == 400
    assert response.json() == {
        "errors": {"page_size": [f"page_size must be a whole number from 1 to {api.MAX_PAGE_SIZE} (the maximum)."]}
    }


def test_the_maximum_page_size_is_served_whole(client):
    location = make_location()
    day = datetime.date(2020, 1, 1)
    Incident.objects.bulk_create(
        unsaved_incident(title=f"x{n}", date=day, location=location) for n in range(api.MAX_PAGE_SIZE + 1)
    )
    page = client.get(INCIDENTS, {"page_size": str(api.MAX_PAGE_SIZE)}).json()
    assert len(page["results"]) == api.MAX_PAGE_SIZE and page["next"]
    assert page["count"] == api.MAX_PAGE_SIZE + 1


@pytest.mark.parametrize(
    "cursor",
    [
        "abc",  # not base64
        drf_cursor(0, "0", "2020-01-01")[:-3],  # cut short
        drf_cursor("x", "0", "2020-01-01"),  # not an offset
        drf_cursor(0, "0", "2020-02-30"),  # no such day
        drf_cursor(5, "0", "2020-01-01"),  # a cursor DRF would read: skips five rows
        "bz01",  # DRF's "o=5", no position
        "cj0x",  # DRF's "r=1": the list walked backwards
        "AAAA",  # NUL bytes
        "!!!!",
        "\x00",
    ],
)
def test_a_changed_cursor_is_a_400_that_says_so(client, cursor):
    make_incident()
    response = client.get(INCIDENTS, {"cursor": cursor})
    assert response.status_code == 400
    assert "not one the API gave out" in response.json()["errors"]["cursor"][0]


def test_a_cursor_changed_after_it_was_given_out_is_refused(client):
    """Cursors are signed: the next link's own, with its offset changed, is no longer one of ours."""
    for _ in range(3):
        make_incident()
    next_link = client.get(INCIDENTS, {"page_size": 1}).json()["next"]
    assert client.get(next_link).status_code == 200
    cursor = parse_qs(urlparse(next_link).query)["cursor"][0]
    value, signature = cursor.rsplit(":", 1)
    changed = base64.b64encode(b"o=9&" + base64.b64decode(value)).decode()
    assert client.get(INCIDENTS, {"page_size": 1, "cursor": f"{changed}:{signature}"}).status_code == 400


@pytest.mark.parametrize("count", [5, 60])
def test_the_list_query_count_does_not_grow(client, django_assert_max_num_queries, count):
    group, location = make_group(), make_location()
    for _ in range(count):
        incident = make_incident(location=location)
        make_claim(incident, group)
        link_source(incident)
    # the data version and the count (cached), the page (ids and dates), then exports.records():
    # incidents, claims, source links
    with django_assert_max_num_queries(6):
        assert len(client.get(f"{INCIDENTS}?page_size=1000").json()["results"]) == count
    # a group filter adds one: reading the slug (its fronts are a subquery of the page's query)
    with django_assert_max_num_queries(7):
        assert len(walk(client, f"group={group.slug}&with_fronts=on", page_size=1000)) == count


def test_groups_have_relations_and_counts_of_published_incidents_only(client):
    front = make_group(name="Usbat al-Thaireen", slug="usbat-al-thaireen", kind="front", aliases="Usbat\nUAT\n")
    patron = make_group(name="Kataib Hezbollah", slug="kataib-hezbollah", public=True)
    front.relations.create(kind="front_for", object=patron, confidence="low")
    make_claim(make_incident(), front, kind="claimed")
    make_claim(make_incident(), front, kind="attributed")
    make_claim(make_incident(), front, kind="suspected")
    make_claim(make_incident(), front, kind="denied")
    make_claim(make_incident(status=Incident.Status.DRAFT), front, kind="claimed")
    make_claim(make_incident(status=Incident.Status.RETRACTED, retraction_reason="No."), front, kind="attributed")

    listed = client.get("/api/groups/").json()
    assert [g["slug"] for g in listed["results"]] == ["kataib-hezbollah", "usbat-al-thaireen"]
    group = client.get("/api/groups/usbat-al-thaireen/").json()
    assert group == listed["results"][1]
    assert group["aliases"] == ["Usbat", "UAT"] and group["kind"] == "front"
    assert group["relations"] == [
        {"kind": "front_for", "object": {"slug": "kataib-hezbollah", "name": "Kataib Hezbollah"}, "confidence": "low"}
    ]
    assert (group["incidents_claimed"], group["incidents_attributed"]) == (1, 2)
    assert client.get("/api/groups/nobody/").status_code == 404


def test_the_group_list_query_count_does_not_grow(client, django_assert_max_num_queries):
    groups = [make_group(public=True) for _ in range(30)]
    for subject, object_ in zip(groups, groups[1:], strict=False):
        subject.relations.create(kind="part_of", object=object_)
    # count, groups with their incident counts, relations with their objects
    with django_assert_max_num_queries(3):
        assert client.get("/api/groups/").json()["count"] == 30


def test_locations_give_governorate_and_coordinates_or_null(client):
    make_location(
        name="Camp Taji", latitude="33.529440", longitude="44.277500", kind=Location.Kind.MILITARY_BASE, public=True
    )
    make_location(
        name="Somewhere in Iraq",
        governorate=None,
        latitude=None,
        longitude=None,
        geo_precision=Location.Precision.COUNTRY,
        public=True,
    )
    page = client.get("/api/locations/").json()
    assert page["count"] == 2
    taji, somewhere = page["results"]
    assert taji["governorate"] == {"name": "Baghdad", "slug": "baghdad"}
    assert (taji["latitude"], taji["longitude"], taji["kind"]) == (33.52944, 44.2775, "military_base")
    assert somewhere["governorate"] is None
    assert (somewhere["latitude"], somewhere["longitude"], somewhere["geo_precision"]) == (None, None, "country")


@pytest.mark.parametrize(
    "path, query, parameter",
    [
        ("/api/groups/", "slug=kataib-hezbollah", "slug"),
        ("/api/groups/", "governate=baghdad", "governate"),
        ("/api/locations/", "name=Camp Taji", "name"),
        ("/api/locations/", "cursor=abc", "cursor"),
        ("{group}", "page=2", "page"),
        ("{location}", "governorate=baghdad", "governorate"),
        ("{incident}", "type=ied", "type"),
        (INCIDENTS, "page=2", "page"),
    ],
)
def test_a_parameter_the_api_does_not_read_is_a_400_naming_it(client, path, query, parameter):
    """As on every data endpoint: a misspelt or unsupported filter never answers with everything."""
    group, location = make_group(slug="kataib-hezbollah", public=True), make_location(public=True)
    path = path.format(
        group=f"/api/groups/{group.slug}/",
        location=f"/api/locations/{location.pk}/",
        incident=f"{INCIDENTS}{make_incident(location=location).pk}/",
    )
    response = client.get(f"{path}?{query}")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [parameter]
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/api/groups/", "/api/locations/"])
@pytest.mark.parametrize("page", ["0", "-1", "ten", "1e309", "2", "9" * 50])
def test_a_page_that_is_not_one_is_a_400_naming_the_pages(client, path, page):
    make_group(public=True)
    make_location(public=True)
    response = client.get(path, {"page": page})
    assert response.status_code == 400
    assert response.json() == {"errors": {"page": ["page must be a whole number from 1 to 1 (the last page)."]}}
    assert client.get(path, {"page": "1"}).status_code == 200


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("path", [INCIDENTS, "{incident}", "/api/groups/", "/api/locations/"])
def test_the_api_is_read_only(client, method, path):
    path = path.format(incident=f"{INCIDENTS}{make_incident().pk}/")
    assert getattr(client, method)(path, {}, content_type="application/json").status_code == 405


def test_the_schema_is_openapi_3_with_the_incident_fields_and_filters(client):
    incident = make_incident()
    response = client.get("/api/schema/?format=json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    parameters = {p["name"] for p in schema["paths"][INCIDENTS]["get"]["parameters"]}
    assert parameters == {
        "date_after",
        "date_before",
        "first_day_after",
        "first_day_before",
        "type",
        "group",
        "with_fronts",
        "governorate",
        "target",
        "confidence",
        "q",
        "target_owner",
        "headline",
        "include_duplicates",
        "cursor",
        "page_size",
    }
    record = next(records(Incident.objects.filter(pk=incident.pk), "http://x"))[0]
    assert set(schema["components"]["schemas"]["Incident"]["properties"]) == set(record)


def test_the_schema_validates_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))


def test_the_docs_page_uses_only_local_static_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    for url in re.findall(r"https?://[^\s\"'<>]+", html):
        assert url.startswith("http://testserver/"), url
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(asset.endswith("swagger-ui-bundle.js") for asset in assets)
    start_up = "/api/docs/?script="  # Swagger UI's start-up script, a URL of its own (no inline script)
    assert start_up in assets
    assert "/api/schema/" in client.get(start_up).content.decode()
    for asset in set(assets) - {start_up}:
        assert asset.startswith("/static/") and finders.find(asset.removeprefix("/static/")), asset


@pytest.mark.parametrize("version", ["%0A", "1%0D%0AX-Injected:%201", "v2"])
def test_the_schema_ignores_a_version_parameter_instead_of_echoing_it_into_a_header(client, version):
    response = client.get(reverse("api_schema") + f"?version={version}")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'inline; filename="Incident tracker API.yaml"'
    assert "X-Injected" not in response


def test_the_schema_documents_every_filter_parameter_from_the_filter(client):
    schema = client.get("/api/schema/?format=json").json()
    parameters = {p["name"]: p for p in schema["paths"][INCIDENTS]["get"]["parameters"]}
    for name, declared in api.ApiIncidentFilter.base_filters.items():
        assert declared.extra["help_text"] in parameters[name]["description"], name
    assert parameters["date_before"]["description"].startswith(
        "On or before, inclusive; incidents known only to a week or month match when the window overlaps."
    )
    assert set(parameters["type"]["schema"]["items"]["enum"]) == set(Incident.Type.values)
    assert set(parameters["confidence"]["schema"]["items"]["enum"]) == {"high", "medium", "low"}
    assert set(parameters["target"]["schema"]["enum"]) == set(Incident.Target.values)
    assert parameters["group"]["schema"] == {"type": "array", "items": {"type": "string"}}
    assert "1000" in parameters["page_size"]["description"]
    listing = schema["components"]["schemas"]["PaginatedIncidentList"]
    assert "count" in listing["required"] and listing["properties"]["count"]["type"] == "integer"


def test_the_schema_is_built_without_a_query(django_assert_num_queries):
    """Django's deploy check builds it (drf_spectacular.E001), where no database may exist yet."""
    with django_assert_num_queries(0):
        SchemaGenerator().get_schema(request=None, public=True)
