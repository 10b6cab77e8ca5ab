"""Publishing has a gate: a source, a place known to its governorate or coordinates, a summary,
and every claim citing one of the incident's sources (Incident.publication_problems)."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from incidents.models import Claim, Incident, IncidentSource
from tests.admin_forms import change_form_data, claim_form_data, incident_form_data, new_place
from tests.factories import (
    link_source,
    make_claim,
    make_incident,
    make_location,
    make_publishable_draft,
    make_source,
)

pytestmark = pytest.mark.django_db
ADD_URL = reverse("admin:incidents_incident_add")
LIST_URL = reverse("admin:incidents_incident_changelist")


def change_url(record):
    return reverse(f"admin:incidents_{record._meta.model_name}_change", args=[record.pk])


def test_a_complete_draft_has_no_problems():
    draft = make_publishable_draft()
    make_claim(draft, actor="Unidentified gunmen", source=draft.sources.get())
    assert draft.publication_problems() == []


def test_each_missing_piece_is_named():
    draft = make_incident(
        status="draft", summary="", location=make_location(governorate=None, latitude=None, longitude=None)
    )
    make_claim(draft, actor="Unidentified gunmen")
    elsewhere = make_source()
    make_claim(draft, actor="Masked men", source=elsewhere)
    assert draft.publication_problems() == [
        "it cites no source: link at least one",
        "its place has neither a governorate nor coordinates",
        "it has no summary",
        "the statement “Claimed by the group: Unidentified gunmen” names no source it rests on",
        "the statement “Claimed by the group: Masked men” rests on a source that is not among the incident's sources: "
        "link it to the incident",
    ]


def test_the_publish_action_publishes_the_complete_drafts_and_lists_why_it_refused_the_others(editor_client):
    ready, bare = make_publishable_draft(title="Ready"), make_incident(status="draft", title="Bare", summary="")
    response = editor_client.post(
        LIST_URL, {"action": "publish_selected", "_selected_action": [ready.pk, bare.pk]}, follow=True
    )
    notes = [str(message) for message in response.context["messages"]]
    assert "Published 1 incident." in notes
    assert any(
        "Not published: “2020-03-11 Bare”: it cites no source" in note and "no summary" in note for note in notes
    )
    assert dict(Incident.objects.values_list("title", "status")) == {"Ready": "published", "Bare": "draft"}


def test_publishing_through_the_status_field_is_refused_with_the_reasons(editor_client):
    draft = make_incident(status="draft")
    response = editor_client.post(change_url(draft), change_form_data(draft, status="published"))
    assert response.status_code == 200
    assert "It can&#x27;t be published: it cites no source: link at least one." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_a_claim_citing_a_source_linked_in_the_same_post_publishes(editor_client):
    draft = make_incident(status="draft")
    source = make_source()
    data = change_form_data(
        draft,
        status="published",
        claims=[
            {"kind": "claimed", "actor": "Masked men", "channel": "video", "confidence": "low", "source": source.pk}
        ],
        sources=[{"source": source.pk, "excerpt": "Shows the video.", "credibility": "3"}],
    )
    assert editor_client.post(change_url(draft), data).status_code == 302
    assert Claim.objects.get().source == source
    assert Incident.objects.get().status == "published"


def test_a_claim_citing_a_source_its_incident_does_not_link_is_a_form_error(analyst_client):
    draft = make_incident(status="draft")
    stray = make_source()
    claim = {"kind": "claimed", "actor": "Masked men", "channel": "video", "confidence": "low", "source": stray.pk}
    response = analyst_client.post(change_url(draft), change_form_data(draft, claims=[claim]))
    assert response.status_code == 200 and not Claim.objects.exists()
    assert "not among the incident&#x27;s sources" in response.content.decode()


def test_the_claim_page_refuses_a_source_its_incident_does_not_link(editor):
    from tests.conftest import logged_in

    client = logged_in(editor)
    draft = make_incident(status="draft")
    stray, linked = make_source(), link_source(draft).source
    response = client.post(reverse("admin:incidents_claim_add"), claim_form_data(draft, actor="X", source=stray.pk))
    assert response.status_code == 200 and not Claim.objects.exists()
    client.post(reverse("admin:incidents_claim_add"), claim_form_data(draft, actor="X", source=linked.pk))
    assert Claim.objects.get().source == linked


def test_the_incident_page_says_whose_claim_it_is(client):
    incident = make_publishable_draft()
    source = incident.sources.get()
    make_claim(incident, actor="Masked men", source=source)
    Incident.objects.filter(pk=incident.pk).update(status="published")
    html = client.get(incident.get_absolute_url()).content.decode()
    assert f'— per <a href="{source.url}" rel="nofollow noopener"><bdi>{source.publisher}</bdi></a>' in html


def test_the_duplicate_warning_shows_before_other_errors_beside_its_box(analyst_client):
    make_incident(location=make_location())
    data = incident_form_data(**new_place(), target="")
    form = analyst_client.post(ADD_URL, data).context["adminform"].form
    assert "target" in form.errors and "Likely duplicates" in form.errors["not_a_duplicate"][0]


def test_the_not_a_duplicate_override_is_kept_and_shown_to_the_editor(analyst_client, analyst, editor_client):
    make_incident(location=make_location())
    response = analyst_client.post(ADD_URL, incident_form_data(**new_place(), title="Again", not_a_duplicate="on"))
    assert response.status_code == 302
    again = Incident.objects.get(title="Again")
    assert again.not_duplicate_confirmed_by == analyst and again.not_duplicate_confirmed_at is not None
    listing = editor_client.get(LIST_URL).content.decode()
    assert "confirmed by analyst" in listing
    assert "confirmed by analyst" not in editor_client.get(LIST_URL, {"q": "Rocket attack"}).content.decode()
    assert "Not duplicate confirmed by" in editor_client.get(change_url(again)).content.decode()


def test_no_tick_is_recorded_when_nothing_looked_like_a_duplicate(analyst_client):
    assert analyst_client.post(ADD_URL, incident_form_data(**new_place(), not_a_duplicate="on")).status_code == 302
    assert Incident.objects.get().not_duplicate_confirmed_by is None


def test_every_seed_claim_cites_one_of_its_incidents_sources_and_published_seed_incidents_stay_published():
    """Two published seed incidents are known only to the country: they stay published (the
    gate is asked when publishing), and an editor who republishes them must place them first."""
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    for claim in Claim.objects.select_related("incident"):
        assert claim.source_problem(set(claim.incident.source_links.values_list("source_id", flat=True))) is None
    problems = {i.pk: i.publication_problems() for i in Incident.objects.published()}
    assert len(problems) == 83
    assert {pk: found for pk, found in problems.items() if found} == {
        21: ["its place has neither a governorate nor coordinates"],
        38: ["its place has neither a governorate nor coordinates"],
    }


def test_a_source_link_a_claim_rests_on_is_not_deleted_on_its_own_page(editor_client):
    draft = make_incident(status="draft")
    link = link_source(draft)
    make_claim(draft, actor="Masked men", source=link.source)
    page = editor_client.post(reverse("admin:incidents_incidentsource_delete", args=[link.pk]), {"post": "yes"})
    assert page.status_code == 200
    assert "a statement of its incident rests on" in page.content.decode()
    assert IncidentSource.objects.filter(pk=link.pk).exists()
    Claim.objects.update(source=None)
    editor_client.post(reverse("admin:incidents_incidentsource_delete", args=[link.pk]), {"post": "yes"})
    assert not IncidentSource.objects.filter(pk=link.pk).exists(), "once no statement rests on it, it goes"


def test_a_source_link_a_claim_rests_on_keeps_its_source_on_its_own_page(editor_client):
    draft = make_incident(status="draft")
    link = link_source(draft)
    make_claim(draft, actor="Masked men", source=link.source)
    other = make_source()
    data = {"incident": draft.pk, "source": other.pk, "excerpt": link.excerpt, "credibility": link.credibility}
    response = editor_client.post(change_url(link), data)
    assert response.status_code == 200
    assert "It can&#x27;t be changed: a statement of its incident rests on" in response.content.decode()
    link.refresh_from_db()
    assert link.source != other
