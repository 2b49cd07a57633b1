import pytest
from django.core.cache import cache

from portal.scenario import published_scenario


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    # Pages are cached under the portal's edition, which restarts with every test database.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def scenario(db):
    return published_scenario()
