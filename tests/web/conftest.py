import pytest

from factories import UserFactory, large_catalogue, province_catalogue


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is right for production and needlessly slow for tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def official(db):
    return UserFactory(username="chuyenvien.skhcn", first_name="Lan", last_name="Nguyễn Thị")


@pytest.fixture
def signed_in(client, official):
    client.force_login(official)
    return client


@pytest.fixture
def catalogue(db):
    return province_catalogue()


@pytest.fixture
def many(db):
    return large_catalogue()
