"""/data/: the data set's releases, its codebook, and how to cite it (public pages)."""

from django.http import FileResponse, Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from . import codebook, releases


@require_safe
def data_index(request):
    site = request.build_absolute_uri("/").rstrip("/")
    listed = [
        {
            "manifest": manifest,
            "checksums": releases.checksums(manifest["version"]),
            "citation": releases.citation(manifest, site),
        }
        for manifest in releases.manifests()
    ]
    context = {
        "releases": listed,
        "licence": releases.LICENCE,
        "licence_url": releases.LICENCE_URL,
        "title": releases.TITLE,
    }
    return render(request, "incidents/data_index.html", context)


@require_safe
def data_codebook(request):
    return render(request, "incidents/codebook.html", {"tables": codebook.tables(), "sections": codebook.sections()})


@require_safe
def release_download(request, version, filename):
    """A file of a release: only the files its SHA256SUMS lists, inside the releases folder."""
    path = releases.release_file(version, filename)
    if path is None:
        raise Http404("No such release file.")
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"incidents-{version}-{filename}")
