"""The admin's import: upload, preview (nothing written), confirm — the command's code path."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from incidents.models import Incident

pytestmark = pytest.mark.django_db
URL = reverse("admin:incidents_incident_import")
ACLED_SAMPLE = Path(__file__).parent / "data" / "acled_sample.csv"
NATIVE = (
    b"uid,title,date,type,location,governorate,date_precision,geo_precision,target,confidence\n"
    b"00000000-0000-4000-8000-000000000001,Rockets hit Taji,2020-03-11,rocket,Camp Taji,Baghdad,day,town,other,medium\n"
    b"00000000-0000-4000-8000-000000000002,IED on a convoy,2020-08-10,ied,Highway 1,Dhi Qar,day,town,other,medium\n"
)


def upload(client, data, file_format="native", **extra):
    return client.post(URL, {"file": SimpleUploadedFile("in.csv", data), "file_format": file_format, **extra})


@pytest.fixture(autouse=True)
def upload_dir(settings, tmp_path):
    settings.IMPORT_UPLOAD_DIR = str(tmp_path)
    return tmp_path


def test_the_list_links_to_the_import_page(analyst_client):
    assert URL in analyst_client.get(reverse("admin:incidents_incident_changelist")).content.decode()


def test_preview_shows_the_changes_and_writes_nothing_then_confirm_imports_drafts(analyst_client, analyst):
    response = upload(analyst_client, NATIVE)
    html = response.content.decode()
    assert "Preview: nothing has been written yet" in html
    assert "2 rows: 2 would be created" in html and "Rockets hit Taji" in html
    assert not Incident.objects.exists()

    response = analyst_client.post(URL, {"token": response.context["token"]})
    assert response.status_code == 302
    assert sorted(Incident.objects.values_list("status", flat=True)) == ["draft", "draft"]
    incident = Incident.objects.get(title="Rockets hit Taji")
    assert incident.created_by == analyst
    assert incident.history.get().history_user == analyst


def test_an_analyst_cannot_publish_by_import_but_an_editor_can(analyst_client, editor_client):
    token = upload(analyst_client, NATIVE, publish="on").context["token"]
    analyst_client.post(URL, {"token": token})
    assert set(Incident.objects.values_list("status", flat=True)) == {"draft"}
    Incident.objects.all().delete()
    token = upload(editor_client, NATIVE, publish="on").context["token"]
    editor_client.post(URL, {"token": token})
    assert set(Incident.objects.values_list("status", flat=True)) == {"published"}


def test_a_bad_file_shows_every_problem_and_offers_no_confirmation(analyst_client):
    data = NATIVE.replace(b"2020-03-11", b"11/03/2020").replace(b",ied,", b",laser,")
    response = upload(analyst_client, data)
    html = response.content.decode()
    assert "The file was rejected" in html
    assert "line 2, column date" in html and "line 3, column type" in html
    assert "token" not in response.context
    assert not Incident.objects.exists()


def test_acled_files_use_the_same_path(analyst_client):
    response = upload(analyst_client, ACLED_SAMPLE.read_bytes(), "acled")
    assert "4 rows: 4 would be created" in response.content.decode()
    analyst_client.post(URL, {"token": response.context["token"]})
    assert Incident.objects.filter(external_id__startswith="IRQ900").count() == 4


def test_a_tampered_token_is_refused(analyst_client):
    response = analyst_client.post(URL, {"token": "forged"}, follow=True)
    assert "has expired or is not valid" in response.content.decode()
    assert not Incident.objects.exists()


def test_the_kept_file_is_removed_after_confirmation(analyst_client, upload_dir):
    token = upload(analyst_client, NATIVE).context["token"]
    assert len(list(upload_dir.iterdir())) == 1
    analyst_client.post(URL, {"token": token})
    assert list(upload_dir.iterdir()) == []


def test_people_without_add_permission_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    client.force_login(user)
    assert client.get(URL).status_code == 403
