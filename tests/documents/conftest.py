"""The province's year, built once for the whole package (it takes seconds), and the
documents produced from it. Its rows are committed outside the tests' transactions, so the
database is emptied again when the package is done."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command

from documents.province_year import AS_OF, province_year
from dxtrack.accounts.access import SYSTEM
from dxtrack.documents.services import document_produce

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is right for production and needlessly slow for tests.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _test_database() -> bool:
    from django.db import connection

    name = str(connection.settings_dict["NAME"])
    return "memory" in name or Path(name).name.startswith("test")


@pytest.fixture(scope="package")
def year(django_db_setup, django_db_blocker):
    """Every test module of the package is marked django_db: without a test that asks for
    the database, pytest-django would not create the test database at all."""
    with django_db_blocker.unblock():
        from django.conf import settings

        assert _test_database(), "the documents' data must go to the test database"

        hashers = settings.PASSWORD_HASHERS
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        try:
            built = province_year()
        finally:
            settings.PASSWORD_HASHERS = hashers
        yield built
        call_command("flush", interactive=False, verbosity=0)


# (name, kind, format, what narrows it): every document, in both formats.
VARIANTS = [
    ("report", "report", {}),
    ("report_plan", "report", {"plan": "form_plan"}),
    ("appendix", "appendix", {}),
    ("appendix_dost", "appendix", {"agency": "dost"}),
    ("indicators", "indicators", {}),
    ("chasing", "chasing", {}),
    ("scorecard", "scorecard", {}),
]


@pytest.fixture(scope="package")
def produced(year, django_db_blocker):
    """name → {"docx": bytes, "xlsx": bytes}."""
    out = {}
    with django_db_blocker.unblock():
        for name, kind, narrowing in VARIANTS:
            options = {key: getattr(year, value) for key, value in narrowing.items()}
            out[name] = {
                fmt: document_produce(
                    actor=SYSTEM, kind=kind, period=year.period, fmt=fmt, as_of=AS_OF, **options
                ).data
                for fmt in ("docx", "xlsx")
            }
    return out


# The documents LibreOffice prints: one of each kind. The consolidated report and appendix
# (100–300 pages) are left to the structure tests: printing them would take a minute.
PRINTED = ["report_plan", "appendix_dost", "indicators", "chasing", "scorecard"]


@pytest.fixture(scope="package")
def pdfs(produced, tmp_path_factory) -> dict[str, Path]:
    """Each of PRINTED as LibreOffice prints it (one soffice run for all)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed: run ./bin/setup --with-office")
    folder = tmp_path_factory.mktemp("documents")
    paths = []
    for name in PRINTED:
        path = folder / f"{name}.docx"
        path.write_bytes(produced[name]["docx"])
        paths.append(str(path))
    profile = folder / "profile"
    subprocess.run(  # noqa: S603
        [
            SOFFICE,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            *paths,
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return {name: folder / f"{name}.pdf" for name in PRINTED}
