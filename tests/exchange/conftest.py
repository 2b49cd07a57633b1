"""The exchange's tests: a test CA made at run time, a PDF printed by LibreOffice with the
decree's signer block, and a timestamp server on 127.0.0.1."""

import io
import shutil

import pytest
from docx import Document

from dxtrack.documents.libreoffice import docx_bookmark_add, pdf_from_docx, soffice_path
from exchange import pki

needs_office = pytest.mark.skipif(
    soffice_path() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler-utils are installed by ./bin/setup",
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def ca() -> pki.Issued:
    return pki.root_ca()


@pytest.fixture(scope="session")
def keys(ca, tmp_path_factory):
    """PKCS#12 files: the valid signer, an expired one, one not yet valid."""
    folder = tmp_path_factory.mktemp("keys")
    return {
        "valid": pki.issue(ca).p12(folder / "skhcn.p12", ca=ca),
        "expired": pki.expired(ca).p12(folder / "het-han.p12", ca=ca),
        "future": pki.not_yet_valid(ca).p12(folder / "chua-hieu-luc.p12", ca=ca),
    }


def letter_docx(pages: int = 2) -> bytes:
    """A letter with the decree's closing: position, room to sign, the signer's name."""
    document = Document()
    for number in range(pages * 40):
        document.add_paragraph(f"Nội dung báo cáo, dòng {number + 1}: số hóa hồ sơ đạt 87,43%.")
    document.add_paragraph("KT. GIÁM ĐỐC")
    document.add_paragraph("PHÓ GIÁM ĐỐC")
    for _blank in range(4):
        document.add_paragraph("")
    document.add_paragraph(pki.SIGNER)
    buffer = io.BytesIO()
    document.save(buffer)
    return docx_bookmark_add(data=buffer.getvalue(), text=pki.SIGNER, name="ChuKySo")


@pytest.fixture(scope="session")
def letter_pdf() -> bytes:
    if soffice_path() is None:
        pytest.skip("LibreOffice is installed by ./bin/setup")
    return pdf_from_docx(data=letter_docx())


@pytest.fixture
def tsa(ca):
    with pki.TimestampServer(ca) as server:
        yield server


@pytest.fixture(scope="module")
def year(django_db_setup, django_db_blocker):
    """The province's year (documents.province_year) with every sent report approved:
    Sở Nội vụ (returned) and Sở Tài chính (draft) stay out, as do the unsent ones. Built
    once for a module, committed, and flushed at its end (the other modules build their
    own rows in the tests' transactions)."""
    from django.conf import settings
    from django.core.management import call_command
    from django.utils import timezone

    from documents.province_year import province_year
    from dxtrack.reporting.models import AgencyReport

    with django_db_blocker.unblock():
        hashers = settings.PASSWORD_HASHERS
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        try:
            built = province_year()
        finally:
            settings.PASSWORD_HASHERS = hashers
        AgencyReport.objects.filter(
            period=built.period, status=AgencyReport.Status.SUBMITTED
        ).update(status=AgencyReport.Status.APPROVED, reviewed_at=timezone.now())
        yield built
        call_command("flush", interactive=False, verbosity=0)
