"""Bidirectional control characters (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) are
invisible and reorder what a spreadsheet shows, so every text cell of every CSV drops them —
before the formula rule, which then sees the text as a spreadsheet shows it. The API keeps
the text as stored.
"""

import csv
import io

import pytest
from django.urls import reverse

from incidents.exports.cells import BIDI_CONTROLS, spreadsheet_safe
from tests.factories import link_source, make_claim, make_incident, make_location, make_source

pytestmark = pytest.mark.django_db
EVERY_CONTROL = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


@pytest.fixture
def incident():
    """Bidi controls in every kind of text an export writes."""
    incident = make_incident(
        title="\u202efdp.exe",
        summary="\u2066=HYPERLINK(1)\u2069",
        target_detail=f"a{EVERY_CONTROL}b",
        location=make_location(name="Camp\u200f Taji\u200e"),
    )
    make_claim(incident, actor="\u061cGunmen", kind="claimed")
    make_claim(incident, actor="\u202bOthers\u202c", kind="attributed")
    link_source(incident, make_source(publisher="\u202dAFP", title="Rockets\u202a", url=""))
    return incident


def download(client, query=""):
    body = b"".join(client.get(reverse("incident_export_csv") + query).streaming_content).decode()
    return next(csv.DictReader(io.StringIO(body)))


def test_the_rule_knows_every_bidi_control():
    assert sorted(BIDI_CONTROLS) == sorted(EVERY_CONTROL)


@pytest.mark.parametrize("control", list(EVERY_CONTROL))
def test_a_text_cell_drops_each_bidi_control(control):
    assert spreadsheet_safe(f"{control}left{control}right{control}") == "leftright"


def test_a_formula_behind_a_bidi_control_is_still_escaped():
    assert spreadsheet_safe("\u202e=1+1") == "'=1+1"
    assert spreadsheet_safe("\u2066-5\u2069") == "-5"


def test_the_native_csv_drops_them_from_every_text_cell(client, incident):
    row = download(client)
    assert (row["title"], row["summary"], row["target_detail"]) == ("fdp.exe", "'=HYPERLINK(1)", "ab")
    assert (row["location"], row["claimed_by"], row["attributed_to"]) == ("Camp Taji", "Gunmen", "Others")
    assert row["sources"] == "AFP: Rockets"


def test_the_acled_csv_drops_them_from_every_cell(client, incident):
    row = download(client, "?format=acled")
    assert (row["notes"], row["actor2"], row["location"]) == ("'=HYPERLINK(1)", "ab", "Camp Taji")
    assert (row["actor1"], row["assoc_actor_1"], row["source"]) == ("Gunmen", "Others", "AFP")


def test_the_api_gives_the_text_as_stored(client, incident):
    item = client.get(f"/api/incidents/{incident.pk}/").json()
    assert (item["title"], item["claimed_by"]) == ("\u202efdp.exe", ["\u061cGunmen"])
