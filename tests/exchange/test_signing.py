"""PAdES signatures with the province's key: a PKCS#12 file and a PKCS#11 token, the visible
signature in the signer's block, a timestamp server, and every refusal in Vietnamese.
Signatures are checked with pyHanko's validator against the test CA, and the signed PDF is
opened with poppler."""

import datetime as dt
import io
import os
import shutil
import subprocess

import pytest
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from dxtrack.exchange.placement import signature_placement
from dxtrack.exchange.signing import KeySource, SigningError, pdf_sign, signer_open
from exchange import pki
from exchange.conftest import needs_office

pytestmark = needs_office


def _now():
    return dt.datetime.now(dt.UTC)


def _sign(pdf: bytes, key, *, password=pki.PASSWORD, tsa_url=None) -> bytes:
    placement = signature_placement(pdf=pdf, signer_name=pki.SIGNER, position="PHÓ GIÁM ĐỐC")
    with signer_open(source=KeySource.parse(f"p12:{key}"), password=password, now=_now()) as (
        signer,
        about,
    ):
        return pdf_sign(
            pdf=pdf, signer=signer, about=about, placement=placement, tsa_url=tsa_url, now=_now()
        )


def _status(signed: bytes, ca):
    reader = PdfFileReader(io.BytesIO(signed))
    (embedded,) = reader.embedded_signatures
    context = ValidationContext(trust_roots=[ca.asn1_cert], allow_fetching=False)
    return embedded, validate_pdf_signature(embedded, signer_validation_context=context)


def _poppler(*command: str) -> str:
    program = shutil.which(command[0])
    return subprocess.run(  # noqa: S603
        [program, *command[1:]], check=True, capture_output=True, text=True
    ).stdout


def test_signed_pdf_validates_and_shows_the_signer_in_the_signature_block(
    letter_pdf, keys, ca, tmp_path
):
    signed = _sign(letter_pdf, keys["valid"])

    embedded, status = _status(signed, ca)
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert embedded.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert status.signing_cert.subject.native["common_name"] == pki.SIGNER
    # The visible signature sits between the position line and the name, on the name's page.
    field = embedded.sig_field
    x0, y0, x1, y1 = (float(v) for v in field["/Rect"])
    path = tmp_path / "signed.pdf"
    path.write_bytes(signed)
    pages = int(_poppler("pdfinfo", str(path)).split("Pages:")[1].split()[0])
    last = _poppler("pdftotext", "-bbox", "-f", str(pages), "-l", str(pages), str(path), "-")
    name_top = float(last.split(">Hiếu</word>")[0].rsplit('yMin="', 1)[1].split('"')[0])
    height = float(last.split('<page width="')[1].split('height="')[1].split('"')[0])
    assert y0 >= height - name_top  # above the name
    assert x1 - x0 == 200 and y1 > y0
    text = _poppler("pdftotext", "-enc", "UTF-8", str(path), "-")
    assert f"Ký bởi: {pki.SIGNER}" in text
    assert f"Cơ quan: {pki.ORGANISATION}" in text
    assert "+07:00" in text
    assert "Form:            AcroForm" in _poppler("pdfinfo", str(path))


def test_a_timestamp_server_stamps_the_signature(letter_pdf, keys, ca, tsa):
    signed = _sign(letter_pdf, keys["valid"], tsa_url=tsa.url)
    _embedded, status = _status(signed, ca)
    assert tsa.requests >= 1
    assert status.timestamp_validity is not None
    assert status.timestamp_validity.intact and status.timestamp_validity.valid
    assert abs(status.timestamp_validity.timestamp - _now()) < dt.timedelta(minutes=5)


def test_an_unreachable_timestamp_server_is_said_so(letter_pdf, keys):
    with pytest.raises(SigningError, match="Máy chủ cấp dấu thời gian"):
        _sign(letter_pdf, keys["valid"], tsa_url="http://127.0.0.1:9/tsa")


def test_wrong_password_is_refused_in_vietnamese(letter_pdf, keys):
    with pytest.raises(SigningError, match=r"Mật khẩu của tệp chứng thư số “skhcn\.p12”"):
        _sign(letter_pdf, keys["valid"], password="sai-mat-khau")


def test_expired_certificate_is_refused(letter_pdf, keys):
    with pytest.raises(SigningError, match=r"đã hết hạn từ ngày \d\d/\d\d/\d{4}"):
        _sign(letter_pdf, keys["expired"])


def test_certificate_not_yet_valid_is_refused(letter_pdf, keys):
    with pytest.raises(SigningError, match=r"chưa có hiệu lực \(có hiệu lực từ ngày"):
        _sign(letter_pdf, keys["future"])


def test_damaged_key_file_is_refused(letter_pdf, tmp_path):
    broken = tmp_path / "hong.p12"
    broken.write_bytes(b"\x30\x82\x01\x00 not pkcs12")
    with pytest.raises(SigningError, match="bị hỏng hoặc không phải tệp PKCS#12"):
        _sign(letter_pdf, broken)


def test_damaged_pdf_is_refused(letter_pdf, keys):
    damaged = letter_pdf[: len(letter_pdf) // 2]
    with pytest.raises(SigningError, match="Tệp PDF bị hỏng"):
        _sign(damaged, keys["valid"])


def test_a_pdf_without_the_signer_block_is_signed_bottom_right_of_its_last_page(keys, ca):
    from dxtrack.documents.libreoffice import pdf_from_docx
    from exchange.conftest import letter_docx

    pdf = pdf_from_docx(data=letter_docx(pages=1).replace(b"ChuKySo", b"Khac0000"))
    placement = signature_placement(pdf=pdf, signer_name="Người Khác", position="")
    assert not placement.found
    assert placement.box[0] > 300 and placement.box[1] < 200
    with signer_open(
        source=KeySource.parse(str(keys["valid"])), password=pki.PASSWORD, now=_now()
    ) as (signer, about):
        signed = pdf_sign(pdf=pdf, signer=signer, about=about, placement=placement, now=_now())
    assert _status(signed, ca)[1].bottom_line


# ----------------------------------------------------------------------- PKCS#11 (SoftHSM2)

SOFTHSM = shutil.which("softhsm2-util")


@pytest.fixture
def token(ca, tmp_path, monkeypatch):
    """A SoftHSM2 token holding the signer's key and certificate, in a private folder."""
    if SOFTHSM is None or not _module():
        pytest.skip("softhsm2 is installed by ./bin/setup --with-browser")
    folder = tmp_path / "tokens"
    folder.mkdir()
    config = tmp_path / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {folder}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(config))
    subprocess.run(  # noqa: S603
        [
            SOFTHSM,
            "--init-token",
            "--free",
            "--label",
            "SoKHCN",
            "--pin",
            "123456",
            "--so-pin",
            "12345678",
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "SOFTHSM2_CONF": str(config)},
    )
    issued = pki.issue(ca)
    import pkcs11
    from cryptography.hazmat.primitives import serialization

    library = pkcs11.lib(_module())
    with library.get_token(token_label="SoKHCN").open(rw=True, user_pin="123456") as session:
        numbers = issued.key.private_numbers()
        public = numbers.public_numbers
        session.create_object(
            {
                pkcs11.Attribute.CLASS: pkcs11.ObjectClass.PRIVATE_KEY,
                pkcs11.Attribute.KEY_TYPE: pkcs11.KeyType.RSA,
                pkcs11.Attribute.LABEL: "ky-so",
                pkcs11.Attribute.ID: b"\x01",
                pkcs11.Attribute.TOKEN: True,
                pkcs11.Attribute.PRIVATE: True,
                pkcs11.Attribute.SENSITIVE: True,
                pkcs11.Attribute.SIGN: True,
                pkcs11.Attribute.MODULUS: public.n.to_bytes(256, "big"),
                pkcs11.Attribute.PUBLIC_EXPONENT: public.e.to_bytes(3, "big"),
                pkcs11.Attribute.PRIVATE_EXPONENT: numbers.d.to_bytes(256, "big"),
                pkcs11.Attribute.PRIME_1: numbers.p.to_bytes(128, "big"),
                pkcs11.Attribute.PRIME_2: numbers.q.to_bytes(128, "big"),
                pkcs11.Attribute.EXPONENT_1: numbers.dmp1.to_bytes(128, "big"),
                pkcs11.Attribute.EXPONENT_2: numbers.dmq1.to_bytes(128, "big"),
                pkcs11.Attribute.COEFFICIENT: numbers.iqmp.to_bytes(128, "big"),
            }
        )
        session.create_object(
            {
                pkcs11.Attribute.CLASS: pkcs11.ObjectClass.CERTIFICATE,
                pkcs11.Attribute.CERTIFICATE_TYPE: pkcs11.CertificateType.X_509,
                pkcs11.Attribute.LABEL: "ky-so",
                pkcs11.Attribute.ID: b"\x01",
                pkcs11.Attribute.TOKEN: True,
                pkcs11.Attribute.VALUE: issued.cert.public_bytes(serialization.Encoding.DER),
                pkcs11.Attribute.SUBJECT: issued.cert.subject.public_bytes(),
                pkcs11.Attribute.ISSUER: issued.cert.issuer.public_bytes(),
            }
        )
    return f"pkcs11:token=SoKHCN;object=ky-so?module-path={_module()}"


def _module() -> str:
    for path in (
        "/usr/lib/softhsm/libsofthsm2.so",
        "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
    ):
        if os.path.exists(path):
            return path
    return ""


def test_a_token_signs_through_pkcs11(letter_pdf, token, ca):
    placement = signature_placement(pdf=letter_pdf, signer_name=pki.SIGNER, position="")
    with signer_open(source=KeySource.parse(token), password="123456", now=_now()) as (
        signer,
        about,
    ):
        assert about.subject == pki.SIGNER
        signed = pdf_sign(
            pdf=letter_pdf, signer=signer, about=about, placement=placement, now=_now()
        )
    _embedded, status = _status(signed, ca)
    assert status.intact and status.valid and status.trusted


def test_a_wrong_token_pin_is_refused(token):
    with pytest.raises(SigningError, match="Mã PIN của thiết bị ký số “SoKHCN” không đúng"):
        with signer_open(source=KeySource.parse(token), password="000000", now=_now()):
            pass


def test_pkcs11_uri_is_read_as_rfc_7512_writes_it():
    source = KeySource.parse(
        "pkcs11:token=S%E1%BB%9F%20KHCN;object=ky-so;id=%01?module-path=/opt/token/lib.so"
    )
    assert (source.kind, source.token, source.label, source.key_id, source.module) == (
        "pkcs11",
        "Sở KHCN",
        "ky-so",
        b"\x01",
        "/opt/token/lib.so",
    )
    assert KeySource.parse("/etc/dxtrack/ky-so.p12").kind == "p12"
