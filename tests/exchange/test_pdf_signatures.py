"""Reading the signatures of a PDF: signer, time, intact or not, and damaged files."""

import datetime as dt

import pytest

from dxtrack.exchange.pdf_signatures import pdf_signatures_read
from dxtrack.exchange.placement import signature_placement
from dxtrack.exchange.signing import KeySource, pdf_sign, signer_open
from exchange import pki
from exchange.conftest import needs_office

pytestmark = needs_office


@pytest.fixture(scope="module")
def signed(letter_pdf, keys) -> bytes:
    now = dt.datetime.now(dt.UTC)
    placement = signature_placement(pdf=letter_pdf, signer_name=pki.SIGNER)
    with signer_open(
        source=KeySource.parse(str(keys["valid"])), password=pki.PASSWORD, now=now
    ) as (
        signer,
        about,
    ):
        return pdf_sign(pdf=letter_pdf, signer=signer, about=about, placement=placement, now=now)


def test_a_signed_pdf_names_its_signer_time_and_is_intact(signed, ca, tmp_path):
    root = tmp_path / "root.pem"
    from cryptography.hazmat.primitives import serialization

    root.write_bytes(ca.cert.public_bytes(serialization.Encoding.PEM))
    (found,) = pdf_signatures_read(data=signed, trust_roots=[root]).signatures
    assert found.signer == pki.SIGNER
    assert found.organisation == pki.ORGANISATION
    assert abs(found.signed_at - dt.datetime.now(dt.UTC)) < dt.timedelta(minutes=5)
    assert found.intact and found.trusted and found.covers_whole_file
    assert found.problem == ""
    # Without the root configured the signature is still intact, just not trusted.
    (untrusted,) = pdf_signatures_read(data=signed).signatures
    assert untrusted.intact and not untrusted.trusted


def test_a_byte_changed_after_signing_breaks_the_signature(signed):
    tampered = bytearray(signed)
    at = tampered.index(b"stream") + 40  # inside the first page's content
    tampered[at] ^= 0x01
    (found,) = pdf_signatures_read(data=bytes(tampered)).signatures
    assert not found.intact
    assert (
        found.problem == "Nội dung tệp đã bị thay đổi sau khi ký: chữ ký số không còn nguyên vẹn."
    )
    assert found.signer == pki.SIGNER


def test_a_damaged_pdf_is_reported_unreadable(signed):
    result = pdf_signatures_read(data=signed[:1000])
    assert result.signatures == []
    assert result.unreadable.startswith("Tệp PDF bị hỏng")


def test_an_unsigned_pdf_has_no_signatures(letter_pdf):
    result = pdf_signatures_read(data=letter_pdf)
    assert result.signatures == [] and result.unreadable == ""
