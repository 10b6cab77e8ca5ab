"""`manage.py release VERSION`: an immutable, checksummed snapshot with a changelog against the
previous release, listed and served on /data/."""

import csv
import hashlib
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from incidents import releases
from incidents.models import Correction, Incident
from tests.factories import link_source, make_claim, make_incident, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def releases_dir(settings, tmp_path):
    settings.RELEASES_DIR = str(tmp_path / "releases")
    return tmp_path / "releases"


def release(version):
    call_command("release", version, site_url="https://incidents.example.org", stdout=io.StringIO())
    return releases.release_path(version)


def published(**fields):
    incident = make_incident(**fields)
    make_claim(incident, actor="Unidentified gunmen", kind="suspected")
    link_source(incident, make_source())
    return incident


def test_the_files_match_their_checksums(releases_dir):
    published(title="Rockets hit Taji")
    folder = release("1.0")
    listed = releases.checksums("1.0")
    assert set(listed) == set(releases.DATA_FILES) | {"manifest.json", "CHANGELOG.md", "changes.json"}
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest


def test_it_holds_every_published_incident_in_each_format():
    kept = [published(title=f"Attack {number}") for number in range(3)]
    make_incident(status="draft", title="DRAFTMARKER")
    published(title="DUPLICATEMARKER", duplicate_of=kept[0])  # left out, as from every figure and export
    folder = release("1.0")
    uids = {str(incident.uid) for incident in kept}
    with (folder / "incidents.csv").open(encoding="utf-8") as file:
        assert {row["uid"] for row in csv.DictReader(file)} == uids
    assert {json.loads(line)["uid"] for line in (folder / "incidents.jsonl").read_text().splitlines()} == uids
    assert {feature["id"] for feature in json.loads((folder / "incidents.geojson").read_text())["features"]} == uids
    with (folder / "claims.csv").open(encoding="utf-8") as file:
        assert {row["incident_uid"] for row in csv.DictReader(file)} == uids
    assert not any("DRAFTMARKER" in path.read_text() for path in folder.iterdir())
    assert not any("DUPLICATEMARKER" in path.read_text() for path in folder.iterdir())
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["counts"] == {"incidents": 3, "claims": 3, "sources": 3}
    assert manifest["version"] == "1.0"


def test_the_changelog_lists_what_changed_between_two_releases():
    kept, corrected, retracted = published(title="Kept"), published(title="Old title", killed=None), published()
    Correction.objects.create(incident=corrected, note="Before 1.0.", changes=[])
    release("1.0")
    corrected.title, corrected.killed = "New title", 3
    corrected.save()
    Correction.objects.create(incident=corrected, note="The ministry named three dead.", changes=[])
    retracted.status, retracted.retraction_reason = Incident.Status.RETRACTED, "Did not happen."
    retracted.save()
    added = published(title="Added")
    folder = release("1.1")
    changes = json.loads((folder / "changes.json").read_text())
    assert changes["since"] == "1.0"
    assert changes["added"] == [str(added.uid)]
    assert changes["retracted"] == [str(retracted.uid)]
    assert changes["corrected"] == {str(corrected.uid): {"killed": [None, 3], "title": ["Old title", "New title"]}}
    changelog = (folder / "CHANGELOG.md").read_text()
    assert '  - title: "Old title" → "New title"' in changelog
    assert "  - killed: null → 3" in changelog
    today = f"{timezone.now():%Y-%m-%d}"
    assert changes["notes"] == {str(corrected.uid): [[today, "The ministry named three dead."]]}
    assert f"  - why ({today}): The ministry named three dead." in changelog
    assert "Before 1.0." not in changelog  # a note belongs to the release after its correction
    assert str(kept.uid) not in changelog


def test_a_correction_logged_while_a_release_is_written_has_its_note_in_the_next(monkeypatch):
    """The release's data are read first; a correction logged before the release is finished is
    not in them, so the next release lists it as corrected — with its note."""
    incident = published(title="Old title")
    writing_the_codebook = releases.codebook.markdown

    def correct_meanwhile():
        incident.title = "New title"
        incident.save()
        Correction.objects.create(incident=incident, note="Retitled while 1.0 was written.", changes=[])
        return writing_the_codebook()

    monkeypatch.setattr(releases.codebook, "markdown", correct_meanwhile)
    release("1.0")
    monkeypatch.undo()
    changes = json.loads((release("1.1") / "changes.json").read_text())
    assert changes["corrected"] == {str(incident.uid): {"title": ["Old title", "New title"]}}
    today = f"{timezone.now():%Y-%m-%d}"
    assert changes["notes"] == {str(incident.uid): [[today, "Retitled while 1.0 was written."]]}


def test_a_correction_to_a_claim_or_a_source_alone_is_listed_as_corrected():
    """claims.csv and sources.csv are part of what a release publishes of an incident."""
    claim_corrected, source_corrected = published(), published()
    kept = published()
    release("1.0")
    claim = claim_corrected.claims.get()
    claim.stated_by, claim.confidence = "A spokesman", "high"
    claim.save()
    Correction.objects.create(incident=claim_corrected, note="The spokesman was named.", changes=[])
    source = source_corrected.sources.get()
    source.reliability = "E"
    source.save()
    changes = json.loads((release("1.1") / "changes.json").read_text())
    assert sorted(changes["corrected"]) == sorted([str(claim_corrected.uid), str(source_corrected.uid)])
    [[before], [after]] = changes["corrected"][str(claim_corrected.uid)]["claims.csv"]
    assert (before["stated_by"], before["confidence"]) == ("", "medium")
    assert (after["stated_by"], after["confidence"]) == ("A spokesman", "high")
    [[before], [after]] = changes["corrected"][str(source_corrected.uid)]["sources.csv"]
    assert (before["reliability"], after["reliability"]) == ("B", "E")
    assert list(changes["notes"]) == [str(claim_corrected.uid)]
    assert str(kept.uid) not in changes["corrected"]


def test_the_changelog_says_why_each_incident_left():
    """A duplicate merged into the incident that counts is not a retraction: each says which."""
    counts, merged, retracted, withdrawn = published(), published(), published(), published()
    release("1.0")
    merged.duplicate_of = counts
    merged.save()
    retracted.status, retracted.retraction_reason = Incident.Status.RETRACTED, "Did not happen."
    retracted.save()
    withdrawn.status = Incident.Status.DRAFT
    withdrawn.save()
    changelog = (release("1.1") / "CHANGELOG.md").read_text()
    assert "## Retracted, withdrawn or merged as duplicates (3)" in changelog
    assert f"{merged.uid}: " in changelog and f"— a duplicate of {counts.uid}, which counts instead" in changelog
    assert f"{retracted.uid}: " in changelog and "— retracted: Did not happen." in changelog
    assert "— withdrawn (a draft again)" in changelog


def test_a_version_is_never_overwritten_and_later_changes_dont_alter_it():
    incident = published(title="First")
    folder = release("1.0")
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    incident.title = "Changed"
    incident.save()
    with pytest.raises(CommandError, match="exists already"):
        release("1.0")
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


@pytest.mark.parametrize("version", ["../x", "a/b", "", ".hidden", "x" * 65])
def test_a_version_that_isnt_a_plain_name_is_refused(version, releases_dir):
    with pytest.raises(CommandError, match="A version is"):
        release(version)
    assert not releases_dir.exists() or not any(releases_dir.iterdir())


def test_the_data_page_lists_releases_with_links_checksums_and_citation(client):
    published()
    release("1.0")
    text = client.get(reverse("data_index")).content.decode()
    assert reverse("release_download", args=["1.0", "incidents.csv"]) in text
    assert releases.checksums("1.0")["incidents.csv"] in text
    assert "version 1.0" in text and "CC BY 4.0" in text


def test_release_files_are_served_and_nothing_else(client, releases_dir):
    published()
    folder = release("1.0")
    (releases_dir / "secret.txt").write_text("secret")
    response = client.get(reverse("release_download", args=["1.0", "incidents.csv"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == (folder / "incidents.csv").read_bytes()
    assert client.get(reverse("release_download", args=["1.0", "SHA256SUMS"])).status_code == 200
    for version, name in [
        ("1.0", "nothing.csv"),
        ("2.0", "incidents.csv"),
        ("1.0", "..%2Fsecret.txt"),
        ("..", "secret.txt"),
    ]:
        assert client.get(f"/data/releases/{version}/{name}").status_code == 404
