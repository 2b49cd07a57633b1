import pytest


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is right for production and needlessly slow for tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
