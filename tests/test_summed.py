"""The headline figures, the chart's counts by day and type and the map's counts per place of
incidents no tally counts (a text search, a target, a group's places) come from one definition
(querysets.SUMS over querysets.summed_source): asked alone, each its own statement; for the
overview on PostgreSQL, the three in one statement that reads the matching incidents once."""

import datetime
from collections import Counter

import pytest
from django.db import connection
from django.db.models import Count, Max, Min, Sum
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.models import Incident
from incidents.querysets import SUMMED_BY, as_date, summed_rows
from tests.factories import make_incident, make_location

pytestmark = pytest.mark.django_db


@pytest.fixture
def varied():
    """Incidents of every kind the figures tell apart: attacks and not, on US targets and not,
    casualties known, zero and unknown, several days, places and a duplicate."""
    camp, town = make_location(), make_location(name="Town")
    rows = [
        ("rocket", "us_military", 2, None, camp, datetime.date(2020, 1, 8)),
        ("rocket", "us_military", None, 3, camp, datetime.date(2020, 1, 20)),
        ("drone", "iraqi_government", 0, 0, town, datetime.date(2020, 3, 11)),
        ("propaganda", "us_military", None, None, town, datetime.date(2020, 3, 11)),
        ("ied", "coalition", 1, 5, town, datetime.date(2021, 6, 1)),
    ]
    made = [
        make_incident(
            title=f"Marked {number}",
            type=kind,
            target_owner=owner,
            killed=killed,
            wounded=wounded,
            location=place,
            date=day,
        )
        for number, (kind, owner, killed, wounded, place, day) in enumerate(rows)
    ]
    make_incident(title="Marked duplicate", duplicate_of=made[0], location=camp, date=datetime.date(2020, 1, 8))
    return Incident.objects.published().without_duplicates().filter(title__startswith="Marked")


def direct_figures(incidents):
    """The figures asked of the ORM one by one, as the tallies' tests ask them."""
    return {
        "incidents": incidents.count(),
        "attacks": incidents.filter(type__in=Incident.ATTACK_TYPES).count(),
        "us_coalition_attacks": incidents.filter(incidents.us_coalition_attacks_q()).count(),
        "killed_total": incidents.aggregate(n=Sum("killed"))["n"],
        "killed_unknown": incidents.filter(killed__isnull=True).count(),
        "wounded_total": incidents.aggregate(n=Sum("wounded"))["n"],
        "wounded_unknown": incidents.filter(wounded__isnull=True).count(),
        "first": incidents.aggregate(d=Min("date"))["d"],
        "last": incidents.aggregate(d=Max("date_end"))["d"],
    }


def month_rows(rows):
    """(date, type, count) rows as the first day of each month's."""
    summed = Counter()
    for day, type_, count in rows:
        summed[(as_date(day).replace(day=1), type_)] += count
    return sorted((*key, count) for key, count in summed.items())


def test_the_sums_alone_and_together_equal_the_direct_counts(varied):
    alone = {grouping: summed_rows(varied, [grouping])[grouping] for grouping in [*SUMMED_BY, ("date", "type")]}
    assert alone[()] == direct_figures(varied)
    assert alone[()]["incidents"] == 5 and 0 < alone[()]["us_coalition_attacks"] < alone[()]["attacks"] == 4
    by_day = sorted(varied.order_by().values_list("date", "type").annotate(n=Count("pk")))
    by_month = month_rows(by_day)
    assert len(by_month) < len(by_day)  # two incidents of one month on different days
    by_place = sorted(varied.order_by().values_list("location").annotate(n=Count("pk")))
    assert sorted(alone[("date", "type")]) == by_day and sorted(alone[("location_id",)]) == by_place
    assert month_rows(alone[("month", "type")]) == by_month
    assert varied.counts_by_date_and_type() == by_day
    assert month_rows(varied.counts_by_date_and_type("month")) == by_month
    assert varied.counts_by_place() == dict(by_place)
    if connection.vendor == "postgresql":  # GROUPING SETS
        together = summed_rows(varied, SUMMED_BY)
        assert together[()] == alone[()]
        assert sorted(together[("month", "type")]) == by_month and sorted(together[("location_id",)]) == by_place
        assert varied.counts_by_date_and_type("month") == by_month  # grouped by month in SQL


def test_no_incident_sums_to_zero_counts_and_unknown_totals(varied):
    for nothing in (varied.filter(title="no such title"), varied.none()):
        figures = nothing.headline_figures()
        del figures["groups"], figures["other_incidents"]
        assert figures == direct_figures(nothing)
        assert figures["incidents"] == 0 and figures["killed_total"] is None and figures["first"] is None
        assert nothing.counts_by_date_and_type() == [] and nothing.counts_by_place() == {}


def test_the_overview_of_a_search_reads_its_figures_chart_and_map_in_one_statement(client, varied):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("overview"), {"q": "Marked"})
    assert response.status_code == 200
    assert response.context["figures"]["incidents"] == 5
    summed = [query["sql"] for query in queries if "s_date" in query["sql"]]
    if connection.vendor == "postgresql":  # from the rows of the search's words (incidents.found_words)
        assert len(summed) == 1 and "GROUPING SETS" in summed[0]
        assert "incidents_foundword" in summed[0] and "incidents_incident" not in summed[0]
    else:  # no grouping sets: the figures, the chart's days and the map's places apart
        assert len(summed) == 3
