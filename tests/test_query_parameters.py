"""Filters say what they did: a parameter nothing reads is refused or noted, never silently ignored;
a wrong choice is answered with the right ones; slugs and names are read in any case."""

import re

import pytest
from django.urls import reverse

from incidents.filter_fields import MOST_VALUES_LISTED
from incidents.filters import IncidentFilter
from incidents.models import Governorate, Incident
from tests.factories import make_claim, make_group, make_incident, make_location

pytestmark = pytest.mark.django_db
FILTER_PARAMETERS = set(IncidentFilter.base_filters)
API_FILTER_PARAMETERS = FILTER_PARAMETERS - {"sort"}  # the API's order is its cursor's
DATA_ENDPOINTS = {
    "/incidents/export.csv": FILTER_PARAMETERS | {"format", "bom", "excel"},
    "/incidents/map.geojson": FILTER_PARAMETERS | {"bbox", "zoom"},
    "/incidents/chart.json": FILTER_PARAMETERS | {"interval"},
    "/incidents/governorates.json": FILTER_PARAMETERS,
    "/api/incidents/": API_FILTER_PARAMETERS | {"cursor", "page_size", "format"},
}


def listed_parameters(message):
    return set(re.search(r"the parameters here are: (.*)\.$", message).group(1).split(", "))


@pytest.mark.parametrize("path, parameters", DATA_ENDPOINTS.items())
def test_data_endpoints_refuse_an_unknown_parameter_naming_it_and_the_ones_they_read(client, path, parameters):
    make_incident(location=make_location(governorate=Governorate.objects.get(slug="basra")))
    response = client.get(path, {"governate": "baghdad", "type": "rocket"})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert list(errors) == ["governate"]
    assert errors["governate"][0].startswith("Unknown parameter “governate” (did you mean “governorate”?)")
    assert listed_parameters(errors["governate"][0]) == parameters


@pytest.mark.parametrize(
    "path", ["/incidents/export.csv", "/incidents/map.geojson", "/incidents/chart.json", "/incidents/governorates.json"]
)
def test_under_ar_a_data_endpoint_refuses_an_unknown_parameter_in_arabic(client, path):
    """Like the filter's own refusals, in the language of the pages whose scripts read them; the API stays English."""
    response = client.get(f"/ar{path}", {"governate": "baghdad"})
    assert response.status_code == 400
    refusal = response.json()["errors"]["governate"][0]
    assert refusal.startswith("معامل غير معروف «governate» (هل تقصد «governorate»؟)؛ المعاملات هنا: ")
    assert set(refusal.removesuffix(".").split("المعاملات هنا: ")[1].split(", ")) == DATA_ENDPOINTS[path]
    feed = client.get("/ar/incidents/feed/", {"type": "rocket"}).json()["errors"]["type"]
    assert feed == ["معامل غير معروف «type»؛ لا تأخذ نقطة الوصول هذه أي معاملات."]
    assert client.get(path, {"governate": "baghdad"}).json()["errors"]["governate"][0].startswith("Unknown parameter")
    api = client.get("/api/incidents/", {"governate": "baghdad"}, HTTP_ACCEPT_LANGUAGE="ar")
    assert api.json()["errors"]["governate"][0].startswith("Unknown parameter")


@pytest.mark.parametrize(
    "path, own",
    [
        ("/incidents/export.csv", {"format": "acled"}),
        ("/incidents/map.geojson", {"bbox": "38,29,49,38", "zoom": "6"}),
        ("/incidents/chart.json", {"interval": "year"}),
        ("/incidents/governorates.json", {}),
        ("/api/incidents/", {"page_size": "5", "format": "json"}),
    ],
)
def test_each_data_endpoint_reads_its_own_parameters_and_not_the_others(client, path, own):
    make_incident()
    assert client.get(path, {"type": "rocket", **own}).status_code == 200
    for name in set().union(*DATA_ENDPOINTS.values()) - DATA_ENDPOINTS[path]:
        assert client.get(path, {name: "1"}).status_code == 400, name


@pytest.mark.parametrize("path", ["/", "/incidents/"])
def test_pages_note_a_parameter_they_ignore_and_still_show_every_incident(client, path):
    shown = make_incident(title="Rockets on Camp Taji")
    response = client.get(path, {"governate": "baghdad"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ignored: <code>governate</code>" in html
    assert shown.title in html


@pytest.mark.parametrize("path", ["/groups/", "/groups/{slug}/"])
def test_group_pages_take_no_parameters_and_say_so(client, path):
    group = make_group(public=True)
    html = client.get(path.format(slug=group.slug), {"type": "rocket"}).content.decode()
    assert "Ignored: <code>type</code> — this page takes no parameters." in html


def test_a_page_without_unknown_parameters_shows_no_notice(client):
    make_incident()
    html = client.get("/incidents/", {"type": "rocket", "page": "1", "sort": "-date"}).content.decode()
    assert "Ignored" not in html


def test_a_pages_data_links_carry_its_filter_without_what_it_ignored(client):
    make_incident()
    response = client.get("/incidents/", {"type": "rocket", "utm_source": "newsletter", "page": "1"})
    html = response.content.decode()
    assert "Ignored: <code>utm_source</code>" in html
    assert 'href="/incidents/export.csv?type=rocket"' in html
    assert 'href="/incidents/map.geojson?type=rocket"' in html
    assert client.get("/incidents/map.geojson?type=rocket").status_code == 200


@pytest.mark.parametrize(
    "parameter, value, valid",
    [
        ("type", "missile", "rocket, ied, drone, small_arms, kidnapping, assassination, arson, other, foiled, "),
        ("target", "moon", "military_base, diplomatic, airport, convoy, oil_industry, person, security_forces, "),
        ("confidence", "certain", "high, medium, low"),
        ("sort", "password", "date, -date, type, -type, title, -title, place, -place, governorate, -governorate"),
        ("governorate", "atlantis", "anbar, babil, baghdad, basra, dhi-qar, diyala, duhok, erbil, karbala, kirkuk"),
        ("group", "nobody", "ashab-al-kahf, kataib-hezbollah"),
    ],
)
def test_a_value_that_is_not_a_choice_is_answered_with_the_choices(client, parameter, value, valid):
    make_group(slug="kataib-hezbollah", public=True)
    make_group(slug="ashab-al-kahf", public=True)
    response = client.get("/incidents/chart.json", {parameter: value})
    assert response.status_code == 400
    [message] = response.json()["errors"][parameter]
    assert message.startswith(f"“{value}” is not one of: {valid}")


@pytest.mark.parametrize("value", ["baghdad", "Baghdad", "BAGHDAD", "bAgHdAd"])
def test_a_governorate_is_found_by_its_slug_in_any_case(client, value):
    baghdad = make_incident()
    make_incident(location=make_location(governorate=Governorate.objects.get(slug="basra")))
    items = client.get("/api/incidents/", {"governorate": value}).json()["results"]
    assert [item["id"] for item in items] == [baghdad.pk]


@pytest.mark.parametrize("value", ["dhi-qar", "Dhi Qar", "dhi qar", "DHI-QAR", "Al-Anbar"])
def test_a_governorate_is_found_by_its_name_too(client, value):
    slug = "anbar" if "Anbar" in value else "dhi-qar"
    wanted = make_incident(location=make_location(governorate=Governorate.objects.get(slug=slug)))
    make_incident()
    response = client.get("/incidents/chart.json", {"governorate": value})
    assert response.status_code == 200 and response.json()["total"] == 1
    assert client.get("/api/incidents/", {"governorate": value}).json()["results"][0]["id"] == wanted.pk


def test_group_slugs_are_read_in_any_case(client):
    kataib, front = make_group(slug="kataib-hezbollah"), make_group(slug="usbat-al-thaireen")
    claimed, other, unclaimed = make_incident(), make_incident(), make_incident()
    make_claim(claimed, kataib)
    make_claim(other, front)
    query = "group=Kataib-Hezbollah&group=USBAT-AL-THAIREEN"
    items = client.get(f"/api/incidents/?{query}").json()["results"]
    assert {item["id"] for item in items} == {claimed.pk, other.pk} and unclaimed.pk not in {i["id"] for i in items}
    assert client.get(f"/api/incidents/?{query}").json() == client.get(f"/api/incidents/?{query.lower()}").json()


def test_a_slug_that_differs_only_in_case_from_two_groups_is_not_guessed(client):
    make_group(slug="kh", public=True)
    make_group(slug="KH", public=True)
    assert client.get("/api/incidents/", {"group": "kh"}).status_code == 200
    response = client.get("/api/incidents/", {"group": "Kh"})
    assert response.status_code == 400 and "group" in response.json()["errors"]


def test_the_filter_form_shows_the_confidence_choices_ticked_as_filtered(client):
    make_incident(confidence="low")
    html = client.get(reverse("incident_list"), {"confidence": "low"}).content.decode()
    assert re.search(r'<input type="checkbox" name="confidence" value="low"[^>]*checked', html)
    assert 'name="confidence" value="high"' in html and Incident.objects.count() == 1


def test_a_long_list_of_choices_is_cut_short_saying_how_many_are_left_out(client):
    for number in range(MOST_VALUES_LISTED + 2):
        make_group(slug=f"group-{number:03d}", public=True)
    [message] = client.get("/incidents/chart.json", {"group": "nobody"}).json()["errors"]["group"]
    assert message.startswith("“nobody” is not one of: group-000, group-001, ")
    assert message.endswith(f"group-{MOST_VALUES_LISTED - 1:03d} … and 2 more")


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "2", "99999999999999999999"])
@pytest.mark.parametrize("search", [{}, {"q": "Taji"}, {"sort": "killed"}])
def test_a_list_page_that_is_none_is_refused_naming_the_pages_there_are(client, page, search):
    """Not the first or the last page instead (the reader would take it for the one asked for):
    the list's three ways of reading a page, by the tallies, by relevance and by a sort."""
    shown = make_incident(title="Rockets on Camp Taji")
    response = client.get("/incidents/", {**search, "page": page})
    assert response.status_code == 400
    html = response.content.decode()
    assert "page must be a whole number from 1 to 1 (the last page)." in html
    assert shown.title not in html


def test_a_list_page_that_is_none_is_refused_in_the_readers_language(client):
    make_incident()
    html = client.get("/ar/incidents/", {"page": "3"}).content.decode()
    assert "page must be" not in html
    assert "الصفحة" in html and "(آخر صفحة)" in html


@pytest.mark.parametrize("page", ["", "1"])
def test_the_first_page_is_the_one_without_a_page_or_page_1(client, page):
    shown = make_incident(title="Rockets on Camp Taji")
    response = client.get("/incidents/", {"page": page})
    assert response.status_code == 200
    assert shown.title in response.content.decode()


@pytest.mark.parametrize(
    ("path", "parameters", "message"),
    [
        ("/", {"layer": "heatmap"}, "The map&#x27;s layer must be one of: clusters, governorates."),
        ("/embed/map/", {"layer": "heatmap"}, "The map&#x27;s layer must be one of: clusters, governorates."),
        ("/", {"layer": "governorates", "play": "hour"}, "The playback&#x27;s step must be one of: day, week, month."),
        ("/", {"play": "month", "play_from": "2020-13-01"}, "play_from: "),
        ("/", {"play": "month", "play_to": "yesterday"}, "play_to: "),
    ],
)
def test_a_map_pages_own_parameter_that_cant_be_read_is_refused_saying_so(client, path, parameters, message):
    """Not another view than the URL names (the clusters for a mistyped layer, no playback)."""
    shown = make_incident(title="Rockets on Camp Taji")
    response = client.get(path, parameters)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and shown.title not in html


@pytest.mark.parametrize(
    "parameters",
    [
        {},
        {"layer": ""},
        {"layer": "governorates"},
        {"play": "week", "play_from": "2020-01-01", "play_to": "9 May 2020", "date_after": "2020-03-01"},
        {"play": "", "play_from": "", "play_to": ""},
    ],
)
def test_a_map_pages_own_parameters_read_as_the_filter_reads_dates_are_accepted(client, parameters):
    make_incident(title="Rockets on Camp Taji")
    assert client.get("/", parameters).status_code == 200
    assert client.get("/embed/map/", {"layer": parameters.get("layer", "")}).status_code == 200


def test_the_embedded_map_notes_the_playback_it_doesnt_read_whatever_its_value(client):
    assert client.get("/embed/map/", {"play": "hour"}).status_code == 200


def test_a_map_pages_parameter_that_cant_be_read_is_refused_in_the_readers_language(client):
    html = client.get("/ar/", {"layer": "heatmap"}).content.decode()
    assert "The map" not in html and "طبقة الخريطة" in html
