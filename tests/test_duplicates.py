"""Duplicates are data: an incident linked as a duplicate of another counts nowhere by default,
`include_duplicates=on` brings it back everywhere at once, and its page says which one counts."""

import csv
import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from incidents.models import Incident
from tests.admin_forms import change_form_data
from tests.factories import make_claim, make_group, make_incident

pytestmark = pytest.mark.django_db

WITH_DUPLICATES = "include_duplicates=on"


@pytest.fixture
def pair():
    """A canonical incident and a published duplicate of it, both claimed by one group."""
    group = make_group(slug="kh", public=True)
    canonical = make_incident(title="Three rockets land in the Green Zone")
    duplicate = make_incident(
        title="Earlier single rocket", duplicate_of=canonical, duplicate_reason="Same salvo, reported twice."
    )
    make_claim(canonical, group)
    make_claim(duplicate, group)
    return canonical, duplicate


def listed(client, query=""):
    return set(client.get(f"{reverse('incident_list')}?{query}").context["page"].paginator.object_list)


def csv_rows(client, query=""):
    response = client.get(f"{reverse('incident_export_csv')}?{query}")
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))


def public_counts(client, query=""):
    """What each public output counts for a query string."""
    overview = client.get(f"{reverse('overview')}?{query}")
    return {
        "list": len(listed(client, query)),
        "figures": overview.context["figures"]["incidents"],
        "chart": client.get(f"{reverse('incident_chart')}?{query}").json()["total"],
        "map": len(client.get(f"{reverse('incident_map')}?{query}").json()["features"]),
        "csv": len(csv_rows(client, query)),
        "acled": len(csv_rows(client, f"{query}&format=acled")),
        "api": len(client.get(f"/api/incidents/?{query}").json()["results"]),
    }


def test_a_duplicate_is_left_out_of_every_public_count_and_export(client, pair):
    assert set(public_counts(client).values()) == {1}


def test_include_duplicates_brings_them_back_everywhere_at_once(client, pair):
    assert set(public_counts(client, WITH_DUPLICATES).values()) == {2}


def test_the_exports_name_the_canonical_incident_of_a_duplicate(client, pair):
    canonical, duplicate = pair
    rows = {int(row["id"]): row for row in csv_rows(client, WITH_DUPLICATES)}
    assert rows[duplicate.pk]["duplicate_of"] == str(canonical.uid)
    assert rows[canonical.pk]["duplicate_of"] == ""
    items = {item["id"]: item for item in client.get(f"/api/incidents/?{WITH_DUPLICATES}").json()["results"]}
    assert items[duplicate.pk]["duplicate_of"] == str(canonical.uid)
    assert items[canonical.pk]["duplicate_of"] is None


def test_the_feed_and_group_pages_count_a_duplicate_once(client, pair):
    canonical, duplicate = pair
    feed = client.get(reverse("incident_feed")).content.decode()
    assert canonical.title in feed and duplicate.title not in feed
    group_page = client.get(reverse("group_detail", args=["kh"])).content.decode()
    assert canonical.title in group_page and duplicate.title not in group_page
    groups = client.get("/api/groups/kh/").json()
    assert groups["incidents_claimed"] == 1


def test_a_duplicates_page_says_so_and_links_the_one_that_counts(client, pair):
    canonical, duplicate = pair
    html = client.get(duplicate.get_absolute_url()).content.decode()
    assert "describes the same event as" in html
    assert f'href="{canonical.get_absolute_url()}"' in html
    assert "Same salvo, reported twice." in html
    assert "describes the same event" not in client.get(canonical.get_absolute_url()).content.decode()


def test_a_duplicate_of_an_unpublished_incident_does_not_name_it(client):
    draft = make_incident(status="draft", title="Secret draft title")
    duplicate = make_incident(duplicate_of=draft, duplicate_reason="Same event.")
    html = client.get(duplicate.get_absolute_url()).content.decode()
    assert "another incident, not public" in html
    assert "Secret draft title" not in html and draft.get_absolute_url() not in html


def test_a_retraction_reason_naming_an_incident_links_to_it(client):
    canonical = make_incident()
    retracted = make_incident(status="retracted", retraction_reason=f"Duplicate of #{canonical.pk} <b>")
    html = client.get(retracted.get_absolute_url()).content.decode()
    assert f'<a href="{canonical.get_absolute_url()}">#{canonical.pk}</a>' in html
    assert "&lt;b&gt;" in html  # the rest of the reason is still escaped


@pytest.mark.parametrize(
    ("link", "field"),
    [("itself", "duplicate_of"), ("chain", "duplicate_of"), ("no_reason", "duplicate_reason")],
)
def test_a_duplicate_links_the_one_that_counts_and_says_why(link, field):
    canonical = make_incident()
    incident = make_incident()
    target = {"itself": incident, "chain": make_incident(duplicate_of=canonical, duplicate_reason="x")}
    incident.duplicate_of = target.get(link, canonical)
    incident.duplicate_reason = "" if link == "no_reason" else "Same event."
    with pytest.raises(ValidationError) as error:
        incident.full_clean()
    assert field in error.value.message_dict


def test_an_analyst_cannot_mark_a_published_incident_as_a_duplicate(analyst_client):
    canonical, incident = make_incident(), make_incident()
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    data = change_form_data(incident, duplicate_of=canonical.pk, duplicate_reason="Same event.")
    assert analyst_client.post(url, data).status_code == 403
    incident.refresh_from_db()
    assert incident.duplicate_of is None


def test_an_editor_marks_a_published_incident_as_a_duplicate_and_it_leaves_the_figures(editor_client, client):
    canonical, incident = make_incident(), make_incident()
    assert client.get(reverse("overview")).context["figures"]["incidents"] == 2
    url = reverse("admin:incidents_incident_change", args=[incident.pk])
    data = change_form_data(incident, duplicate_of=canonical.pk, duplicate_reason="Same event.", status="published")
    assert editor_client.post(url, {**data, "correction_note": "Another report of one event."}).status_code == 302
    incident.refresh_from_db()
    assert incident.duplicate_of == canonical
    assert incident.history.first().duplicate_of_id == canonical.pk
    assert client.get(reverse("overview")).context["figures"]["incidents"] == 1  # the cache saw the write


def test_the_seeds_pairs_that_describe_one_event_are_linked():
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    linked = dict(Incident.objects.filter(duplicate_of__isnull=False).values_list("pk", "duplicate_of"))
    assert linked == {2: 3, 48: 46, 80: 79}
    assert not Incident.objects.filter(duplicate_of__isnull=False, duplicate_reason="").exists()
    assert Incident.objects.counted().count() == Incident.objects.published().count() - 3


def test_the_import_preview_lists_and_counts_likely_duplicates_of_existing_incidents(
    analyst_client, settings, tmp_path
):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path)
    existing = make_incident(title="Rockets hit Camp Taji", date=datetime.date(2020, 3, 11))
    point = f"{existing.location.latitude},{existing.location.longitude}"
    data = (
        "uid,title,date,type,location,governorate,latitude,longitude,date_precision,geo_precision,target,confidence\n"
        f"00000000-0000-4000-8000-000000000001,Taji rockets again,2020-03-12,rocket,Camp Taji,Baghdad,{point},"
        "day,site,military_base,medium\n"
        "00000000-0000-4000-8000-000000000002,IED on a convoy,2020-08-10,ied,Highway 1,Dhi Qar,,,"
        "day,town,convoy,medium\n"
    ).encode()
    upload = SimpleUploadedFile("in.csv", data)
    response = analyst_client.post(
        reverse("admin:incidents_incident_import"), {"file": upload, "file_format": "native"}
    )
    assert [(line, title, matches) for line, title, matches in response.context["report"].duplicates] == [
        (2, "Taji rockets again", [existing])
    ]
    html = response.content.decode()
    assert "1 new row looks like existing incidents." in html
    assert f"#{existing.pk} Rockets hit Camp Taji" in html
