"""Staff preview a draft as the public will see it; to anyone else it does not exist."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from incidents.models import Incident
from tests.conftest import logged_in
from tests.factories import make_claim, make_group, make_incident, make_publishable_draft

pytestmark = pytest.mark.django_db


def preview_url(incident):
    return reverse("incident_preview", args=[incident.pk])


def test_staff_see_a_draft_as_its_public_page_marked_as_a_draft_and_noindex(analyst_client):
    draft = make_publishable_draft(title="Rockets hit the base")
    make_claim(draft, make_group(name="Usbat al-Thaireen"))
    response = analyst_client.get(preview_url(draft))
    page = response.content.decode()
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in page and response["X-Robots-Tag"] == "noindex"
    assert "Draft preview" in page and "Rockets hit the base" in page and "Usbat al-Thaireen" in page
    assert "no-store" in response["Cache-Control"]
    # the same page the public will see, less the banner and the noindex
    draft.status = Incident.Status.PUBLISHED
    draft.save()
    public = analyst_client.get(reverse("incident_detail", args=[draft.pk])).content.decode()
    assert "Draft preview" not in public and 'name="robots"' not in public
    assert "Rockets hit the base" in public and "Usbat al-Thaireen" in public


def test_anyone_else_gets_the_404_of_an_incident_that_does_not_exist(client):
    draft = make_publishable_draft()
    user = User.objects.create_user("reader", password="A-long-test-passphrase-7")
    for visitor in (client, logged_in(user)):
        assert visitor.get(preview_url(draft)).status_code == 404
        assert visitor.get(preview_url(draft)).content == visitor.get(preview_url(Incident(pk=99999))).content


def test_only_drafts_are_previewed(analyst_client):
    assert analyst_client.get(preview_url(make_incident())).status_code == 404  # published: its own page


def test_view_on_site_opens_a_drafts_preview_and_a_published_incidents_page(analyst_client, editor_client):
    draft, published = make_publishable_draft(), make_incident()
    change = reverse("admin:incidents_incident_change", args=[draft.pk])
    assert f'href="{preview_url(draft)}"' in analyst_client.get(change).content.decode()
    change = reverse("admin:incidents_incident_change", args=[published.pk])
    assert f'href="{published.get_absolute_url()}"' in editor_client.get(change).content.decode()


def test_browsers_asking_for_favicon_ico_get_the_sites_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith(".svg")
    assert client.get(response["Location"]).status_code == 200
