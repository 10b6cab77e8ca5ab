"""An analyst's import may not change a published or retracted incident: those rows are refused,
each with why, and nothing of the file is written. Editors' imports update them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from incidents.imports import run_import
from incidents.models import Incident
from tests.admin_imports import confirm
from tests.factories import make_incident

pytestmark = pytest.mark.django_db
URL = reverse("admin:incidents_incident_import")
NEW_UID = "00000000-0000-4000-8000-000000000009"


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path)


def csv_updating(*incidents, title="Imported title", new_row=True):
    lines = ["uid,title,date,type,location,governorate,date_precision,geo_precision,target,confidence"]
    lines += [
        f"{i.uid},{title},2020-03-11,rocket,{i.location.name},{i.location.governorate},day,town,other,medium"
        for i in incidents
    ]
    if new_row:
        lines.append(f"{NEW_UID},A new one,2020-03-12,ied,Camp Taji,Baghdad,day,town,other,medium")
    return ("\n".join(lines) + "\n").encode()


def public_incident(status):
    return make_incident(status=status, title="As published", retraction_reason="Dup." if status != "published" else "")


def background(test):
    """A confirmed import runs in a thread with its own connection: these tests commit."""
    return pytest.mark.django_db(transaction=True)(pytest.mark.usefixtures("migrated_data")(test))


def titles():
    return sorted(Incident.objects.values_list("title", flat=True))


def preview(client, data, note=""):
    form = {"file": SimpleUploadedFile("in.csv", data), "file_format": "native", "correction_note": note}
    return client.post(URL, form)


@pytest.mark.parametrize("status", ["published", "retracted"])
def test_an_analysts_import_changing_a_public_incident_is_refused_whole_with_the_reason(analyst_client, status):
    draft, public = make_incident(status="draft", title="Draft"), public_incident(status)
    response = preview(analyst_client, csv_updating(draft, public))
    html = response.content.decode()
    assert "The file was rejected" in html
    assert f"line 3, column uid: “{public}” is {status}: only editors may change" in html
    assert "line 2" not in html, "the draft's row is fine"
    assert "token" not in response.context, "nothing to confirm"
    assert titles() == ["As published", "Draft"]


def test_the_command_path_refuses_the_same_rows_for_an_analyst_and_writes_nothing(analyst):
    draft, published = make_incident(status="draft", title="Draft"), public_incident("published")
    report = run_import(csv_updating(draft, published), user=analyst, publish=False)
    assert not report.ok and not report.written
    assert [(p.line, p.column) for p in report.problems] == [(3, "uid")]
    assert report.rejected == 1
    assert titles() == ["As published", "Draft"]


@background
def test_an_analysts_import_updates_drafts_and_may_repeat_public_rows_unchanged(client, analyst_client):
    public_incident("published")
    exported = b"".join(client.get(reverse("incident_export_csv")).streaming_content)
    assert (
        "1 row: 0 would be created, 0 would be updated, 1 unchanged"
        in preview(analyst_client, exported).content.decode()
    )

    draft = make_incident(status="draft", title="Draft")
    token = preview(analyst_client, csv_updating(draft)).context["token"]
    assert confirm(analyst_client, token).context["job"].state == "done"
    assert titles() == ["A new one", "As published", "Imported title"]
    assert Incident.objects.get(uid=NEW_UID).status == "draft"


@background
@pytest.mark.parametrize("status", ["published", "retracted"])
def test_an_editors_import_updates_a_public_incident(editor_client, editor, status):
    public = public_incident(status)
    refused = preview(editor_client, csv_updating(public)).content.decode()
    assert f"line 2, column uid: “{public}” was published: a public correction note is needed" in refused
    token = preview(editor_client, csv_updating(public), note="Retitled by the source.").context["token"]
    assert confirm(editor_client, token).context["job"].state == "done"
    public.refresh_from_db()
    assert (public.title, public.status, public.updated_by) == ("Imported title", status, editor)
    [correction] = public.corrections.all()
    assert (correction.note, correction.made_by) == ("Retitled by the source.", editor)
    assert ["title", "As published", "Imported title"] in correction.changes


@background
def test_an_incident_published_between_preview_and_confirmation_is_refused_then(analyst_client, editor):
    draft = make_incident(status="draft", title="Draft")
    token = preview(analyst_client, csv_updating(draft)).context["token"]
    draft.status = "published"
    draft.save()
    page = confirm(analyst_client, token)
    assert page.context["job"].state == "failed"
    assert "nothing was written" in page.content.decode()
    assert titles() == ["Draft"]
