import contextlib
import os
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, override_settings
from django.utils import translation
from hypothesis import settings

from tests.factories import make_staff

# Property-based tests explore new examples on every run; CI (HYPOTHESIS_PROFILE=ci, set by
# .ci/run) draws the same examples each time, so a run fails only for a change it tests.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(autouse=True, scope="session")
def quick_password_hashing():
    """Passwords hashed with a fast hasher in the tests, as Django advises for test runs: the real
    one (PBKDF2, 1,000,000 iterations) costs about half a second of CPU for every account a test
    makes and every login, hundreds of seconds in a run. Production keeps Django's hashers; the
    servers the tests start in subprocesses (gunicorn, make serve) use the real settings."""
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in the default language: a request to /ar/… leaves Arabic active in the
    test's thread (LocaleMiddleware activates it and nothing deactivates it), so a later test's
    reverse() would build /ar/ URLs and its pages would render in Arabic."""
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture
def migrated_data(transactional_db):
    """Tests whose data other threads must see (the live server's, a background import's)
    commit it, in databases flushed after each such test: restore what the data migrations made."""
    import_module("incidents.migrations.0002_governorates").add_governorates(apps, None)
    import_module("incidents.migrations.0020_governorate_iso_code").add_iso_codes(apps, None)
    import_module("incidents.migrations.0030_governorate_aliases").add_spellings(apps, None)
    import_module("incidents.migrations.0003_staff_groups").add_groups(apps, None)


@pytest.fixture
def analyst(db):
    return make_staff("analyst", "Analyst")


@pytest.fixture
def editor(db):
    return make_staff("editor", "Editor")


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def analyst_client(analyst):
    return logged_in(analyst)


@pytest.fixture
def editor_client(editor):
    return logged_in(editor)


@contextlib.contextmanager
def kept_for_the_module(django_db_blocker):
    """For a module-scoped fixture: data its module's tests share, written once inside a
    transaction that is rolled back after the module's last test (each test runs in a savepoint
    inside it). Every test of the module must use the fixture, or see its data by chance of order."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def fresh_content_types():
    """For a test that restores a backup with --replace: its flush makes the content types again
    inside the test's transaction, and after the rollback the manager's cache would still name
    them, so the next test's natural-key lookup of a permission (a later restore) would fail
    on whichever module ran next on that worker."""
    yield
    ContentType.objects.clear_cache()
