"""The analysts' import page: upload, preview the changes, confirm — run_import() both times."""

import tempfile
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse

from .imports import IMPORT_PARSERS, run_import
from .permissions import is_editor

MAX_UPLOAD_BYTES = 50 * 1024 * 1024
TOKEN_MAX_AGE = 3600
SIGNING_SALT = "incidents.import"


class ImportForm(forms.Form):
    file = forms.FileField(help_text="A CSV file in UTF-8: our own export, or ACLED's columns.")
    file_format = forms.ChoiceField(
        label="Format", choices=[("native", "This tracker's CSV export"), ("acled", "ACLED-style CSV")]
    )
    publish = forms.BooleanField(
        required=False, initial=False, help_text="Publish new incidents at once (editors only); otherwise drafts."
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(f"The file is larger than {MAX_UPLOAD_BYTES // 2**20} MB.")
        return upload


def upload_dir():
    path = Path(settings.IMPORT_UPLOAD_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


def keep_upload(upload):
    """Keeps the file between preview and confirmation; the signed token names it."""
    with tempfile.NamedTemporaryFile(dir=upload_dir(), suffix=".csv", delete=False) as kept:
        for chunk in upload.chunks():
            kept.write(chunk)
    return Path(kept.name).name


def read_kept(token):
    name = signing.loads(token, salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE)["file"]
    path = upload_dir() / Path(name).name
    return path, path.read_bytes()


def import_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    can_publish = is_editor(request.user)
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": "Import incidents from CSV",
        "can_publish": can_publish,
    }
    if request.method == "POST" and "token" in request.POST:
        return confirm(model_admin, request, can_publish)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        file_format = form.cleaned_data["file_format"]
        report = run_import(data, file_format, dry_run=True, user=request.user)
        context["report"] = report
        if report.ok:
            form.cleaned_data["file"].seek(0)
            context["token"] = signing.dumps(
                {
                    "file": keep_upload(form.cleaned_data["file"]),
                    "format": file_format,
                    "publish": can_publish and form.cleaned_data["publish"],
                },
                salt=SIGNING_SALT,
            )
    context["form"] = form
    return TemplateResponse(request, "admin/incidents/incident/import.html", context)


def confirm(model_admin, request, can_publish):
    try:
        path, data = read_kept(request.POST["token"])
        options = signing.loads(request.POST["token"], salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE)
    except (signing.BadSignature, FileNotFoundError):
        messages.error(request, "That preview has expired or is not valid; upload the file again.")
        return redirect("admin:incidents_incident_import")
    report = run_import(
        data,
        options["format"] if options["format"] in IMPORT_PARSERS else "native",
        user=request.user,
        publish=options["publish"] and can_publish,
    )
    path.unlink(missing_ok=True)
    if report.ok:
        messages.success(request, "Imported. " + report.summary())
    else:
        messages.error(request, report.summary() + " The data changed since the preview; upload the file again.")
    return redirect("admin:incidents_incident_changelist")
