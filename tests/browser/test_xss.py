"""Script in the data never runs: every text field holds XSS payloads, every page is visited.

The fields are read from the models' _meta, so a new CharField or TextField is attacked
without touching this file. Each payload names its field (`__xss = 'Incident.title'`), so a
failure says where the hole is; URL fields hold `javascript:` URLs. On every public page,
the map popups and the admin, the test asserts that no payload ran (window.__xss unset, no
dialog), that no link carries a `javascript:` URL, and that the payloads show as the
literal text they are.
"""

import datetime
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.test import Client, override_settings

from incidents.models import Claim, Governorate, Group, GroupRelation, Incident, IncidentSource, Location, Source

pytestmark = pytest.mark.django_db(transaction=True)
PAYLOADS = (
    "<img src=x onerror=__xss='{label}'>",
    '"><script>__xss="{label}"</script>',
    "</script><script>__xss='{label}'</script>",
    "'><svg onload=alert('{label}')>",
)
JAVASCRIPT_LINKS = """[...document.querySelectorAll('a[href], area[href], iframe[src], form[action]')]
    .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('action'))
    .filter(url => /^\\s*javascript:/i.test(url))"""


def text_fields(model):
    """Every free-text column of a model: choices, slugs and ids can't hold markup."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (models.CharField, models.TextField))
        and not field.choices
        and not isinstance(field, models.SlugField)
    ]


def hostile(model, tag=""):
    """{field: payload} for every text field of `model`, each payload naming its field."""
    values = {}
    for field in text_fields(model):
        label = f"{model.__name__}.{field.name}{tag}"
        if isinstance(field, models.URLField):
            values[field.name] = f"javascript:__xss='{label}'"
        else:
            values[field.name] = " ".join(p.format(label=label) for p in PAYLOADS)[: field.max_length]
    return values


@pytest.fixture
def world(migrated_data):
    """One of everything, every text field hostile: a published, a retracted and a draft incident."""
    governorate = Governorate.objects.create(slug="hostile", latitude=33, longitude=44, **hostile(Governorate))
    place = Location.objects.create(
        governorate=governorate, latitude="33.3", longitude="44.4", geo_precision="site", **hostile(Location)
    )
    group = Group.objects.create(slug="hostile", **hostile(Group))
    other = Group.objects.create(slug="hostile-2", public=True, **hostile(Group, " 2"))
    source = Source.objects.create(**hostile(Source))
    GroupRelation.objects.create(subject=other, object=group, kind="front_for", source=source, **hostile(GroupRelation))

    def incident(status, tag):
        made = Incident.objects.create(
            type="rocket",
            date=datetime.date(2020, 3, 11),
            status=status,
            date_precision="day",
            target="other",
            confidence="medium",
            location=place,
            **hostile(Incident, tag),
        )
        Claim.objects.create(incident=made, group=group, kind="claimed", confidence="low", **hostile(Claim, tag))
        Claim.objects.create(incident=made, kind="suspected", confidence="low", **hostile(Claim, tag + " actor"))
        IncidentSource.objects.create(incident=made, source=source, **hostile(IncidentSource, tag))
        return made

    return {
        "published": incident("published", ""),
        "retracted": incident("retracted", " retracted"),
        "draft": incident("draft", " draft"),
        "place": place,
        "group": group,
        "other": other,
        "source": source,
        "governorate": governorate,
    }


class Watch:
    """Dialogs opened on a page; checks that nothing ran and no javascript: link is there."""

    def __init__(self, page):
        self.page, self.dialogs = page, []
        page.on("dialog", self.dismiss)

    def dismiss(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def visit(self, url):
        self.page.goto(url)
        self.check(url)

    def check(self, where):
        assert self.page.evaluate("window.__xss") is None, f"{where}: a payload ran"
        assert self.dialogs == [], f"{where}: a payload opened a dialog"
        assert self.page.evaluate(JAVASCRIPT_LINKS) == [], f"{where}: a javascript: link"

    def shows(self, *values, where="body"):
        text = " ".join(self.page.inner_text(where).split())  # as rendered: runs of spaces are one
        for value in values:
            assert " ".join(value.split()) in text, f"{self.page.url} does not show {value!r} as text"


def test_no_payload_runs_on_the_public_pages(page, live_server, world):
    watch = Watch(page)
    published, group, other = world["published"], world["group"], world["other"]
    place, source = world["place"], world["source"]
    link = published.source_links.get()
    claims = {claim.kind: claim for claim in published.claims.all()}

    watch.visit(live_server.url + "/")
    watch.shows(published.title, place.name)
    watch.visit(live_server.url + "/incidents/")
    watch.shows(published.title, place.name, world["governorate"].name)
    watch.visit(live_server.url + "/incidents/?q=" + quote(PAYLOADS[1].format(label="q")))
    watch.visit(live_server.url + published.get_absolute_url())
    watch.shows(
        published.title,
        published.summary,
        published.target_detail,
        place.name,
        group.name,
        claims["claimed"].stated_by,
        claims["claimed"].note,
        claims["suspected"].actor,
        source.title,
        source.publisher,
        link.excerpt,
    )
    watch.visit(live_server.url + world["retracted"].get_absolute_url())
    watch.shows(world["retracted"].retraction_reason)
    watch.visit(live_server.url + "/groups/")
    watch.shows(group.name, group.arabic_name, group.aliases, other.name)
    watch.visit(live_server.url + f"/groups/{group.slug}/")
    watch.shows(group.name, group.arabic_name, group.aliases, group.description, other.name, published.title)
    watch.visit(live_server.url + f"/groups/{other.slug}/")
    watch.shows(other.name, group.name, source.publisher, other.relations.get().note)


def wait_for_map(page):
    page.wait_for_selector("#incident-map-box[data-loaded]", state="attached")


def test_no_payload_runs_in_the_map_popups(page, live_server, world):
    watch = Watch(page)
    watch.visit(live_server.url + "/")
    wait_for_map(page)
    page.locator("#incident-map .leaflet-marker-icon").click()
    page.locator(".leaflet-popup-content a").wait_for()
    watch.check("the incident's popup")
    watch.shows(world["published"].title, world["place"].name, world["group"].name, where=".leaflet-popup-content")


@override_settings(MAP_MAX_POINTS=0)  # cluster even one incident (the live server runs in this process)
def test_no_payload_runs_in_a_places_cluster_popup(page, live_server, world):
    watch = Watch(page)
    watch.visit(live_server.url + "/")
    wait_for_map(page)
    # Zoomed out a click on a cluster zooms in; from zoom 11 a cluster is one place, with a popup.
    for _ in range(4):
        cluster = page.wait_for_selector("#incident-map .marker-cluster")
        cluster.click()
        if page.locator(".leaflet-popup-content").count():
            break
        cluster.wait_for_element_state("hidden")  # replaced by the zoomed-in clusters
    page.locator(".leaflet-popup-content").wait_for()
    watch.check("the place's cluster popup")
    watch.shows(world["place"].name, where=".leaflet-popup-content")


def log_in_as_superuser(page, live_server):
    client = Client()
    client.force_login(User.objects.create_superuser("admin", password="A-long-test-passphrase-7"))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": live_server.url}])


ADMIN_PAGES = [Incident, Claim, IncidentSource, Location, Governorate, Group, GroupRelation, Source]


def test_no_payload_runs_in_the_admin(page, live_server, world):
    log_in_as_superuser(page, live_server)
    watch = Watch(page)
    admin = live_server.url + "/admin/incidents/"
    for model in ADMIN_PAGES:
        name = model._meta.model_name
        watch.visit(f"{admin}{name}/")
        for obj in model.objects.all():
            watch.visit(f"{admin}{name}/{obj.pk}/change/")
            for field in text_fields(model):
                shown = page.locator(f"#id_{field.name}")
                if shown.count():
                    value = getattr(obj, field.name)
                    assert shown.input_value() == ("" if value is None else value), f"{name}.{field.name}"
            watch.visit(f"{admin}{name}/{obj.pk}/history/")
    watch.visit(f"{admin}incident/")
    watch.shows(*(world[status].title for status in ("published", "retracted", "draft")))
    watch.visit(f"{admin}incident/{world['draft'].pk}/delete/")
    watch.visit(live_server.url + "/admin/")


def test_a_places_name_shows_as_text_in_the_place_pickers_tooltips(page, live_server, world):
    """Leaflet writes a tooltip given as a string as HTML: a place named with markup would put a
    phishing link on an editor's screen even where the Content-Security-Policy stops the script."""
    log_in_as_superuser(page, live_server)
    page.goto(f"{live_server.url}/admin/incidents/incident/{world['draft'].pk}/change/")
    chosen = page.locator(".leaflet-tooltip-top")
    chosen.wait_for()
    assert page.locator(".leaflet-tooltip img, .leaflet-tooltip script, .leaflet-tooltip svg").count() == 0
    assert " ".join(world["place"].name.split()) in " ".join(chosen.inner_text().split())
