"""The words counted incidents are found by, kept by PostgreSQL (incidents/found_words.py): after
every kind of write the rows are exactly those the incidents give now, and a public search
counted from them — the list's total and ranked page, the API's count, the overview's figures,
chart and map — finds, ranks and counts what the found text's LIKE over the incidents does."""

import datetime
import random

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from incidents import found_words, search
from incidents.filters import FOUND_WORD_SORTS, IncidentFilter
from incidents.models import Claim, FoundWord, Group, Incident
from incidents.synthetic import generate
from tests import test_search
from tests.factories import make_claim, make_group, make_incident, make_location

world = test_search.world  # the fixture
SPELLINGS = test_search.SPELLINGS
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the words' rows exist on PostgreSQL only"),
]
COLUMNS = ", ".join(["word", "incident_id", *found_words.COLUMNS])


def rows(sql):
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return sorted(cursor.fetchall())


def assert_rows_current():
    """The table holds exactly the rows the incidents give now, each once, and they are of the
    incidents every public count counts (IncidentQuerySet.counted), every one of them."""
    kept = rows(f"SELECT {COLUMNS} FROM {found_words.TABLE}")
    assert kept == rows(f"SELECT {COLUMNS} FROM ({found_words.rows_sql('incidents_incident')}) now")
    assert len(kept) == len(set(kept))
    assert {row[1] for row in kept} == set(Incident.objects.counted().values_list("pk", flat=True))


def words_of(incident):
    return {word for (word,) in rows(f"SELECT word FROM {found_words.TABLE} WHERE incident_id = {incident.pk}")}


def public_filter(query):
    filterset = IncidentFilter(query, queryset=Incident.objects.published())
    assert filterset.is_valid(), filterset.errors
    return filterset


def test_a_counted_incident_has_its_words_names_and_aliases_and_a_draft_or_duplicate_none(world):
    taji = world["taji"]
    words = words_of(taji)
    assert {"rackats", "camp", "taja", "kh"} <= words  # its title, place and its group's alias (normalised)
    assert "|katab hazbala" in words and "/kh" in words and "/katab hazbala" in words  # names and aliases whole
    assert not {"", "|", "/", "~"} & words
    draft = make_incident(title="Rockets hit Camp Taji", status=Incident.Status.DRAFT)
    duplicate = make_incident(title="Rockets hit Camp Taji", duplicate_of=taji)
    assert words_of(draft) == set() and words_of(duplicate) == set()
    assert_rows_current()


def test_every_kind_of_write_keeps_the_rows_current(world):
    taji, basra = world["taji"], world["basra"]
    taji.title = "Rockets hit Camp Taji again"
    taji.save()
    assert "agan" in words_of(taji)
    kh = Group.objects.get(name="Kataib Hezbollah")
    kh.aliases += "\nHezbollah Brigade Media"
    kh.save()  # rewrites the found text of its incidents
    assert "mada" in words_of(taji)
    claim = Claim.objects.get(incident=taji)
    claim.incident = basra
    claim.save()
    assert "kh" not in words_of(taji) and "kh" in words_of(basra)
    assert_rows_current()
    basra.status = Incident.Status.DRAFT
    basra.save()
    assert words_of(basra) == set()
    basra.status = Incident.Status.PUBLISHED
    basra.save()
    assert "kh" in words_of(basra)
    Incident.objects.filter(pk=world["asad"].pk).update(duplicate_of=taji)
    assert words_of(world["asad"]) == set()
    day = datetime.date(2020, 2, 2)
    Incident.objects.filter(pk=world["hashimi"].pk).update(killed=4, date=day, date_end=day)
    assert_rows_current()
    Incident.objects.filter(pk=world["embassy"].pk).delete()
    with connection.cursor() as cursor:
        cursor.execute("UPDATE incidents_incident SET type = 'drone' WHERE id = %s", [world["convoy"].pk])
    assert_rows_current()
    generate(40, seed=3, batch_size=15, progress=False)
    assert_rows_current()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("TRUNCATE incidents_incident CASCADE")
    assert rows(f"SELECT word FROM {found_words.TABLE}") == []


def test_the_rows_are_vacuumed_after_thousands_of_rows_written_not_a_fifth_of_the_table():
    """Else their index-only scans read the table for every page written since the last vacuum."""
    (options,) = rows(f"SELECT reloptions FROM pg_class WHERE relname = '{found_words.TABLE}'")[0]
    assert f"autovacuum_vacuum_insert_threshold={found_words.VACUUM_AFTER}" in options
    assert "autovacuum_vacuum_scale_factor=0" in options and "autovacuum_vacuum_insert_scale_factor=0" in options


def test_the_rows_of_an_older_definition_are_made_again_from_the_incidents(world):
    with connection.cursor() as cursor:
        cursor.execute(f"COMMENT ON TABLE {found_words.TABLE} IS 'an older definition'")
        cursor.execute(f"DELETE FROM {found_words.TABLE} WHERE word = 'taja'")
    found_words.install(connection)
    assert "taja" in words_of(world["taji"])
    assert_rows_current()


def ranked_by_incidents(filterset):
    """The page's ids as the found text's LIKE over the incidents ranks them."""
    return list(filterset.listed().values_list("pk", flat=True))


MORE_QUERIES = ["Rockets", "rockets camp", "Camp Taji Kataib", "kh rockets", "Basra airport", "Hezbollah Brigades"]


@pytest.mark.parametrize("query", [query for query, _ in SPELLINGS] + MORE_QUERIES)
def test_a_search_counted_from_the_words_finds_and_ranks_what_the_incidents_do(client, world, query):
    make_incident(title="Kataib Hezbollah statement", date=datetime.date(2020, 12, 1))
    aliased = make_incident(title="Drone over the airport", date=datetime.date(2020, 6, 1))
    make_claim(aliased, make_group(name="Hezbollah Brigades Media", aliases="Kataib Hezbollah"))
    filterset = public_filter({"q": query})
    found = filterset.found_words
    expected = ranked_by_incidents(filterset)
    if found is None:  # no word to search for
        assert expected == []
        return
    assert found.count() == len(expected)
    assert found.ranked_page(query, 0, 50) == (expected, len(expected) if expected else None)
    assert found.ranked_page(query, 1, 3)[0] == expected[1:3]
    response = client.get(reverse("incident_list"), {"q": query})
    assert [incident.pk for incident in response.context["page"].object_list] == expected
    assert response.context["page"].paginator.count == len(expected)


@pytest.mark.parametrize(
    "query",
    [
        {"q": "Rockets"},
        {"q": "Rockets", "type": ["rocket"]},
        {"q": "Rockets Taji", "date_after": "2020-01-01", "date_before": "2020-12-31"},
        {"q": "rockets", "headline": "us_coalition_attacks"},
        {"q": "rockets", "target_owner": ["us_military", "unknown"]},
        {"q": "rockets", "governorate": "baghdad"},  # through the rows' place
        {"q": "Kataib", "governorate": "Al-Anbar", "type": ["rocket", "drone"]},
        {"q": "rockets", "group": ["Kataib Hezbollah"]},  # through the groups' claims
        {"q": "rockets", "group": ["Kataib Hezbollah", "Asa'ib Ahl al-Haq"], "date_after": "2020-01-01"},
    ],
)
def test_the_figures_chart_and_map_of_a_search_are_those_of_the_incidents(world, query):
    generate(60, seed=5, batch_size=30, progress=False)
    Incident.objects.filter(pk=world["taji"].pk).update(target_owner="us_military")
    if "group" in query:  # by name here: their slugs are the factory's
        query = {**query, "group": [Group.objects.get(name=name).slug for name in query["group"]]}
    filterset = public_filter(query)
    found, incidents = filterset.found_words, filterset.qs
    assert found is not None and found.count() == incidents.count() > 0
    assert found.ranked_page(query["q"], 0, 100)[0] == ranked_by_incidents(filterset)
    assert found.headline_figures(incidents) == incidents.headline_figures()
    assert found.counts_by_date_and_type() == incidents.counts_by_date_and_type()
    assert found.counts_by_date_and_type("month") == incidents.counts_by_date_and_type("month")
    assert found.counts_by_place() == incidents.counts_by_place()


@pytest.mark.parametrize("language", ["en", "ar"])
def test_a_search_sorted_by_what_its_words_rows_carry_is_listed_from_them_in_the_incidents_order(
    client, world, language
):
    generate(80, seed=7, batch_size=40, progress=False)  # ties and unknowns (killed, wounded) to order
    for sort in sorted(FOUND_WORD_SORTS):
        for value in (sort, f"-{sort}"):
            with translation.override(language):
                filterset = public_filter({"q": "rocket", "sort": value})
                listed = list(filterset.listed_ids())
                assert listed[0] != 0 and listed == ranked_by_incidents(filterset), value
            assert found_words.TABLE in str(filterset.listed_ids().query)
            response = client.get(
                f"/{language}/incidents/" if language == "ar" else "/incidents/", {"q": "rocket", "sort": value}
            )
            assert [incident.pk for incident in response.context["page"].object_list] == listed[:50]
    for value in ("-date", "title", ""):  # the incidents give these
        assert found_words.TABLE not in str(public_filter({"q": "rocket", "sort": value}).listed_ids().query)


def test_what_the_words_rows_dont_hold_is_searched_in_the_incidents(world):
    for query in (
        {"q": "Rockets", "include_duplicates": "1"},  # the rows are of counted incidents only
        {"q": "Rockets", "target": "military_base"},
        {"q": "Rockets", "confidence": ["high"]},
        {"q": "Rockets", "group": [Group.objects.get(name="Kataib Hezbollah").slug], "with_fronts": "on"},
        {"q": "'-–"},  # no word
    ):
        assert public_filter(query).found_words is None, query


def test_the_pages_of_a_search_read_no_incident_to_count_it(client, world):
    pages = [
        (reverse("incident_list"), {"q": "Rockets"}),
        (reverse("incident_list"), {"q": "Rockets", "sort": "-date"}),  # its page read by date, its total not
        (reverse("overview"), {"q": "Rockets"}),
        (reverse("incident_list"), {"q": "Rockets", "governorate": "baghdad"}),
        (reverse("api-incident-list"), {"q": "Rockets"}),
    ]
    for url, query in pages:
        cache.clear()  # each page cold: they share their totals
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, query)
        assert response.status_code == 200
        counting = [q["sql"] for q in queries if "COUNT(" in q["sql"] and "incidents_group" not in q["sql"]]
        assert counting and all(found_words.TABLE in sql and "found_text" not in sql for sql in counting), url
    api = client.get(reverse("api-incident-list"), {"q": "Rockets"}).json()
    assert api["count"] == Incident.objects.counted().matching("Rockets").count() == 3
    by_date = client.get(reverse("incident_list"), {"q": "Rockets", "sort": "-date"}).context["page"]
    assert by_date.paginator.count == 3 and len(by_date.object_list) == 3


def test_a_place_renamed_changes_what_finds_its_incidents_at_once(client, world):
    place = world["taji"].location
    place.name = "Taji Military Complex"
    place.save()
    assert FoundWord.objects.matching("complex").count() == 1
    assert FoundWord.objects.matching("Camp Taji").count() == 1  # its title
    make_location(name="Military Complex")  # a place of no incident finds nothing
    assert FoundWord.objects.matching("complex").count() == 1
    assert_rows_current()


def seed_queries():
    """Queries made of the seed data set's own text: every distinct word of its counted incidents'
    titles, places and groups as written (whole, its first four letters, its first two), and
    each title's first two and last three words, so whole words, prefixes, abbreviations, Arabic
    and several words together are all asked. Sorted: the same queries whatever the hash seed."""
    counted = Incident.objects.counted().select_related("location__governorate")
    texts = set()
    for incident in counted:
        texts |= {incident.title, incident.title_ar, incident.location.name, incident.location.arabic_name}
    texts |= {text for group in Group.objects.all() for text in (group.name, group.arabic_name, *group.alias_list)}
    words = {word for text in texts if text for word in text.split()}
    queries = {query for word in words for query in (word, word[:4], word[:2])}
    phrases = [text.split() for text in texts if text]
    queries |= {" ".join(words[:2]) for words in phrases} | {" ".join(words[-3:]) for words in phrases}
    return sorted(query for query in queries if query.strip())


def test_every_word_of_the_seed_data_set_finds_ranks_and_counts_as_the_incidents_do(client):
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    queries = seed_queries()
    assert len(queries) > 300
    differ, finding = [], 0
    for number, query in enumerate(queries):
        filterset = public_filter({"q": query})
        expected = ranked_by_incidents(filterset) if search.terms(query) else []
        found = filterset.found_words
        got = [] if found is None else found.ranked_page(query, 0, 1000)[0]
        if got != expected or (found is not None and found.count() != len(expected)):
            differ.append(query)
        elif found is not None and number % 8 == 0:  # the figures too, for every eighth
            incidents = filterset.qs
            if (found.headline_figures(incidents), found.counts_by_place()) != (
                incidents.headline_figures(),
                incidents.counts_by_place(),
            ):
                differ.append(query)
        finding += bool(expected)
    assert differ == []
    assert finding > 300  # most find incidents: the comparison is of something


def test_a_word_longer_than_an_index_holds_is_kept_by_its_start_and_still_found():
    """An analyst's pasted hash or blob is one word of thousands of letters: PostgreSQL's B-tree
    takes rows of at most 2,704 bytes, so the word is kept by its first MAX_WORD letters, as far
    as a query (at most 200 characters) can ask of it."""
    letters = "bcdfgjklmnprstvxz0123456789"
    draw = random.Random(1)
    long_word = "".join(draw.choice(letters) for _ in range(4000))  # incompressible, as a hash is
    incident = make_incident(title="Rockets", summary=f"Found {long_word} at the site")
    assert max(map(len, words_of(incident))) == found_words.MAX_WORD
    stored = search.normalise(long_word)
    for query in (stored[:20], stored[: found_words.MAX_WORD - 1], f"Rockets {stored[:150]}"):
        filterset = public_filter({"q": query})
        assert filterset.found_words.count() == 1 == len(ranked_by_incidents(filterset))
    assert public_filter({"q": stored[: found_words.MAX_WORD]}).found_words is None  # asked of the incidents
    assert_rows_current()
