"""No English interface left on the Arabic pages: every public page, the codebook and the
analysts' workspace under /ar/, rendered from the seed data set, show no interface text in
Latin letters, and English data on a public page is marked as English (tests/arabic_pages.py
says how a page is read)."""

import re

import pytest
from django.apps import apps
from django.contrib.auth.models import Group as StaffGroup
from django.contrib.auth.models import Permission, User
from django.core.management import call_command
from django.db import models
from django.utils import translation
from django.views.defaults import server_error

from incidents.models import Claim, Correction, Group, GroupRelation, Incident, IncidentSource, Location, Source
from tests.admin_forms import as_posted
from tests.arabic_pages import english_left, latin_words
from tests.conftest import kept_for_the_module
from tests.factories import link_source, make_claim, make_incident, make_publishable_draft, make_source

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/ar/",
    "/ar/?type=rocket&type=drone&governorate=baghdad",
    "/ar/?layer=governorates&play=month",
    "/ar/?target_owner=us_coalition&headline=attacks&include_duplicates=on",
    "/ar/incidents/",
    "/ar/incidents/?sort=-killed&page=2",
    "/ar/incidents/?governate=baghdad",  # says what it ignored
    "/ar/groups/",
    "/ar/data/",
    "/ar/data/codebook/",
    "/ar/embed/map/?type=rocket",
    "/ar/embed/chart/?type=rocket",
]
REFUSED = [  # the form showing its errors (400), and what the reader typed, which they echo
    ("/ar/incidents/?date_after=11/03/2020", []),
    ("/ar/incidents/?date_after=11 Mar 20", ["11 Mar 20"]),
    ("/ar/incidents/?type=bogus&group=nobody&governorate=atlantis", ["bogus", "nobody", "atlantis"]),
    ("/ar/incidents/?date_after=2020-03-10&date_before=2020-03-01", []),  # the dates the wrong way round
]
NOT_FOUND = ["/ar/nowhere/", "/ar/incidents/999999/", "/ar/groups/nobody/"]  # a mistyped link, an unpublished record
ADMINED = [Incident, Location, Group, Source, Claim, IncidentSource, GroupRelation]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The seed data set, loaded once for the module's tests (each runs in a savepoint inside this
    transaction, which is rolled back at the end)."""
    with kept_for_the_module(django_db_blocker):
        call_command("loaddata", "iraq_2019_2020", verbosity=0)
        # A public correction, so an incident page shows its corrections section.
        Correction.objects.create(
            incident=Incident.objects.get(pk=26), note="The source gives no figure.", changes=[["killed", "0", ""]]
        )
        yield


@pytest.fixture
def seed(seeded, db):
    return None


def marker():
    with translation.override("ar"):
        return translation.gettext("(English)")


def english_on(client, url, status=200, data=()):
    response = client.get(url)
    assert response.status_code == status, url
    return english_left(response.content.decode(), data, marker())


def recorded_text():
    """Every text the database holds (and each record's name), as the workspace shows it."""
    texts = set()
    shown = [model for model in apps.get_app_config("incidents").get_models() if model._meta.managed]  # not FoundWord's
    for model in [*shown, User, Permission, StaffGroup]:
        fields = [field.attname for field in model._meta.concrete_fields if isinstance(field, models.CharField)]
        fields += [field.attname for field in model._meta.concrete_fields if isinstance(field, models.TextField)]
        for row in model.objects.values_list(*fields):
            texts.update(value for value in row if isinstance(value, str))
        for record in model.objects.all():
            texts |= {str(record), " ".join(str(record).split()[:18])}  # breadcrumbs cut at 18 words
    return texts


def test_the_check_finds_english_interface_and_unmarked_english_data():
    """The reader below fails a page for each kind of English it is meant to catch."""
    assert english_left('<html lang="ar"><p>Apply filters</p></html>') == ["Apply filters"]
    assert english_left('<html lang="ar"><input type="submit" value="Save"></html>') == ["Save"]
    assert english_left('<html lang="ar"><a title="Next page" href="/">→</a></html>') == ["Next page"]
    unmarked = '<html lang="ar"><p><bdi lang="en">Camp Taji</bdi> قاعدة</p></html>'
    assert english_left(unmarked) == ["English not marked as English: <bdi lang=en>"]
    marked = '<html lang="ar"><p><bdi lang="en">Camp Taji</bdi> <span class="in-english">(x)</span></p></html>'
    assert english_left(marked) == []
    # Codes, names Arabic writes in Latin letters too, and recorded data (given) pass.
    assert english_left('<html lang="ar"><p>ملف CSV: <code>export.csv</code></p></html>') == []
    assert english_left('<html lang="ar"><td>Kataib Hezbollah</td></html>', ["Kataib Hezbollah"]) == []


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_the_arabic_public_pages_have_no_english_interface_and_mark_english_data(client, seed, url):
    assert english_on(client, url) == []


@pytest.mark.parametrize(("url", "typed"), REFUSED)
def test_the_arabic_filter_errors_are_in_arabic(client, seed, url, typed):
    assert english_on(client, url, status=400, data=typed) == []


@pytest.mark.parametrize("url", NOT_FOUND)
def test_a_page_not_found_under_ar_says_so_in_arabic_right_to_left(client, seed, url):
    assert english_on(client, url, status=404) == []
    html = client.get(url).content.decode()
    assert '<html lang="ar" dir="rtl"' in html and "الصفحة غير موجودة" in html


def test_a_server_error_under_ar_says_so_in_arabic_right_to_left(rf):
    """What Django shows when a view fails: its handler renders 500.html without a context, in the
    language the failed request was answered in."""
    with translation.override("ar"):
        response = server_error(rf.get("/ar/incidents/"))
    html = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="ar" dir="rtl">' in html and "خطأ في الخادم" in html and 'href="/ar/"' in html
    assert english_left(html, (), marker()) == []


def one_incident_of_each_kind():
    """The first published incident of each type, with and without Arabic text, a duplicate, one
    with a correction, and one of each claim kind: every way an incident page differs."""
    published = Incident.objects.published().order_by("pk")
    kinds = [published.filter(type=type) for type in published.values_list("type", flat=True).distinct()]
    kinds += [
        published.exclude(title_ar=""),
        published.filter(title_ar=""),
        published.filter(duplicate_of__isnull=False),
    ]
    kinds += [published.filter(corrections__isnull=False)]
    kinds += [published.filter(claims__kind=kind) for kind in Claim.Kind.values]
    return sorted({incidents.values_list("pk", flat=True).first() for incidents in kinds} - {None})


def test_the_arabic_incident_pages_of_every_kind_and_every_group_page_mark_their_english_data(client, seed):
    urls = [f"/ar/incidents/{pk}/" for pk in one_incident_of_each_kind()]
    assert len(urls) >= 10
    urls += [f"/ar/groups/{slug}/" for slug in Group.objects.public().values_list("slug", flat=True)]
    assert {url: found for url in urls if (found := english_on(client, url))} == {}


def test_the_arabic_retraction_notice_marks_its_english_reason_and_keeps_its_links(client, seed):
    retracted = Incident.objects.published().exclude(pk=26).order_by("pk").first()
    Incident.objects.filter(pk=retracted.pk).update(status="retracted", retraction_reason="Duplicate of #26.")
    url = f"/ar/incidents/{retracted.pk}/"
    assert english_on(client, url, status=410) == []
    assert '<bdi lang="en">Duplicate of <a href="/ar/incidents/26/">#26</a>.</bdi>' in client.get(url).content.decode()


def test_the_arabic_workspace_has_no_english_interface(editor_client, seed):
    draft = make_incident(title="A draft to publish", status=Incident.Status.DRAFT)
    urls = ["/ar/admin/", "/ar/admin/incidents/", "/ar/admin/incidents/incident/import/"]
    urls.append(f"/ar/admin/incidents/incident/{Incident.objects.published().first().pk}/unpublish/")
    for model in ADMINED:
        base = f"/ar/admin/incidents/{model._meta.model_name}/"
        first = model.objects.order_by("pk").first()
        urls += [base, f"{base}add/", f"{base}{first.pk}/change/", f"{base}{first.pk}/history/"]
    urls.append(f"/ar/admin/incidents/incident/{draft.pk}/change/")
    data = recorded_text()
    assert {url: found for url in urls if (found := english_on(editor_client, url, data=data))} == {}


def test_the_arabic_workspaces_actions_and_messages_speak_arabic(editor_client, seed):
    ready, bare = make_publishable_draft(title="Ready"), make_incident(title="Bare", status=Incident.Status.DRAFT)
    changelist = "/ar/admin/incidents/incident/"
    chosen = [ready.pk, bare.pk]
    confirm = editor_client.post(changelist, {"action": "delete_selected", "_selected_action": chosen})
    published = editor_client.post(changelist, {"action": "publish_selected", "_selected_action": chosen}, follow=True)
    notes = [str(message) for message in published.context["messages"]]
    assert any("نُشرت حادثة واحدة" in note for note in notes) and any("لم تُنشر" in note for note in notes)
    data = recorded_text()
    for response in (confirm, published):
        assert response.status_code == 200
        assert english_left(response.content.decode(), data, marker()) == []


@pytest.mark.parametrize(
    "change",
    [
        {"date_precision": "range", "date_end": ""},
        {"date_precision": "range", "date": "2020-03-10", "date_end": "2020-03-01"},
        {"status": "retracted", "retraction_reason": ""},
        {"duplicate_of": "self", "duplicate_reason": ""},
    ],
)
def test_the_arabic_incident_forms_errors_are_in_arabic(editor_client, seed, change):
    """What the incident's own rules (Incident.clean) refuse is said in the workspace's language."""
    incident = make_incident(status=Incident.Status.DRAFT)
    url = f"/ar/admin/incidents/incident/{incident.pk}/change/"
    form = editor_client.get(url)
    change = {name: str(incident.pk) if value == "self" else value for name, value in change.items()}
    refused = editor_client.post(url, {**as_posted(form), **change})
    errors = [str(error) for errors in refused.context["adminform"].form.errors.values() for error in errors]
    assert refused.status_code == 200 and errors
    assert all(not latin_words(error) for error in errors), errors


def test_a_claims_and_a_source_links_own_pages_refuse_in_arabic(editor_client, seed):
    """A statement moved onto a source its incident doesn't cite, and a source link that statements
    rest on moved to another incident, are refused in the workspace's language."""
    incident, elsewhere, unlinked = make_incident(), make_incident(), make_source()
    link = link_source(incident)
    claim = make_claim(incident, None, actor="Unknown gunmen", source=link.source)
    for url, change in (
        (f"/ar/admin/incidents/claim/{claim.pk}/change/", {"source": str(unlinked.pk)}),
        (f"/ar/admin/incidents/incidentsource/{link.pk}/change/", {"incident": str(elsewhere.pk)}),
    ):
        refused = editor_client.post(url, {**as_posted(editor_client.get(url)), **change})
        errors = [str(error) for errors in refused.context["adminform"].form.errors.values() for error in errors]
        assert refused.status_code == 200 and errors, url
        recorded = re.compile(re.escape(str(link.source)))  # the source named, as recorded
        assert all(not latin_words(error, recorded) for error in errors), errors
