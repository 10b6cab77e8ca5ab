"""Cached aggregates are never stale: the database changes the data version on every write,
and every cached result is keyed by it. A published or edited incident shows everywhere at once.
Public results are keyed by the public version, which writes to drafts leave alone, so
analysts at work don't empty the readers' cache."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents import triggers
from incidents.models import Claim, DataVersion, GroupRelation, Incident, IncidentSource, Location
from tests.factories import (
    link_source,
    make_claim,
    make_group,
    make_incident,
    make_location,
    make_publishable_draft,
    make_source,
    unsaved_incident,
)

pytestmark = pytest.mark.django_db


class Changes:
    """Asserts that the block changes the data version (and the public one, or not)."""

    def __init__(self, public=True):
        self.public = public

    def __enter__(self):
        self.before = DataVersion.current(), DataVersion.current(public=True)

    def __exit__(self, *exc):
        if exc[0] is None:
            every, public = DataVersion.current(), DataVersion.current(public=True)
            assert every != self.before[0], "the data version did not change"
            if self.public:
                assert public != self.before[1], "the public data version did not change"
            else:
                assert public == self.before[1], "the public data version changed"


@pytest.fixture
def changes():
    return Changes


def test_after_migrating_every_public_table_has_its_trigger():
    """SQLite drops a table's triggers when a migration rebuilds it; migrate puts them back."""
    assert triggers.installed(connection) == triggers.expected(connection.vendor)


def test_installing_again_is_harmless_and_restores_a_missing_version_row(changes):
    before = DataVersion.current()
    DataVersion.objects.all().delete()
    triggers.install(connection)
    triggers.install(connection)
    assert DataVersion.objects.count() == 2
    assert DataVersion.current() not in (None, before)
    assert DataVersion.current(public=True) is not None
    with changes():
        make_incident()


def test_every_kind_of_write_changes_the_version(changes):
    with changes():
        incident = make_incident()
    with changes():
        incident.title = "Edited"
        incident.save()
    with changes():
        Incident.objects.filter(pk=incident.pk).update(killed=2)
    with changes():
        Incident.objects.bulk_create([unsaved_incident(title="Bulk", date=incident.date, location=incident.location)])
    with changes():
        with connection.cursor() as cursor:
            cursor.execute("UPDATE incidents_incident SET wounded = 1")
    group = make_group()
    with changes():
        make_claim(incident, group)
    with changes():
        Location.objects.filter(pk=incident.location_id).update(name="Renamed")
    with changes():
        GroupRelation.objects.create(subject=make_group(), object=group, kind="front_for")
    with changes():
        Claim.objects.all().delete()


def test_writing_a_draft_leaves_the_public_version_alone(changes):
    place, group, source = make_location(), make_group(), make_source()
    with changes(public=False):
        draft = make_incident(status=Incident.Status.DRAFT, location=place)
    with changes(public=False):
        draft.title = "Edited draft"
        draft.save()
    with changes(public=False):
        make_claim(draft, group)
    with changes(public=False):
        link = link_source(draft, source)
    with changes(public=False):
        IncidentSource.objects.filter(pk=link.pk).update(excerpt="Says so.")
    with changes(public=False):
        Incident.objects.bulk_create(
            [unsaved_incident(title="Bulk draft", date=draft.date, location=draft.location, status="draft")]
        )
    with changes(public=False):
        Claim.objects.filter(incident=draft).delete()
    with changes():
        draft.status = Incident.Status.PUBLISHED
        draft.save()
    with changes():
        make_claim(draft, group)
    with changes():
        link_source(draft, make_source())
    with changes():
        Incident.objects.filter(status=Incident.Status.PUBLISHED).update(status=Incident.Status.DRAFT)
    with changes(public=False):
        Incident.objects.filter(title="Bulk draft").delete()


def queries_of(client, url):
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "url", ["/", "/incidents/", "/incidents/chart.json", "/incidents/map.geojson?bbox=38,29,49,38&zoom=5"]
)
def test_the_public_pages_keep_their_cache_while_analysts_write_drafts(client, url):
    published = make_incident()
    cold, warm = queries_of(client, url), queries_of(client, url)
    assert warm < cold
    make_incident(status=Incident.Status.DRAFT, location=published.location)
    assert queries_of(client, url) == warm
    make_incident(location=published.location)
    assert queries_of(client, url) == cold


def test_the_admin_counts_a_new_draft_at_once(editor_client):
    make_incident()
    url = reverse("admin:incidents_incident_changelist")
    assert editor_client.get(url).context["cl"].result_count == 1
    make_incident(status=Incident.Status.DRAFT)
    assert editor_client.get(url).context["cl"].result_count == 2


def test_a_rolled_back_version_is_never_used_again():
    with transaction.atomic():
        make_incident()
        rolled_back = DataVersion.current()
        transaction.set_rollback(True)
    make_incident()
    assert DataVersion.current() != rolled_back


def list_count(client, query=""):
    return client.get(reverse("incident_list") + query).context["page"].paginator.count


def overview_figures(client, query=""):
    return client.get(reverse("overview") + query).context["figures"]


def chart_total(client, query=""):
    return client.get(reverse("incident_chart") + query).json()["total"]


def map_count(client, query="?bbox=38,29,49,38&zoom=5"):
    return client.get(reverse("incident_map") + query).json()["count"]


def everywhere(client, query=""):
    return (
        list_count(client, query),
        overview_figures(client, query)["incidents"],
        chart_total(client, query),
        map_count(client, "?bbox=38,29,49,38&zoom=5" + query.replace("?", "&")),
    )


def test_publishing_a_draft_shows_everywhere_at_once(client, editor_client):
    make_incident()
    draft = make_publishable_draft()
    assert everywhere(client) == (1, 1, 1, 1)
    response = editor_client.post(
        reverse("admin:incidents_incident_changelist"), {"action": "publish_selected", "_selected_action": [draft.pk]}
    )
    assert response.status_code == 302
    assert everywhere(client) == (2, 2, 2, 2)


def test_an_edit_shows_at_once_under_the_same_filter(client):
    incident = make_incident(type=Incident.Type.ROCKET, killed=1)
    make_incident(type=Incident.Type.ROCKET)
    assert everywhere(client, "?type=rocket") == (2, 2, 2, 2)
    assert overview_figures(client)["killed_total"] == 1
    incident.type, incident.killed = Incident.Type.IED, 4
    incident.save()
    assert everywhere(client, "?type=rocket") == (1, 1, 1, 1)
    assert overview_figures(client)["killed_total"] == 4


def test_a_new_claim_or_front_relation_changes_the_group_filter_at_once(client):
    militia, front = make_group(public=True), make_group()
    make_claim(make_incident(), front, kind="claimed")
    query = f"?group={militia.slug}&with_fronts=on"
    assert everywhere(client, query) == (0, 0, 0, 0)
    GroupRelation.objects.create(subject=front, object=militia, kind=GroupRelation.Kind.FRONT_FOR)
    assert everywhere(client, query) == (1, 1, 1, 1)


def test_moving_a_place_moves_its_incidents_on_the_map_at_once(client):
    place = make_location(latitude="33.3", longitude="44.4")  # Baghdad
    make_incident(location=place)
    basra = "?bbox=47,30,48.5,31&zoom=8"
    assert map_count(client, basra) == 0
    place.latitude, place.longitude = "30.5", "47.8"
    place.save()
    assert map_count(client, basra) == 1


def test_two_filters_that_select_the_same_incidents_share_nothing_but_the_answer(client):
    make_incident(type=Incident.Type.ROCKET)
    make_incident(type=Incident.Type.IED)
    assert chart_total(client, "?type=rocket") == 1
    assert chart_total(client, "?type=ied") == 1
    assert chart_total(client, "?type=rocket&type=ied") == 2
