"""The public corrections log: changing what the public sees of a published (or retracted)
incident needs a public note; its page and /incidents/corrections/feed/ show exactly the public
changes, with the note; other edits need none and leave no entry."""

import pytest
from django.urls import reverse

from incidents.models import Correction, Incident, Location
from tests.admin_forms import as_posted
from tests.atom import feed_entries
from tests.factories import link_source, make_claim, make_group, make_incident, make_location

pytestmark = pytest.mark.django_db
NOTE = "the source gives no figure"


def change_url(obj):
    return reverse(f"admin:incidents_{obj._meta.model_name}_change", args=[obj.pk])


def save_as_shown(client, obj, **changes):
    """Posts obj's change form as its page shows it, with `changes`."""
    page = client.get(change_url(obj))
    assert page.status_code == 200
    return client.post(change_url(obj), {**as_posted(page), **changes})


def corrections_section(client, incident):
    page = client.get(incident.get_absolute_url()).content.decode()
    return page[page.index('id="corrections"') :] if 'id="corrections"' in page else ""


def feed_titles(client):
    return [entry["title"] for entry in feed_entries(client, "correction_feed")]


def test_a_public_change_without_a_note_is_refused_and_says_what_it_changes(editor_client):
    incident = make_incident(killed=0)
    response = save_as_shown(editor_client, incident, killed="")
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors["correction_note"]
    assert "killed: 0 → unknown" in error
    incident.refresh_from_db()
    assert incident.killed == 0
    assert not Correction.objects.exists()


def test_with_a_note_the_page_and_the_feed_show_exactly_the_public_change(editor_client, editor, client):
    incident = make_incident(killed=0, title="Rockets at Taji")
    response = save_as_shown(editor_client, incident, killed="", correction_note=NOTE)
    assert response.status_code == 302
    [correction] = Correction.objects.all()
    assert (correction.incident, correction.made_by, correction.note) == (incident, editor, NOTE)
    assert correction.changes == [["killed", "0", "unknown"]]
    section = corrections_section(client, incident)
    assert f"killed</code> <bdi>0</bdi> → <bdi>unknown</bdi>\n    — <bdi>{NOTE}</bdi>" in section
    [entry] = feed_entries(client, "correction_feed")
    assert entry["title"] == "Corrected: Rockets at Taji (killed)"
    assert "killed" in entry["summary"] and "unknown" in entry["summary"] and NOTE in entry["summary"]
    assert incident.history.latest("history_date").history_change_reason == NOTE


def test_a_claim_changed_on_the_incident_form_is_logged_by_its_public_columns(editor_client, client):
    incident = make_incident()
    claim = make_claim(incident, make_group(name="Ashab al-Kahf"), kind="claimed")
    response = save_as_shown(
        editor_client, incident, **{"claims-0-kind": "denied", "correction_note": "They denied it."}
    )
    assert response.status_code == 302
    [correction] = Correction.objects.all()
    changed = {what: (before, after) for what, before, after in correction.changes}
    assert changed["claimed_by"] == ("Ashab al-Kahf", "(empty)")
    assert changed["denied_by"] == ("(empty)", "Ashab al-Kahf")
    assert changed[f"claim {claim.pk}"][0].startswith("kind claimed, who Ashab al-Kahf")
    assert set(changed) == {"claimed_by", "denied_by", "claim_sources", f"claim {claim.pk}"}


def test_renaming_a_place_logs_a_correction_on_each_published_incident_that_shows_it(editor_client):
    place = make_location(name="Camp Taji")
    published = [make_incident(location=place) for _ in range(2)]
    make_incident(location=place, status=Incident.Status.DRAFT)
    refused = save_as_shown(editor_client, place, name="Taji")
    assert refused.status_code == 200  # no note
    [error] = refused.context["adminform"].form.errors["correction_note"]
    assert error.count("location: Camp Taji → Taji") == 2
    assert Location.objects.get(pk=place.pk).name == "Camp Taji"
    assert save_as_shown(editor_client, place, name="Taji", correction_note="Its usual name.").status_code == 302
    logged = Correction.objects.values_list("incident", "changes")
    assert sorted(logged) == sorted((incident.pk, [["location", "Camp Taji", "Taji"]]) for incident in published)


def test_a_change_the_public_never_sees_needs_no_note_and_is_not_logged(editor_client, client):
    incident = make_incident()
    group = make_group(name="Kataib Hezbollah")
    make_claim(incident, group)
    assert save_as_shown(editor_client, incident.location, kind="airport").status_code == 302
    assert save_as_shown(editor_client, group, aliases="KH, Kata'ib Hizballah").status_code == 302
    assert Location.objects.get(pk=incident.location_id).kind == "airport"
    assert not Correction.objects.exists()
    assert corrections_section(client, incident) == "" and feed_entries(client, "correction_feed") == []


def test_a_draft_needs_no_note(editor_client):
    draft = make_incident(status=Incident.Status.DRAFT, killed=0)
    assert 'name="correction_note"' not in editor_client.get(change_url(draft)).content.decode()
    assert save_as_shown(editor_client, draft, killed="").status_code == 302
    assert Incident.objects.get(pk=draft.pk).killed is None
    assert not Correction.objects.exists()


def test_a_retracted_incident_keeps_its_corrections_on_its_page_without_its_values(editor_client, client):
    incident = make_incident(wounded=2, title="Drone over Erbil")
    assert save_as_shown(editor_client, incident, wounded="3", correction_note="A later report.").status_code == 302
    incident.refresh_from_db()
    incident.status, incident.retraction_reason = Incident.Status.RETRACTED, "It did not happen."
    incident.save()
    page = client.get(incident.get_absolute_url())
    assert page.status_code == 410
    section = page.content.decode().split('id="corrections"')[1]
    assert "<code>wounded</code>" in section and "A later report." in section and "→" not in section
    assert feed_titles(client) == []  # the feed, like every public output, leaves retracted incidents out


def test_an_unpublished_incident_is_still_corrected_publicly_and_its_log_waits_for_it(editor_client, client):
    incident = make_incident(killed=1, title="IED near Basra")
    incident.unpublish(None, "Checking the place.")
    assert save_as_shown(editor_client, incident, killed="2").status_code == 200  # public once: a note is needed
    assert save_as_shown(editor_client, incident, killed="2", correction_note="Two died.").status_code == 302
    assert feed_entries(client, "correction_feed") == []  # a draft's page and log are not public
    incident.refresh_from_db()
    incident.status = Incident.Status.PUBLISHED
    incident.save()
    assert feed_titles(client) == ["Corrected: IED near Basra (killed)"]


def test_the_incident_page_reads_its_corrections_in_one_query(client, django_assert_max_num_queries):
    incident = make_incident()
    link_source(incident)
    for number in range(5):
        Correction.objects.create(incident=incident, note=f"note {number}", changes=[["killed", "unknown", "1"]])
    # incident, claims, whether it has any claim, sources, corrections
    with django_assert_max_num_queries(5):
        page = client.get(incident.get_absolute_url())
    assert page.content.decode().count('<li id="correction-') == 5
    assert f'rel="alternate" type="application/atom+xml" title="Corrections" href="{reverse("correction_feed")}"' in (
        page.content.decode()
    )


def test_a_claim_of_a_published_incident_is_not_deleted_on_its_own_page(editor_client):
    incident = make_incident()
    claim = make_claim(incident, make_group())
    url = reverse("admin:incidents_claim_delete", args=[claim.pk])
    page = editor_client.post(url, {"post": "yes"})
    assert "remove it on the incident&#x27;s page" in page.content.decode()
    assert incident.claims.exists() and not Correction.objects.exists()
    response = save_as_shown(editor_client, incident, **{"claims-0-DELETE": "on", "correction_note": "Not a claim."})
    assert response.status_code == 302
    assert not incident.claims.exists()
    assert Correction.objects.get().note == "Not a claim."


def test_the_refusal_names_the_first_incidents_a_change_reaches_and_counts_the_rest(editor_client):
    place = make_location(name="Camp Taji")
    for _ in range(5):
        make_incident(location=place)
    [error] = save_as_shown(editor_client, place, name="Taji").context["adminform"].form.errors["correction_note"]
    assert error.count("location: Camp Taji → Taji") == 3
    assert "And 2 more incidents." in error


@pytest.mark.parametrize(
    ("status", "published_before", "was_public"),
    [
        (Incident.Status.DRAFT, False, False),
        (Incident.Status.DRAFT, True, True),  # set back to draft: it was public once
        (Incident.Status.PUBLISHED, False, True),
        (Incident.Status.RETRACTED, True, True),
    ],
)
def test_an_incident_was_public_when_the_stored_row_is_public_once(status, published_before, was_public):
    """Incident.was_public asks IncidentQuerySet.public_once() of the stored row, so the two never
    disagree, and a copy changed in memory (a form's posted status) doesn't change the answer."""
    incident = make_incident(status=Incident.Status.PUBLISHED if published_before else Incident.Status.DRAFT)
    Incident.objects.filter(pk=incident.pk).update(status=status, retraction_reason="misreported")
    stored = Incident.objects.get(pk=incident.pk)
    assert stored.was_public is was_public
    assert Incident.objects.public_once().filter(pk=incident.pk).exists() is was_public
    in_memory = Incident.objects.get(pk=incident.pk)
    in_memory.status, in_memory.published_at = Incident.Status.DRAFT, None
    assert in_memory.was_public is was_public
