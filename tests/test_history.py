"""Every change is recorded (who, when, what) and visible in the admin."""

import pytest
from django.urls import reverse

from incidents.models import Claim, Incident
from tests.admin_forms import incident_form_data
from tests.factories import link_source, make_claim, make_group, make_incident, make_location, make_source

pytestmark = pytest.mark.django_db


def test_admin_changes_record_who_made_them(analyst_client, analyst, editor_client, editor):
    group, source = make_group(name="Ashab al-Kahf"), make_source()
    data = incident_form_data(
        location=make_location(),
        claims=[
            {"kind": "claimed", "group": group.pk, "channel": "telegram", "confidence": "low", "source": source.pk}
        ],
        sources=[{"source": source.pk, "excerpt": "Quotes the claim.", "credibility": "3"}],
    )
    assert analyst_client.post(reverse("admin:incidents_incident_add"), data).status_code == 302
    incident = Incident.objects.get()
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    assert (
        editor_client.post(
            url,
            {
                **data,
                "title": "Convoy hit",
                "status": "published",
                "claims-TOTAL_FORMS": "0",
                "source_links-TOTAL_FORMS": "0",
                "edit_version": incident.version,
            },
        ).status_code
        == 302
    )

    history = list(incident.history.order_by("history_date"))
    assert [(h.history_type, h.history_user, h.status) for h in history] == [
        ("+", analyst, "draft"),
        ("~", editor, "published"),
    ]
    claim_history = Claim.history.get()
    assert (claim_history.history_user, claim_history.group_id) == (analyst, group.pk)


def test_the_history_page_shows_who_changed_what(editor_client, editor):
    incident = make_incident(title="First")
    incident._history_user = editor
    incident.title = "Second"
    incident.save()
    page = editor_client.get(reverse("admin:incidents_incident_history", args=[incident.pk])).content.decode()
    assert "editor" in page
    assert "Title" in page and "First" in page and "Second" in page


@pytest.mark.parametrize("name", ["group", "location", "source", "claim"])
def test_every_record_kind_has_a_history_page(editor_client, name):
    from tests import factories

    if name == "claim":
        obj = factories.make_claim(make_incident(), make_group())
    else:
        obj = getattr(factories, f"make_{name}")()
    response = editor_client.get(reverse(f"admin:incidents_{name}_history", args=[obj.pk]))
    assert response.status_code == 200
    assert "Added" in response.content.decode() or "Created" in response.content.decode()


def test_a_history_that_names_a_group_or_source_deleted_since_still_shows(editor_client):
    """A claim's earlier version names a group no claim names now, which an editor may delete; a
    source link's, a source. Their history pages and revert forms show them as deleted."""
    incident = make_incident(status="draft")
    first, second = make_group(name="First"), make_group(name="Second")
    claim = make_claim(incident, first)
    claim.group = second
    claim.save()
    first.delete()
    old_source, new_source = make_source(title="Old"), make_source(title="New")
    link = link_source(incident, old_source)
    link.source = new_source
    link.save()
    old_source.delete()
    for record in (claim, link):
        name = record._meta.model_name
        history_url = reverse(f"admin:incidents_{name}_history", args=[record.pk])
        page = editor_client.get(history_url)
        assert page.status_code == 200 and "a deleted" in page.content.decode()
        earliest = record.history.earliest("history_date")
        revert = reverse(f"admin:incidents_{name}_simple_history", args=[record.pk, earliest.history_id])
        assert editor_client.get(revert).status_code == 200
