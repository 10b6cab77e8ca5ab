"""Every change is recorded (who, when, what) and visible in the admin."""

import pytest
from django.urls import reverse

from incidents.models import Claim, Incident
from tests.admin_forms import incident_form_data
from tests.factories import make_group, make_incident, make_location, make_source

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
