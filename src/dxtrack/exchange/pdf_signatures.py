"""The digital signatures in a PDF, as pyHanko's validator reads them: who signed, when, and
whether the signed bytes are intact.

"Intact" is what the file itself can prove: the signed bytes hash to what was signed, the
signature verifies with the certificate's key, and nothing but further signatures was
added afterwards. Whether the certificate chains to a trusted root is reported apart
(`trusted`): it needs the roots of the Vietnamese public CAs, which a deployment configures
(`DXTRACK_TRUST_ROOTS`); no network is used to fetch anything. No Django imports.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class PdfSignature:
    field: str
    signer: str  # the certificate's common name
    organisation: str
    signed_at: dt.datetime | None  # the timestamp's time when there is one, else the signer's
    timestamped: bool
    intact: bool
    trusted: bool
    covers_whole_file: bool  # no later change at all (not even another signature)
    problem: str  # Vietnamese, empty when intact

    def as_json(self) -> dict:
        data = asdict(self)
        data["signed_at"] = self.signed_at.isoformat() if self.signed_at else None
        return data


@dataclass(frozen=True)
class PdfSignatures:
    signatures: list[PdfSignature]
    unreadable: str = ""  # Vietnamese: why the file could not be read, if it could not


def _name_part(name, key: str) -> str:
    try:
        return str(name.native.get(key) or "")
    except (AttributeError, ValueError):
        return ""


def _trust_roots(paths: list[Path]) -> list:
    from pyhanko.keys import load_certs_from_pemder

    return list(load_certs_from_pemder([str(path) for path in paths if path.exists()]))


def _one(embedded, context) -> PdfSignature:
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    field = str(embedded.field_name or "")
    try:
        status = validate_pdf_signature(embedded, signer_validation_context=context)
    except Exception as error:  # a malformed signature is a finding, not a crash
        cert = getattr(embedded, "signer_cert", None)
        return PdfSignature(
            field=field,
            signer=_name_part(cert.subject, "common_name") if cert else "",
            organisation=_name_part(cert.subject, "organization_name") if cert else "",
            signed_at=None,
            timestamped=False,
            intact=False,
            trusted=False,
            covers_whole_file=False,
            problem=f"Chữ ký số không đọc được: {str(error)[:150]}",
        )
    cert = status.signing_cert
    stamp = status.timestamp_validity
    signed_at = stamp.timestamp if stamp is not None else status.signer_reported_dt
    coverage = status.coverage
    modified = status.modification_level
    later_ok = modified is None or modified.name in ("NONE", "LTA_UPDATES", "FORM_FILLING")
    intact = bool(status.intact and status.valid and later_ok)
    if not status.intact:
        problem = "Nội dung tệp đã bị thay đổi sau khi ký: chữ ký số không còn nguyên vẹn."
    elif not status.valid:
        problem = "Chữ ký số không khớp với chứng thư số của người ký."
    elif not later_ok:
        problem = "Tệp đã bị sửa sau khi ký (thêm bớt nội dung ngoài chữ ký số)."
    else:
        problem = ""
    return PdfSignature(
        field=field,
        signer=_name_part(cert.subject, "common_name"),
        organisation=_name_part(cert.subject, "organization_name"),
        signed_at=signed_at,
        timestamped=stamp is not None,
        intact=intact,
        trusted=bool(status.trusted),
        covers_whole_file=coverage == SignatureCoverageLevel.ENTIRE_FILE,
        problem=problem,
    )


def pdf_signatures_read(*, data: bytes, trust_roots: list[Path] | None = None) -> PdfSignatures:
    """Every signature of the PDF, validated offline. A file pyHanko cannot read gives no
    signatures and a Vietnamese reason in `unreadable`."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        embedded = list(reader.embedded_signatures)
    except Exception:  # pyHanko raises several kinds for a damaged file
        return PdfSignatures(
            signatures=[],
            unreadable="Tệp PDF bị hỏng hoặc không đúng cấu trúc: không kiểm tra được chữ ký số.",
        )
    if not embedded:
        return PdfSignatures(signatures=[])
    roots = _trust_roots(trust_roots or [])
    context = ValidationContext(trust_roots=roots, allow_fetching=False)
    return PdfSignatures(signatures=[_one(item, context) for item in embedded])
