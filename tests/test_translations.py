"""The public site in Arabic: under /ar/, right to left, every string of the catalogue
translated, the language switch keeping the filter; English stays at today's URLs."""

import re

import polib
import pytest
from django.urls import reverse

from incidents.management.commands.compile_translations import catalogues, compiled
from tests.factories import make_claim, make_group, make_incident

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/incidents/", "/groups/"]


def test_every_msgid_of_every_catalogue_is_translated_and_none_is_fuzzy():
    assert catalogues(), "no catalogue under LOCALE_PATHS"
    for path in catalogues():
        catalogue = polib.pofile(str(path))
        assert not catalogue.metadata_is_fuzzy, path
        assert [entry.msgid for entry in catalogue.untranslated_entries()] == [], path
        assert [entry.msgid for entry in catalogue.fuzzy_entries()] == [], path
        assert [entry.msgid for entry in catalogue.obsolete_entries()] == [], path


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]")


def test_every_arabic_plural_form_keeps_the_number():
    """Arabic has six plural forms; each one says the number (in the reader's digits), never
    only a word for it such as "two incidents"."""
    for path in catalogues():
        for entry in polib.pofile(str(path)):
            needed = set(PLACEHOLDER.findall(entry.msgid_plural or ""))
            for form, text in entry.msgstr_plural.items():
                assert needed <= set(PLACEHOLDER.findall(text)), (path.name, entry.msgid_plural, form, text)


def test_the_committed_mo_files_are_compiled_from_their_catalogues():
    """manage.py compile_translations rewrites them; the same .po always gives the same bytes."""
    for path in catalogues():
        assert path.with_suffix(".mo").read_bytes() == compiled(path), f"run manage.py compile_translations ({path})"


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_arabic_pages_are_under_ar_right_to_left_and_in_arabic(client, page):
    make_incident()
    response = client.get(f"/ar{page}")
    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(r'<html lang="ar" dir="rtl"', html)
    assert "متتبع الهجمات" in html and "Incident tracker</a>" not in html


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_english_pages_stay_at_their_urls_left_to_right_whatever_the_browser_asks(client, page):
    response = client.get(page, HTTP_ACCEPT_LANGUAGE="ar")
    assert response.status_code == 200
    assert '<html lang="en" dir="ltr"' in response.content.decode()
    assert reverse("incident_list") == "/incidents/"


def test_the_language_switch_keeps_the_filter(client):
    make_incident()
    query = "type=rocket&q=Kataib"
    english = client.get(f"/incidents/?{query}").content.decode()
    assert f'href="/ar/incidents/?{query.replace("&", "&amp;")}"' in english
    arabic = client.get(f"/ar/incidents/?{query}").content.decode()
    assert f'href="/incidents/?{query.replace("&", "&amp;")}"' in arabic


def test_arabic_filter_labels_table_and_chart_headings(client):
    make_incident()
    html = client.get("/ar/?type=rocket").content.decode()
    for arabic in ("بحث", "المحافظة", "تطبيق التصفية", "الخريطة", "الحوادث شهريًا حسب النوع", "القتلى", "أحدث الحوادث"):
        assert arabic in html, arabic


def test_an_incident_and_a_group_page_in_arabic(client):
    incident = make_incident(killed=None)
    make_claim(incident, make_group(name="Kataib Hezbollah", slug="kataib-hezbollah"))
    detail = client.get(f"/ar/incidents/{incident.pk}/").content.decode()
    assert '<html lang="ar" dir="rtl"' in detail
    assert "المسؤولية" in detail and "غير معروف" in detail  # killed: unknown
    group = client.get("/ar/groups/kataib-hezbollah/").content.decode()
    assert "الحوادث عبر الزمن" in group
