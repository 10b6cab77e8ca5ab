"""The list's `sort`: unknown killed or wounded counts (and places known only to the country,
which have no governorate) come last in both directions, on SQLite and PostgreSQL alike."""

import pytest
from django.urls import reverse

from incidents.filters import IncidentFilter
from incidents.models import Governorate, Incident
from tests.factories import make_incident, make_location

pytestmark = pytest.mark.django_db


def sorted_by(client, sort, field):
    response = client.get(reverse("incident_list"), {"sort": sort})
    assert response.status_code == 200
    return [getattr(incident, field) for incident in response.context["page"].object_list]


@pytest.mark.parametrize("field", ["killed", "wounded"])
def test_unknown_casualties_sort_last_in_both_directions(client, field):
    for count in (3, None, 0, 7, None):
        make_incident(**{field: count})
    assert sorted_by(client, field, field) == [0, 3, 7, None, None]
    assert sorted_by(client, f"-{field}", field) == [7, 3, 0, None, None]


def governorates_sorted_by(client, sort):
    incidents = client.get(reverse("incident_list"), {"sort": sort}).context["page"].object_list
    return [incident.location.governorate.name if incident.location.governorate_id else None for incident in incidents]


def test_places_without_a_governorate_sort_last_in_both_directions(client):
    for slug in ("basra", None, "anbar"):
        governorate = Governorate.objects.get(slug=slug) if slug else None
        place = make_location(governorate=governorate, latitude=None, longitude=None, geo_precision="country")
        make_incident(location=place)
    assert governorates_sorted_by(client, "governorate") == ["Al-Anbar", "Basra", None]
    assert governorates_sorted_by(client, "-governorate") == ["Basra", "Al-Anbar", None]


def test_a_sorted_page_keeps_its_query_count(client, django_assert_max_num_queries):
    for count in range(60):
        make_incident(killed=count if count % 3 else None)
    with django_assert_max_num_queries(7):  # version, count, ids, incidents, claims, form choices (2)
        assert client.get(reverse("incident_list"), {"sort": "-killed", "page": 2}).status_code == 200


def listed_ids(client, sort, pages):
    ids = []
    for page in range(1, pages + 1):
        response = client.get(reverse("incident_list"), {"sort": sort, "page": page})
        ids += [incident.pk for incident in response.context["page"].object_list]
    return ids


@pytest.mark.parametrize("sort", ["killed", "-killed", "type", "-type", "governorate", "place", "date", "-date"])
def test_incidents_that_tie_follow_their_id_so_each_is_on_exactly_one_page(client, sort):
    """Ties (the same count, type, place or day) are ordered by id in the sort's direction: the
    database's own order of ties changes with each page's LIMIT and OFFSET, and PostgreSQL showed
    incidents on two pages and others on none."""
    place = make_location()
    incidents = [make_incident(location=place, killed=None if n % 2 else 1) for n in range(120)]
    ids = listed_ids(client, sort, pages=3)
    assert sorted(ids) == sorted(incident.pk for incident in incidents)
    unknown = [incident.pk for incident in incidents if incident.killed is None]
    if sort == "killed":
        assert ids[60:] == sorted(unknown)
    if sort == "-killed":
        assert ids[60:] == sorted(unknown, reverse=True)


def arabic_list(client, sort):
    return client.get("/ar/incidents/", {"sort": sort}).context["page"].object_list


def test_the_arabic_list_sorts_titles_and_places_as_it_shows_them(client):
    """The Arabic page shows a title's or a place's Arabic text where there is one: it orders by
    that text, and the English page keeps the English order."""
    for name, arabic in (("Ain al-Asad", "قاعدة عين الأسد"), ("Basra", "البصرة"), ("Camp Taji", "معسكر التاجي")):
        place = make_location(name=name, arabic_name=arabic)
        make_incident(title=f"Rockets on {name}", title_ar=f"صواريخ على {arabic}", location=place)
    make_incident(title="Attack on K-1", location=make_location(name="K-1 Air Base"))
    places = [incident.location.arabic_name or incident.location.name for incident in arabic_list(client, "place")]
    assert places == ["K-1 Air Base", "البصرة", "قاعدة عين الأسد", "معسكر التاجي"]
    titles = [incident.title_ar or incident.title for incident in arabic_list(client, "-title")]
    assert titles == ["صواريخ على معسكر التاجي", "صواريخ على قاعدة عين الأسد", "صواريخ على البصرة", "Attack on K-1"]
    english = ["Rockets on Ain al-Asad", "Rockets on Basra", "Rockets on Camp Taji", "Attack on K-1"]
    assert [incident.title for incident in client.get("/incidents/", {"sort": "place"}).context["page"]] == english


@pytest.mark.parametrize(
    ("sort", "nulls_last"), [("-date", False), ("date", False), ("-type", False), ("-killed", True)]
)
def test_a_column_that_cant_be_null_sorts_in_its_index_order(sort, nulls_last):
    """`date DESC NULLS LAST` is not the index by date read backwards: PostgreSQL sorted every
    incident for `?sort=-date` (200 ms at a million, 32 for `?sort=date`). Only what may be NULL
    is told where its NULLs go."""
    filterset = IncidentFilter({"sort": sort}, queryset=Incident.objects.all())
    assert filterset.is_valid()
    order = str(filterset.qs.query).split("ORDER BY")[1]
    assert ("NULLS LAST" in order) is nulls_last, order
