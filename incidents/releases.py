"""Versioned, immutable snapshots of the published data set: `manage.py release VERSION`.

A release is a folder RELEASES_DIR/<version>/ holding every published incident that counts (a
duplicate is left out, as every export and figure leaves it out) as CSV,
JSON Lines and GeoJSON, the claims and sources tables, the codebook, a manifest (version,
date, counts), a changelog against the previous release and SHA256SUMS. It is written into
a hidden folder first and renamed into place in one step, so a release is complete or
absent; an existing version is refused, and its files are made read-only. The changelog
compares the previous release's incidents.jsonl with the incidents now, by uid, field by field.
"""

import csv
import hashlib
import json
import os
import re
import shutil
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from . import codebook
from .exports.claims import CLAIMS
from .exports.csv import csv_chunks
from .exports.records import one_snapshot, records
from .exports.sources import SOURCES
from .exports.tables import table_csv_chunks
from .models import Correction, Incident

VERSION = re.compile(r"\A[0-9A-Za-z][0-9A-Za-z._-]{0,63}\Z")
MANIFEST, CHECKSUMS, CHANGELOG, CHANGES = "manifest.json", "SHA256SUMS", "CHANGELOG.md", "changes.json"
INCIDENTS_JSONL = "incidents.jsonl"
DATA_FILES = ["incidents.csv", INCIDENTS_JSONL, "incidents.geojson", "claims.csv", "sources.csv", "codebook.md"]
LICENCE = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/"
TITLE = "Incident tracker: attacks by Iran-aligned militias on US interests in Iraq"


class ReleaseError(Exception):
    pass


def releases_dir():
    return Path(settings.RELEASES_DIR)


def release_path(version):
    """The folder of `version`; a version that isn't a plain name (no '/', no '..') is refused."""
    if not VERSION.match(version or ""):
        raise ReleaseError(f"A version is letters, digits, '.', '_' and '-' (at most 64), not {version!r}.")
    return releases_dir() / version


def manifests():
    """Every release's manifest, newest first."""
    found = []
    for folder in releases_dir().glob("*/"):
        path = folder / MANIFEST
        if VERSION.match(folder.name) and path.is_file():
            found.append(json.loads(path.read_text(encoding="utf-8")))
    return sorted(found, key=lambda manifest: manifest["released_at"], reverse=True)


def checksums(version):
    """{file name: sha256} as the release's SHA256SUMS lists them."""
    text = (release_path(version) / CHECKSUMS).read_text(encoding="utf-8")
    return {name: digest for digest, name in (line.split("  ", 1) for line in text.splitlines() if line)}


def citation(manifest, site_url=""):
    released = manifest["released_at"][:10]
    where = f" {site_url}/data/" if site_url else ""
    return f"{TITLE}, version {manifest['version']} ({released}). Data licensed {LICENCE}.{where}"


def write_chunks(path, chunks):
    with path.open("w", encoding="utf-8", newline="") as file:
        for chunk in chunks:
            file.write(chunk if isinstance(chunk, str) else chunk.decode())


def feature(record):
    """A GeoJSON Feature; no geometry (null) where the sources give no coordinates, never a guessed point."""
    point = (
        None
        if record["latitude"] is None
        else {"type": "Point", "coordinates": [record["longitude"], record["latitude"]]}
    )
    return {"type": "Feature", "id": record["uid"], "geometry": point, "properties": record}


def write_records(folder, incidents, site_url):
    """incidents.jsonl and incidents.geojson in one pass; returns the records by uid (for the changelog)."""
    current = {}
    with (
        (folder / INCIDENTS_JSONL).open("w", encoding="utf-8") as lines,
        (folder / "incidents.geojson").open("w", encoding="utf-8") as geo,
    ):
        geo.write('{"type": "FeatureCollection", "features": [\n')
        for index, (record, _) in enumerate(records(incidents, site_url)):
            lines.write(json.dumps(record, ensure_ascii=False, sort_keys=True) + "\n")
            geo.write((",\n" if index else "") + json.dumps(feature(record), ensure_ascii=False, sort_keys=True))
            current[record["uid"]] = record
        geo.write("\n]}\n")
    return current


def read_records(folder):
    path = folder / INCIDENTS_JSONL
    with path.open(encoding="utf-8") as file:
        return {record["uid"]: record for record in map(json.loads, file)}


def read_rows_by_incident(folder, table):
    """{uid: [row, …]}: a release's claims.csv or sources.csv rows of each incident, as written."""
    path = folder / f"{table.name}.csv"
    rows = {}
    if path.exists():
        with path.open(encoding="utf-8", newline="") as file:
            for row in csv.DictReader(file):
                rows.setdefault(row["incident_uid"], []).append(row)
    return rows


def with_tables(records, folder):
    """The records, each with its claims.csv and sources.csv rows: what a release publishes of it."""
    tables = {f"{table.name}.csv": read_rows_by_incident(folder, table) for table in (CLAIMS, SOURCES)}
    return {uid: record | {name: rows.get(uid, []) for name, rows in tables.items()} for uid, record in records.items()}


def changes_between(previous, current):
    """{added: [uid], corrected: {uid: {field: [old, new]}}, retracted: [uid]} between two {uid: record}
    (with_tables: a change to an incident's claims.csv or sources.csv rows is a correction too)."""
    corrected = {}
    for uid in previous.keys() & current.keys():
        fields = {
            name: [previous[uid].get(name), value]
            for name, value in current[uid].items()
            if name != "url" and previous[uid].get(name) != value
        }
        if fields:
            corrected[uid] = fields
    return {
        "added": sorted(current.keys() - previous.keys()),
        "corrected": dict(sorted(corrected.items())),
        "retracted": sorted(previous.keys() - current.keys()),
    }


def correction_notes(uids, since, until):
    """{uid: [[YYYY-MM-DD, note], …]}: the public notes of the corrections logged on these incidents
    after the previous release's data were read (`since`: its data_as_of; None: all) and up to
    this one's (`until`), oldest first."""
    corrections = Correction.objects.filter(incident__uid__in=list(uids), made_at__lte=until)
    corrections = corrections.order_by("made_at", "pk")
    if since:
        corrections = corrections.filter(made_at__gt=datetime.fromisoformat(since))
    notes = {}
    for uid, made_at, note in corrections.values_list("incident__uid", "made_at", "note"):
        notes.setdefault(str(uid), []).append([f"{made_at:%Y-%m-%d}", note])
    return notes


def why_gone(uids):
    """{uid: why the incident left the data set}, for those the database still holds: merged into
    the incident that counts (a duplicate is never counted twice), retracted with its reason, or
    taken back to a draft. One deleted since has no entry."""
    found = Incident.objects.filter(uid__in=list(uids)).select_related("duplicate_of")
    said = {}
    for incident in found:
        if incident.duplicate_of_id and incident.duplicate_of.status == Incident.Status.PUBLISHED:
            said[str(incident.uid)] = f"a duplicate of {incident.duplicate_of.uid}, which counts instead"
        elif incident.duplicate_of_id:
            said[str(incident.uid)] = "a duplicate of an incident not public"
        elif incident.status == Incident.Status.RETRACTED:
            said[str(incident.uid)] = f"retracted: {incident.retraction_reason}".rstrip(": ")
        elif incident.status == Incident.Status.DRAFT:
            said[str(incident.uid)] = "withdrawn (a draft again)"
    return said


def changelog_markdown(version, since, changes, current, previous):
    lines = [f"# Changes in {version}", ""]
    lines += [f"Since {since}." if since else "The first release: every incident is new.", ""]
    lines += [f"## Added ({len(changes['added'])})", ""]
    lines += [f"- {uid}: {current[uid]['date']} {current[uid]['title']}" for uid in changes["added"]]
    lines += ["", f"## Corrected ({len(changes['corrected'])})", ""]
    for uid, fields in changes["corrected"].items():
        lines.append(f"- {uid}: {current[uid]['title']}")
        lines += [
            f"  - {name}: {json.dumps(old, ensure_ascii=False)} → {json.dumps(new, ensure_ascii=False)}"
            for name, (old, new) in fields.items()
        ]
        lines += [f"  - why ({day}): {note}" for day, note in changes["notes"].get(uid, [])]
    lines += ["", f"## Retracted, withdrawn or merged as duplicates ({len(changes['retracted'])})", ""]
    for uid in changes["retracted"]:
        why = changes["gone"].get(uid, "deleted")
        lines.append(f"- {uid}: {previous[uid]['date']} {previous[uid]['title']} — {why}")
    return "\n".join(lines) + "\n"


def sha256(path):
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def write_release_files(folder, version, site_url, previous_manifest):
    incidents = Incident.objects.published().without_duplicates().order_by("date", "pk")
    with one_snapshot():
        as_of = timezone.now()
        write_chunks(folder / "incidents.csv", csv_chunks(incidents, site_url))
        current = write_records(folder, incidents, site_url)
        write_chunks(folder / "claims.csv", table_csv_chunks(CLAIMS, incidents))
        write_chunks(folder / "sources.csv", table_csv_chunks(SOURCES, incidents))
        counts = {
            "incidents": len(current),
            "claims": CLAIMS.rows(incidents).count(),
            "sources": SOURCES.rows(incidents).count(),
        }
    (folder / "codebook.md").write_text(codebook.markdown() + "\n", encoding="utf-8")
    since = previous_manifest["version"] if previous_manifest else None
    previous = with_tables(read_records(releases_dir() / since), releases_dir() / since) if since else {}
    changes = changes_between(previous, with_tables(current, folder))
    changes["gone"] = why_gone(changes["retracted"])
    changes["notes"] = correction_notes(changes["corrected"], data_as_of(previous_manifest), as_of)
    (folder / CHANGES).write_text(
        json.dumps({"since": since, **changes}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    (folder / CHANGELOG).write_text(changelog_markdown(version, since, changes, current, previous), encoding="utf-8")
    return counts, changes, as_of


def data_as_of(manifest):
    """When a release's data were read (a release made before data_as_of was kept: its
    released_at), or None for no release. A correction logged while a release was being written
    is not in its data, so its note belongs to the next one: notes are chosen by this time, not by
    when the release was finished."""
    return manifest and manifest.get("data_as_of", manifest["released_at"])


def release(version, site_url):
    """Write release `version` and return its manifest; ReleaseError if it exists or can't be named."""
    final = release_path(version)
    if final.exists():
        raise ReleaseError(f"Release {version} exists already; a release is never overwritten.")
    previous = next(iter(manifests()), None)
    building = releases_dir() / f".{version}.building"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    try:
        counts, changes, as_of = write_release_files(building, version, site_url, previous)
        manifest = {
            "version": version,
            "released_at": datetime.now(UTC).isoformat(),
            "data_as_of": as_of.isoformat(),
            "previous": previous["version"] if previous else None,
            "licence": LICENCE,
            "counts": counts,
            "changes": {kind: len(changes[kind]) for kind in ("added", "corrected", "retracted")},
            "files": [*DATA_FILES, CHANGES, CHANGELOG, MANIFEST],
        }
        (building / MANIFEST).write_text(json.dumps(manifest, indent=1), encoding="utf-8")
        names = manifest["files"]
        (building / CHECKSUMS).write_text(
            "".join(f"{sha256(building / name)}  {name}\n" for name in names), encoding="utf-8"
        )
        for path in building.iterdir():
            path.chmod(0o444)
        os.rename(building, final)  # one step; it can't replace a release that appeared meanwhile (not empty)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return manifest


def release_file(version, name):
    """The path of a file of a release, only if the release lists it; else None."""
    try:
        folder = release_path(version)
    except ReleaseError:
        return None
    if not (folder / CHECKSUMS).is_file() or (name != CHECKSUMS and name not in checksums(version)):
        return None
    path = (folder / name).resolve()
    return path if path.parent == folder.resolve() and path.is_file() else None
