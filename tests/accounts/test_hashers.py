"""Passwords are hashed with Argon2id at the configured cost, and older hashes are upgraded."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, check_password, make_password

from dxtrack.accounts.hashers import Argon2Hasher


@pytest.fixture(autouse=True)
def _production_hashers(settings):
    # The other tests use MD5 for speed; these check the real list.
    settings.PASSWORD_HASHERS = [
        "dxtrack.accounts.hashers.Argon2Hasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]


def test_a_new_password_is_hashed_with_argon2id_at_the_configured_cost():
    encoded = make_password("Mật-khẩu-dài-2026")

    assert encoded.startswith("argon2$argon2id$")
    assert "m=19456,t=2,p=1" in encoded
    assert check_password("Mật-khẩu-dài-2026", encoded)
    assert not check_password("mat-khau-sai", encoded)


def test_a_hash_made_with_djangos_default_cost_verifies_and_is_upgraded():
    old = Argon2PasswordHasher().encode("Mật-khẩu-dài-2026", Argon2PasswordHasher().salt())
    upgraded = []

    assert check_password("Mật-khẩu-dài-2026", old, setter=upgraded.append)

    assert upgraded == ["Mật-khẩu-dài-2026"]
    assert Argon2Hasher().must_update(old)
    assert not Argon2Hasher().must_update(make_password("Mật-khẩu-dài-2026"))
