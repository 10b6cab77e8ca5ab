"""What each gunicorn worker would otherwise do on its first requests, done once in the master
before it forks its workers (config/gunicorn.py: preload_app, when_ready), so the first
visitors after a start or a deploy don't wait for it: every template compiled (the cached
loader keeps them, and the forks inherit them), the URL patterns of each language resolved,
each language's translations loaded. Nothing here opens a database connection, which the
forks would otherwise share.

Measured with `make loadtest` at 1,000,000 incidents (24 readers, 4 analysts, from cold): the
p99 was the first seconds' requests, each worker compiling the templates its first pages
used while all 28 users arrived at once.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template import TemplateDoesNotExist, TemplateSyntaxError
from django.template.loader import get_template
from django.urls import get_resolver
from django.utils import translation


def template_names():
    """The names of the templates of the project's templates directories and its apps'."""
    folders = [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    folders += [Path(config.path) / "templates" for config in apps.get_app_configs()]
    return sorted(
        {str(path.relative_to(folder)) for folder in folders if folder.is_dir() for path in folder.rglob("*.html")}
    )


def warm():
    """Nothing to do where the application served is not this Django project (a test's own)."""
    if not apps.ready:
        return
    for name in template_names():
        try:
            get_template(name)
        except (TemplateDoesNotExist, TemplateSyntaxError):
            continue  # a template another app's of the same name overrides, or one that never renders alone
    for code, _ in settings.LANGUAGES:
        with translation.override(code):
            get_resolver().reverse_dict  # noqa: B018 (reading it resolves the patterns for this language)
