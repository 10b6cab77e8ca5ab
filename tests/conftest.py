import pytest
from django.test import Client

from tests.factories import make_staff


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
