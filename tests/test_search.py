"""Search finds a name however it is spelled: Latin transliterations, Arabic script and the
data set's abbreviations, the same on SQLite and PostgreSQL, behind the public `q` filter, the
API and the admin; exact names rank first."""

import csv
import datetime
import io
import json
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.core import serializers
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.models import Claim, Governorate, Group, Incident, Location
from incidents.search import MAX_TERMS, normalise, terms
from tests.factories import make_claim, make_group, make_incident, make_location

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Five incidents whose groups and places have the names (Latin and Arabic) and aliases the
    seed data set gives them, and words that contain the abbreviations without being them."""
    kh = make_group(
        name="Kataib Hezbollah",
        arabic_name="كتائب حزب الله",
        aliases="Kata'ib Hizballah\nHezbollah Brigades\nKH",
    )
    aah = make_group(name="Asa'ib Ahl al-Haq", arabic_name="عصائب أهل الحق", aliases="AAH\nLeague of the Righteous")
    pmf = make_group(name="Popular Mobilization Forces", arabic_name="الحشد الشعبي", aliases="PMF\nHashd al-Shaabi")
    usbat = make_group(name="Usbat al-Thaireen", arabic_name="عصبة الثائرين", aliases="League of Revolutionaries")
    kahf = make_group(name="Ashab al-Kahf", arabic_name="أصحاب الكهف")
    baghdad, anbar, basra, qadisiyyah = (
        Governorate.objects.get(slug=slug) for slug in ("baghdad", "anbar", "basra", "qadisiyyah")
    )
    incidents = {
        "taji": make_incident(
            title="Rockets hit Camp Taji",
            location=make_location(name="Camp Taji", arabic_name="معسكر التاجي", governorate=baghdad),
        ),
        "asad": make_incident(
            title="Rockets at Ain al-Asad",
            location=make_location(name="Ain al-Asad Air Base", arabic_name="قاعدة عين الأسد", governorate=anbar),
        ),
        "hashimi": make_incident(
            title="Assassination of Husham al-Hashimi",
            type=Incident.Type.ASSASSINATION,
            location=make_location(name="Zayouna", governorate=baghdad),
        ),
        "convoy": make_incident(
            title="IED on a logistics convoy",
            summary="استهدف رتل للدعم اللوجستي على الطريق السريع.",
            location=make_location(name="Diwaniyah", governorate=qadisiyyah),
        ),
        "basra": make_incident(
            title="Rockets near Basra airport",
            summary="Fired from Khor az-Zubair; a khaki pick-up truck was found.",
            location=make_location(name="Basra International Airport", governorate=basra),
        ),
        "embassy": make_incident(
            title="Storming of the US embassy",
            location=make_location(name="US Embassy Baghdad", governorate=baghdad),
        ),
    }
    make_claim(incidents["taji"], kh)
    make_claim(incidents["asad"], aah, kind=Claim.Kind.ATTRIBUTED)
    make_claim(incidents["hashimi"], None, actor="Unidentified gunmen", kind=Claim.Kind.SUSPECTED)
    make_claim(incidents["convoy"], usbat)
    make_claim(incidents["basra"], kahf)
    make_claim(incidents["embassy"], pmf, kind=Claim.Kind.ATTRIBUTED)
    return incidents


# (query, the incidents it finds): every spelling a reader might type.
SPELLINGS = [
    # Latin transliterations of one name
    ("Kataib Hizballah", {"taji"}),
    ("Kata'ib Hizballah", {"taji"}),
    ("Kataib Hezbollah", {"taji"}),
    ("KATAEB HEZBOLLAH", {"taji"}),
    ("Kata’ib Hizbullah", {"taji"}),
    ("Hezbollah Brigades", {"taji"}),
    ("Hizb", {"taji"}),
    ("Kataib Hizb Allah", {"taji"}),  # Allah written apart
    ("Hezb-ollah", {"taji"}),
    ("Hezbol", {"taji"}),  # a name typed halfway
    ("Hashemi", {"hashimi"}),
    ("Hashimi", {"hashimi"}),
    ("al-Hashemi", {"hashimi"}),
    ("Hisham el-Hashimi", {"hashimi"}),
    ("Asaib Ahl al-Haq", {"asad"}),
    ("ʿAṣāʾib Ahl el-Ḥaqq", {"asad"}),
    ("Ein el-Assad", {"asad"}),
    ("Ayn al-Asad", {"asad"}),  # a diphthong written with y is a vowel
    ("ʿAyn al-Asad", {"asad"}),
    ("Usbat al-Thairin", {"convoy"}),
    ("League of Revolutionaries", {"convoy"}),
    ("Diwaniya", {"convoy"}),
    ("Khor al-Zubair", {"basra"}),
    ("Al-Basrah", {"basra"}),  # the ta marbuta written -ah (ISO 3166-2:IQ's spelling)
    ("Qadissiya", {"convoy"}),  # a governorate's alias: ACLED's spelling of Al-Qadisiyyah
    ("al-Hashd al-Sha'abi", {"embassy"}),
    # Arabic script: alef forms, ya/alef maqsura, ta marbuta/ha, tatweel, harakat, the article
    ("كتائب حزب الله", {"taji"}),
    ("كتايب", {"taji"}),
    ("كَتَائِبُ حِزْبِ اللّٰه", {"taji"}),
    ("عصائب اهل الحق", {"asad"}),
    ("عين الاسد", {"asad"}),
    ("عصبه الثائرين", {"convoy"}),
    ("أصحاب الكهف", {"basra"}),
    ("اصحاب الكهف", {"basra"}),
    ("بغداد", {"taji", "hashimi", "embassy"}),
    ("بغـــداد", {"taji", "hashimi", "embassy"}),
    ("التاجي", {"taji"}),
    ("رتل", {"convoy"}),
    ("الحشد الشعبى", {"embassy"}),
    # abbreviations: whole words through aliases, never a chance substring (Khor, khaki)
    ("KH", {"taji"}),
    ("kh", {"taji"}),
    ("AAH", {"asad"}),
    ("A.A.H.", {"asad"}),  # an initialism written with dots
    ("K.H.", {"taji"}),
    ("U.S. embassy", {"embassy"}),
    ("PMF", {"embassy"}),
    # words that match in different records (the group's name, the governorate's)
    ("Hezbollah Baghdad", {"taji"}),
    ("Baghdad", {"taji", "hashimi", "embassy"}),
    ("unidentified gunmen", {"hashimi"}),
    # no match
    ("Hezbollah Basra", set()),
    ("Kataib Sayyid al-Shuhada", set()),
    ("bollah", set()),
    ("K", set()),
    ("Nujaba", set()),
    ("حزب الدعوة", set()),
    ("'-–", set()),
]


@pytest.mark.parametrize(("query", "expected"), SPELLINGS)
def test_q_finds_a_name_however_it_is_spelled(client, world, query, expected):
    response = client.get(reverse("incident_list"), {"q": query})
    assert response.status_code == 200
    found = set(response.context["page"].paginator.object_list)
    assert found == {world[name].pk for name in expected}


def test_the_spelling_table_is_large_and_covers_arabic_abbreviations_and_no_match():
    assert len(SPELLINGS) >= 30
    assert sum(1 for query, _ in SPELLINGS if any("\u0600" <= c <= "\u06ff" for c in query)) >= 10
    assert sum(1 for _, expected in SPELLINGS if not expected) >= 5


def test_the_api_and_the_csv_search_as_the_list_does(client, world):
    api = client.get(reverse("api-incident-list"), {"q": "Kata'ib Hizbullah"}).json()
    assert [item["id"] for item in api["results"]] == [world["taji"].pk]
    csv = b"".join(client.get(reverse("incident_export_csv"), {"q": "AAH"}).streaming_content).decode()
    assert "Rockets at Ain al-Asad" in csv and "Camp Taji" not in csv


def test_the_list_ranks_exact_names_then_aliases_then_close_spellings_when_no_sort_is_asked(client, world):
    named = world["taji"]  # claimed by the group named exactly that
    close = make_incident(title="Kataib Hezbollah statement on the strikes", date=datetime.date(2020, 12, 1))
    aliased = make_incident(title="Drone over the airport", date=datetime.date(2020, 6, 1))
    make_claim(aliased, make_group(name="Hezbollah Brigades Media", aliases="Kataib Hezbollah"))
    response = client.get(reverse("incident_list"), {"q": "Kataib Hezbollah"})
    assert [i.pk for i in response.context["page"].object_list] == [named.pk, aliased.pk, close.pk]
    by_date = client.get(reverse("incident_list"), {"q": "Kataib Hezbollah", "sort": "-date"})
    assert [i.pk for i in by_date.context["page"].object_list] == [close.pk, aliased.pk, named.pk]


def test_admin_search_and_autocomplete_use_the_same_search_exact_names_first(admin_client, world):
    exact = make_group(name="Hezbollah")
    aliased = make_group(name="Party of God", aliases="Hezbollah")
    changelist = admin_client.get(reverse("admin:incidents_incident_changelist"), {"q": "Hizballah"})
    assert set(changelist.context["cl"].result_list) == {world["taji"]}
    autocomplete = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "incidents", "model_name": "claim", "field_name": "group", "term": "Hizbullah"},
    )
    names = [result["text"] for result in autocomplete.json()["results"]]
    assert names == [exact.name, aliased.name, "Kataib Hezbollah"]
    places = admin_client.get(reverse("admin:incidents_location_changelist"), {"q": "التاجى"})
    assert [place.name for place in places.context["cl"].result_list] == ["Camp Taji"]


def test_a_renamed_group_or_place_is_found_by_its_new_name_at_once(client, world):
    group = Group.objects.get(name="Ashab al-Kahf")
    group.aliases = "Companions of the Cave"
    group.save()
    place = Location.objects.get(name="Zayouna")
    place.arabic_name = "زيونة"
    place.save()
    assert set(
        client.get(reverse("incident_list"), {"q": "Companions of the cave"}).context["page"].paginator.object_list
    ) == {world["basra"].pk}
    assert set(client.get(reverse("incident_list"), {"q": "زيونه"}).context["page"].paginator.object_list) == {
        world["hashimi"].pk
    }


def incident_updates(save):
    """The UPDATEs of incidents' found text that save() runs (it raises their versions regardless:
    ShownOnIncidents)."""
    with CaptureQueriesContext(connection) as queries:
        save()
    updates = [q["sql"] for q in queries.captured_queries if q["sql"].startswith('UPDATE "incidents_incident"')]
    return [sql for sql in updates if '"found_text"' in sql]


def test_saving_a_group_place_or_governorate_rewrites_found_text_only_when_what_it_reads_changed(client, world):
    """A save that leaves a record's searched fields (name, Arabic name, aliases; a place's
    governorate) as they were touches none of the incidents naming it; a changed one finds them
    by it at once."""
    group = Group.objects.get(name="Ashab al-Kahf")
    place = Location.objects.get(name="Zayouna")
    governorate = Governorate.objects.get(slug="qadisiyyah")
    for record in (group, place, governorate):
        assert incident_updates(record.save) == [], record
    group.aliases = "Companions of the Cave"
    assert len(incident_updates(group.save)) == 1
    assert found(client, "Companions of the cave") == {world["basra"].pk}
    assert incident_updates(group.save) == []  # saved again as it now is
    place.governorate = Governorate.objects.get(slug="basra")
    place.save()
    assert world["hashimi"].pk in found(client, "Basra")


def test_every_write_path_stores_the_search_text():
    incident = make_incident(title="Kata'ib Hizballah rockets")
    assert " katab hazbala " in incident.search_text
    incident.title = "Asa'ib Ahl al-Haq rockets"
    incident.save()
    assert Incident.objects.get(pk=incident.pk).search_text == f" | {normalise(incident.title)} | "
    [created] = Incident.objects.bulk_create([Incident(**{**model_fields(incident), "title": "Hashemi"})])
    assert Incident.objects.get(pk=created.pk).search_text == " | hashama | "


def test_a_raw_load_without_search_text_writes_it(world):
    """A fixture or a backup written before search_text existed (loaddata saves raw)."""
    group = Group.objects.get(name="Kataib Hezbollah")
    data = json.loads(serializers.serialize("json", [group]))
    del data[0]["fields"]["search_text"]
    Group.objects.filter(pk=group.pk).update(search_text="")
    for item in serializers.deserialize("json", json.dumps(data)):
        item.save()
    assert "/ kh /" in Group.objects.get(pk=group.pk).search_text


def model_fields(incident):
    names = ("type", "date", "date_end", "date_precision", "target", "confidence", "status", "location")
    return {name: getattr(incident, name) for name in names}


def found(client, query):
    return set(client.get(reverse("incident_list"), {"q": query}).context["page"].paginator.object_list)


def test_a_claim_moved_deleted_or_a_governorate_renamed_changes_what_finds_the_incident(client, world):
    claim = Claim.objects.get(incident=world["taji"])
    claim.incident = world["basra"]
    claim.save()
    assert found(client, "KH") == {world["basra"].pk}
    claim.delete()
    assert found(client, "KH") == set()
    governorate = Governorate.objects.get(slug="qadisiyyah")
    governorate.arabic_name = "الديوانية"
    governorate.save()
    assert found(client, "ديوانيه") == {world["convoy"].pk}


def test_an_import_is_found_by_its_new_title_and_claims_and_a_fixture_by_its_names(client, tmp_path):
    """The import's bulk writes and loaddata's raw saves skip save(): both write the text too."""
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    assert found(client, "Kata'ib Hizbullah")  # the seed, loaded raw
    table = list(csv.DictReader(io.StringIO(export(client).decode())))
    kept = [entry for entry in table[0]["claim_sources"].split("; ") if entry and not entry.startswith("claimed:")]
    table[0].update(
        title="Rockets fired at Zubaydiyah",
        claimed_by="Usbat al-Thaireen",
        claim_sources="; ".join([*kept, "claimed: Usbat al-Thaireen <1>"]),
    )
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=table[0].keys())
    writer.writeheader()
    writer.writerows(table)
    path = tmp_path / "incidents.csv"
    path.write_bytes(buffer.getvalue().encode())
    call_command("import_incidents", str(path), "--note", "Renamed.", stdout=io.StringIO())
    incident = Incident.objects.get(uid=table[0]["uid"])
    assert found(client, "Zubaydiya") == {incident.pk}
    assert incident.pk in found(client, "Asbat al-Thairin")


def export(client):
    return b"".join(client.get(reverse("incident_export_csv")).streaming_content)


def test_loaddata_writes_the_found_text_of_every_incident_it_loads_in_one_update():
    """loaddata notes its raw rows and writes the found text once at the end: the same text a
    rewrite from the stored records gives, whatever order the fixture's rows came in."""
    with CaptureQueriesContext(connection) as load:
        call_command("loaddata", "iraq_2019_2020", verbosity=0)
    rewrites = [query for query in load.captured_queries if 'SET "found_text"' in query["sql"]]
    assert len(rewrites) == 1
    loaded = dict(Incident.objects.values_list("pk", "found_text"))
    assert len(loaded) > 80 and all(loaded.values())
    Incident.objects.update(found_text="")
    Incident.objects.all().refresh_found_text()
    assert dict(Incident.objects.values_list("pk", "found_text")) == loaded


def test_a_diphthong_written_with_y_or_w_is_a_vowel_and_a_y_or_w_before_a_vowel_is_not():
    assert normalise("Ayn al-Asad") == normalise("Ain al-Asad")
    assert normalise("Sulaymani") == normalise("Soleimani") == normalise("Suleimani")
    assert normalise("Saraya Thawrat") == normalise("Saraya Thorat")
    assert normalise("Maysan") == normalise("Misan")
    assert normalise("Sayyid") == normalise("Seyed")
    assert normalise("Diyala") != normalise("Dala")


def test_an_initialisms_dots_go_and_other_dots_split_words():
    assert normalise("U.S. embassy") == normalise("US embassy") == normalise("U.S embassy")
    assert normalise("K.H.") == "kh"
    assert normalise("Dr.Smith") == normalise("Dr Smith")  # not single letters: two words


def test_a_final_h_after_a_vowel_is_the_ta_marbuta_written_or_not():
    assert normalise("Al-Basrah") == normalise("Basra")
    assert normalise("Sulaimaniya") == normalise("Sulaymaniyah")
    assert normalise("Samawah") == normalise("Samawa")
    assert normalise("Sheikh") != normalise("Sheik")  # kh is a letter, not a ta marbuta
    assert normalise("AAH") == "ah"  # nor is an abbreviation's H


def test_allah_written_apart_is_one_word_with_the_word_before_it():
    assert normalise("Hizb Allah") == normalise("Hezbollah") == normalise("Hezb-ollah")
    assert normalise("Abd Allah") == normalise("Abdullah")
    assert normalise("Allah") == "ala"  # alone, it stays a word
    assert normalise("حزب الله") == "حزب له"  # Arabic script writes it apart, and so does its search


def test_rows_stored_with_an_earlier_folding_are_refolded_by_the_migration(client, world):
    """Rows written before the diphthong rule keep its folding ("ayn" for the place's and the
    title's Ayn) until the migration rewrites every row's text for the query's new folding."""
    asad = world["asad"]
    Location.objects.filter(pk=asad.location_id).update(search_text=" | ayn asad ayr basa | ")
    Incident.objects.filter(pk=asad.pk).update(search_text=" | rackats at ayn asad | ")
    Incident.objects.filter(pk=asad.pk).refresh_found_text()
    assert found(client, "Ain al-Asad") == set()
    import_module("incidents.migrations.0029_search_text_refolded").fill_search_text(apps, None)
    assert found(client, "Ain al-Asad") == {asad.pk}


def test_the_refolding_migration_writes_only_the_rows_whose_text_changes(world):
    """Every row is read, and only the stale ones written: the fill took over 21 minutes at
    1,000,000 incidents when it rewrote every row."""
    asad = world["asad"]
    Incident.objects.filter(pk=asad.pk).update(search_text=" | rackats at ayn asad | ")
    fill = import_module("incidents.migrations.0029_search_text_refolded").fill_search_text

    def updates():
        with CaptureQueriesContext(connection) as filled:
            fill(apps, None)
        sqls = [re.sub(r"^\d+ times: ", "", query["sql"]) for query in filled.captured_queries]  # an executemany's
        return [sql for sql in sqls if sql.startswith("UPDATE")]

    stale = updates()
    assert len(stale) == 2  # the one stale search text, then the found texts that differ
    assert 'UPDATE "incidents_incident" SET "search_text"' in stale[0]
    assert Incident.objects.get(pk=asad.pk).search_text == f" | {normalise(asad.title)} | "
    assert [sql.split(" SET ")[1][:14] for sql in updates()] == ['"found_text" =']  # nothing stale: no row rewritten


def test_a_governorates_alias_an_analyst_adds_finds_its_incidents_at_once(client, world):
    """The publishers' spellings are the governorates' aliases (Qadissiya above); one an analyst
    adds (Dulaim, Anbar's name before 1962) is searched for from the next request."""
    assert found(client, "Dulaim") == set()
    anbar = Governorate.objects.get(slug="anbar")
    anbar.aliases = "Dulaim"
    anbar.save()
    assert found(client, "Dulaim") == {world["asad"].pk}
    assert list(Governorate.objects.search("Dulaim")) == [anbar]


def test_a_word_repeated_or_begun_by_another_is_matched_once():
    assert terms("Kata kata KATA Kata'ib kata") == ["katab"]  # "kata" starts "katab": the same rows
    assert terms("KH kh Hezbollah Hizballah") == ["kh", "hazbala"]
    assert terms("kh khalid") == ["kh", "khalad"]  # a short word matches only itself


def test_a_search_repeating_a_word_finds_what_the_word_alone_finds(client, world):
    once = client.get(reverse("incident_list"), {"q": "Hizballah"}).context["page"].paginator.object_list
    repeated = client.get(reverse("incident_list"), {"q": " ".join(["Hizb"] * 30 + ["Hizballah"])})
    assert list(repeated.context["page"].paginator.object_list) == list(once) != []


def test_a_search_of_more_different_words_than_a_name_has_is_refused_saying_so(client, admin_client, world):
    words = [f"w{number:02d}" for number in range(1, MAX_TERMS + 2)]
    refused = client.get(reverse("incident_list"), {"q": " ".join(words)})
    assert refused.status_code == 400
    assert f"Search for at most {MAX_TERMS} different words." in refused.content.decode()
    api = client.get(reverse("api-incident-list"), {"q": " ".join(words)})
    assert api.status_code == 400
    assert api.json()["errors"]["q"] == [f"Search for at most {MAX_TERMS} different words."]
    assert client.get(reverse("incident_list"), {"q": " ".join(words[:MAX_TERMS])}).status_code == 200
    assert client.get(reverse("incident_list"), {"q": " ".join(words[:1] * 50)}).status_code == 200
    changelist = admin_client.get(reverse("admin:incidents_incident_changelist"), {"q": " ".join(words)})
    assert list(changelist.context["cl"].result_list) == []
    assert f"Search for at most {MAX_TERMS} different words." in [str(m) for m in changelist.context["messages"]]
