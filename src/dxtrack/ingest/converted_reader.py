"""Old Word (.doc), RTF and OpenDocument (.odt) plans, converted to .docx by LibreOffice, and
old Excel (.xls, Excel 97–2003) plans, converted to .xlsx.

The .docx and .xlsx readers then read them as they read any Word or Excel file, so merged
cells, bold rows and repeated headers mean the same whatever the file was saved as. Only the
file's real type is checked here (its first bytes, not its name); the caller checks the
converted file as it checks any .docx or .xlsx before reading it.
"""

from __future__ import annotations

from pathlib import Path

from dxtrack.ingest.document import UnreadableDocument
from dxtrack.office import OfficeConversionError, office_convert

__all__ = ["CONVERTED_SUFFIXES", "converted_suffix", "docx_from_converted"]

CONVERTED_SUFFIXES = frozenset({".doc", ".rtf", ".odt", ".xls"})
# What LibreOffice makes of each: the modern format of the same program.
_TARGETS = {
    ".doc": (".docx", "docx:MS Word 2007 XML"),
    ".rtf": (".docx", "docx:MS Word 2007 XML"),
    ".odt": (".docx", "docx:MS Word 2007 XML"),
    ".xls": (".xlsx", "xlsx:Calc MS Excel 2007 XML"),
}
# A 100-page .doc converts in a few seconds; a file that takes longer is refused rather than
# holding a web worker.
CONVERT_TIMEOUT = 90.0
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_KIND_NAMES = {
    ".doc": "Word 97–2003 (.doc)",
    ".rtf": "RTF (.rtf)",
    ".odt": "OpenDocument (.odt)",
    ".xls": "Excel 97–2003 (.xls)",
}


def kind_check(*, head: bytes, name: str, suffix: str) -> None:
    """Refuse a file whose first bytes are not those of the format its name says."""
    ok = {
        ".doc": head.startswith(_OLE_MAGIC),
        ".xls": head.startswith(_OLE_MAGIC),
        ".rtf": head.lstrip(b"\xef\xbb\xbf \r\n\t").startswith(b"{\\rtf"),
        ".odt": head.startswith(_ZIP_MAGIC),
    }[suffix]
    if not ok:
        raise UnreadableDocument(
            f"Tệp “{name}” không phải tệp {_KIND_NAMES[suffix]} hợp lệ (nội dung không đúng "
            "định dạng ghi trong tên tệp)."
        )


def converted_suffix(suffix: str) -> str:
    """The format a file of `suffix` is converted to (".docx" or ".xlsx")."""
    return _TARGETS[suffix][0]


def docx_from_converted(*, path: Path, timeout: float = CONVERT_TIMEOUT) -> bytes:
    """The .docx (for .xls: the .xlsx) LibreOffice makes of a .doc, .rtf, .odt or .xls file.
    Raises UnreadableDocument."""
    suffix = path.suffix.lower()
    modern, target = _TARGETS[suffix]
    with path.open("rb") as handle:
        kind_check(head=handle.read(64), name=path.name, suffix=suffix)
    try:
        return office_convert(data=path.read_bytes(), suffix=suffix, target=target, timeout=timeout)
    except OfficeConversionError as error:
        if error.reason == "missing":
            message = (
                f"Tệp “{path.name}”: cần LibreOffice để đọc định dạng {suffix} nhưng máy chủ "
                f"chưa cài (chạy ./bin/setup); hoặc hãy lưu tệp thành {modern} rồi nhập lại."
            )
        elif error.reason == "timeout":
            message = (
                f"Tệp “{path.name}”: LibreOffice không chuyển xong sang {modern} trong "
                f"{timeout:.0f} giây; hãy lưu tệp thành {modern} rồi nhập lại."
            )
        else:
            message = (
                f"Tệp “{path.name}” không chuyển được sang {modern}: tệp bị hỏng hoặc được đặt "
                "mật khẩu."
            )
        raise UnreadableDocument(message) from None
