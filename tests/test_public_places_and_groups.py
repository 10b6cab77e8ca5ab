"""A place or a group is public only when a published incident uses it (its place, or a claim
of any kind naming the group) or when an editor marked it public; relations don't make a
group public. Every public output reads this one rule: LocationQuerySet.public() and
GroupQuerySet.public()."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from incidents.models import Group, GroupRelation, Incident, Location
from tests.factories import make_claim, make_group, make_incident, make_location

pytestmark = pytest.mark.django_db


def api_location_ids(client):
    return {row["id"] for row in client.get("/api/locations/").json()["results"]}


def api_group_slugs(client):
    return {row["slug"] for row in client.get("/api/groups/").json()["results"]}


def group_choices(client):
    return {slug for slug, _ in client.get(reverse("incident_list")).context["filter"].form.fields["group"].choices}


def test_a_place_only_a_draft_uses_is_not_public(client):
    place = make_location(name="Draft camp")
    make_incident(location=place, status=Incident.Status.DRAFT)
    assert place.pk not in api_location_ids(client)
    assert client.get(f"/api/locations/{place.pk}/").status_code == 404
    assert not Location.objects.public().filter(pk=place.pk).exists()


def test_a_place_of_a_retracted_incident_is_not_public(client):
    place = make_location()
    make_incident(location=place, status=Incident.Status.RETRACTED, retraction_reason="Wrong report.")
    assert client.get(f"/api/locations/{place.pk}/").status_code == 404


def test_publishing_the_incident_makes_its_place_public_at_once(client):
    place = make_location()
    draft = make_incident(location=place, status=Incident.Status.DRAFT)
    assert place.pk not in api_location_ids(client)
    draft.status = Incident.Status.PUBLISHED
    draft.save()
    assert place.pk in api_location_ids(client)
    assert client.get(f"/api/locations/{place.pk}/").json()["name"] == place.name


def test_a_place_an_editor_marked_public_is_public_without_incidents(client):
    place = make_location(public=True)
    assert place.pk in api_location_ids(client)


def test_a_group_only_drafts_name_has_no_page_no_api_entry_and_no_filter_choice(client):
    group = make_group()
    make_claim(make_incident(status=Incident.Status.DRAFT), group)
    assert client.get(reverse("group_detail", args=[group.slug])).status_code == 404
    assert client.get(f"/api/groups/{group.slug}/").status_code == 404
    assert group.slug not in api_group_slugs(client)
    assert group.name not in client.get(reverse("group_list")).content.decode()
    assert group.slug not in group_choices(client)


def test_filtering_by_a_private_group_is_refused_like_an_unknown_one(client):
    group = make_group()
    make_claim(make_incident(status=Incident.Status.DRAFT), group)
    private = client.get(reverse("incident_chart"), {"group": group.slug})
    unknown = client.get(reverse("incident_chart"), {"group": "no-such-group"})
    assert private.status_code == unknown.status_code == 400
    assert private.json()["errors"]["group"] == [
        message.replace("no-such-group", group.slug) for message in unknown.json()["errors"]["group"]
    ]


@pytest.mark.parametrize("kind", ["claimed", "attributed", "suspected", "denied"])
def test_any_claim_on_a_published_incident_makes_its_group_public(client, kind):
    group = make_group()
    make_claim(make_incident(), group, kind=kind)
    assert client.get(reverse("group_detail", args=[group.slug])).status_code == 200
    assert group.slug in api_group_slugs(client)
    assert group.slug in group_choices(client)


def test_a_group_an_editor_marked_public_is_public_without_claims(client):
    group = make_group(public=True)
    assert client.get(reverse("group_detail", args=[group.slug])).status_code == 200
    assert group.slug in api_group_slugs(client)


def test_a_relation_to_a_public_group_makes_no_group_public(client):
    militia = make_group(public=True)
    front = make_group(name="Draft-only front")
    make_claim(make_incident(status=Incident.Status.DRAFT), front)
    GroupRelation.objects.create(subject=front, kind=GroupRelation.Kind.FRONT_FOR, object=militia)
    GroupRelation.objects.create(subject=militia, kind=GroupRelation.Kind.SPONSORED_BY, object=front)

    page = client.get(reverse("group_detail", args=[militia.slug]))
    assert page.status_code == 200
    assert "Draft-only front" not in page.content.decode()
    assert client.get(f"/api/groups/{militia.slug}/").json()["relations"] == []
    assert client.get(reverse("group_detail", args=[front.slug])).status_code == 404


def test_a_relation_between_public_groups_is_shown(client):
    militia, front = make_group(public=True), make_group(public=True)
    GroupRelation.objects.create(subject=front, kind=GroupRelation.Kind.FRONT_FOR, object=militia)
    assert client.get(f"/api/groups/{front.slug}/").json()["relations"][0]["object"]["slug"] == militia.slug
    assert front.name in client.get(reverse("group_detail", args=[militia.slug])).content.decode()


def test_the_group_list_keeps_its_query_count(client, django_assert_max_num_queries):
    for _ in range(5):
        make_claim(make_incident(), make_group())
    with django_assert_max_num_queries(3):
        assert client.get(reverse("group_list")).status_code == 200


def test_analysts_cannot_make_a_group_or_place_public(analyst_client):
    for url in (reverse("admin:incidents_group_add"), reverse("admin:incidents_location_add")):
        assert "public" not in analyst_client.get(url).context["adminform"].form.fields


def test_editors_can_make_a_group_or_place_public(editor_client):
    for url in (reverse("admin:incidents_group_add"), reverse("admin:incidents_location_add")):
        assert "public" in editor_client.get(url).context["adminform"].form.fields


def test_the_seed_data_sets_groups_are_all_public(client):
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    assert Group.objects.public().count() == Group.objects.count() == 16
    assert Location.objects.public().count() == Location.objects.count()
