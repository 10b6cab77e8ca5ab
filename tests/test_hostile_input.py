"""No query string on a public URL and no admin form input causes a 500 (issue 6).

Hypothesis generates the input (tests/hostile_values.py). Public URLs are read from the
URLconf, so a new page is fuzzed without being listed here: a bad value must be a 400
that says what is wrong (or a 404/410), never a server error. Admin forms may refuse
anything, but with an error on the form and nothing half-written. A few incidents are
made once per test; the examples share them.
"""

import re
from collections import Counter
from html import unescape
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from incidents.models import Governorate, Group, GroupRelation, Incident
from tests.admin_forms import change_form_data, incident_form_data
from tests.factories import link_source, make_claim, make_group, make_incident, make_location, make_source
from tests.hostile_values import (
    CLAIM_FIELDS,
    COUNTS,
    CSV_FILES,
    DATES,
    FILTER_QUERIES,
    GROUP_FIELDS,
    IDS,
    INCIDENT_FIELDS,
    JUNK_QUERIES,
    LOCATION_FIELDS,
    NASTY_TEXT,
    RELATION_FIELDS,
    SOURCE_FIELDS,
    SOURCE_LINK_FIELDS,
    changes_to,
    drf_cursor,
)
from tests.public_urls import public_patterns

pytestmark = pytest.mark.django_db
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


@pytest.fixture
def world():
    """Published, month-precision, draft and retracted incidents; a group and its front."""
    kataib = make_group(name="Kataib Test", slug="kataib-test", aliases="Kata'ib Test\nكتائب")
    front = make_group(name="Front Test", slug="front-test", kind="front")
    make_group(name="No incidents", slug="no-incidents-test")
    GroupRelation.objects.create(subject=front, kind="front_for", object=kataib)
    published = make_incident(killed=2, wounded=0)
    make_claim(published, kataib)
    source = link_source(published).source
    make_claim(make_incident(date_precision="month", type="drone"), front, kind="attributed")
    make_incident(location=make_location(latitude=None, longitude=None, geo_precision="governorate"))
    make_incident(status="draft")
    make_incident(status="retracted", retraction_reason="Did not happen.")
    return {"incident": published, "group": kataib, "front": front, "source": source}


# --- Public URLs ------------------------------------------------------------------------


def url_arguments(world, name):
    """A value for each kind of path argument in the URLconf; a new kind must be added here."""
    is_location = "location" in name
    return {
        "pk": world["incident"].location_id if is_location else world["incident"].pk,
        "slug": world["group"].slug,
        "format": "json",
        "version": "1.0",
        "filename": "incidents.csv",
    }


PUBLIC_PATTERNS = sorted(public_patterns())


def public_url(world, name, arguments):
    values = url_arguments(world, name)
    return reverse(name, kwargs={argument: values[argument] for argument in arguments})


def body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def error_messages(response):
    """What a 400 tells its reader: JSON {"errors": …} (or DRF's detail), else the page's alert."""
    if response["Content-Type"].startswith("application/json"):
        return [text for text in leaves(response.json()) if text.strip()]
    html = body(response).decode()
    alert = re.search(r'role="alert">(.*?)</div>', html, re.S) or re.search(r"<h1>(Bad Request.*?)</h1>", html)
    return [unescape(re.sub(r"<[^>]+>", " ", alert.group(1))).strip()] if alert else []


def leaves(data):
    if isinstance(data, dict):
        return [text for value in data.values() for text in leaves(value)]
    if isinstance(data, list):
        return [text for value in data for text in leaves(value)]
    return [str(data)]


def assert_answers_without_server_error(client, url, query):
    """Any status but a 5xx; a 400 says why. The client re-raises a view's exception."""
    response = client.get(url, QUERY_STRING=query)
    content = body(response)
    assert response.status_code < 500, (url, query, content[:500])
    if response.status_code == 400:
        assert error_messages(response), (url, query, content[:500])


def test_every_public_url_is_fuzzed():
    names = {name for name, _ in PUBLIC_PATTERNS}
    assert {
        "overview",
        "incident_list",
        "incident_detail",
        "incident_feed",
        "incident_export_csv",
        "incident_map",
        "incident_chart",
        "incident_governorates",
        "incident_claims_csv",
        "incident_sources_csv",
        "incident_export_xlsx",
        "data_index",
        "data_codebook",
        "group_list",
        "group_detail",
        "api-incident-list",
        "api-incident-detail",
    } <= names


@pytest.mark.parametrize("name, arguments", PUBLIC_PATTERNS)
@FUZZ
@given(query=JUNK_QUERIES)
def test_junk_query_strings_never_cause_a_server_error(client, world, name, arguments, query):
    assert_answers_without_server_error(client, public_url(world, name, arguments), query)


@pytest.mark.parametrize("name, arguments", PUBLIC_PATTERNS)
@FUZZ
@given(query=FILTER_QUERIES)
def test_hostile_parameter_values_never_cause_a_server_error(client, world, name, arguments, query):
    assert_answers_without_server_error(client, public_url(world, name, arguments), query)


# --- Admin forms ------------------------------------------------------------------------


def row_counts():
    """Rows per model of the app, history tables included (FoundWord's where it has a table: PostgreSQL)."""
    tables = connection.introspection.table_names()
    models = [model for model in apps.get_app_config("incidents").get_models() if model._meta.db_table in tables]
    return Counter({model._meta.label: model.objects.count() for model in models})


def assert_refused_cleanly_or_saved(client, url, data):
    """Saved (a redirect), or refused with an error on the form and no row written."""
    before = row_counts()
    response = client.post(url, data)
    assert response.status_code < 500, data
    if response.status_code != 302:
        assert row_counts() == before, data
    if response.status_code == 200:
        assert 'class="errornote"' in response.content.decode() or "errorlist" in response.content.decode(), data


def existing_rows(incident):
    """The incident's stored claims and source links as its change form posts them (earlier
    examples may have deleted some)."""
    claims = [
        {
            "id": claim.pk,
            "incident": incident.pk,
            "kind": claim.kind,
            "group": claim.group_id,
            "channel": claim.channel,
            "confidence": claim.confidence,
        }
        for claim in incident.claims.all()
    ]
    sources = [
        {
            "id": link.pk,
            "incident": incident.pk,
            "source": link.source_id,
            "excerpt": link.excerpt,
            "credibility": str(link.credibility),
        }
        for link in incident.source_links.all()
    ]
    return claims, sources


@FUZZ
@given(changes=changes_to(INCIDENT_FIELDS), as_editor=st.booleans())
def test_the_incident_add_form_refuses_hostile_values_without_a_server_error(
    analyst_client, editor_client, world, changes, as_editor
):
    claims = [{"kind": "claimed", "group": world["group"].pk, "channel": "telegram", "confidence": "medium"}]
    sources = [{"source": world["source"].pk, "excerpt": "Reports it.", "credibility": "2"}]
    data = {**incident_form_data(location=world["incident"].location, claims=claims, sources=sources), **changes}
    client = editor_client if as_editor else analyst_client
    assert_refused_cleanly_or_saved(client, reverse("admin:incidents_incident_add"), data)


@FUZZ
@given(changes=changes_to(INCIDENT_FIELDS))
def test_the_incident_change_form_refuses_hostile_values_without_a_server_error(editor_client, world, changes):
    incident = Incident.objects.get(pk=world["incident"].pk)
    claims, sources = existing_rows(incident)
    data = change_form_data(incident, claims=claims, sources=sources, status=incident.status)
    data.update({"claims-INITIAL_FORMS": str(len(claims)), "source_links-INITIAL_FORMS": str(len(sources))})
    data.update(changes, correction_note="Fuzzed.")  # a published incident: a saved change needs its note
    assert_refused_cleanly_or_saved(editor_client, reverse("admin:incidents_incident_change", args=[incident.pk]), data)


def test_a_forged_inline_count_that_hides_a_stored_source_is_a_form_error(editor_client, world):
    """Found by the test above: the stored link posted again as a new row broke the
    unique constraint (incident, source) in the database."""
    incident = world["incident"]
    claims, sources = existing_rows(incident)
    data = change_form_data(incident, claims=claims, sources=sources, status=incident.status)
    data.update({"claims-INITIAL_FORMS": "1", "source_links-INITIAL_FORMS": "0"})
    before = row_counts()
    response = editor_client.post(reverse("admin:incidents_incident_change", args=[incident.pk]), data)
    assert response.status_code == 200
    assert "already saved with this record but is not on this page" in unescape(response.content.decode())
    assert row_counts() == before


GROUP_FORM = {
    "name": "A new group",
    "slug": "a-new-group",
    "arabic_name": "",
    "aliases": "",
    "kind": "front",
    "description": "",
    "relations-TOTAL_FORMS": "1",
    "relations-INITIAL_FORMS": "0",
    "relations-MIN_NUM_FORMS": "0",
    "relations-MAX_NUM_FORMS": "1000",
    "relations-0-kind": "front_for",
    "relations-0-confidence": "medium",
    "relations-0-note": "",
}
LOCATION_FORM = {
    "name": "Camp Taji",
    "arabic_name": "",
    "country": "Iraq",
    "latitude": "33.529440",
    "longitude": "44.277500",
    "geo_precision": "site",
    "kind": "military_base",
    "notes": "",
}
SOURCE_FORM = {
    "publisher": "Reuters",
    "title": "Rockets hit Taji",
    "url": "https://example.org/taji",
    "published_on": "2020-03-11",
    "language": "en",
    "archive_url": "",
    "reliability": "B",
    "notes": "",
}


CLAIM_FORM = {
    "correction_note": "A new claim.",
    "kind": "claimed",
    "actor": "",
    "stated_by": "",
    "stated_on": "2020-03-12",
    "channel": "telegram",
    "url": "",
    "confidence": "medium",
    "note": "",
}
SOURCE_LINK_FORM = {"excerpt": "Reports it.", "credibility": "2", "correction_note": "A new source."}
RELATION_FORM = {"kind": "part_of", "confidence": "medium", "note": ""}


def linked_records(world, model):
    """The form's links to existing records, valid until the fuzzer changes them."""
    return {
        "group": lambda: {"relations-0-object": world["group"].pk},
        "location": lambda: {"governorate": Governorate.objects.get(slug="baghdad").pk},
        "source": dict,
        "claim": lambda: {"incident": world["incident"].pk, "group": world["group"].pk},
        "incidentsource": lambda: {"incident": world["incident"].pk, "source": make_source().pk},
        "grouprelation": lambda: {
            "subject": world["front"].pk,
            "object": world["group"].pk,
            "source": world["source"].pk,
        },
    }[model]()


@pytest.mark.parametrize(
    "model, form",
    [
        ("group", GROUP_FORM),
        ("location", LOCATION_FORM),
        ("source", SOURCE_FORM),
        ("claim", CLAIM_FORM),
        ("incidentsource", SOURCE_LINK_FORM),
        ("grouprelation", RELATION_FORM),
    ],
)
def test_the_forms_the_fuzzing_starts_from_are_saved(editor_client, world, model, form):
    """So that a hostile value, not a broken starting form, is what the admin refuses."""
    response = editor_client.post(reverse(f"admin:incidents_{model}_add"), {**form, **linked_records(world, model)})
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors


@pytest.mark.parametrize(
    "model, form, fields",
    [
        ("group", GROUP_FORM, GROUP_FIELDS),
        ("location", LOCATION_FORM, LOCATION_FIELDS),
        ("source", SOURCE_FORM, SOURCE_FIELDS),
        ("claim", CLAIM_FORM, CLAIM_FIELDS),
        ("incidentsource", SOURCE_LINK_FORM, SOURCE_LINK_FIELDS),
        ("grouprelation", RELATION_FORM, RELATION_FIELDS),
    ],
)
@FUZZ
@given(data=st.data())
def test_every_other_admin_add_form_refuses_hostile_values_without_a_server_error(
    editor_client, world, model, form, fields, data
):
    linked = linked_records(world, model)
    changes = data.draw(changes_to(fields))
    assert_refused_cleanly_or_saved(
        editor_client, reverse(f"admin:incidents_{model}_add"), {**form, **linked, **changes}
    )


@pytest.mark.parametrize("key", ["1.0", "1e3", "99999999999999999999", "-9223372036854775809"])
def test_an_autocomplete_choice_that_cannot_be_an_id_is_a_form_error(editor_client, world, key):
    """Found by the test above: Django's autocomplete widget looked such values up and raised."""
    response = editor_client.post(reverse("admin:incidents_group_add"), {**GROUP_FORM, "relations-0-object": key})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Group.objects.filter(slug=GROUP_FORM["slug"]).exists()


def test_an_api_cursor_at_an_impossible_date_is_an_invalid_cursor(client, world):
    """Found by the query-string test: DRF passed the cursor's position to the query unchecked."""
    cursor = drf_cursor(0, "0", "2020-02-30")
    response = client.get(reverse("api-incident-list"), {"cursor": cursor})
    assert response.status_code == 400
    assert "not one the API gave out" in response.json()["errors"]["cursor"][0]


ADMIN_LISTS = ["incident", "location", "group", "source", "claim", "incidentsource", "grouprelation", "governorate"]
LIST_PARAMETERS = {}


def changelist_parameters(client, model):
    """The query parameters an admin list understands: its filters', the date hierarchy's,
    search, ordering and paging (read from the list itself, so a new filter is covered)."""
    if model not in LIST_PARAMETERS:
        cl = client.get(reverse(f"admin:incidents_{model}_changelist")).context["cl"]
        names = {"q", "o", "p", "all", "e", "_to_field"}
        for spec in cl.filter_specs:
            names.update(spec.expected_parameters())
        if cl.date_hierarchy:
            names.update(f"{cl.date_hierarchy}__{part}" for part in ("year", "month", "day", "gte", "lt"))
        LIST_PARAMETERS[model] = sorted(names)
    return LIST_PARAMETERS[model]


@pytest.mark.parametrize("model", ADMIN_LISTS)
@FUZZ
@given(data=st.data())
def test_admin_lists_answer_hostile_query_strings_without_a_server_error(admin_client, world, model, data):
    names = changelist_parameters(admin_client, model)
    values = st.one_of(COUNTS, IDS, DATES, NASTY_TEXT)
    query = urlencode(data.draw(st.lists(st.tuples(st.sampled_from(names), values), max_size=5)))
    response = admin_client.get(reverse(f"admin:incidents_{model}_changelist"), QUERY_STRING=query)
    assert response.status_code < 500, query


def test_an_admin_list_filter_that_overflows_is_an_invalid_lookup_or_nothing(admin_client, world):
    """Found by the test above: both were server errors."""
    url = reverse("admin:incidents_incident_changelist")
    response = admin_client.get(url, {"date__year": "2200000000"})  # datetime() overflows in Django's hierarchy
    assert response.status_code == 302 and response["Location"].endswith("?e=1")
    # an id no row can have: Django knows the query selects nothing, and the cached count copes
    response = admin_client.get(url, {"claims__group__id__exact": "9" * 30})
    assert response.status_code == 200
    assert response.context["cl"].result_count == 0


def test_a_nul_character_in_an_admin_list_is_an_invalid_lookup_and_in_a_search_matches_nothing(admin_client, world):
    """Found by the test above on PostgreSQL, which refuses NUL in a query."""
    url = reverse("admin:incidents_claim_changelist")
    assert admin_client.get(url, {"q": "Kataib\x00"})["Location"].endswith("?e=1")
    assert admin_client.get(url, {"kind__exact": "\x00"})["Location"].endswith("?e=1")
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "Kataib\x00", "app_label": "incidents", "model_name": "claim", "field_name": "group"},
    )
    assert response.status_code == 200
    assert response.json()["results"] == []


AUTOCOMPLETE_FIELDS = [
    ("incident", "location"),
    ("claim", "group"),
    ("claim", "incident"),
    ("incidentsource", "source"),
    ("grouprelation", "object"),
]


@FUZZ
@given(field=st.sampled_from(AUTOCOMPLETE_FIELDS), term=NASTY_TEXT, page=COUNTS)
def test_admin_autocomplete_answers_hostile_terms_without_a_server_error(editor_client, world, field, term, page):
    model_name, field_name = field
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {"term": term, "page": page, "app_label": "incidents", "model_name": model_name, "field_name": field_name},
    )
    assert response.status_code in (200, 404), (term, page)


def test_the_admin_list_parameters_are_read_from_the_lists(admin_client, world):
    assert {"type__exact", "claims__group__id__exact", "date__year", "q"} <= set(
        changelist_parameters(admin_client, "incident")
    )
    assert "governorate__id__exact" in changelist_parameters(admin_client, "location")


@pytest.fixture
def upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path)


@FUZZ
@given(
    content=CSV_FILES,
    file_format=st.one_of(st.sampled_from(["native", "acled"]), NASTY_TEXT),
    publish=st.sampled_from(["on", ""]),
)
def test_an_uploaded_csv_is_previewed_or_refused_without_a_server_error_or_a_write(
    editor_client, world, upload_dir, content, file_format, publish
):
    before = row_counts()
    response = editor_client.post(
        reverse("admin:incidents_incident_import"),
        {
            "file": SimpleUploadedFile("in.csv", content),
            "file_format": file_format,
            "publish": publish,
        },
    )
    assert response.status_code == 200
    assert row_counts() == before


@FUZZ
@given(token=NASTY_TEXT)
def test_a_forged_import_token_is_refused_without_a_server_error(editor_client, world, upload_dir, token):
    before = row_counts()
    response = editor_client.post(reverse("admin:incidents_incident_import"), {"token": token})
    assert response.status_code == 302
    assert row_counts() == before
