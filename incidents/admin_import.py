"""The analysts' import page: upload and preview (nothing written), confirm, watch it run.

The preview is run_import() as a dry run. Confirming starts the same run_import() in the
background (incidents.import_jobs) and leads to a page that shows how far it is and, at
the end, its report. Previews and imports belong to the analyst who uploaded the file.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .import_jobs import Job, clean_up, fingerprint, keep_upload, kept_path
from .imports import IMPORT_PARSERS, run_import
from .permissions import is_editor

SIGNING_SALT = "incidents.import"
EXPIRED = _("That preview has expired or is not valid; upload the file again.")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "A CSV file: our own export, or a raw export of ACLED, the GTD (UTF-8 or Windows-1252) or UCDP GED; "
            "or the publisher's workbook (.xlsx, its first sheet), or a .zip or .gz of one CSV file."
        ),
    )
    file_format = forms.ChoiceField(
        label=_("Format"),
        choices=[
            ("native", _("This tracker's CSV export")),
            ("acled", _("ACLED export (any layout)")),
            ("gtd", _("Global Terrorism Database (GTD)")),
            ("ucdp", _("UCDP Georeferenced Event Dataset (GED)")),
        ],
    )
    keep_types = forms.CharField(
        label=_("Keep types"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Optional, one a line: the publisher's event types or sub-event types to import "
            "(e.g. Protests, or Strategic developments/Change to group/activity). Empty: the kinds this tracker "
            "records; every other row is skipped and counted in the report."
        ),
    )
    publish = forms.BooleanField(
        label=_("Publish"),
        required=False,
        initial=False,
        help_text=_("Publish new incidents at once (editors only); otherwise drafts."),
    )
    correction_note = forms.CharField(
        label=_("Correction note (public)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_(
            "Needed when the file changes published incidents: shown with each change on their pages "
            "and in the corrections feed."
        ),
    )

    def clean_keep_types(self):
        return sorted({line.strip() for line in self.cleaned_data["keep_types"].splitlines() if line.strip()})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.IMPORT_MAX_UPLOAD_MB * 2**20:
            raise forms.ValidationError(
                gettext("The file is larger than %(mb)s MB.") % {"mb": settings.IMPORT_MAX_UPLOAD_MB}
            )
        return upload


def import_urls(model_admin):
    """The import's admin URLs: the page itself, and each import's progress and status."""

    def view(function):
        return model_admin.admin_site.admin_view(lambda request, **kwargs: function(model_admin, request, **kwargs))

    return [
        path("import/", view(import_view), name="incidents_incident_import"),
        path("import/<str:job_id>/", view(job_view), name="incidents_incident_import_job"),
        path("import/<str:job_id>/status.json", view(job_status), name="incidents_incident_import_status"),
    ]


def page_context(model_admin, request, **extra):
    return {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "title": _("Import incidents from CSV"),
        "can_publish": is_editor(request.user),
        "preview_hours": settings.IMPORT_PREVIEW_HOURS,
        **extra,
    }


def import_view(model_admin, request):
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method == "POST" and "token" in request.POST:
        return confirm(model_admin, request)
    context = page_context(model_admin, request)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        clean_up()
        context.update(preview(request, form))
    context["form"] = form
    return TemplateResponse(request, "admin/incidents/incident/import.html", context)


def preview(request, form):
    """The dry run's report and, for a file that can be imported, the token that confirms it."""
    file_format = form.cleaned_data["file_format"]
    publish = is_editor(request.user) and form.cleaned_data["publish"]
    note = form.cleaned_data["correction_note"]
    keep_types = form.cleaned_data["keep_types"]
    data = form.cleaned_data["file"].read()
    report = run_import(
        data, file_format, dry_run=True, user=request.user, publish=publish, note=note, keep_types=keep_types
    )
    if not report.ok:
        return {"report": report}
    form.cleaned_data["file"].seek(0)
    options = {
        "file": keep_upload(form.cleaned_data["file"]),
        "format": file_format,
        "keep_types": keep_types,
        "publish": publish,
        "user": request.user.pk,
        "note": note,
        "plan": report.plan,
        "read": fingerprint(data),
    }
    return {"report": report, "token": signing.dumps(options, salt=SIGNING_SALT)}


def refused(model_admin, request, message):
    """The import page with why this isn't yours to see or confirm (403)."""
    context = page_context(model_admin, request, refusal=message, form=ImportForm())
    return TemplateResponse(request, "admin/incidents/incident/import.html", context, status=403)


def confirm(model_admin, request):
    try:
        options = signing.loads(request.POST["token"], salt=SIGNING_SALT)
    except signing.BadSignature:
        options = {}
    if kept_path(options.get("file"), ".csv") is None:
        messages.error(request, EXPIRED)
        return redirect("admin:incidents_incident_import")
    if options.get("user") != request.user.pk:
        return refused(model_admin, request, _("This preview belongs to another user: upload the file yourself."))
    if options["publish"] and not is_editor(request.user):
        message = _(
            "You may no longer publish, and this preview publishes its new incidents: upload the file again "
            "to import them as drafts."
        )
        return refused(model_admin, request, message)
    file_format = options["format"] if options["format"] in IMPORT_PARSERS else "native"
    job = Job.start(
        options["file"],
        request.user,
        file_format,
        options["publish"],
        note=options["note"],
        keep_types=options.get("keep_types", []),
        preview=options.get("plan"),
        previewed=options.get("read"),
    )
    if job is None:
        messages.error(request, EXPIRED)
        return redirect("admin:incidents_incident_import")
    return redirect("admin:incidents_incident_import_job", job_id=job.id)


def users_job(model_admin, request, job_id):
    """The import of that id if it is the user's; Http404 or PermissionDenied otherwise."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    job = Job.load(job_id)
    if job is None:
        raise Http404(gettext("No such import: it has been cleaned up, or never was."))
    if not job.belongs_to(request.user):
        raise PermissionDenied(gettext("This import was started by another user."))
    return job


def job_view(model_admin, request, job_id):
    try:
        job = users_job(model_admin, request, job_id)
    except PermissionDenied as refusal:
        return refused(model_admin, request, str(refusal) or _("You may not import incidents."))
    context = page_context(
        model_admin,
        request,
        title=_("Importing incidents") if job.state == "running" else _("Import incidents from CSV"),
        job=job,
        status_url=reverse("admin:incidents_incident_import_status", args=[job.id]),
    )
    return TemplateResponse(request, "admin/incidents/incident/import_job.html", context)


def job_status(model_admin, request, job_id):
    """What the progress page's script polls."""
    job = users_job(model_admin, request, job_id)
    return JsonResponse(
        {
            "state": job.state,
            "progress": job.progress,
            "done": job.status.get("done", 0),
            "total": job.status.get("total", 0),
        }
    )
