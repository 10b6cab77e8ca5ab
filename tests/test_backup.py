"""manage.py backup / restore: everything round-trips — data, history, users, roles — and a
bad or refused restore changes nothing."""

import gzip

import pytest
from django.contrib.auth.models import Group as Role
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.urls import reverse

from incidents.models import Claim, Incident
from tests.admin_forms import change_form_data
from tests.factories import make_incident

pytestmark = pytest.mark.django_db


def exports(client):
    """What researchers and readers get, and what only the history holds."""
    return {
        "csv": b"".join(client.get(reverse("incident_export_csv")).streaming_content),
        "geojson": client.get(reverse("incident_map")).content,
        "history": sorted(
            (h.uid, h.version, h.status, h.title, h.history_type, str(h.history_user), h.history_date.isoformat())
            for h in Incident.history.all()
        ),
    }


@pytest.fixture
def worked_on(editor_client, editor):
    """The seed data set, plus an editor's edits that made history, a draft and a retraction."""
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    first, second = Incident.objects.order_by("pk")[:2]
    editor_client.post(
        reverse("admin:incidents_incident_change", args=[first.pk]),
        change_form_data(first, status="published", title="Edited by an editor"),
    )
    editor_client.post(
        reverse("admin:incidents_incident_change", args=[second.pk]),
        change_form_data(second, status="retracted", retraction_reason="The source withdrew it."),
    )
    make_incident(status="draft", title="An unpublished draft")


def back_up(tmp_path):
    path = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(path), verbosity=0)
    return path


def test_an_export_after_restore_is_identical_to_before(client, worked_on, editor, tmp_path):
    before = exports(client)
    counts = Incident.objects.count(), Claim.objects.count(), Incident.history.count()
    path = back_up(tmp_path)

    Incident.objects.filter(status="draft").delete()
    make_incident(title="Written after the backup")
    call_command("restore", str(path), "--replace", verbosity=0)

    assert (Incident.objects.count(), Claim.objects.count(), Incident.history.count()) == counts
    assert exports(client) == before
    assert Incident.objects.filter(title="An unpublished draft", status="draft").exists()
    restored_editor = User.objects.get(username="editor")
    assert restored_editor.check_password("A-long-test-passphrase-7"), "password hashes are kept"
    assert restored_editor.has_perm("incidents.publish_incident"), "roles and their permissions are kept"


def test_a_restored_database_keeps_working(client, worked_on, tmp_path):
    path = back_up(tmp_path)
    call_command("restore", str(path), "--replace", verbosity=0)
    added = make_incident(title="Logged after the restore")  # sequences were moved past the restored ids
    assert client.get(added.get_absolute_url()).status_code == 200
    assert client.get(reverse("incident_list")).context["page"].paginator.count == Incident.objects.counted().count()


def test_restore_into_a_database_that_holds_data_needs_replace(worked_on, tmp_path):
    path = back_up(tmp_path)
    with pytest.raises(CommandError, match="not empty: add --replace"):
        call_command("restore", str(path))


def test_a_damaged_backup_changes_nothing(worked_on, tmp_path):
    lines = gzip.decompress(back_up(tmp_path).read_bytes()).splitlines()
    damaged = tmp_path / "damaged.jsonl.gz"
    damaged.write_bytes(gzip.compress(b"\n".join(lines[: len(lines) // 2] + [b'{"model": "incidents.incident", '])))
    before = Incident.objects.count(), User.objects.count(), Role.objects.count()

    with pytest.raises(CommandError, match="could not be restored, nothing was changed"):
        call_command("restore", str(damaged), "--replace", verbosity=0)
    assert (Incident.objects.count(), User.objects.count(), Role.objects.count()) == before


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    with pytest.raises(CommandError, match="not a backup file"):
        call_command("restore", str(tmp_path / "incidents.csv"))
