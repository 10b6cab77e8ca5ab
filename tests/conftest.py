import os
from importlib import import_module

import pytest
from django.apps import apps
from django.test import Client
from hypothesis import settings

from tests.factories import make_staff

# Property-based tests explore new examples on every run; CI (HYPOTHESIS_PROFILE=ci, set by
# .ci/run) draws the same examples each time, so a run fails only for a change it tests.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def migrated_data(transactional_db):
    """Tests whose data other threads must see (the live server's, a background import's)
    commit it, in databases flushed after each such test: restore what the data migrations made."""
    import_module("incidents.migrations.0002_governorates").add_governorates(apps, None)
    import_module("incidents.migrations.0020_governorate_iso_code").add_iso_codes(apps, None)
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
