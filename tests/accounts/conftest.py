import pytest

from dxtrack.accounts.services import user_add
from factories import AgencyFactory

PASSWORD = "mat-khau-thu-nghiem-2025"


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is right for production and needlessly slow for tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def dost(db):
    return AgencyFactory(name="Sở Khoa học và Công nghệ")


@pytest.fixture
def health(db):
    return AgencyFactory(name="Sở Y tế")


@pytest.fixture
def users(dost):
    """One user of each role; the reporter reports for Sở Khoa học và Công nghệ; the system
    account is the provincial LGSP."""
    return {
        "admin": user_add(username="quantri", role="admin", password=PASSWORD),
        "coordinator": user_add(username="sokhcn", role="coordinator", password=PASSWORD),
        "leader": user_add(username="lanhdao", role="leader", password=PASSWORD),
        "reporter": user_add(
            username="baocao.skhcn", role="reporter", password=PASSWORD, agency=dost
        ),
        "system": user_add(username="lgsp", role="system", password=PASSWORD),
    }
