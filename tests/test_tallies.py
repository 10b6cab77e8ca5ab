"""The tallies (incidents.tallies) stay exact after every kind of write: each figure they answer
equals a direct count of the incidents, and their rows equal a rebuild from scratch, after a
save, an edit, a bulk insert, an import, raw SQL, a delete, a retraction, a duplicate link, a
claim's change. On SQLite and PostgreSQL alike
(`DATABASE_URL=postgres://… pytest tests/test_tallies.py`)."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.models import Count, Q
from django.test import Client
from django.urls import reverse

from incidents import charts, tallies
from incidents.filters import IncidentFilter
from incidents.models import (
    Claim,
    FoundWord,
    Governorate,
    Group,
    GroupTally,
    Incident,
    MonthTally,
    PlaceTally,
    Tally,
)
from incidents.synthetic import generate
from tests.factories import make_claim, make_group, make_incident, make_location, unsaved_incident

pytestmark = pytest.mark.django_db

# Filters the tallies answer (IncidentFilter.tallies): each figure is compared with the incidents'.
FILTERS = [
    {},
    {"include_duplicates": "on"},
    {"type": ["rocket", "drone"]},
    {"date_after": "2020-01-01", "date_before": "2020-03-31"},
    {"target_owner": ["us_coalition"], "type": ["rocket"]},
    {"target_owner": ["iraqi_state"], "date_before": "2020-01-15"},
    {"headline": "attacks", "include_duplicates": "on"},
    {"type": ["rocket"]},
    {"headline": "other"},
]
DATES = {"date_after", "date_before"}


def snapshot():
    """Every tally's rows, without their ids, in a stable order."""
    return [
        sorted(
            model.objects.values_list(*[f.attname for f in model._meta.fields if f.name != "id"]),
            key=repr,
        )
        for model in tallies.TALLIES
    ]


def valid_filter(query):
    filterset = IncidentFilter(query, queryset=Incident.objects.published())
    assert filterset.is_valid(), filterset.errors
    return filterset


def direct_group_counts():
    """Group.with_incident_counts() as it was before the tallies: a join over the claims."""
    counted = Q(claims__incident__status="published", claims__incident__duplicate_of__isnull=True)
    return {
        group.pk: (group.claimed, group.attributed)
        for group in Group.objects.annotate(
            claimed=Count("claims__incident", filter=counted & Q(claims__kind="claimed"), distinct=True),
            attributed=Count(
                "claims__incident", filter=counted & Q(claims__kind__in=Claim.ATTRIBUTED_KINDS), distinct=True
            ),
        )
    }


def direct_place_counts(incidents):
    return dict(incidents.order_by().values_list("location").annotate(n=Count("pk")))


def assert_exact():
    kept = snapshot()
    tallies.rebuild(connection)
    assert kept == snapshot(), "the triggers' tallies differ from a rebuild"
    for query in FILTERS:
        filterset = valid_filter(query)
        counted = filterset.tallies()
        assert counted.model is Tally
        groups = filterset.tallied(GroupTally.objects.counting())
        direct = filterset.qs.headline_figures()
        assert counted.headline_figures(groups) == direct, query
        assert counted.incident_count() == filterset.qs.count(), query
        for interval in charts.INTERVALS:
            assert charts.chart_data(counted, interval) == charts.chart_data(filterset.qs, interval), query
        assert_months_exact(filterset, query, groups, direct)
        assert_places_exact(filterset, query)
    for group in Group.objects.filter(claims__isnull=False).distinct():
        filterset = valid_filter({"group": [group.slug], "type": ["rocket"]})
        assert list(filterset.tallies().counts_by_date_and_type()) == list(filterset.qs.counts_by_date_and_type())
    by_group = {g.pk: (g.incidents_claimed, g.incidents_attributed) for g in Group.objects.with_incident_counts()}
    assert by_group == direct_group_counts()
    named = Q(public=True) | Q(pk__in=Claim.objects.filter(incident__status="published").values("group"))
    assert set(Group.objects.public()) == set(Group.objects.filter(named))


def assert_months_exact(filterset, query, groups, direct):
    """MonthTally answers what a filter without dates asks by month: the same figures (its first
    and last days from Tally), total and charts by month and year as the incidents give."""
    monthly = filterset.monthly()
    if DATES & set(query):
        assert monthly is None and filterset.counted(by_month=True).model is Tally
        return
    assert monthly.model is MonthTally and filterset.counted(by_month=True).model is MonthTally
    assert monthly.headline_figures(groups, filterset.tallies()) == direct, query
    assert monthly.incident_count() == filterset.qs.count(), query
    for interval in charts.MONTHLY_INTERVALS:
        assert charts.chart_data(monthly, interval) == charts.chart_data(filterset.qs, interval), query


def assert_places_exact(filterset, query):
    """PlaceTally answers the map's counts per place, and so the choropleth's per governorate, for
    every filter without dates (its rows have none), the same as counting the incidents; with
    dates the incidents are counted."""
    places = filterset.places()
    if DATES & set(query):
        assert places is None and filterset.counted(per_place=True).model is Incident
        return
    assert places.model is PlaceTally and filterset.counted(per_place=True).model is PlaceTally
    assert places.counts_by_place() == direct_place_counts(filterset.qs), query
    answer = Client().get(reverse("incident_governorates"), query).json()
    direct = dict(filterset.qs.order_by().values_list("location__governorate__slug").annotate(n=Count("pk")))
    assert {row["slug"]: row["count"] for row in answer["governorates"] if row["count"]} == {
        slug: count for slug, count in direct.items() if slug
    }, query
    assert (answer["without_governorate"], answer["total"]) == (direct.get(None, 0), filterset.qs.count()), query


@pytest.fixture
def seed():
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    assert_exact()


def test_the_seed_loaded_is_tallied_exactly(seed):
    assert Tally.objects.filter(duplicate=False).incident_count() == 80
    assert PlaceTally.objects.exists() and GroupTally.objects.exists()


def test_saves_and_edits_through_the_orm_keep_the_tallies_exact(seed):
    group = make_group()
    incident = make_incident(killed=3, location=make_location(governorate=Governorate.objects.get(slug="basra")))
    make_claim(incident, group)
    make_claim(incident, group, kind=Claim.Kind.SUSPECTED)
    assert_exact()
    incident.type, incident.killed, incident.wounded = Incident.Type.DRONE, None, 4
    incident.target_owner = Incident.TargetOwner.US_MILITARY
    incident.location = make_location(governorate=Governorate.objects.get(slug="anbar"))
    incident.save()
    assert_exact()
    claim = incident.claims.get(kind=Claim.Kind.CLAIMED)
    claim.kind = Claim.Kind.DENIED
    claim.save()
    assert_exact()
    make_claim(incident, make_group(), kind=Claim.Kind.DENIED)
    assert_exact()
    claim.group = make_group()
    claim.kind = Claim.Kind.ATTRIBUTED
    claim.save()
    incident.claims.filter(kind=Claim.Kind.SUSPECTED).delete()
    assert_exact()


def test_retraction_unpublishing_and_duplicate_links_keep_the_tallies_exact(seed):
    first, second, third = Incident.objects.published().order_by("pk")[:3]
    first.status, first.retraction_reason = Incident.Status.RETRACTED, "Did not happen."
    first.save()
    assert_exact()
    second.status = Incident.Status.DRAFT
    second.save()
    assert_exact()
    Incident.objects.filter(pk=third.pk).update(duplicate_of=Incident.objects.published().order_by("-pk")[0])
    assert_exact()
    second.status = Incident.Status.PUBLISHED
    second.save()
    assert_exact()


def test_bulk_inserts_and_the_synthetic_generator_keep_the_tallies_exact(seed):
    location = make_location()
    Incident.objects.bulk_create(
        [unsaved_incident(location=location, date=datetime.date(2020, 2, day), killed=day) for day in range(1, 20)]
    )
    assert_exact()
    generate(300, seed=5, progress=False)
    assert_exact()


def test_raw_sql_keeps_the_tallies_exact(seed):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE incidents_incident SET killed = COALESCE(killed, 0) + 1 WHERE type = 'rocket'")
        cursor.execute("UPDATE incidents_claim SET kind = 'suspected' WHERE kind = 'claimed' AND id % 2 = 0")
        cursor.execute("DELETE FROM incidents_claim WHERE kind = 'attributed'")
    assert_exact()


def test_deletes_and_an_import_keep_the_tallies_exact(seed, client, tmp_path):
    # The publication gate refuses to import two of the seed's incidents published: drafts here.
    refused = [i.pk for i in Incident.objects.published().select_related("location") if i.publication_problems()]
    Incident.objects.filter(pk__in=refused).update(status=Incident.Status.DRAFT)
    exported = b"".join(client.get(reverse("incident_export_csv") + "?include_duplicates=on").streaming_content)
    Incident.objects.filter(pk=Incident.objects.published().filter(type="rocket").first().pk).delete()
    assert_exact()
    Incident.objects.update(duplicate_of=None)
    Incident.objects.all().delete()
    assert_exact()
    assert not Tally.objects.exists() and not GroupTally.objects.exists() and not PlaceTally.objects.exists()
    path = tmp_path / "incidents.csv"
    path.write_bytes(exported)
    call_command("import_incidents", str(path), stdout=io.StringIO(), stderr=io.StringIO())
    assert Incident.objects.published().count() == 83 - len(refused)
    assert_exact()


@pytest.mark.usefixtures("fresh_content_types")
def test_a_restore_keeps_the_tallies_exact_though_no_backup_holds_them(seed, tmp_path):
    path = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(path), verbosity=0)
    call_command("restore", str(path), "--replace", stdout=io.StringIO())
    assert Tally.objects.exists()
    assert_exact()


def test_what_the_tallies_cannot_answer_is_counted_from_the_incidents(seed):
    groups = list(Group.objects.filter(claims__isnull=False).distinct()[:2])
    assert valid_filter({"q": "rocket"}).tallies() is None
    assert valid_filter({"governorate": "baghdad"}).tallies() is None
    assert valid_filter({"target": "military_base"}).tallies() is None
    assert valid_filter({"group": [g.slug for g in groups]}).tallies() is None
    assert valid_filter({"group": [groups[0].slug], "with_fronts": "on"}).tallies() is None
    assert valid_filter({"group": [groups[0].slug]}).tallies().model is GroupTally
    assert valid_filter({"group": [groups[0].slug]}).monthly() is None  # no month rows per group
    assert valid_filter({"q": "rocket"}).monthly() is None
    assert valid_filter({"date_after": "2020-01-01"}).places() is None  # a place's rows have no dates
    assert valid_filter({"group": [groups[0].slug]}).places() is None
    # IncidentFilter.counted: what every count of the pages reads, the incidents where no tally answers
    # (a search on PostgreSQL: the rows of its words, incidents.found_words).
    searched = FoundWord if connection.vendor == "postgresql" else Incident
    for query, model in (
        ({"q": "rocket"}, searched),
        ({"q": "rocket", "type": ["rocket"], "date_after": "2020-01-01"}, searched),
        ({"q": "rocket", "governorate": "baghdad"}, searched),  # the words' rows join their places
        ({"q": "rocket", "target": "military_base"}, Incident),
        ({"q": "rocket", "group": [groups[0].slug]}, searched),  # the words' rows of its claims' incidents
        ({"q": "rocket", "group": [groups[0].slug], "with_fronts": "on"}, Incident),
        ({"governorate": "baghdad"}, Incident),
        ({"group": [groups[0].slug], "type": ["rocket"]}, Incident),
    ):
        filterset = valid_filter(query)
        assert filterset.counted(per_place=True).model is model
        assert filterset.counted(per_place=True).counts_by_place() == direct_place_counts(filterset.qs)
        assert filterset.headline_figures()[1]() == filterset.qs.headline_figures()
    assert valid_filter({"q": "rocket"}).counted().model is searched
    assert valid_filter({"type": ["rocket"]}).counted().model is Tally
