"""PAdES signatures on the province's documents, with pyHanko.

The key is the province's: a PKCS#12 file (`p12:PATH`, or a plain path) or a USB token/HSM
reached through PKCS#11 (`pkcs11:token=…;object=…?module-path=…`, RFC 7512). The visible
signature sits in the signer's block (`placement.py`) and says who signed, for which
organisation and when (Vietnam time, ISO 8601 offset), as Nghị định 30/2020/NĐ-CP asks.
With a timestamp server (`DXTRACK_TSA_URL`) the signature is PAdES B-T, else B-B.

Every refusal is a SigningError with a Vietnamese message. No Django imports.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import io
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit
from zoneinfo import ZoneInfo

from asn1crypto import pkcs12 as asn1_pkcs12
from cryptography import x509 as pyca_x509
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from dxtrack.exchange.placement import Placement

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
FIELD_NAME = "ChuKySo"

# A serif face with the Vietnamese letters, metric-compatible with Times New Roman; the
# first one present is used (bin/setup installs fonts-liberation2).
FONT_CANDIDATES = (
    "/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf",
    "/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf",
)
PKCS11_MODULES = (
    "/usr/lib/softhsm/libsofthsm2.so",
    "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
)


class SigningError(Exception):
    """The document cannot be signed; the message is in Vietnamese."""


def _day(moment: dt.datetime) -> str:
    return moment.astimezone(VIETNAM).strftime("%d/%m/%Y")


def _name_part(name: pyca_x509.Name, oid) -> str:
    values = name.get_attributes_for_oid(oid)
    return str(values[0].value) if values else ""


@dataclass(frozen=True)
class Certificate:
    """What the visible signature and the messages say about the signer's certificate."""

    subject: str  # common name
    organisation: str
    not_before: dt.datetime
    not_after: dt.datetime

    @classmethod
    def of(cls, cert: pyca_x509.Certificate) -> Certificate:
        return cls(
            subject=_name_part(cert.subject, NameOID.COMMON_NAME),
            organisation=_name_part(cert.subject, NameOID.ORGANIZATION_NAME),
            not_before=cert.not_valid_before_utc,
            not_after=cert.not_valid_after_utc,
        )


def certificate_check(cert: Certificate, *, now: dt.datetime, where: str) -> None:
    """Refuse a certificate outside its validity period at `now`."""
    if now > cert.not_after:
        raise SigningError(
            f"Chứng thư số {where} đã hết hạn từ ngày {_day(cert.not_after)}; "
            "đề nghị gia hạn hoặc cấp chứng thư số mới trước khi ký."
        )
    if now < cert.not_before:
        raise SigningError(
            f"Chứng thư số {where} chưa có hiệu lực (có hiệu lực từ ngày "
            f"{_day(cert.not_before)}); kiểm tra lại chứng thư hoặc đồng hồ của máy chủ."
        )


# ----------------------------------------------------------------------- the key


@dataclass
class KeySource:
    """Where the key is: `p12:PATH` (or a plain path), or a `pkcs11:` URI."""

    kind: str  # "p12" or "pkcs11"
    path: Path | None = None
    module: str = ""
    token: str = ""
    label: str = ""
    key_id: bytes | None = None

    @classmethod
    def parse(cls, text: str) -> KeySource:
        text = text.strip()
        if text.startswith("pkcs11:"):
            return cls._pkcs11(text)
        path = Path(text[4:] if text.startswith("p12:") else text)
        return cls(kind="p12", path=path)

    @classmethod
    def _pkcs11(cls, uri: str) -> KeySource:
        parts = urlsplit(uri)
        attributes = {}
        for item in parts.path.split(";"):
            key, _sep, value = item.partition("=")
            if key:
                attributes[key.strip()] = unquote(value)
        query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
        module = query.get("module-path") or next(
            (path for path in PKCS11_MODULES if Path(path).exists()), ""
        )
        if not module:
            raise SigningError(
                "Địa chỉ PKCS#11 thiếu module-path (thư viện của thiết bị ký số), ví dụ "
                "pkcs11:token=SoKHCN;object=ky-so?module-path=/usr/lib/softhsm/libsofthsm2.so"
            )
        if not attributes.get("token"):
            raise SigningError("Địa chỉ PKCS#11 thiếu token=… (tên thiết bị ký số).")
        key_id = None
        if attributes.get("id"):
            key_id = unquote(parts.path.split("id=", 1)[1].split(";", 1)[0], "latin-1").encode(
                "latin-1"
            )
        return cls(
            kind="pkcs11",
            module=module,
            token=attributes["token"],
            label=attributes.get("object", ""),
            key_id=key_id,
        )

    def describe(self) -> str:
        if self.kind == "p12":
            return f"“{self.path.name if self.path else ''}”"
        return f"trên thiết bị “{self.token}”"


def _p12_signer(source: KeySource, password: str | None, now: dt.datetime):
    from pyhanko.sign.signers import SimpleSigner

    path = source.path or Path()
    try:
        data = path.read_bytes()
    except OSError:
        raise SigningError(f"Không đọc được tệp chứng thư số “{path}”.") from None
    secret = password.encode("utf-8") if password else None
    try:
        key, cert, _others = pkcs12.load_key_and_certificates(data, secret)
    except ValueError:
        # cryptography says the same for a wrong password and a damaged file: a file that
        # still parses as PKCS#12 had the wrong password.
        try:
            asn1_pkcs12.Pfx.load(data).native  # noqa: B018 - parsing is the check
        except Exception:  # any parse failure means a damaged file
            raise SigningError(
                f"Tệp chứng thư số “{path.name}” bị hỏng hoặc không phải tệp PKCS#12 (.p12, .pfx)."
            ) from None
        raise SigningError(
            f"Mật khẩu của tệp chứng thư số “{path.name}” không đúng."
            if secret
            else f"Tệp chứng thư số “{path.name}” cần mật khẩu (DXTRACK_SIGN_PASSWORD)."
        ) from None
    if key is None or cert is None:
        raise SigningError(f"Tệp “{path.name}” không chứa khóa bí mật và chứng thư số để ký.")
    about = Certificate.of(cert)
    certificate_check(about, now=now, where=f"trong tệp “{path.name}”")
    signer = SimpleSigner.load_pkcs12_data(data, other_certs=[], passphrase=secret)
    return signer, about


@contextlib.contextmanager
def _pkcs11_signer(source: KeySource, pin: str | None, now: dt.datetime) -> Iterator:
    from pkcs11.exceptions import PinIncorrect, PKCS11Error
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    try:
        session = open_pkcs11_session(
            source.module, token_criteria=TokenCriteria(label=source.token), user_pin=pin
        )
    except PinIncorrect:
        raise SigningError(f"Mã PIN của thiết bị ký số “{source.token}” không đúng.") from None
    except (PKCS11Error, OSError) as error:
        raise SigningError(
            f"Không mở được thiết bị ký số “{source.token}” ({type(error).__name__})."
        ) from None
    except Exception as error:  # pyHanko reports a missing token its own way
        raise SigningError(
            f"Không tìm thấy thiết bị ký số “{source.token}”: {str(error)[:150]}"
        ) from None
    try:
        signer = PKCS11Signer(
            session,
            cert_label=source.label or None,
            key_label=source.label or None,
            cert_id=source.key_id,
            key_id=source.key_id,
        )
        try:
            cert_der = signer.signing_cert.dump()
        except Exception:
            raise SigningError(
                f"Thiết bị ký số “{source.token}” không có chứng thư số “{source.label}”."
            ) from None
        about = Certificate.of(pyca_x509.load_der_x509_certificate(cert_der))
        certificate_check(about, now=now, where=source.describe())
        yield signer, about
    finally:
        session.close()


@contextlib.contextmanager
def signer_open(*, source: KeySource, password: str | None, now: dt.datetime) -> Iterator:
    """(pyHanko signer, Certificate) for the key; a token's session stays open inside."""
    if source.kind == "pkcs11":
        with _pkcs11_signer(source, password, now) as pair:
            yield pair
    else:
        yield _p12_signer(source, password, now)


# ----------------------------------------------------------------------- signing


@functools.cache
def _font_path() -> str:
    """A copy of the serif face scaled to 1,000 units per em.

    pyHanko writes a TrueType font's glyph widths in the font's own units, where PDF wants
    thousandths of an em: with the usual 2,048 units every letter of the signature would be
    drawn twice as far apart. The scaled copy is made once per machine and process.
    """
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem

    source = next((Path(path) for path in FONT_CANDIDATES if Path(path).exists()), None)
    if source is None:
        raise SigningError(
            "Thiếu phông chữ có dấu tiếng Việt cho chữ ký hiển thị; chạy ./bin/setup để cài "
            "fonts-liberation2."
        )
    folder = Path(tempfile.gettempdir()) / "dxtrack-fonts"
    folder.mkdir(exist_ok=True)
    scaled = folder / f"{source.stem}-{int(source.stat().st_mtime)}-1000.ttf"
    if not scaled.exists():
        font = TTFont(source)
        if font["head"].unitsPerEm != 1000:
            scale_upem(font, 1000)
        # Written aside and renamed: two processes may make it at the same time.
        partial = scaled.with_suffix(f".{os.getpid()}.part")
        font.save(partial)
        partial.replace(scaled)
    return str(scaled)


def stamp_text(*, about: Certificate, moment: dt.datetime) -> str:
    """The visible signature's lines: signer, organisation, time (Vietnam, ISO 8601 offset)."""
    local = moment.astimezone(VIETNAM)
    lines = [f"Ký bởi: {about.subject}"]
    if about.organisation:
        lines.append(f"Cơ quan: {about.organisation}")
    lines.append(
        f"Thời gian ký: {local.strftime('%d/%m/%Y %H:%M:%S')} {local.strftime('%z')[:3]}:00"
    )
    return "\n".join(lines)


def pdf_sign(
    *,
    pdf: bytes,
    signer,
    about: Certificate,
    placement: Placement,
    tsa_url: str | None = None,
    reason: str = "Ký số văn bản",
    location: str = "",
    now: dt.datetime,
) -> bytes:
    """The PDF with a PAdES signature appended (an incremental update: the printed bytes
    stay as they were, so the signature covers the document as printed)."""
    import aiohttp
    from pyhanko.pdf_utils.font.opentype import GlyphAccumulatorFactory
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.pdf_utils.misc import PdfError
    from pyhanko.pdf_utils.text import TextBoxStyle
    from pyhanko.sign import fields, signers
    from pyhanko.sign.timestamps import HTTPTimeStamper, TimestampRequestError
    from pyhanko.stamp import TextStampStyle

    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError, IndexError) as error:
        raise SigningError(f"Tệp PDF bị hỏng, không ký được: {str(error)[:150]}") from None
    page = placement.page
    if page < 0:
        try:
            page = int(writer.root["/Pages"]["/Count"]) - 1
        except (KeyError, TypeError, ValueError, PdfError):
            raise SigningError("Tệp PDF bị hỏng: không đọc được danh sách trang.") from None
    style = TextStampStyle(
        stamp_text=stamp_text(about=about, moment=now),
        text_box_style=TextBoxStyle(
            font=GlyphAccumulatorFactory(_font_path(), font_size=8), font_size=8, leading=10
        ),
        border_width=1,
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location or None,
        name=about.subject,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=signer,
        timestamper=HTTPTimeStamper(tsa_url, timeout=20) if tsa_url else None,
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=FIELD_NAME, on_page=page, box=placement.box
        ),
    )
    try:
        out = pdf_signer.sign_pdf(writer)
    except (TimestampRequestError, aiohttp.ClientError, TimeoutError) as error:
        raise SigningError(
            f"Máy chủ cấp dấu thời gian {tsa_url} không trả lời được: {str(error)[:150]}"
        ) from None
    except (PdfError, ValueError, KeyError, IndexError) as error:
        raise SigningError(f"Tệp PDF bị hỏng, không ký được: {str(error)[:150]}") from None
    return out.getvalue()
