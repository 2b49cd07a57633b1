"""Signed documents from the command and the period page, and the signatures of uploaded
evidence PDFs shown on the report page."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from dxtrack.cli import main
from dxtrack.exchange.models import EvidenceSignature
from dxtrack.exchange.placement import signature_placement
from dxtrack.exchange.signing import KeySource, pdf_sign, signer_open
from exchange import pki
from exchange.conftest import needs_office
from reporting.sample import reporting_sample
from web.test_report_pages import _form, _lead

pytestmark = [pytest.mark.django_db, needs_office]


@pytest.fixture
def sample():
    return reporting_sample()


def _valid(signed: bytes, ca):
    (embedded,) = PdfFileReader(io.BytesIO(signed)).embedded_signatures
    context = ValidationContext(trust_roots=[ca.asn1_cert], allow_fetching=False)
    return validate_pdf_signature(embedded, signer_validation_context=context)


def test_document_command_signs_the_pdf(sample, keys, ca, tmp_path, capsys):
    password = tmp_path / "mat-khau.txt"
    password.write_text(pki.PASSWORD + "\n", encoding="utf-8")
    out = tmp_path / "don-doc.pdf"
    code = main(
        [
            "document",
            "chasing",
            "--period",
            str(sample.period.pk),
            "--out",
            str(out),
            "--sign",
            f"p12:{keys['valid']}",
            "--sign-password-file",
            str(password),
        ]
    )
    assert code == 0, capsys.readouterr().err
    status = _valid(out.read_bytes(), ca)
    assert status.bottom_line
    assert status.signing_cert.subject.native["common_name"] == pki.SIGNER


@pytest.mark.parametrize(
    "key, password, message",
    [
        ("valid", "sai", "Lỗi ký số: Mật khẩu của tệp chứng thư số “skhcn.p12” không đúng."),
        ("expired", pki.PASSWORD, "đã hết hạn từ ngày"),
        ("future", pki.PASSWORD, "chưa có hiệu lực"),
    ],
)
def test_document_command_says_why_it_cannot_sign(
    sample, keys, tmp_path, capsys, monkeypatch, key, password, message
):
    monkeypatch.setenv("DXTRACK_SIGN_PASSWORD", password)
    out = tmp_path / "bao-cao.pdf"
    args = ["document", "scorecard", "--period", str(sample.period.pk), "--out", str(out)]
    assert main([*args, "--sign", str(keys[key])]) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_signing_needs_a_pdf(sample, keys, tmp_path, capsys):
    out = tmp_path / "bao-cao.docx"
    args = ["document", "report", "--period", str(sample.period.pk), "--out", str(out)]
    assert main([*args, "--sign", str(keys["valid"])]) == 2
    assert "chỉ ký số được văn bản PDF" in capsys.readouterr().err


def test_period_page_offers_the_signed_pdf_once_the_key_is_configured(
    client, sample, keys, ca, settings
):
    client.force_login(sample.coordinator)
    url = reverse("document-download", args=[sample.period.pk, "scorecard", "signed-pdf"])
    page = reverse("period-detail", args=[sample.period.pk])
    assert url not in client.get(page).content.decode()
    assert client.get(url).status_code == 404

    settings.DXTRACK_SIGN_CERT = f"p12:{keys['valid']}"
    settings.DXTRACK_SIGN_PASSWORD = pki.PASSWORD
    assert f'href="{url}"' in client.get(page).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert _valid(response.content, ca).bottom_line


# ----------------------------------------------------------------------- evidence


def _signed_letter(letter_pdf, key) -> bytes:
    now = dt.datetime.now(dt.UTC)
    placement = signature_placement(pdf=letter_pdf, signer_name=pki.SIGNER)
    with signer_open(source=KeySource.parse(str(key)), password=pki.PASSWORD, now=now) as (
        signer,
        about,
    ):
        return pdf_sign(pdf=letter_pdf, signer=signer, about=about, placement=placement, now=now)


def _upload(client, sample, name: str, data: bytes):
    client.force_login(sample.reporter)
    form = _form(client, sample.report)
    form.update(
        {
            "action": "save",
            f"{_lead(sample)}-files": SimpleUploadedFile(name, data, "application/pdf"),
        }
    )
    response = client.post(
        reverse("report-detail", args=[sample.period.pk, sample.report.agency_id]), form
    )
    assert response.status_code == 302
    return client.get(response["Location"]).content.decode()


def test_an_uploaded_signed_pdf_shows_its_signer_time_and_integrity(
    client, sample, letter_pdf, keys
):
    page = _upload(
        client, sample, "Quyết định ký số.pdf", _signed_letter(letter_pdf, keys["valid"])
    )
    stored = EvidenceSignature.objects.get()
    assert (stored.signer, stored.intact) == (pki.SIGNER, True)
    assert f"Ký số bởi <strong>{pki.SIGNER}</strong>" in page
    assert (
        stored.signed_at.astimezone(dt.timezone(dt.timedelta(hours=7))).strftime("%d/%m/%Y") in page
    )
    assert "nguyên vẹn" in page


def test_an_uploaded_pdf_changed_after_signing_says_so(client, sample, letter_pdf, keys):
    signed = bytearray(_signed_letter(letter_pdf, keys["valid"]))
    at = signed.index(b"stream") + 40
    signed[at] ^= 0x01
    page = _upload(client, sample, "Quyết định.pdf", bytes(signed))
    assert "Nội dung tệp đã bị thay đổi sau khi ký" in page
    assert EvidenceSignature.objects.get().intact is False


def test_a_damaged_pdf_uploaded_as_evidence_is_reported(client, sample, letter_pdf):
    page = _upload(client, sample, "Bản chụp hỏng.pdf", letter_pdf[:2000])
    assert "Tệp PDF bị hỏng hoặc không đúng cấu trúc" in page


def test_report_page_reads_signatures_in_one_query(
    client, sample, letter_pdf, keys, django_assert_max_num_queries
):
    signed = _signed_letter(letter_pdf, keys["valid"])
    for name in ("Một.pdf", "Hai.pdf", "Ba.pdf", "Bốn.pdf", "Năm.pdf"):
        _upload(client, sample, name, signed)
    assert EvidenceSignature.objects.count() == 5
    url = reverse("report-detail", args=[sample.period.pk, sample.report.agency_id])
    # Five signed files: their signatures come in one query, not one per file (15: the
    # report's key projects are one more query, whatever their number).
    with django_assert_max_num_queries(15):
        page = client.get(url).content.decode()
    assert page.count("nguyên vẹn") == 5
