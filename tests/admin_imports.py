"""The admin's import as an analyst uses it: upload a file, confirm its preview, read the end."""

import threading

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

URL = reverse("admin:incidents_incident_import")


def upload(client, data, file_format="native", **extra):
    return client.post(URL, {"file": SimpleUploadedFile("in.csv", data), "file_format": file_format, **extra})


def wait_for_imports():
    """Until the background imports have ended (their threads are named "import <id>")."""
    for thread in threading.enumerate():
        if thread.name.startswith("import "):
            thread.join()


def confirm(client, token):
    """Confirms a preview, lets its import run to the end and returns the import's page then."""
    response = client.post(URL, {"token": token})
    assert response.status_code == 302, response.content
    wait_for_imports()
    return client.get(response.url)
