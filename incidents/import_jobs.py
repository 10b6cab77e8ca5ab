"""The admin's imports between upload and report: kept previews, background imports, clean-up.

Everything lives in settings.IMPORT_UPLOAD_DIR (var/imports), named by a random id:

* `<id>.csv` — an upload waiting for its confirmation. The preview's signed token names it
  and the analyst who uploaded it; nobody else can confirm it.
* `<id>.json` — the import confirmed from it: who started it, how far it is and, when it
  has finished, its report. A big file takes minutes, longer than a web request may last,
  so the import runs in a thread of the web process (a thread of its own, named
  "import <id>"), all or nothing as ever, while the analyst's page polls this status.

Both expire settings.IMPORT_PREVIEW_HOURS after they were last written, by the files' own
time; clean_up() removes them (on each new upload, and `manage.py clean_imports`), but
never the status of an import still running.
"""

import hashlib
import json
import logging
import os
import re
import secrets
import threading
import time
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections
from django.utils import translation
from django.utils.translation import gettext

from .imports import run_import

logger = logging.getLogger(__name__)
JOB_ID = re.compile(r"[0-9a-f]{32}")
# What clean_up() may remove: only names this module makes (and the uploads of earlier
# versions), never anything else that shares the folder.
OURS = re.compile(r"[0-9a-f]{32}\.(csv|json|json\.tmp)|tmp\w+\.csv")
PROBLEMS_KEPT = 500


def upload_dir():
    path = Path(settings.IMPORT_UPLOAD_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def kept_path(job_id, suffix):
    """The file of that id, or None for anything that is not an id made here."""
    if not isinstance(job_id, str) or not JOB_ID.fullmatch(job_id):
        return None
    return upload_dir() / f"{job_id}{suffix}"


def keep_upload(upload):
    """Keeps an uploaded file until its preview is confirmed or expires; returns its id."""
    job_id = secrets.token_hex(16)
    with open(kept_path(job_id, ".csv"), "xb") as kept:
        for chunk in upload.chunks():
            kept.write(chunk)
    return job_id


def expired(path):
    """Written more than settings.IMPORT_PREVIEW_HOURS ago (the file's modification time)."""
    return time.time() - path.stat().st_mtime > settings.IMPORT_PREVIEW_HOURS * 3600


def fingerprint(data):
    """What a preview's token says of the bytes it read, for its confirmation to import the same."""
    return hashlib.sha256(data).hexdigest()


def take_upload(job_id, previewed=None):
    """The kept upload's bytes, removing the file; None when it is gone, has expired, or is not the
    file its preview read (`previewed`: its fingerprint)."""
    path = kept_path(job_id, ".csv")
    try:
        data = None if expired(path) else path.read_bytes()
        path.unlink()
    except FileNotFoundError:
        return None
    if data is not None and previewed is not None and fingerprint(data) != previewed:
        return None
    return data


def clean_up():
    """Removes expired previews and the statuses of imports that ended; returns their names."""
    removed = []
    for path in upload_dir().iterdir():
        try:
            if not OURS.fullmatch(path.name) or not expired(path) or running(path):
                continue
            path.unlink()
        except FileNotFoundError:  # removed meanwhile (confirmed, or another clean-up)
            continue
        removed.append(path.name)
    return sorted(removed)


def running(path):
    if path.suffix != ".json":
        return False
    job = Job.load(path.stem)
    return job is not None and job.state == "running"


def process_alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, someone else's
        return True
    return True


class Job:
    """An import confirmed in the admin: its status, kept in `<id>.json`."""

    def __init__(self, job_id, status):
        self.id, self.status = job_id, status
        self.path = kept_path(job_id, ".json")  # where it was started, whatever settings say later

    @classmethod
    def load(cls, job_id):
        path = kept_path(job_id, ".json")
        if path is None:
            return None
        try:
            return cls(job_id, json.loads(path.read_text()))
        except (FileNotFoundError, ValueError):  # no such import, or its claim being written
            return None

    @classmethod
    def start(cls, job_id, user, file_format, publish, note="", keep_types=(), preview=None, previewed=None):
        """Imports the preview's upload in a background thread, writing only what the preview
        showed (`preview`: its Report.plan) of the file it read (`previewed`: its fingerprint). Returns
        the job; the one that is already running if the preview was confirmed before; None if the
        upload is gone, or is not the file previewed.
        Its report is written in the language of the page that confirmed it (a thread starts
        with none active): /ar/admin/'s in Arabic."""
        status = {"user": user.pk, "state": "running", "pid": os.getpid(), "stage": gettext("Starting")}
        job = cls(job_id, {**status, "language": translation.get_language()})
        try:
            with open(job.path, "x") as claim:  # one import per preview, however many clicks
                json.dump(job.status, claim)
        except FileExistsError:
            return cls.load(job_id)
        data = take_upload(job_id, previewed)
        if data is None:
            job.path.unlink()
            return None
        arguments = (data, file_format, publish, note, keep_types, preview)
        thread = threading.Thread(target=job.run, args=arguments, name=f"import {job_id}")
        thread.start()
        return job

    @property
    def state(self):
        """running, done or failed — or stopped, when the process that ran it has gone (a
        server restart), which rolled its transaction back."""
        if self.status["state"] == "running" and not process_alive(self.status["pid"]):
            return "stopped"
        return self.status["state"]

    @property
    def progress(self):
        """How far it is, in words: "Writing incidents: 20,000 of 100,000"."""
        if "total" not in self.status:
            return self.status["stage"]
        counts = {
            "stage": self.status["stage"],
            "done": f"{self.status['done']:,}",
            "total": f"{self.status['total']:,}",
        }
        return gettext("%(stage)s: %(done)s of %(total)s") % counts

    def belongs_to(self, user):
        return self.status["user"] == user.pk

    def run(self, data, file_format, publish, note="", keep_types=(), preview=None):
        with translation.override(self.status.get("language")):
            self.import_file(data, file_format, publish, note, keep_types, preview)

    def import_file(self, data, file_format, publish, note, keep_types, preview):
        try:
            user = get_user_model().objects.get(pk=self.status["user"])
            report = run_import(
                data,
                file_format,
                user=user,
                publish=publish,
                note=note,
                progress=self.advance,
                keep_types=keep_types,
                preview=preview,
            )
            self.save(
                state="done" if report.ok else "failed",
                summary=report.summary(),
                problems=[str(problem) for problem in report.problems[:PROBLEMS_KEPT]],
                more_problems=max(0, len(report.problems) - PROBLEMS_KEPT),
            )
        except Exception as error:  # the thread's last stop: what went wrong is the analyst's to read
            logger.exception("Import %s failed", self.id)
            message = gettext("The import stopped on an error; nothing was written: %(error)s")
            self.save(state="failed", summary=message % {"error": error})
        finally:
            connections.close_all()

    def advance(self, stage, done, total):
        self.save(stage=stage, done=done, total=total)

    def save(self, **changes):
        """Writes the status whole (a temporary file renamed over it), so a reader never sees half."""
        self.status.update(changes)
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps(self.status))
        os.replace(temporary, self.path)
