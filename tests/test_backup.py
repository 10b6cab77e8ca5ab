"""manage.py backup / restore: everything round-trips — data, history, users, roles — a bad,
edited or refused restore changes nothing, and restore says what it restored."""

import gzip
import hashlib
import io
import json

import pytest
from django.apps import apps
from django.contrib.auth.models import Group as Role
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from incidents.backups import BACKED_UP, BATCH, NOT_BACKED_UP
from incidents.models import Claim, Correction, Incident, Location, Source
from tests.admin_forms import change_form_data
from tests.factories import make_incident, make_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_content_types")]


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
    """The seed data set, plus an editor's edits that made history and a public correction, a
    draft and a retraction."""
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    first, second = Incident.objects.order_by("pk")[:2]
    edited = editor_client.post(
        reverse("admin:incidents_incident_change", args=[first.pk]),
        change_form_data(first, status="published", title="Edited by an editor", correction_note="Retitled."),
    )
    retracted = editor_client.post(
        reverse("admin:incidents_incident_change", args=[second.pk]),
        change_form_data(
            second, status="retracted", retraction_reason="The source withdrew it.", correction_note="Withdrawn."
        ),
    )
    assert edited.status_code == retracted.status_code == 302
    make_incident(status="draft", title="An unpublished draft")


def back_up(tmp_path):
    path = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(path), verbosity=0)
    return path


def test_an_export_after_restore_is_identical_to_before(client, worked_on, editor, tmp_path):
    before = exports(client)
    counts = Incident.objects.count(), Claim.objects.count(), Incident.history.count(), Correction.objects.count()
    assert counts[3] == 2
    path = back_up(tmp_path)

    Incident.objects.filter(status="draft").delete()
    make_incident(title="Written after the backup")
    call_command("restore", str(path), "--replace", verbosity=0)

    assert (
        Incident.objects.count(),
        Claim.objects.count(),
        Incident.history.count(),
        Correction.objects.count(),
    ) == counts
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


def lines_of(path):
    return gzip.decompress(path.read_bytes()).splitlines(keepends=True)


def rewrite(path, records, trailer):
    path.write_bytes(gzip.compress(b"".join(records) + json.dumps(trailer).encode() + b"\n"))


def with_checksum(records, trailer):
    """The trailer an editor of the file would write to pass the checksum."""
    trailer["backup"]["sha256"] = hashlib.sha256(b"".join(records)).hexdigest()
    return trailer


def restored(path, *args):
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def test_a_backup_ends_with_the_checksum_of_its_records_and_their_counts(worked_on, tmp_path):
    *records, last = lines_of(back_up(tmp_path))
    trailer = json.loads(last)["backup"]
    assert trailer["sha256"] == hashlib.sha256(b"".join(records)).hexdigest()
    assert trailer["records"]["incidents.incident"] == Incident.objects.count()
    assert sum(trailer["records"].values()) == len(records)


def test_a_backup_edited_without_its_checksum_is_refused_and_changes_nothing(worked_on, editor, tmp_path):
    path = back_up(tmp_path)
    *records, last = lines_of(path)
    promoted = [line.replace(b'"is_superuser": false', b'"is_superuser": true') for line in records]
    assert promoted != records
    rewrite(path, promoted, json.loads(last))
    before = Incident.objects.count(), User.objects.filter(is_superuser=True).count()

    with pytest.raises(CommandError, match="the SHA-256 checksum does not match: the file is damaged or was edited"):
        call_command("restore", str(path), "--replace", verbosity=0)
    assert (Incident.objects.count(), User.objects.filter(is_superuser=True).count()) == before


@pytest.mark.parametrize(
    "record",
    [
        {"model": "sessions.session", "pk": "x" * 32, "fields": {"session_data": "…", "expire_date": "2099-01-01"}},
        {"model": "auth.permission", "fields": {"name": "x", "content_type": ["auth", "user"], "codename": "x"}},
        {"model": "incidents.dataversion", "pk": 1, "fields": {"version": 1}},
    ],
    ids=["a session", "a permission", "the data version"],
)
def test_a_record_of_a_model_no_backup_holds_is_refused_even_with_a_valid_checksum(worked_on, tmp_path, record):
    path = back_up(tmp_path)
    *records, last = lines_of(path)
    records.append(json.dumps(record).encode() + b"\n")
    rewrite(path, records, with_checksum(records, json.loads(last)))
    before = Incident.objects.count(), User.objects.count()

    with pytest.raises(CommandError, match=f"'{record['model']}' records are never in a backup"):
        call_command("restore", str(path), "--replace", verbosity=0)
    assert (Incident.objects.count(), User.objects.count()) == before


def test_restore_says_what_it_restored_and_every_users_flags(worked_on, editor, tmp_path):
    make_staff("analyst", "Analyst")
    User.objects.create_superuser("root", password="A-long-test-passphrase-7")
    path = back_up(tmp_path)
    *records, last = lines_of(path)
    # An editor of the file who recomputes the checksum can't hide a promotion: the report lists it.
    promoted = [
        line.replace(b'"is_superuser": false', b'"is_superuser": true', 1) if b'"editor"' in line else line
        for line in records
    ]
    rewrite(path, promoted, with_checksum(promoted, json.loads(last)))

    report = restored(path, "--replace")
    counts = dict(line.split() for line in report.splitlines() if line.startswith("  ") and ":" not in line)
    assert counts["incidents.incident"] == f"{Incident.objects.count():,}"
    assert counts["incidents.historicalincident"] == f"{Incident.history.count():,}"
    assert "Users (3), with their flags:" in report
    assert "  analyst: staff\n" in report and "  root: superuser, staff\n" in report
    assert "  editor: superuser, staff\n" in report


def test_every_model_is_either_backed_up_or_said_not_to_be():
    models = {model._meta.label_lower for model in apps.get_models()}
    assert sorted(models) == sorted(BACKED_UP + NOT_BACKED_UP)


def test_restore_inserts_in_batches_not_a_query_per_record(tmp_path, django_assert_max_num_queries):
    """loaddata saved each record with its own queries: 60,000 incidents took 6.5 minutes."""
    for _ in range(400):
        make_incident()
    counts = Incident.objects.count(), Incident.history.count(), Location.objects.count()
    path = back_up(tmp_path)
    connection.check_constraints()  # PostgreSQL: no TRUNCATE while the writes' checks are pending
    call_command("flush", interactive=False, verbosity=0)

    with django_assert_max_num_queries(200):
        restored(path)
    assert (Incident.objects.count(), Incident.history.count(), Location.objects.count()) == counts


def test_records_that_fill_whole_batches_restore(tmp_path):
    Source.objects.bulk_create(Source(publisher="Reuters", title=f"Report {n}", url="") for n in range(BATCH))
    path = back_up(tmp_path)
    Source.objects.all().delete()
    restored(path)
    assert Source.objects.count() == BATCH
