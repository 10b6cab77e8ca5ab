"""Share and embed: the permalink of a view, and the chrome-less map and chart of the same
filter, the only pages other sites may frame (every other page: DENY and frame-ancestors 'none')."""

import html

import pytest
from django.urls import reverse

from tests.factories import make_incident, make_staff

pytestmark = pytest.mark.django_db

FILTER = "?type=rocket&governorate=baghdad"


def csp_directives(response):
    """The Content-Security-Policy as {directive: [values]}: django-csp orders the directives
    by the hash seed, so a test reads the header directive by directive, never as a string."""
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("name", ["embed_map", "embed_chart"])
def test_the_embed_pages_may_be_framed_by_any_site(client, name):
    response = client.get(reverse(name) + FILTER)
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    directives = csp_directives(response)
    assert directives["frame-ancestors"] == ["*"]
    assert directives["script-src"] == ["'self'"], "only framing is relaxed"


@pytest.mark.parametrize(
    "url",
    ["/", "/incidents/", "/groups/", "/data/", "/api/docs/", "/ar/", "/incidents/export.csv", "/admin/login/"],
)
def test_every_other_page_refuses_to_be_framed(client, url):
    response = client.get(url)
    assert response["X-Frame-Options"] == "DENY", url
    assert csp_directives(response)["frame-ancestors"] == ["'none'"], url


def test_an_incident_page_refuses_to_be_framed(client):
    response = client.get(make_incident().get_absolute_url())
    assert response["X-Frame-Options"] == "DENY"
    assert csp_directives(response)["frame-ancestors"] == ["'none'"]


def test_the_admin_refuses_to_be_framed(client):
    client.force_login(make_staff("editor", "Editor"))
    response = client.get(reverse("admin:incidents_incident_add"))
    assert response["X-Frame-Options"] == "DENY"
    assert csp_directives(response)["frame-ancestors"] == ["'none'"]


def test_the_embedded_map_and_chart_show_the_same_filter_without_the_sites_chrome(client):
    make_incident(type="rocket")
    make_incident(type="ied")
    chart = client.get(reverse("embed_chart") + "?type=rocket").content.decode()
    assert "data-chart-total>1<" in chart
    assert 'data-chart-url="/incidents/chart.json?type=rocket"' in chart
    map_page = client.get(reverse("embed_map") + "?type=rocket").content.decode()
    assert 'data-geojson-url="/incidents/map.geojson?type=rocket"' in map_page
    for page in (chart, map_page):
        assert 'class="site-header"' not in page and 'id="filters"' not in page
        assert 'href="/?type=rocket"' in page, "a link back to the full view of the same filter"


def test_an_embed_of_a_bad_filter_is_a_400_that_says_why(client):
    response = client.get(reverse("embed_chart") + "?type=nuclear")
    assert response.status_code == 400
    assert "“nuclear” is not one of" in response.content.decode()
    assert 'id="incident-chart"' not in response.content.decode()


@pytest.mark.parametrize("url_name", ["overview", "incident_list"])
def test_a_view_offers_its_permalink_and_embed_snippets_of_the_same_filter(client, url_name):
    page = html.unescape(client.get(reverse(url_name) + FILTER + "&ignored=1").content.decode())
    assert f'href="http://testserver{reverse(url_name)}{FILTER}"' in page
    assert f'<iframe src="http://testserver/embed/map/{FILTER}"' in page
    assert f'<iframe src="http://testserver/embed/chart/{FILTER}"' in page


def test_the_arabic_view_embeds_the_arabic_pages(client):
    page = html.unescape(client.get("/ar/" + FILTER).content.decode())
    assert f'<iframe src="http://testserver/ar/embed/map/{FILTER}"' in page


def test_links_in_an_embed_open_outside_the_frame(client):
    """The pages they lead to refuse to be framed, so they open in a new browsing context."""
    assert '<base target="_blank">' in client.get(reverse("embed_map")).content.decode()
