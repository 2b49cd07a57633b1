"""What an evidence upload may be: checked by its content, not by the name it was sent under.

Office files (Word, Excel) get the checks plan imports get (`ingest.readers`): an archive that
would expand beyond the limits (a zip bomb) or declares a DTD is refused, even though we only
store it: people and the document pipeline open it later. No Django imports.
"""

from __future__ import annotations

import io
import zipfile

from dxtrack.ingest.readers import UnreadableDocument, office_archive_check

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024

# suffix -> (content type, what the user calls it)
ALLOWED = {
    "pdf": ("application/pdf", "PDF"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "Word",
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel"),
    "doc": ("application/msword", "Word 97–2003"),
    "xls": ("application/vnd.ms-excel", "Excel 97–2003"),
    "png": ("image/png", "ảnh PNG"),
    "jpg": ("image/jpeg", "ảnh JPEG"),
    "jpeg": ("image/jpeg", "ảnh JPEG"),
}
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class EvidenceRejected(ValueError):
    """The upload is refused; the message is for the user, in Vietnamese."""


def _zip_has(data: bytes, member_prefix: str) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return any(name.startswith(member_prefix) for name in archive.namelist())
    except zipfile.BadZipFile:
        return False


def _content_matches(suffix: str, data: bytes) -> bool:
    if suffix == "pdf":
        return data.startswith(b"%PDF-")
    if suffix == "docx":
        return data.startswith(b"PK") and _zip_has(data, "word/")
    if suffix == "xlsx":
        return data.startswith(b"PK") and _zip_has(data, "xl/")
    if suffix in ("doc", "xls"):
        return data.startswith(_OLE)
    if suffix == "png":
        return data.startswith(b"\x89PNG\r\n\x1a\n")
    return data.startswith(b"\xff\xd8\xff")  # jpg, jpeg


def evidence_check(*, name: str, data: bytes) -> tuple[str, str]:
    """(suffix, content type) of an acceptable evidence file; raises EvidenceRejected."""
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in ALLOWED:
        raise EvidenceRejected(f"Tệp “{name}”: chỉ nhận tệp PDF, Word, Excel hoặc ảnh (PNG, JPEG).")
    if len(data) > MAX_EVIDENCE_BYTES:
        raise EvidenceRejected(
            f"Tệp “{name}” có dung lượng {len(data) / 1024 / 1024:.1f} MB, vượt giới hạn "
            f"{MAX_EVIDENCE_BYTES // 1024 // 1024} MB."
        )
    if not data:
        raise EvidenceRejected(f"Tệp “{name}” rỗng.")
    if not _content_matches(suffix, data):
        raise EvidenceRejected(
            f"Nội dung tệp “{name}” không phải là {ALLOWED[suffix][1]} như tên tệp cho biết."
        )
    if suffix in ("docx", "xlsx"):
        try:
            office_archive_check(source=io.BytesIO(data), name=name, suffix=f".{suffix}")
        except UnreadableDocument as error:
            raise EvidenceRejected(str(error)) from error
    return suffix, ALLOWED[suffix][0]
