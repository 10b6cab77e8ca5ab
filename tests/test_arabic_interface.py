"""The Arabic pages beyond their templates' strings: the scripts' catalogue, the reader's digits,
Arabic month names and names of places and groups (English marked where there is no Arabic),
choice labels, and the optional Arabic title and summary."""

import datetime
import json
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from incidents import views
from incidents.exports.columns import CSV_HEADER
from incidents.localise import ARABIC_INDIC, DIGITS_COOKIE
from incidents.management.commands.compile_translations import catalogues
from incidents.models import Correction, Incident
from tests.admin_forms import as_posted
from tests.factories import make_claim, make_group, make_incident, make_location

pytestmark = pytest.mark.django_db

STATIC_JS = Path(settings.BASE_DIR) / "static" / "js"
JS_CATALOGUE = Path(settings.BASE_DIR) / "locale" / "ar" / "LC_MESSAGES" / "djangojs.po"
# gettext("…") and ngettext("…", "…", n) in our scripts: the strings a reader sees.
JS_MESSAGE = re.compile(r'\b(?:gettext|ngettext)\("((?:[^"\\]|\\.)*)"')


def page(client, url, **cookies):
    for name, value in cookies.items():
        client.cookies[name] = value
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_scripts_catalogue_is_one_of_the_checked_catalogues_and_has_every_scripts_string():
    assert JS_CATALOGUE in catalogues()  # test_translations checks each: translated, none fuzzy, .mo current
    in_scripts = {m for path in STATIC_JS.glob("*.js") for m in JS_MESSAGE.findall(path.read_text())}
    assert "Claimed by:" in in_scripts
    assert in_scripts <= {entry.msgid for entry in polib.pofile(str(JS_CATALOGUE))}


def test_the_scripts_catalogue_is_arabic_under_ar_and_english_at_its_own_url(client):
    claimed_by = json.dumps("تبنّتها:")  # the catalogue is JSON inside the script, \u-escaped
    assert claimed_by in page(client, "/ar/jsi18n/") and json.dumps("تعذّر رسم المخطط")[:-1] in page(
        client, "/ar/jsi18n/"
    )
    assert claimed_by not in page(client, "/jsi18n/")


def test_every_page_loads_the_catalogue_and_the_digits_before_its_scripts(client):
    make_incident()
    html = page(client, "/ar/")
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts[:2] == ["/ar/jsi18n/", "/static/js/numerals.js"]
    assert any("incident_map.js" in src for src in scripts[2:])
    assert '<script src="/jsi18n/">' in page(client, "/")


def test_digits_are_western_by_default_and_arabic_indic_by_the_readers_choice(client):
    make_incident(killed=12, wounded=3)
    western = page(client, "/ar/")
    assert 'data-digits="western"' in western and 'data-figure="killed">12<' in western
    chosen = page(client, "/ar/", **{DIGITS_COOKIE: ARABIC_INDIC})
    assert 'data-digits="arabic-indic"' in chosen and 'data-figure="killed">١٢<' in chosen
    assert "١١ آذار/مارس ٢٠٢٠" in chosen  # dates too (the incident's 11 March 2020)
    table = chosen[chosen.index('id="governorate-table"') :]
    assert re.search(r"<tfoot><tr><th[^>]*>[^<]+</th><td>١</td>", table)  # the table per governorate
    filtered = page(client, "/ar/?type=rocket&governorate=baghdad", **{DIGITS_COOKIE: ARABIC_INDIC})
    assert "(المفعّلة: ٢)" in filtered  # how many filters are active


def test_the_chosen_digits_reach_the_numbers_inside_translated_sentences(client):
    """The heading's and the footer's years and the map legend's counts are part of translated
    texts: they follow the reader's digits like every other number on the page."""
    make_incident()
    for url in ("/ar/", "/ar/embed/map/"):
        html = page(client, url, **{DIGITS_COOKIE: ARABIC_INDIC})
        assert "في العراق، ٢٠١٩–٢٠٢٠</h1>" in html
    html = page(client, "/ar/", **{DIGITS_COOKIE: ARABIC_INDIC})
    footer = html[html.index('<footer class="site-footer">') :]
    assert "٢٠١٩–٢٠٢٠" in footer and "2019" not in footer
    legend = html[html.index('id="map-legend"') : html.index('id="choropleth-legend"')]
    assert "<span>١٢٠</span>" in legend and not re.search(r"[0-9]", legend)


def test_a_number_in_a_filter_error_follows_the_readers_digits(client):
    client.cookies[DIGITS_COOKIE] = ARABIC_INDIC
    words = " ".join(f"word{letter}" for letter in "bcdfgjklmnprstvwxz")  # more than MAX_TERMS
    response = client.get("/ar/incidents/", {"q": words})
    assert response.status_code == 400
    assert "ابحث بـ١٦ كلمة مختلفة على الأكثر." in response.content.decode()
    assert client.get("/api/incidents/", {"q": words}).json()["errors"]["q"] == [
        "Search for at most 16 different words."
    ]


def test_every_number_of_the_no_such_page_error_follows_the_readers_digits(client, monkeypatch):
    """ "From 1 to 2": the first page's number is part of the sentence, the last is counted."""
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for _ in range(3):
        make_incident()
    client.cookies[DIGITS_COOKIE] = ARABIC_INDIC
    response = client.get("/ar/incidents/", {"page": 5})
    assert response.status_code == 400
    assert "يجب أن تكون الصفحة عددًا صحيحًا من ١ إلى ٢ (آخر صفحة)." in response.content.decode()


def test_the_english_pages_keep_western_digits_whatever_the_cookie(client):
    make_incident(killed=12)
    html = page(client, "/", **{DIGITS_COOKIE: ARABIC_INDIC})
    assert 'data-figure="killed">12<' in html and 'data-digits="western"' in html


def test_the_digits_link_sets_the_choice_and_returns_to_the_same_filtered_page(client):
    make_incident()
    html = page(client, "/ar/incidents/?type=rocket")
    assert 'href="/ar/digits/?digits=arabic-indic&amp;next=%2Far%2Fincidents%2F%3Ftype%3Drocket"' in html
    response = client.get("/ar/digits/", {"digits": "arabic-indic", "next": "/ar/incidents/?type=rocket"})
    assert response.status_code == 302 and response["Location"] == "/ar/incidents/?type=rocket"
    assert response.cookies[DIGITS_COOKIE].value == ARABIC_INDIC
    # The choice is no query parameter: the page reads its filter and notes nothing ignored.
    assert 'id="ignored-parameters"' not in page(client, "/ar/incidents/?type=rocket")


def test_the_digits_link_refuses_an_unknown_choice_and_never_sends_the_reader_off_the_site(client):
    assert client.get("/ar/digits/", {"digits": "roman"}).status_code == 400
    assert client.get("/ar/digits/", {"digits": "western", "colour": "red"}).status_code == 400
    for elsewhere in ("https://evil.example/", "//evil.example/", "/ar/\r\nSet-Cookie: x=1"):
        response = client.get("/ar/digits/", {"digits": "western", "next": elsewhere})
        assert response.status_code == 302 and response["Location"] == "/ar/", elsewhere


def test_arabic_dates_name_the_month_the_iraqi_way_and_the_standard_way_with_the_precision_in_arabic(client):
    make_incident(date=datetime.date(2020, 8, 14), date_precision="month", title="A month-precision attack")
    html = page(client, "/ar/incidents/")
    assert "آب/أغسطس 2020 (شهر)" in html
    assert "August 2020 (month)" in page(client, "/incidents/")


def test_choice_labels_are_translated_on_arabic_pages_and_the_exports_keep_their_codes(client):
    make_incident(type="drone", target="diplomatic")
    html = page(client, "/ar/incidents/")
    assert "طائرة مسيّرة" in html and "صاروخ أو هاون" in html  # the row, and the filter's choices
    csv = b"".join(client.get("/ar/incidents/export.csv").streaming_content).decode()
    assert ",drone,diplomatic," in csv and "طائرة" not in csv


def test_places_and_groups_are_named_in_arabic_and_english_is_marked_where_there_is_no_arabic(client):
    taji = make_location(name="Camp Taji", arabic_name="معسكر التاجي")
    incident = make_incident(location=taji)
    make_claim(incident, make_group(name="Kataib Hezbollah", slug="kataib-hezbollah", arabic_name="كتائب حزب الله"))
    make_claim(make_incident(location=make_location(name="Camp Nowhere")), make_group(name="No Arabic", slug="n"))
    html = page(client, "/ar/incidents/")
    assert "<bdi>معسكر التاجي</bdi> (<bdi>بغداد</bdi>)" in html
    assert "<bdi>كتائب حزب الله</bdi>" in html
    assert '<bdi lang="en">Camp Nowhere</bdi> <span class="in-english">(بالإنكليزية)</span>' in html
    assert '<bdi lang="en">No Arabic</bdi> <span class="in-english">(بالإنكليزية)</span>' in html
    assert "(بالإنكليزية)" not in page(client, "/incidents/")
    # The filter's options too.
    assert 'value="baghdad">بغداد<' in html
    assert re.search(r'value="kataib-hezbollah"[^>]*> كتائب حزب الله</label>', html)


def test_lists_of_names_are_in_the_order_of_the_names_the_page_shows(client):
    """The governorates' select, the groups' boxes and the groups page list Arabic names in Arabic
    order on Arabic pages (not in the English names' order), English names in English order."""
    make_group(name="Asa'ib Ahl al-Haq", arabic_name="عصائب أهل الحق", slug="aah", public=True)
    make_group(name="Kata'ib Hezbollah", arabic_name="كتائب حزب الله", slug="kh", public=True)
    make_group(name="Saraya Awliya al-Dam", arabic_name="سرايا أولياء الدم", slug="sad", public=True)
    make_incident()

    def options(html, pattern):
        return re.findall(pattern, html)

    form = page(client, "/ar/incidents/")
    governorates = options(form, r'<option value="[a-z-]+">([^<]+)</option>')[:18]
    assert governorates == sorted(governorates) and governorates[0] == "أربيل"
    assert options(form, r'name="group" value="([a-z]+)"') == ["sad", "aah", "kh"]
    assert options(page(client, "/ar/groups/"), r'href="/ar/groups/([a-z]+)/"') == ["sad", "aah", "kh"]
    overview = page(client, "/ar/")
    table = overview[overview.index('id="governorate-table"') :]
    table = table[: table.index("</tbody>")]
    rows = options(table, r'<th scope="row">(?:<a [^>]*>)?([^<]+)<')[:18]
    assert rows == sorted(rows) and rows[0] == "أربيل"
    assert options(page(client, "/incidents/"), r'name="group" value="([a-z]+)"') == ["aah", "kh", "sad"]


def test_an_arabic_title_and_summary_show_on_the_arabic_page_and_english_is_marked_without_them(client):
    translated = make_incident(title="Rockets hit Camp Taji", title_ar="صواريخ تضرب معسكر التاجي", summary_ar="ملخص")
    untranslated = make_incident(title="Drone over the embassy", summary="Seen at night.")
    html = page(client, f"/ar/incidents/{translated.pk}/")
    assert "<h1><bdi>صواريخ تضرب معسكر التاجي</bdi></h1>" in html and "ملخص" in html
    html = page(client, f"/ar/incidents/{untranslated.pk}/")
    assert '<h1><bdi lang="en">Drone over the embassy</bdi> <span class="in-english">(بالإنكليزية)</span></h1>' in html
    assert '<p class="summary" lang="en" dir="ltr">Seen at night. <span class="in-english"' in html
    assert "صواريخ تضرب" not in page(client, f"/incidents/{translated.pk}/")


def test_the_arabic_incident_pages_map_reads_its_point_written_the_scripts_way(client):
    """Arabic writes a decimal comma; the point for the map's script keeps its dot."""
    incident = make_incident()
    assert 'data-point="33.52944,44.2775"' in page(client, f"/ar/incidents/{incident.pk}/")


def test_search_finds_an_incident_by_its_arabic_title_and_the_exports_carry_it(client):
    make_incident(title="Rockets hit Camp Taji", title_ar="صواريخ تضرب معسكر التاجي")
    make_incident(title="Something else")
    found = Incident.objects.published().search("معسكر التاجي")
    assert [incident.title for incident in found] == ["Rockets hit Camp Taji"]
    assert CSV_HEADER.index("title_ar") == CSV_HEADER.index("summary") + 1
    csv = b"".join(client.get("/incidents/export.csv").streaming_content).decode()
    assert "صواريخ تضرب معسكر التاجي" in csv


def test_the_chart_and_the_map_speak_the_pages_language_and_keep_their_cache_apart(client):
    make_incident(location=make_location(name="Camp Taji", arabic_name="معسكر التاجي"))
    english = client.get("/incidents/chart.json").json()
    arabic = client.get("/ar/incidents/chart.json").json()
    assert english["series"][0]["label"] == "Rocket or mortar" and english["periods"][0]["label"] == "Mar 2020"
    assert arabic["series"][0]["label"] == "صاروخ أو هاون" and arabic["periods"][0]["label"] == "آذار/مارس 2020"
    assert client.get("/incidents/chart.json").json() == english  # not the Arabic answer from the cache
    feature = client.get("/ar/incidents/map.geojson").json()["features"][0]["properties"]
    assert feature["place_display"] == "معسكر التاجي (بغداد)" and feature["place"] == "Camp Taji (Baghdad)"
    assert feature["title_lang"] == "en" and feature["date_display"] == "11 آذار/مارس 2020"


def test_an_editor_adds_an_arabic_title_in_the_admin_as_a_public_correction(editor_client):
    incident = make_incident(title="Rockets hit Camp Taji")
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    form = editor_client.get(url)
    assert 'name="title_ar"' in form.content.decode() and 'name="summary_ar"' in form.content.decode()
    refused = editor_client.post(url, {**as_posted(form), "title_ar": "صواريخ تضرب معسكر التاجي"})
    assert refused.status_code == 200  # a published incident's public text changes only with a note
    saved = editor_client.post(
        url, {**as_posted(form), "title_ar": "صواريخ تضرب معسكر التاجي", "correction_note": "Arabic title added"}
    )
    assert saved.status_code == 302
    assert Correction.objects.get().changes == [["title_ar", "(empty)", "صواريخ تضرب معسكر التاجي"]]


def test_the_analysts_workspace_is_in_arabic_under_ar_admin_with_our_labels(editor_client):
    incident = make_incident()
    html = editor_client.get(f"/ar/admin/incidents/incident/{incident.pk}/change/").content.decode()
    assert 'lang="ar" dir="rtl"' in html and "متتبع الهجمات — المحللون" in html
    assert "العنوان" in html and "بالعربية (اختياري" in html and "صاروخ أو هاون" in html
    assert '<html lang="en" dir="ltr">' in editor_client.get("/admin/").content.decode()  # English stays
