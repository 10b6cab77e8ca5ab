"""The add form's defaults: each one visible on the form or derived by a stated rule, never a
silent change of meaning (the action count in tests/browser/test_admin_logging.py rests on them)."""

import pytest
from django.urls import reverse

from incidents.models import Incident, Source
from tests.admin_forms import incident_form_data
from tests.factories import make_group, make_location, make_source

pytestmark = pytest.mark.django_db
ADD_URL = reverse("admin:incidents_incident_add")


def claim(group, **fields):
    return {"kind": "claimed", "group": group.pk, "channel": "telegram", "confidence": "", "source": "", **fields}


def link(source):
    return {"source": source.pk, "excerpt": "Reports the attack.", "credibility": "6"}


def post(client, **fields):
    response = client.post(ADD_URL, incident_form_data(**fields))
    assert response.status_code == 302, response.context["adminform"].form.errors
    return Incident.objects.get()


@pytest.mark.parametrize(
    ("grades", "expected"),
    [(["B"], "high"), (["C"], "medium"), (["D"], "low"), (["C", "C"], "high"), (["E", "F"], "medium")],
)
def test_an_empty_confidence_is_the_highest_the_sources_allow(analyst_client, grades, expected):
    sources = [make_source(publisher=f"Publisher {n}", reliability=grade) for n, grade in enumerate(grades)]
    incident = post(analyst_client, location=make_location(), confidence="", sources=[link(s) for s in sources])
    assert incident.confidence == expected == incident.confidence_allowed()


def test_a_confidence_the_analyst_chose_is_kept(analyst_client):
    incident = post(analyst_client, location=make_location(), confidence="low", sources=[link(make_source())])
    assert incident.confidence == "low"


def test_a_claim_without_a_source_rests_on_the_incidents_only_source_at_the_confidence_it_allows(analyst_client):
    source = make_source(reliability=Source.Reliability.C)
    incident = post(analyst_client, location=make_location(), claims=[claim(make_group())], sources=[link(source)])
    assert (incident.claims.get().source, incident.claims.get().confidence) == (source, "medium")


def test_with_two_sources_the_claims_source_is_the_analysts_to_choose(analyst_client):
    sources = [link(make_source()), link(make_source())]
    data = incident_form_data(location=make_location(), claims=[claim(make_group())], sources=sources)
    response = analyst_client.post(ADD_URL, data)
    claims = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "claims").formset
    assert "name its source" in claims.forms[0].errors["confidence"][0]
    assert not Incident.objects.exists()


def test_an_empty_title_is_the_type_and_the_place(analyst_client):
    incident = post(analyst_client, location=make_location(name="Camp Taji"), title="")
    assert incident.title == "Rocket or mortar at Camp Taji"


def test_an_empty_title_without_a_type_says_what_to_give(analyst_client):
    response = analyst_client.post(ADD_URL, incident_form_data(location=make_location(), title="", type=""))
    assert "Give a title, or choose the type and the place" in response.context["adminform"].form.errors["title"][0]


def test_a_given_title_is_kept(analyst_client):
    incident = post(analyst_client, location=make_location(), title="Rockets hit Camp Taji")
    assert incident.title == "Rockets hit Camp Taji"
