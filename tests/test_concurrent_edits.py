"""Two analysts edit the same incident: the later save of a stale form is refused with what
changed, never a silent overwrite (optimistic locking on Incident.version)."""

import re

import pytest
from django.urls import reverse

from incidents.models import Incident
from tests.admin_forms import change_form_data, claim_form_data
from tests.conftest import logged_in
from tests.factories import link_source, make_claim, make_group, make_incident, make_location, make_staff

pytestmark = pytest.mark.django_db


def change_url(incident):
    return reverse("admin:incidents_incident_change", args=[incident.pk])


def opened_version(client, incident):
    """The version the change form carries when an analyst opens it."""
    page = client.get(change_url(incident)).content.decode()
    return int(re.search(r'name="edit_version" value="(\d+)"', page).group(1))


@pytest.fixture
def draft():
    return make_incident(status=Incident.Status.DRAFT, title="Rockets hit Camp Taji")


@pytest.fixture
def second_analyst_client(db):
    return logged_in(make_staff("second_analyst", "Analyst"))


def test_every_save_raises_the_version(analyst_client, draft):
    assert draft.version == 1
    response = analyst_client.post(change_url(draft), change_form_data(draft, edit_version=1, killed="2"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.version, draft.killed) == (2, 2)
    assert opened_version(analyst_client, draft) == 2


def test_the_later_save_of_a_stale_form_is_refused_and_says_what_changed(analyst_client, second_analyst_client, draft):
    first_opened = opened_version(analyst_client, draft)
    second_opened = opened_version(second_analyst_client, draft)
    saved = analyst_client.post(
        change_url(draft),
        change_form_data(
            draft,
            edit_version=first_opened,
            title="Rockets hit Camp Taji, two wounded",
            wounded="2",
        ),
    )
    assert saved.status_code == 302

    stale = second_analyst_client.post(
        change_url(draft),
        change_form_data(
            draft,
            edit_version=second_opened,
            killed="3",
        ),
    )
    assert stale.status_code == 200, "the form comes back instead of saving"
    page = stale.content.decode()
    assert "analyst saved this incident" in page
    assert "Rockets hit Camp Taji” → “Rockets hit Camp Taji, two wounded" in page
    assert "wounded: “None” → “2”" in page
    draft.refresh_from_db()
    assert (draft.title, draft.wounded, draft.killed) == ("Rockets hit Camp Taji, two wounded", 2, None)
    assert re.search(r'name="edit_version" value="2"', page), "the form now carries the current version"


def test_saving_again_after_the_warning_keeps_the_second_analysts_version(analyst_client, second_analyst_client, draft):
    second_opened = opened_version(second_analyst_client, draft)
    analyst_client.post(change_url(draft), change_form_data(draft, edit_version=1, title="First analyst's title"))
    data = change_form_data(draft, edit_version=second_opened, title="Second analyst's title")
    assert second_analyst_client.post(change_url(draft), data).status_code == 200
    data["edit_version"] = 2
    assert second_analyst_client.post(change_url(draft), data).status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.version) == ("Second analyst's title", 3)
    assert [h.title for h in draft.history.order_by("history_date")] == [
        "Rockets hit Camp Taji",
        "First analyst's title",
        "Second analyst's title",
    ], "both saves are in the history: nothing is lost"


def test_an_import_that_changed_the_incident_also_makes_an_open_form_stale(analyst_client, draft, tmp_path):
    from django.core.management import call_command

    opened = opened_version(analyst_client, draft)
    csv_file = tmp_path / "update.csv"
    csv_file.write_text(
        "uid,title,date,type,location,date_precision,geo_precision,target,confidence\n"
        f"{draft.uid},Imported title,2020-03-11,rocket,{draft.location.name},day,site,military_base,medium\n",
        encoding="utf-8",
    )
    call_command("import_incidents", str(csv_file), verbosity=0)
    draft.refresh_from_db()
    assert draft.title == "Imported title" and draft.version == 2
    response = analyst_client.post(change_url(draft), change_form_data(draft, edit_version=opened, killed="1"))
    assert response.status_code == 200 and "Imported title" in response.content.decode()


def test_a_change_posted_without_a_version_is_refused(analyst_client, draft):
    data = change_form_data(draft, title="No version given")
    del data["edit_version"]
    response = analyst_client.post(change_url(draft), data)
    assert response.status_code == 200
    assert "reload the page" in response.content.decode()
    draft.refresh_from_db()
    assert draft.title == "Rockets hit Camp Taji"


@pytest.mark.parametrize("status", ["draft", "published"])
def test_a_claim_edited_on_its_own_page_makes_an_open_incident_form_stale(editor_client, status):
    incident = make_incident(status=status)
    claim = make_claim(incident, make_group(), kind="claimed")
    opened = opened_version(editor_client, incident)
    claim_url = reverse("admin:incidents_claim_change", args=[claim.pk])
    data = claim_form_data(incident, group=claim.group_id, kind="denied", correction_note="They denied it.")
    saved = editor_client.post(claim_url, data)
    assert saved.status_code == 302
    stale = editor_client.post(
        change_url(incident), change_form_data(incident, edit_version=opened, killed="1", status=status)
    )
    assert stale.status_code == 200
    assert "Nothing of yours was saved" in stale.content.decode()
    assert "claims, source links or place" in stale.content.decode()
    incident.refresh_from_db()
    assert incident.killed is None


def test_a_source_link_edited_or_deleted_on_its_own_page_makes_an_open_incident_form_stale(editor_client):
    incident = make_incident(status="draft")
    link = link_source(incident)
    opened = opened_version(editor_client, incident)
    link_url = reverse("admin:incidents_incidentsource_change", args=[link.pk])
    data = {"incident": incident.pk, "source": link.source_id, "excerpt": "Now says otherwise.", "credibility": 4}
    assert editor_client.post(link_url, data).status_code == 302
    after_edit = opened_version(editor_client, incident)
    assert after_edit > opened
    delete_url = reverse("admin:incidents_incidentsource_delete", args=[link.pk])
    assert editor_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert opened_version(editor_client, incident) > after_edit


def test_a_place_change_raises_the_version_of_every_incident_using_it(editor_client):
    place = make_location(name="Camp Taji")
    users, other = [make_incident(location=place) for _ in range(2)], make_incident()
    before = {i.pk: Incident.objects.get(pk=i.pk).version for i in [*users, other]}
    place.name = "Camp Taji (Iraqi side)"
    place.save()
    after = {i.pk: Incident.objects.get(pk=i.pk).version for i in [*users, other]}
    assert [after[i.pk] - before[i.pk] for i in users] == [1, 1]
    assert after[other.pk] == before[other.pk]
