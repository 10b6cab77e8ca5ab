"""Drafts and retracted incidents, and their claims and sources, reach no public output.

Every public URL (everything outside /admin/) is listed in PUBLIC_URLS; a test fails when
the URLconf gains a name this table doesn't cover, so a new page can't be forgotten.
Each unpublished incident carries a marker in every text field of its own, of its claims,
of its sources, of its new place and of the group only it names (related to a public group,
which makes it no more public), casualty counts no published incident has and coordinates no
published place has; no public response may contain any of them. A place or group is public
only through a published incident or an editor's say-so (LocationQuerySet.public(),
GroupQuerySet.public()).
"""

import datetime
import io
import zipfile

import pytest
from django.core.management import call_command
from django.urls import reverse

from incidents.models import Correction, Group, GroupRelation, Incident
from tests.factories import link_source, make_claim, make_group, make_incident, make_location, make_source
from tests.public_urls import public_url_names

pytestmark = pytest.mark.django_db

# Coordinates of the unpublished incidents' own places, as the API would write them.
COORDINATES = {"draft": ("34.918273", "41.827364"), "retracted": ("35.192837", "42.283746")}
MARKERS = ("DRAFTMARKER", "RETRACTMARKER", "987654", "876543", *COORDINATES["draft"], *COORDINATES["retracted"])
FILTERS = [
    "",
    "?q=MARKER",
    "?type=rocket",
    "?group=unpublished-only",
    "?date_after=2020-01-01",
    "?include_duplicates=on",
]


def unpublished(status, marker):
    latitude, longitude = COORDINATES[status]
    place = make_location(name=f"{marker} place", arabic_name=f"{marker} مكان", latitude=latitude, longitude=longitude)
    group = make_group(
        name=f"{marker} group", slug=f"{status}-group", arabic_name=f"{marker} جماعة", aliases=f"{marker} alias"
    )
    GroupRelation.objects.create(
        subject=group, kind=GroupRelation.Kind.FRONT_FOR, object=Group.objects.get(slug="kataib-hezbollah")
    )
    incident = make_incident(
        status=status,
        title=f"{marker} title",
        summary=f"{marker} summary",
        target_detail=f"{marker} target",
        external_id=f"{marker}-id",
        killed=987654,
        wounded=876543,
        location=place,
        date=datetime.date(2020, 2, 2),
        retraction_reason="Retracted after review." if status == "retracted" else "",
        duplicate_of=Incident.objects.published().order_by("pk").first(),
        duplicate_reason=f"{marker} duplicate reason",
    )
    make_claim(
        incident,
        group,
        kind="claimed",
        stated_by=f"{marker} spokesman",
        url=f"https://example.org/{marker}",
        note=f"{marker} note",
    )
    make_claim(incident, None, kind="suspected", actor=f"{marker} actor")
    link_source(
        incident, make_source(publisher=f"{marker} press", title=f"{marker} report"), excerpt=f"{marker} excerpt"
    )
    Correction.objects.create(incident=incident, note="A later report.", changes=[["title", "Old", f"{marker} title"]])
    return incident


@pytest.fixture
def world():
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    draft = unpublished(Incident.Status.DRAFT, "DRAFTMARKER")
    retracted = unpublished(Incident.Status.RETRACTED, "RETRACTMARKER")
    make_group(name="Group with only unpublished claims", slug="unpublished-only")
    published = Incident.objects.published().order_by("pk").first()
    # Published duplicates of each, as data written before the rule may hold them (a published
    # incident is a duplicate only of a published one): their rows name no unpublished incident.
    for unpublished_one in (draft, retracted):
        make_incident(title="A second report", duplicate_of=unpublished_one, duplicate_reason="Same event.")
    return {"draft": draft, "retracted": retracted, "published": published}


def api(path):
    return f"/api/{path}"


# URL name → function(world) giving the URLs to fetch for it (each with every filter in FILTERS).
PUBLIC_URLS = {
    "overview": lambda w: [reverse("overview")],
    "incident_list": lambda w: [
        reverse("incident_list"),
        reverse("incident_list") + "?sort=-killed&x=",
        reverse("incident_list") + "?sort=-wounded&x=",
    ],
    "incident_detail": lambda w: [
        reverse("incident_detail", args=[w[k].pk]) for k in ("draft", "retracted", "published")
    ],
    "incident_preview": lambda w: [
        reverse("incident_preview", args=[w[k].pk]) for k in ("draft", "retracted", "published")
    ],
    "incident_feed": lambda w: [reverse("incident_feed")],
    "favicon": lambda w: [reverse("favicon")],
    "correction_feed": lambda w: [reverse("correction_feed")],
    "incident_export_csv": lambda w: [
        reverse("incident_export_csv"),
        reverse("incident_export_csv") + "?format=acled&x=",
    ],
    "incident_claims_csv": lambda w: [reverse("incident_claims_csv"), reverse("incident_claims_csv") + "?bom=1&x="],
    "incident_sources_csv": lambda w: [
        reverse("incident_sources_csv"),
        reverse("incident_sources_csv") + "?excel=1&x=",
    ],
    "incident_export_xlsx": lambda w: [reverse("incident_export_xlsx")],
    "data_index": lambda w: [reverse("data_index")],
    "data_codebook": lambda w: [reverse("data_codebook")],
    "release_download": lambda w: [reverse("release_download", args=["1.0", "incidents.csv"])],
    "incident_map": lambda w: [reverse("incident_map"), reverse("incident_map") + "?bbox=38,29,49,38&zoom=5&x="],
    "incident_chart": lambda w: [reverse("incident_chart"), reverse("incident_chart") + "?interval=day&x="],
    "embed_map": lambda w: [reverse("embed_map"), reverse("embed_map") + "?x="],
    "embed_chart": lambda w: [reverse("embed_chart"), reverse("embed_chart") + "?x="],
    "incident_governorates": lambda w: [reverse("incident_governorates"), reverse("incident_governorates") + "?x="],
    "group_list": lambda w: [reverse("group_list")],
    "javascript_catalog": lambda w: [reverse("javascript_catalog")],
    "set_digits": lambda w: [reverse("set_digits") + "?digits=arabic-indic&next=/ar/"],
    "group_detail": lambda w: [
        reverse("group_detail", args=[slug])
        for slug in ("draft-group", "retracted-group", "unpublished-only", "kataib-hezbollah")
    ],
    "api_schema": lambda w: [reverse("api_schema")],
    "api_docs": lambda w: [reverse("api_docs")],
    "api-root": lambda w: [api("")],
    "api-incident-list": lambda w: [api("incidents/"), api("incidents.json")],
    "api-incident-detail": lambda w: [api(f"incidents/{w[k].pk}/") for k in ("draft", "retracted", "published")],
    "api-group-list": lambda w: [api("groups/")],
    "api-group-detail": lambda w: [
        api(f"groups/{slug}/") for slug in ("draft-group", "retracted-group", "unpublished-only", "kataib-hezbollah")
    ],
    "api-location-list": lambda w: [api("locations/"), api("locations/?page=2")],
    "api-location-detail": lambda w: [api(f"locations/{w[k].location_id}/") for k in ("draft", "retracted")],
}


def test_every_public_url_is_in_the_leak_table():
    assert public_url_names() == set(PUBLIC_URLS), "add the new public URL to PUBLIC_URLS"


def body(response):
    """The response's bytes; a spreadsheet's XML unzipped, so its text can be searched."""
    data = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(data)) as workbook:
            return b"".join(workbook.read(name) for name in workbook.namelist())
    return data


@pytest.mark.parametrize("name", sorted(PUBLIC_URLS))
def test_no_unpublished_data_in(name, client, world):
    for url in PUBLIC_URLS[name](world):
        for query in FILTERS:
            full = url + (query.replace("?", "&") if "?" in url else query)
            response = client.get(full)
            assert response.status_code < 500, full
            text = body(response).decode("utf-8", "replace")
            uids = [str(world[status].uid) for status in ("draft", "retracted")]
            leaked = [marker for marker in (*MARKERS, *uids) if marker in text]
            assert not leaked, f"{full} shows {leaked}"


def test_unpublished_incidents_are_not_found_on_their_own_pages(client, world):
    assert client.get(reverse("incident_detail", args=[world["draft"].pk])).status_code == 404
    assert client.get(reverse("incident_detail", args=[world["retracted"].pk])).status_code == 410
    assert client.get(reverse("incident_preview", args=[world["draft"].pk])).status_code == 404
    assert client.get(api(f"incidents/{world['draft'].pk}/")).status_code == 404
    assert client.get(api(f"incidents/{world['retracted'].pk}/")).status_code == 404


def test_counts_everywhere_are_the_published_ones(client, world):
    published = Incident.objects.counted().count()
    assert client.get(reverse("incident_chart")).json()["total"] == published
    assert client.get(reverse("incident_map")).json()["count"] == published
    assert client.get(reverse("incident_governorates")).json()["total"] == published
    assert client.get(reverse("incident_list")).context["page"].paginator.count == published
    assert client.get(reverse("overview")).context["figures"]["incidents"] == published
    assert client.get(api("incidents/")).json()["results"][0]["id"] != world["draft"].pk
