"""The editorial gate: only editors change a published or retracted incident — and what it shows
(its claims, source links, place, the groups its claims name, its sources) — through any admin
page. Analysts change drafts and what only drafts use. One rule, incidents.permissions."""

import pytest
from django.urls import reverse

from incidents.models import Claim, GroupRelation, Incident, IncidentSource
from incidents.permissions import can_change
from tests.admin_forms import claim_form_data
from tests.factories import link_source, make_claim, make_group, make_incident, make_location, make_source

pytestmark = pytest.mark.django_db
NOT_DRAFT = ["published", "retracted"]


def public_incident(status):
    return make_incident(status=status, retraction_reason="Duplicate." if status == "retracted" else "")


def change_url(obj):
    return reverse(f"admin:incidents_{obj._meta.model_name}_change", args=[obj.pk])


def claim_data(claim, **changes):
    return claim_form_data(claim.incident, group=claim.group_id or "", **changes)


def link_data(link, **changes):
    return {
        "incident": link.incident_id,
        "source": link.source_id,
        "excerpt": link.excerpt,
        "credibility": 6,
        **changes,
    }


@pytest.mark.parametrize("status", NOT_DRAFT)
def test_an_analyst_cannot_turn_a_public_claim_into_a_denial(analyst_client, status):
    claim = make_claim(public_incident(status), make_group())
    response = analyst_client.post(change_url(claim), claim_data(claim, kind="denied"))
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.kind == "claimed"
    assert 'name="_save"' not in analyst_client.get(change_url(claim)).content.decode(), "shown read-only"


@pytest.mark.parametrize("status", NOT_DRAFT)
def test_an_analyst_cannot_add_a_claim_to_a_public_incident_through_the_claim_admin(analyst_client, status):
    incident = public_incident(status)
    url = reverse("admin:incidents_claim_add")
    assert analyst_client.get(url, {"incident": incident.pk}).status_code == 200
    response = analyst_client.post(url, claim_form_data(incident, actor="claimed by X"))
    assert response.status_code == 200
    assert f"is {status}: only editors may change" in response.content.decode()
    assert not Claim.objects.exists()


def test_an_analyst_cannot_move_a_drafts_claim_onto_a_published_incident(analyst_client):
    claim = make_claim(make_incident(status="draft"), make_group())
    published = make_incident(status="published")
    response = analyst_client.post(change_url(claim), claim_data(claim, incident=published.pk))
    assert response.status_code == 200
    assert "only editors may change" in response.content.decode()
    assert not published.claims.exists()


@pytest.mark.parametrize("status", NOT_DRAFT)
def test_an_analyst_cannot_change_or_add_a_source_link_of_a_public_incident(analyst_client, status):
    incident = public_incident(status)
    link = link_source(incident, excerpt="Reports the attack.")
    response = analyst_client.post(change_url(link), link_data(link, excerpt="Says it never happened."))
    assert response.status_code == 403
    link.refresh_from_db()
    assert link.excerpt == "Reports the attack."

    new = {"incident": incident.pk, "source": make_source().pk, "excerpt": "Another report.", "credibility": 6}
    response = analyst_client.post(reverse("admin:incidents_incidentsource_add"), new)
    assert response.status_code == 200 and "only editors may change" in response.content.decode()
    assert IncidentSource.objects.count() == 1


PLACE_FORM = {"name": "Moved", "arabic_name": "", "governorate": "", "country": "Iraq", "latitude": ""}
PLACE_FORM |= {"longitude": "", "geo_precision": "country", "kind": "other", "notes": ""}
GROUP_FORM = {"name": "Renamed", "slug": "renamed", "arabic_name": "", "aliases": "", "kind": "militia"}
GROUP_FORM |= {"description": "", "relations-TOTAL_FORMS": "0", "relations-INITIAL_FORMS": "0"}
SOURCE_FORM = {"publisher": "Renamed", "title": "Renamed", "url": "https://example.org/renamed", "published_on": ""}
SOURCE_FORM |= {"language": "en", "archive_url": "", "reliability": "A", "notes": ""}


def shown_records(incident):
    """The place, group and source a public incident shows, each with its change form's data."""
    group, source = make_group(name="Kataib Sayyid al-Shuhada"), make_source(title="As reported")
    make_claim(incident, group)
    link_source(incident, source)
    return [(incident.location, PLACE_FORM), (group, GROUP_FORM), (source, SOURCE_FORM)]


@pytest.mark.parametrize("status", NOT_DRAFT)
def test_an_analyst_cannot_change_the_place_groups_or_sources_a_public_incident_shows(analyst_client, status):
    for record, form in shown_records(public_incident(status)):
        record.refresh_from_db()
        before = {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}
        assert analyst_client.post(change_url(record), form).status_code == 403, record
        record.refresh_from_db()
        assert {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields} == before


def test_an_analyst_changes_what_only_drafts_show(analyst_client):
    draft = make_incident(status="draft")
    claim, link = make_claim(draft, make_group()), link_source(draft)
    assert analyst_client.post(change_url(claim), claim_data(claim, kind="denied")).status_code == 302
    assert analyst_client.post(change_url(link), link_data(link, excerpt="Better")).status_code == 302
    for record, form in shown_records(draft):
        assert analyst_client.post(change_url(record), form).status_code == 302, record
    assert (Claim.objects.get(pk=claim.pk).kind, IncidentSource.objects.get(pk=link.pk).excerpt) == ("denied", "Better")


@pytest.mark.parametrize("status", NOT_DRAFT)
def test_an_editor_changes_what_a_public_incident_shows(editor_client, status):
    incident = public_incident(status)
    claim, link = make_claim(incident, make_group()), link_source(incident)
    noted = {"correction_note": "Corrected from the source."}
    assert editor_client.post(change_url(claim), {**claim_data(claim, kind="denied"), **noted}).status_code == 302
    assert editor_client.post(change_url(link), {**link_data(link, excerpt="Better"), **noted}).status_code == 302
    for record, form in shown_records(incident):
        assert editor_client.post(change_url(record), {**form, **noted}).status_code == 302, record
    claim.refresh_from_db()
    assert claim.kind == "denied"


@pytest.mark.parametrize("status", NOT_DRAFT)
def test_an_analyst_sees_a_public_incidents_claims_and_sources_inline_read_only(analyst_client, status):
    incident = public_incident(status)
    make_claim(incident, make_group(name="Ashab al-Kahf"))
    page = analyst_client.get(change_url(incident)).content.decode()
    assert "Ashab al-Kahf" in page
    assert 'name="claims-0-kind"' not in page and 'name="_save"' not in page


def test_one_rule_decides_for_every_kind_of_record(analyst, editor):
    published, draft = make_incident(status="published"), make_incident(status="draft")
    shared_place = make_location()
    used_by_both = make_incident(status="draft", location=shared_place), make_incident(location=shared_place)
    assert used_by_both[1].status == "published"
    public_records = [
        published,
        make_claim(published, make_group()),
        link_source(published),
        published.location,
        shared_place,
        Claim.objects.get(incident=published).group,
        IncidentSource.objects.get(incident=published).source,
    ]
    draft_records = [draft, make_claim(draft, make_group()), link_source(draft), draft.location, make_location()]
    assert [can_change(analyst, record) for record in public_records] == [False] * len(public_records)
    assert [can_change(analyst, record) for record in draft_records] == [True] * len(draft_records)
    assert all(can_change(editor, record) for record in public_records + draft_records)
    unsaved = Claim(incident=published, kind="claimed", actor="X")
    assert not can_change(analyst, unsaved) and can_change(analyst, Claim(incident=draft, kind="claimed", actor="X"))
    assert not can_change(analyst, Incident(status="published")), "an analyst's new incident is a draft"


def test_an_analyst_cannot_change_a_group_or_place_an_editor_made_public(analyst_client, editor_client):
    """Marked public, a group or place is on the public site (its page, the API) whatever incidents
    name it: what it shows reaches readers only through an editor."""
    group, place = make_group(public=True), make_location(public=True)
    for record, form in ((group, GROUP_FORM), (place, PLACE_FORM)):
        record.refresh_from_db()
        before = {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields}
        assert analyst_client.post(change_url(record), form).status_code == 403, record
        record.refresh_from_db()
        assert {f.attname: getattr(record, f.attname) for f in record._meta.concrete_fields} == before
        assert editor_client.post(change_url(record), form).status_code == 302, record


RELATION_ADD = reverse("admin:incidents_grouprelation_add")


def relation_form(subject, object):
    return {"subject": subject.pk, "object": object.pk, "kind": "front_for", "confidence": "low", "note": ""}


def test_an_analyst_cannot_relate_a_public_group_which_would_change_public_figures(
    analyst, analyst_client, editor_client
):
    """A front counts in its parent's figures "with fronts": a relation naming a group the public
    site shows is public record (a published incident's group, or one marked public)."""
    named = make_group(name="Kataib Hezbollah")
    make_claim(make_incident(status="published"), named)
    front, marked = make_group(name="A front"), make_group(name="Marked", public=True)
    for subject, object in ((front, named), (marked, front)):
        response = analyst_client.post(RELATION_ADD, relation_form(subject, object))
        assert response.status_code == 200 and "only editors may change it" in response.content.decode()
    assert not GroupRelation.objects.exists()
    assert analyst_client.post(RELATION_ADD, relation_form(front, make_group(name="Private"))).status_code == 302
    assert editor_client.post(RELATION_ADD, relation_form(front, named)).status_code == 302
    relation = GroupRelation.objects.get(object=named)
    changed = relation_form(front, named) | {"kind": "faction"}
    assert analyst_client.post(change_url(relation), changed).status_code == 403
    assert not can_change(analyst, relation)


def test_an_analyst_cannot_change_a_source_that_a_public_relation_cites(analyst_client, editor_client):
    """A group's page shows its relations and the source each cites: that source is public too."""
    cited = make_source(title="A report on the front")
    GroupRelation.objects.create(
        subject=make_group(), object=make_group(public=True), kind="front_for", confidence="low", source=cited
    )
    assert analyst_client.post(change_url(cited), SOURCE_FORM).status_code == 403
    cited.refresh_from_db()
    assert cited.title == "A report on the front"
    assert editor_client.post(change_url(cited), SOURCE_FORM).status_code == 302


def relations_inline(front, *rows):
    """The group's change form with its relations inline: rows of (relation or None, object, kind)."""
    data = GROUP_FORM | {"name": front.name, "slug": front.slug}
    data |= {"relations-TOTAL_FORMS": str(len(rows)), "relations-INITIAL_FORMS": str(sum(1 for r in rows if r[0]))}
    for i, (relation, object, kind) in enumerate(rows):
        data |= {f"relations-{i}-{name}": value for name, value in (("kind", kind), ("object", object.pk))}
        data |= {f"relations-{i}-confidence": "low", f"relations-{i}-note": "", f"relations-{i}-source": ""}
        data |= {f"relations-{i}-id": relation.pk if relation else "", f"relations-{i}-subject": front.pk}
    return data


def test_an_analyst_cannot_relate_a_public_group_on_another_groups_page(analyst_client):
    """The group page's relations inline asks the same rule as the relation's own page: an analyst
    who may change a group an incident under review names can't add or change its relation to a
    group the public site shows (it would count in that group's figures "with fronts")."""
    named = make_group(name="Kataib Hezbollah")
    make_claim(make_incident(status="published"), named)
    front = make_group(name="A front")
    response = analyst_client.post(change_url(front), relations_inline(front, (None, named, "front_for")))
    assert response.status_code == 200 and "only editors may change it" in response.content.decode()
    assert not GroupRelation.objects.exists()
    relation = GroupRelation.objects.create(subject=front, object=named, kind="front_for", confidence="low")
    response = analyst_client.post(change_url(front), relations_inline(front, (relation, named, "part_of")))
    assert response.status_code == 200 and "only editors may change it" in response.content.decode()
    relation.refresh_from_db()
    assert relation.kind == "front_for"


def test_an_analyst_changes_a_group_beside_a_relation_they_may_not_change(analyst_client):
    """A row posted as it was shown is not a change: the group itself, which only drafts name, saves."""
    named = make_group(name="Kataib Hezbollah", public=True)
    front = make_group(name="A front")
    relation = GroupRelation.objects.create(subject=front, object=named, kind="front_for", confidence="low")
    data = relations_inline(front, (relation, named, "front_for")) | {"description": "Seen in Basra."}
    assert analyst_client.post(change_url(front), data).status_code == 302
    front.refresh_from_db()
    assert front.description == "Seen in Basra."
