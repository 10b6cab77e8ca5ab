"""The public pages: what readers see, with precision and uncertainty shown honestly."""

import datetime

import pytest
from django.urls import reverse

from incidents.models import Governorate, GroupRelation, Incident
from incidents.urls import urlpatterns
from tests.factories import link_source, make_claim, make_group, make_incident, make_location, make_source

pytestmark = pytest.mark.django_db
XSS = "<img src=x onerror=alert(1)>"


def test_the_overview_shows_figures_chart_table_latest_and_the_filter_form(client):
    make_incident(killed=2, wounded=None, date=datetime.date(2020, 1, 5))
    make_incident(killed=None, wounded=3, type="ied", date=datetime.date(2020, 3, 1))
    html = client.get(reverse("overview")).content.decode()
    assert 'id="incident-map"' in html and 'id="incident-chart"' in html
    assert 'id="chart-table"' in html and "Mar 2020" in html and "Feb 2020" in html
    assert 'data-figure="killed">2<' in html and "unknown in 1 incident" in html
    assert 'data-figure="wounded">3<' in html
    assert 'id="filters"' in html
    assert "/static/vendor/markercluster/leaflet.markercluster.js" in html
    assert "/static/vendor/chartjs/chart.umd.min.js" in html


def test_unknown_casualties_are_not_added_as_zero(client):
    make_incident(killed=None, wounded=None)
    figures = client.get(reverse("overview")).context["figures"]
    assert figures["killed_total"] is None
    assert (figures["killed_unknown"], figures["wounded_unknown"]) == (1, 1)


def test_the_list_counts_paginates_and_links_the_same_filter_as_csv_and_geojson(client):
    for day in range(1, 61):
        make_incident(date=datetime.date(2020, 1, 1) + datetime.timedelta(days=day))
    response = client.get(reverse("incident_list"), {"type": "rocket", "page": 2})
    html = response.content.decode()
    assert response.context["page"].paginator.count == 60
    assert len(response.context["page"].object_list) == 10
    assert "Page 2 of 2" in html
    assert 'href="/incidents/export.csv?type=rocket"' in html
    assert 'href="/incidents/map.geojson?type=rocket"' in html


def test_a_search_that_matches_nothing_says_so_in_the_readers_language(client):
    make_incident(title="Rockets on Camp Taji")
    for path, count, empty in [
        ("/incidents/", '<strong data-count="0">0</strong> incidents match.', "No incidents match."),
        ("/ar/incidents/", '<strong data-count="0">0</strong>', "لا توجد حوادث مطابقة."),
    ]:
        html = client.get(path, {"q": "Basra"}).content.decode()
        assert count in html and empty in html
        assert 'incidents/export.csv?q=Basra"' in html


def test_the_list_sorts(client):
    make_incident(title="B", killed=1)
    make_incident(title="A", killed=5)
    titles = [i.title for i in client.get(reverse("incident_list"), {"sort": "-killed"}).context["page"]]
    assert titles == ["A", "B"]
    titles = [i.title for i in client.get(reverse("incident_list"), {"sort": "title"}).context["page"]]
    assert titles == ["A", "B"]


def test_the_list_says_when_imprecise_dates_match_by_overlap(client):
    make_incident(date_precision="month", date=datetime.date(2020, 8, 1))
    html = client.get(reverse("incident_list"), {"date_after": "2020-08-20"}).content.decode()
    assert "August 2020 (month)" in html
    assert "known only to the week or month" in html


def test_an_incident_page_shows_every_fact_with_its_precision(client):
    place = make_location(name="Besmaya base", latitude=None, longitude=None, geo_precision="town")
    incident = make_incident(
        location=place,
        date_precision="month",
        date=datetime.date(2020, 8, 1),
        killed=None,
        wounded=0,
        summary="Rockets hit the base.",
    )
    kh, front = make_group(name="Kataib Hezbollah"), make_group(name="Usbat al-Thaireen")
    make_claim(incident, front, kind="claimed", channel="telegram", stated_by="Usbat al-Thaireen")
    make_claim(incident, kh, kind="attributed", stated_by="US officials", stated_on=datetime.date(2020, 8, 3))
    make_claim(incident, kh, kind="denied", stated_by="Kataib Hezbollah spokesman")
    link_source(incident, make_source(title="Rockets hit Besmaya", publisher="AFP"), excerpt="Two rockets hit it.")
    html = client.get(incident.get_absolute_url()).content.decode()
    for text in [
        "August 2020 (month)",
        "Killed</dt><dd>unknown",
        "Wounded</dt><dd>0",
        "— known to the town",
        "no coordinates in the sources",
        "Claimed by the group",
        "Attributed by officials or analysts",
        "Denied by the group",
        "said by <bdi>US officials</bdi> on 3 August 2020",
        "Rockets hit Besmaya",
        "AFP",
        "Supports: <bdi>Two rockets hit it.</bdi>",
        'data-approximate="1"',
    ]:
        assert text in html, text


@pytest.mark.parametrize("governorate, centre", [("baghdad", "governorate's centre"), (None, "country's centre")])
def test_an_incident_page_says_which_centre_its_map_shows_for_a_place_without_coordinates(client, governorate, centre):
    area = Governorate.objects.filter(slug=governorate).first()
    place = make_location(governorate=area, latitude=None, longitude=None, geo_precision="governorate")
    html = client.get(make_incident(location=place).get_absolute_url()).content.decode()
    assert f"no coordinates in the sources; the map shows the {centre})" in html


def test_a_draft_is_not_found(client):
    assert client.get(make_incident(status="draft").get_absolute_url()).status_code == 404


def test_a_retracted_incident_shows_only_its_retraction_notice(client):
    incident = make_incident(
        title="Secret title",
        summary="Secret summary",
        status="retracted",
        retraction_reason="The report was fabricated.",
    )
    make_claim(incident, make_group(name="Hidden group"))
    response = client.get(incident.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 410
    assert "This incident was retracted" in html and "The report was fabricated." in html
    assert "Secret title" not in html and "Secret summary" not in html and "Hidden group" not in html


def test_the_groups_page_lists_names_arabic_names_and_counts(client):
    group = make_group(name="Kataib Hezbollah", arabic_name="كتائب حزب الله", slug="kh")
    make_claim(make_incident(), group, kind="attributed")
    make_claim(make_incident(status="draft"), group, kind="attributed")
    response = client.get(reverse("group_list"))
    html = response.content.decode()
    assert "كتائب حزب الله" in html
    assert [g.incidents_attributed for g in response.context["groups"]] == [1]


def test_a_group_page_shows_relations_and_its_incidents_split_by_claim_kind(client):
    kh = make_group(name="Kataib Hezbollah", slug="kh", aliases="Kata'ib Hizballah")
    front = make_group(name="Usbat al-Thaireen", slug="usbat", kind="front", public=True)
    GroupRelation.objects.create(subject=front, kind="front_for", object=kh, confidence="low")
    make_claim(make_incident(title="Claimed by KH"), kh, kind="claimed")
    make_claim(make_incident(title="Blamed on KH"), kh, kind="attributed")
    make_claim(make_incident(title="Draft blamed on KH", status="draft"), kh, kind="attributed")
    response = client.get(reverse("group_detail", args=["kh"]))
    html = response.content.decode()
    assert "Kata&#x27;ib Hizballah" in html
    assert (
        "Usbat al-Thaireen</bdi></a> is suspected to be a front for <bdi>Kataib Hezbollah</bdi> — confidence low"
        in html
    )
    assert [i.title for i in response.context["claimed"]] == ["Claimed by KH"]
    assert [i.title for i in response.context["attributed"]] == ["Blamed on KH"]
    assert "Draft blamed on KH" not in html
    assert response.context["chart"]["total"] == 2


def test_a_group_page_for_an_unknown_slug_is_404(client):
    assert client.get(reverse("group_detail", args=["nobody"])).status_code == 404


def test_text_from_the_database_is_escaped_everywhere(client):
    group = make_group(name=XSS, slug="xss", aliases=XSS, arabic_name=XSS)
    incident = make_incident(title=XSS, summary=XSS, location=make_location(name=XSS))
    make_claim(incident, group, kind="claimed", stated_by=XSS, note=XSS)
    link_source(incident, make_source(title=XSS, publisher=XSS), excerpt=XSS)
    pages = [
        reverse("overview"),
        reverse("incident_list"),
        incident.get_absolute_url(),
        reverse("group_list"),
        reverse("group_detail", args=["xss"]),
        reverse("overview") + "?q=" + XSS,
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert XSS not in html, url
        assert "&lt;img src=x onerror=alert(1)&gt;" in html, url


@pytest.mark.parametrize("url_name", ["overview", "incident_list", "group_list", "embed_map", "embed_chart"])
def test_query_counts_do_not_grow_with_the_data(client, django_assert_max_num_queries, url_name):
    group = make_group(slug="kh")

    def add(count):
        for _ in range(count):
            make_claim(make_incident(), group, kind="claimed")

    add(5)
    # 15 on the overview: its no-JS table of incidents per governorate adds the map's counts per
    # place (incidents per place, the places' points), the governorates and two data versions;
    # its figures sum MonthTally's rows and read the first and last day from Tally's index
    with django_assert_max_num_queries(15) as small:
        assert client.get(reverse(url_name)).status_code == 200
    add(45)  # ten times the data: a query per incident or per claim would show
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse(url_name)).status_code == 200


def test_incident_and_group_pages_query_counts_do_not_grow(client, django_assert_max_num_queries):
    group = make_group(slug="kh")
    incident = make_incident()
    for _ in range(3):
        make_claim(incident, group)
        link_source(incident)
    for _ in range(5):
        make_claim(make_incident(), group, kind="attributed")
    # incident, claims, whether it has any claim, sources, corrections
    with django_assert_max_num_queries(5):
        client.get(incident.get_absolute_url())
    # group, relations ×2, chart counts, the first day of each list's newest (GroupTally), three
    # incident lists each with prefetched claims, and the data version for each of the five
    # cached results
    with django_assert_max_num_queries(16) as small:
        client.get(reverse("group_detail", args=["kh"]))
    for _ in range(45):
        make_claim(make_incident(), group, kind="attributed")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("group_detail", args=["kh"]))


def test_pages_work_without_javascript_the_numbers_are_in_the_html(client):
    make_incident(type="rocket")
    make_incident(type="ied")
    html = client.get(reverse("overview")).content.decode()
    assert "data-chart-total>2<" in html
    assert 'data-figure="incidents">2<' in html
    assert Incident.objects.count() == 2


@pytest.mark.parametrize("path", ["/", "/incidents/", "/groups/", "/incidents/export.csv", "/incidents/chart.json"])
def test_head_requests_are_answered_like_get_without_a_body(client, path):
    """Link checkers and uptime monitors ask with HEAD; a 405 would read as a broken page."""
    make_incident()
    response = client.head(path)
    assert response.status_code == 200
    assert response["Content-Type"] == client.get(path)["Content-Type"]
    assert not (b"".join(response.streaming_content) if response.streaming else response.content)
    assert client.post(path).status_code == 405


# Every public URL of incidents/urls.py with the most queries it may cost, in English and in
# Arabic, cold (the first request after a public write) and warm: the same bound for 5
# incidents and for 205. The staff's preview is the incident page's view, behind a login.
QUERY_BOUNDS = {
    "overview": ("/", 15),
    "incident_list": ("/incidents/?sort=-killed", 7),
    "incident_detail": ("/incidents/{incident}/", 5),
    "incident_feed": ("/incidents/feed/", 3),
    "correction_feed": ("/incidents/corrections/feed/", 1),
    "incident_export_csv": ("/incidents/export.csv", 5),
    "incident_claims_csv": ("/incidents/claims.csv", 3),
    "incident_sources_csv": ("/incidents/sources.csv", 3),
    "incident_export_xlsx": ("/incidents/export.xlsx", 7),
    "incident_map": ("/incidents/map.geojson", 6),
    "incident_chart": ("/incidents/chart.json", 2),
    "embed_map": ("/embed/map/", 5),
    "embed_chart": ("/embed/chart/", 2),
    "incident_governorates": ("/incidents/governorates.json", 5),
    "data_index": ("/data/", 0),
    "data_codebook": ("/data/codebook/", 0),
    "release_download": ("/data/releases/v0/export.csv", 0),
    "group_list": ("/groups/", 2),
    "group_detail": ("/groups/{group}/", 16),
    "set_digits": ("/digits/?digits=arabic-indic", 0),
}


def test_every_public_url_has_a_query_bound():
    assert {pattern.name for pattern in urlpatterns} - {"incident_preview"} == set(QUERY_BOUNDS)


def varied_incidents(group, count):
    """`count` published incidents over several places and days, each claimed, attributed and
    denied (by `group` and by others), with sources; every fifth a duplicate of the one before."""
    places = [make_location() for _ in range(3)]
    others = [make_group() for _ in range(3)]
    made = []
    for number in range(count):
        incident = make_incident(
            location=places[number % 3],
            date=datetime.date(2020, 1 + number % 12, 1 + number % 28),
            killed=number % 4 or None,
            duplicate_of=made[-1] if made and number % 5 == 4 else None,
        )
        for kind, by in (("claimed", group), ("attributed", others[number % 3]), ("denied", group)):
            make_claim(incident, by, kind=kind)
        link_source(incident, make_source())
        made.append(incident)
    return made


def public_write(incident):
    Incident.objects.filter(pk=incident.pk).update(wounded=(incident.wounded or 0) + 1)


@pytest.mark.parametrize("language", ["", "/ar"])
def test_no_public_url_costs_more_queries_with_more_data_cold_or_warm(client, django_assert_max_num_queries, language):
    group = make_group(slug="kh")
    first = varied_incidents(group, 5)[0]
    urls = {name: language + url.format(incident=first.pk, group="kh") for name, (url, _) in QUERY_BOUNDS.items()}
    for size in (5, 205):
        if size > 5:
            varied_incidents(group, size - 5)
        for name, url in urls.items():
            public_write(first)  # a new public data version: nothing cached before is reused
            for state in ("cold", "warm"):
                with django_assert_max_num_queries(QUERY_BOUNDS[name][1], info=f"{url} {state}, {size} incidents"):
                    response = client.get(url)
                    if response.streaming:
                        b"".join(response.streaming_content)
