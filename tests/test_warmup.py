"""gunicorn's master makes the site ready before it forks its workers (config/warmup.py)."""

from django.template import engines

from config import warmup


def template_cache():
    """The cached template loader's cache (the loader production and the tests run with)."""
    return engines["django"].engine.template_loaders[0].get_template_cache


def test_every_template_is_compiled_once_without_touching_the_database():
    """No database access is allowed in this test (no django_db mark): a connection opened in the
    master would be shared by every worker it forks."""
    template_cache().clear()  # whatever earlier tests in this process rendered
    names = warmup.template_names()
    assert {"base.html", "incidents/incident_list.html", "admin/change_form.html"} <= set(names)
    warmup.warm()
    assert {"base.html", "incidents/incident_list.html", "admin/change_form.html"} <= set(template_cache())
