"""Direction overrides (U+202E and the other bidi controls) in names can't reorder the text
around them: on HTML pages every user-entered name or title listed inline is isolated in a
<bdi>; in plain text (the Atom feed's titles, a page's <title>) the controls are removed."""

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from incidents.bidi import BIDI_CONTROLS, without_bidi_controls
from incidents.models import GroupRelation
from tests.factories import link_source, make_claim, make_group, make_incident, make_location, make_source

pytestmark = pytest.mark.django_db
RLO, PDF = "\u202e", "\u202c"
VOID = {"br", "img", "input", "link", "meta", "hr", "source", "wbr", "area", "col", "embed", "track"}


def reversed_(label):
    """A value that would reverse whatever follows it in its paragraph, were it not isolated."""
    return f"{label} {RLO}ylno"


class UnisolatedControls(HTMLParser):
    """Text with a bidi control that no <bdi> (or element with `dir`) contains. An <option> is
    a line of its own, which an override can't leave."""

    ISOLATING = {"bdi", "option"}

    def __init__(self):
        super().__init__()
        self.open, self.found = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in VOID:
            self.open.append((tag, tag in self.ISOLATING or any(name == "dir" for name, _ in attrs)))

    def handle_endtag(self, tag):
        while self.open and self.open.pop()[0] != tag:
            pass

    def handle_data(self, data):
        if any(control in data for control in BIDI_CONTROLS) and not any(isolating for _, isolating in self.open):
            self.found.append(data.strip())


def unisolated(html):
    parser = UnisolatedControls()
    parser.feed(html)
    return parser.found


@pytest.fixture
def hostile_names():
    """A published incident whose every listed name carries an override."""
    place = make_location(name=reversed_("Camp"), arabic_name=reversed_("معسكر"))
    group = make_group(
        name=reversed_("Brigade"), slug="brigade", arabic_name=reversed_("كتائب"), aliases=reversed_("B")
    )
    other = make_group(name=reversed_("Front"), slug="front")
    GroupRelation.objects.create(subject=other, kind="front_for", object=group, note=reversed_("Note"))
    incident = make_incident(title=reversed_("Rockets"), target_detail=reversed_("Gate"), location=place)
    make_claim(incident, group, kind="claimed", stated_by=reversed_("Spokesman"), note=reversed_("Said"))
    make_claim(incident, other, kind="claimed")
    make_claim(incident, None, kind="suspected", actor=reversed_("Gunmen"))
    link_source(incident, make_source(title=reversed_("Report"), publisher=reversed_("Agency")), excerpt="Reports it.")
    return incident


@pytest.mark.parametrize(
    "path",
    ["/", "/incidents/", "/incidents/?sort=-killed", "{incident}", "/groups/", "/groups/brigade/", "/groups/front/"],
)
def test_every_name_on_a_page_is_isolated(client, hostile_names, path):
    response = client.get(path.format(incident=hostile_names.get_absolute_url()))
    assert response.status_code == 200
    html = response.content.decode()
    assert RLO in html, "the page shows the names"
    assert unisolated(html) == []


def test_claimants_listed_in_one_cell_are_isolated_one_by_one(client, hostile_names):
    html = client.get(reverse("incident_list")).content.decode()
    assert f"<bdi>{reversed_('Brigade')}</bdi>; <bdi>{reversed_('Front')}</bdi>" in html


def test_a_pages_title_has_no_bidi_controls(client, hostile_names):
    for path in (hostile_names.get_absolute_url(), "/groups/brigade/"):
        title = client.get(path).content.decode().split("<title>")[1].split("</title>")[0]
        assert not any(control in title for control in BIDI_CONTROLS)
        assert "ylno" in title


def atom_entries(client):
    root = ET.fromstring(client.get(reverse("incident_feed")).content)
    atom = "{http://www.w3.org/2005/Atom}"
    return [(entry.findtext(f"{atom}title"), entry.findtext(f"{atom}summary")) for entry in root.iter(f"{atom}entry")]


def test_the_feeds_titles_lose_every_bidi_control(client):
    title = "".join(f"Rockets{control}" for control in BIDI_CONTROLS) + PDF
    make_incident(title=title)
    [(feed_title, _)] = atom_entries(client)
    assert feed_title.endswith(": " + "Rockets" * len(BIDI_CONTROLS))


def test_the_feeds_summary_isolates_the_place_and_the_claimants(client, hostile_names):
    [(_, summary)] = atom_entries(client)
    assert summary.count("<bdi>") == 3  # the place and the two groups that claimed it
    assert unisolated(summary) == []


def test_without_bidi_controls_leaves_other_text_alone():
    text = "كتائب حزب الله — Kata'ib Hezbollah (KH) ١٢"
    assert without_bidi_controls(text) == text
    assert without_bidi_controls(f"{RLO}abc{PDF}\u2066d\u2069\u200e\u200f\u061c") == "abcd"


def test_a_retraction_reason_is_isolated(client):
    retracted = make_incident(status="retracted", retraction_reason=reversed_("Duplicate"))
    html = client.get(retracted.get_absolute_url()).content.decode()
    assert RLO in html and unisolated(html) == []
