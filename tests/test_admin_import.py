"""The admin's import: upload, preview (nothing written), confirm — then the import runs in the
background, the command's code path, while the analyst's page shows how far it is and then
its report."""

import os
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Group as AuthGroup
from django.urls import reverse

from incidents.import_jobs import Job
from incidents.models import Incident
from tests.admin_imports import URL, confirm, upload, wait_for_imports

pytestmark = pytest.mark.django_db
ACLED_SAMPLE = Path(__file__).parent / "data" / "acled_sample.csv"
NATIVE = (
    b"uid,title,date,type,location,governorate,date_precision,geo_precision,target,confidence\n"
    b"00000000-0000-4000-8000-000000000001,Rockets hit Taji,2020-03-11,rocket,Camp Taji,Baghdad,day,town,other,medium\n"
    b"00000000-0000-4000-8000-000000000002,IED on a convoy,2020-08-10,ied,Highway 1,Dhi Qar,day,town,other,medium\n"
)
# NATIVE with what publishing asks for (Incident.publication_problems): a summary, and a source
PUBLISHABLE = NATIVE.replace(b",confidence\n", b",confidence,summary,sources\n").replace(
    b",medium\n", b",medium,The coalition reported it.,Reuters: Report <https://example.org/r>\n"
)


def background(test):
    """Confirmed imports run in a thread with its own database connection: what it reads and
    writes is committed, so these tests commit too, in databases the data migrations' rows
    are restored into first."""
    return pytest.mark.django_db(transaction=True)(pytest.mark.usefixtures("migrated_data")(test))


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path)
    return tmp_path


def test_the_list_links_to_the_import_page(analyst_client):
    assert URL in analyst_client.get(reverse("admin:incidents_incident_changelist")).content.decode()


@background
def test_preview_shows_the_changes_and_writes_nothing_then_confirm_imports_drafts(analyst_client, analyst):
    response = upload(analyst_client, NATIVE)
    html = response.content.decode()
    assert "Preview: nothing has been written yet" in html
    assert "2 rows: 2 would be created" in html and "Rockets hit Taji" in html
    assert not Incident.objects.exists()

    page = confirm(analyst_client, response.context["token"])
    assert page.context["job"].state == "done"
    assert "2 rows: 2 were created, 0 were updated, 0 unchanged, 0 rejected." in page.content.decode()
    assert sorted(Incident.objects.values_list("status", flat=True)) == ["draft", "draft"]
    incident = Incident.objects.get(title="Rockets hit Taji")
    assert incident.created_by == analyst
    assert incident.history.get().history_user == analyst


@background
def test_an_analyst_cannot_publish_by_import_but_an_editor_can(analyst_client, editor_client):
    confirm(analyst_client, upload(analyst_client, NATIVE, publish="on").context["token"])
    assert set(Incident.objects.values_list("status", flat=True)) == {"draft"}
    Incident.objects.all().delete()
    confirm(editor_client, upload(editor_client, PUBLISHABLE, publish="on").context["token"])
    assert set(Incident.objects.values_list("status", flat=True)) == {"published"}


def test_an_editor_who_lost_the_role_since_the_preview_is_refused_not_given_drafts(editor, editor_client):
    """The preview said its incidents would be published; imported as drafts they would not be
    what was confirmed."""
    token = upload(editor_client, PUBLISHABLE, publish="on").context["token"]
    editor.groups.set([AuthGroup.objects.get(name="Analyst")])
    response = editor_client.post(URL, {"token": token})
    assert response.status_code == 403
    assert "You may no longer publish, and this preview publishes its new incidents" in response.content.decode()
    wait_for_imports()
    assert not Incident.objects.exists()


def test_an_editors_import_that_would_publish_incomplete_rows_is_refused_with_the_reasons(editor_client):
    response = upload(editor_client, NATIVE, publish="on")
    html = response.content.decode()
    assert "The file was rejected" in html and "token" not in response.context
    assert "line 2: would be published, but it cites no source" in html
    assert "line 3: would be published, but it has no summary" in html
    assert not Incident.objects.exists()
    assert "token" in upload(editor_client, NATIVE).context, "as drafts, the same rows import"


def test_a_bad_file_shows_every_problem_and_offers_no_confirmation(analyst_client):
    data = NATIVE.replace(b"2020-03-11", b"11/03/2020").replace(b",ied,", b",laser,")
    response = upload(analyst_client, data)
    html = response.content.decode()
    assert "The file was rejected" in html
    assert "line 2, column date" in html and "line 3, column type" in html
    assert "token" not in response.context
    assert not Incident.objects.exists()


@background
def test_acled_files_use_the_same_path(analyst_client):
    response = upload(analyst_client, ACLED_SAMPLE.read_bytes(), "acled")
    assert "4 rows: 4 would be created" in response.content.decode()
    confirm(analyst_client, response.context["token"])
    assert Incident.objects.filter(external_id__startswith="IRQ900").count() == 4


def test_a_tampered_token_is_refused(analyst_client):
    response = analyst_client.post(URL, {"token": "forged"}, follow=True)
    assert "has expired or is not valid" in response.content.decode()
    assert not Incident.objects.exists()


@background
def test_the_kept_file_is_removed_on_confirmation_and_a_second_confirmation_imports_nothing_more(
    analyst_client, upload_dir
):
    token = upload(analyst_client, NATIVE).context["token"]
    assert [path.suffix for path in upload_dir.iterdir()] == [".csv"]
    first = confirm(analyst_client, token)
    assert [path.suffix for path in upload_dir.iterdir()] == [".json"], "only the import's status is left"
    again = analyst_client.post(URL, {"token": token})
    assert again.url == first.request["PATH_INFO"], "the same import's page, not a second import"
    assert Incident.objects.count() == 2


@background
def test_a_file_that_fails_on_confirmation_writes_nothing_and_the_page_says_why(analyst_client, editor_client):
    confirm(editor_client, upload(editor_client, PUBLISHABLE).context["token"])
    token = upload(analyst_client, PUBLISHABLE.replace(b"Rockets hit Taji", b"Rockets at Taji")).context["token"]
    Incident.objects.update(status=Incident.Status.PUBLISHED)  # an editor published the drafts meanwhile

    page = confirm(analyst_client, token)
    html = page.content.decode()
    assert page.context["job"].state == "failed"
    assert "The import failed: nothing was written" in html
    assert "line 2, column uid: “2020-03-11 Rockets hit Taji” is published" in html
    assert not Incident.objects.filter(title="Rockets at Taji").exists()


def running_job(user, job_id="0" * 32, **status):
    job = Job(job_id, {"user": user.pk, "state": "running", "pid": os.getpid(), "stage": "Starting", **status})
    job.save()
    return job


def test_a_running_import_shows_how_far_it_is_with_and_without_javascript(analyst_client, analyst):
    job = running_job(analyst, stage="Writing incidents", done=20000, total=100000)
    response = analyst_client.get(reverse("admin:incidents_incident_import_job", args=[job.id]))
    html = response.content.decode()
    assert '<progress id="import-progress" max="100000" value="20000">' in html
    assert "Writing incidents: 20,000 of 100,000" in html
    assert '<noscript><meta http-equiv="refresh" content="5"></noscript>' in html, "without JavaScript"
    assert "js/import_progress.js" in html and "<script>" not in html, "a script file, nothing inline (CSP)"
    status = analyst_client.get(reverse("admin:incidents_incident_import_status", args=[job.id])).json()
    assert status == {
        "state": "running",
        "progress": "Writing incidents: 20,000 of 100,000",
        "done": 20000,
        "total": 100000,
    }


def test_an_import_whose_process_has_gone_shows_that_it_stopped_and_wrote_nothing(analyst_client, analyst):
    gone = subprocess.Popen(["true"])
    gone.wait()  # its process id now names no process: as after a server restart
    job = running_job(analyst, pid=gone.pid)
    html = analyst_client.get(reverse("admin:incidents_incident_import_job", args=[job.id])).content.decode()
    assert "The import stopped: nothing was written" in html


def test_people_without_add_permission_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    job = running_job(user)
    assert client.get(reverse("admin:incidents_incident_import_job", args=[job.id])).status_code == 403


@background
def test_a_confirmation_writes_what_its_preview_showed_or_nothing(analyst_client, editor_client):
    """Previewed as two new incidents; meanwhile an editor imported the same rows with another title:
    confirmed, the file would update an incident its analyst never saw change. It is refused."""
    token = upload(analyst_client, NATIVE).context["token"]
    retitled = NATIVE.replace(b"Rockets hit Taji", b"Rockets at Taji")
    confirm(editor_client, upload(editor_client, retitled).context["token"])

    page = confirm(analyst_client, token)
    html = page.content.decode()
    assert page.context["job"].state == "failed"
    assert "The import failed: nothing was written" in html
    assert "the file would now create 0, update 1 and leave 1 unchanged, not what the preview showed" in html
    assert "The file can&#x27;t be imported (1 problem); nothing was written." in html  # no row of it is at fault
    assert "Rejected: 0 of" not in html
    assert set(Incident.objects.values_list("title", flat=True)) == {"Rockets at Taji", "IED on a convoy"}


@background
def test_a_confirmation_whose_kept_file_changed_on_disk_imports_nothing(analyst_client, upload_dir):
    token = upload(analyst_client, NATIVE).context["token"]
    [kept] = upload_dir.iterdir()
    kept.write_bytes(NATIVE.replace(b"2020-08-10", b"2020-08-11"))  # still valid, but not what was previewed

    response = analyst_client.post(URL, {"token": token}, follow=True)
    assert "That preview has expired or is not valid; upload the file again." in response.content.decode()
    assert not Incident.objects.exists()
    assert not list(upload_dir.iterdir()), "neither the changed file nor an import's status is kept"
