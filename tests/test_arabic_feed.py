"""The Atom feeds under /ar/: Arabic (xml:lang "ar"), each incident's Arabic title and summary
where it has them and its English text marked as English where it has not, links to the Arabic
pages, dates still RFC 3339; the English feeds at their URLs as they were."""

import datetime
import re

import pytest
from django.utils import translation

from incidents.models import Correction
from tests.atom import ATOM, XML_LANG, feed_entries, feed_root
from tests.factories import make_claim, make_group, make_incident

pytestmark = pytest.mark.django_db
RFC_3339 = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)"


def in_arabic(read, client, url_name="incident_feed"):
    with translation.override("ar"):
        return read(client, url_name)


def test_the_arabic_feed_is_atom_in_arabic_at_ar(client):
    make_incident()
    root = in_arabic(feed_root, client)
    assert root.tag == f"{ATOM}feed" and root.get(XML_LANG) == "ar"
    assert root.findtext(f"{ATOM}title") == "متتبع الهجمات: الحوادث المنشورة حديثًا"
    assert root.find(f"{ATOM}link[@rel='alternate']").get("href").endswith("/ar/incidents/")
    assert root.find(f"{ATOM}link[@rel='self']").get("href").endswith("/ar/incidents/feed/")
    assert all(text is None or "Incident tracker" not in text for text in root.itertext())


def translated_incident():
    """An incident with its Arabic title and summary, claimed by a group with an Arabic name."""
    incident = make_incident(
        title="Rockets hit Camp Taji",
        title_ar="صواريخ تضرب معسكر التاجي",
        summary="Three rockets.",
        summary_ar="ثلاثة صواريخ.",
        date=datetime.date(2020, 3, 11),
    )
    make_claim(incident, make_group(name="Kataib Hezbollah", arabic_name="كتائب حزب الله"), kind="claimed")
    return incident


def test_an_incident_with_an_arabic_title_and_summary_shows_them_and_links_to_its_arabic_page(client):
    incident = translated_incident()
    [entry] = in_arabic(feed_entries, client)
    assert entry["title"] == "11 آذار/مارس 2020: صواريخ تضرب معسكر التاجي"
    assert entry["link"].endswith(f"/ar/incidents/{incident.pk}/")
    assert "<p>ثلاثة صواريخ.</p>" in entry["summary"] and "Three rockets" not in entry["summary"]
    assert "تبنّاها: <bdi>كتائب حزب الله</bdi>" in entry["summary"]
    assert "صاروخ" in entry["summary"] and "Rocket" not in entry["summary"]  # the type, translated


def test_an_incident_without_arabic_shows_its_english_marked_as_english(client):
    make_incident(title="Drone over the embassy", summary="Seen at night.", date=datetime.date(2020, 3, 11))
    [entry] = in_arabic(feed_entries, client)
    assert entry["title"] == "11 آذار/مارس 2020: Drone over the embassy (بالإنكليزية)"
    assert (
        '<p lang="en" dir="ltr">Seen at night. <span lang="ar" dir="rtl">(بالإنكليزية)</span></p>' in entry["summary"]
    )
    assert "لم يتبنّها أحد" in entry["summary"]


def test_the_arabic_feeds_dates_stay_rfc_3339(client):
    make_incident()
    root = in_arabic(feed_root, client)
    dates = [element.text for element in root.iter() if element.tag in (f"{ATOM}updated", f"{ATOM}published")]
    assert dates and all(re.fullmatch(RFC_3339, text) for text in dates)


def test_the_english_feed_is_unchanged(client):
    incident = translated_incident()
    root = feed_root(client)
    assert root.get(XML_LANG) == "en"
    assert root.findtext(f"{ATOM}title") == "Incident tracker: newly published incidents"
    [entry] = feed_entries(client)
    assert entry["title"] == "11 March 2020: Rockets hit Camp Taji"
    assert entry["link"].endswith(f"/incidents/{incident.pk}/") and "/ar/" not in entry["link"]
    place = f"<bdi>{incident.location}</bdi>"
    claimed = "claimed by: <bdi>Kataib Hezbollah</bdi>"
    assert entry["summary"] == f"<p>Rocket or mortar · {place} · {claimed}</p><p>Three rockets.</p>"


def test_the_arabic_corrections_feed(client):
    incident = make_incident(title="IED near Basra", title_ar="عبوة ناسفة قرب البصرة")
    untranslated = make_incident(title="Drone over the embassy")
    for corrected in (incident, untranslated):
        Correction.objects.create(
            incident=corrected, note="The source gives no figure.", changes=[["killed", "unknown", "1"]]
        )
    root = in_arabic(feed_root, client, "correction_feed")
    assert root.get(XML_LANG) == "ar" and root.findtext(f"{ATOM}title") == "متتبع الهجمات: التصحيحات"
    titles = sorted(entry["title"] for entry in in_arabic(feed_entries, client, "correction_feed"))
    assert titles == ["تصحيح: Drone over the embassy (بالإنكليزية) (killed)", "تصحيح: عبوة ناسفة قرب البصرة (killed)"]
    summary = in_arabic(feed_entries, client, "correction_feed")[0]["summary"]
    assert "<li><bdi>killed</bdi>: <bdi>غير معروف</bdi> → " in summary  # the log's words, as the page says them
    assert '<bdi lang="en">The source gives no figure.</bdi>' in summary
