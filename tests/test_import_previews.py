"""Import previews belong to their uploader and expire: another analyst can't confirm them,
and abandoned ones (and finished imports' statuses) are removed, on each upload and by
`manage.py clean_imports`. Age is the files' own time, set here explicitly."""

import io
import os
import time

import pytest
from django.core.management import call_command
from django.test import override_settings

from incidents.import_jobs import Job
from incidents.models import Incident
from tests.admin_imports import URL, upload

pytestmark = pytest.mark.django_db
NATIVE = (
    b"uid,title,date,type,location,governorate,date_precision,geo_precision,target,confidence\n"
    b"00000000-0000-4000-8000-000000000001,Rockets hit Taji,2020-03-11,rocket,Camp Taji,Baghdad,day,town,other,medium\n"
)
HOUR = 3600


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path)
    return tmp_path


def age(path, hours):
    """Makes the file look written `hours` ago."""
    then = time.time() - hours * HOUR
    os.utime(path, (then, then))


def kept(folder, name, hours):
    """A kept upload written `hours` ago."""
    (folder / name).write_bytes(NATIVE)
    age(folder / name, hours)


def names(folder):
    return sorted(path.name for path in folder.iterdir())


def test_another_users_preview_token_is_refused_with_a_message(analyst_client, editor_client, upload_dir):
    token = upload(analyst_client, NATIVE).context["token"]
    response = editor_client.post(URL, {"token": token})
    assert response.status_code == 403
    assert "This preview belongs to another user" in response.content.decode()
    assert not Incident.objects.exists()
    assert [path.suffix for path in upload_dir.iterdir()] == [".csv"], "still there for the analyst who uploaded it"


def test_another_users_import_is_refused_with_a_message(analyst_client, editor, upload_dir):
    job = Job("a" * 32, {"user": editor.pk, "state": "done", "pid": os.getpid(), "stage": "Done"})
    job.save()
    response = analyst_client.get(f"{URL}{job.id}/")
    assert response.status_code == 403
    assert "This import was started by another user." in response.content.decode()
    assert analyst_client.get(f"{URL}{job.id}/status.json").status_code == 403


@pytest.mark.parametrize("job_id", ["b" * 32, "..", "not-an-id", "A" * 32])
def test_an_unknown_import_is_not_found(analyst_client, job_id):
    assert analyst_client.get(f"{URL}{job_id}/").status_code == 404


def test_a_preview_older_than_the_limit_has_expired(analyst_client, upload_dir):
    token = upload(analyst_client, NATIVE).context["token"]
    [kept] = upload_dir.iterdir()
    age(kept, 25)
    response = analyst_client.post(URL, {"token": token}, follow=True)
    assert "That preview has expired or is not valid; upload the file again." in response.content.decode()
    assert names(upload_dir) == [], "the expired file is removed, and no import was started"
    assert not Incident.objects.exists()


def test_each_upload_removes_previews_and_statuses_older_than_the_limit(analyst_client, analyst, upload_dir):
    kept(upload_dir, f"{'1' * 32}.csv", 25)
    kept(upload_dir, f"{'2' * 32}.csv", 23)
    Job("3" * 32, {"user": analyst.pk, "state": "done", "pid": os.getpid(), "stage": "Done"}).save()
    age(upload_dir / f"{'3' * 32}.json", 25)
    someone_elses = upload_dir / "notes.txt"
    someone_elses.write_text("not ours")
    age(someone_elses, 1000)

    upload(analyst_client, NATIVE)
    left = names(upload_dir)
    assert f"{'1' * 32}.csv" not in left and f"{'3' * 32}.json" not in left
    assert f"{'2' * 32}.csv" in left and "notes.txt" in left
    assert len(left) == 3, "with the new upload"


@override_settings(IMPORT_PREVIEW_HOURS=1)
def test_clean_imports_removes_what_has_expired_but_never_a_running_import(analyst, upload_dir):
    kept(upload_dir, f"{'4' * 32}.csv", 2)
    kept(upload_dir, f"{'5' * 32}.csv", 0.5)
    running = Job("6" * 32, {"user": analyst.pk, "state": "running", "pid": os.getpid(), "stage": "Writing"})
    running.save()
    age(upload_dir / f"{running.id}.json", 2)

    out = io.StringIO()
    call_command("clean_imports", stdout=out)
    assert names(upload_dir) == [f"{'5' * 32}.csv", f"{'6' * 32}.json"]
    assert f"removed {'4' * 32}.csv" in out.getvalue()
    assert "1 file older than 1 hour removed" in out.getvalue()
