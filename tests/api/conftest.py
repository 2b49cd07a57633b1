import pytest

from factories import UserFactory, large_catalogue, province_catalogue


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def api_client(client, db):
    """A client with a browser session, the way the web pages call the API."""
    client.force_login(UserFactory(username="he-thong-bao-cao"))
    return client


@pytest.fixture
def catalogue(db):
    return province_catalogue()


@pytest.fixture
def many(db):
    return large_catalogue()
