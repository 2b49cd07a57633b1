import pytest
from django.db import transaction

from reporting.province import province_year
from reporting.sample import reporting_sample


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is right for production and needlessly slow for tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="module")
def year(django_db_setup, django_db_blocker):
    """The province's 2026 yearly period (reporting.province), once per test module."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield province_year()
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _uploads(settings, tmp_path):
    # Evidence files go to the test's own folder, never to the project's data folder.
    settings.MEDIA_ROOT = tmp_path / "uploads"


@pytest.fixture
def sample():
    """One agency's report with its catalogue (reporting.sample); a module may define its own."""
    return reporting_sample()


@pytest.fixture
def reporter_client(client, sample):
    client.force_login(sample.reporter)
    return client
