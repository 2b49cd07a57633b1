"""Word files printed to PDF by LibreOffice (headless), as the desktop would print them.

No Django imports. The conversion itself (a private profile per run, a time limit) is
`dxtrack.office`, shared with the plan importer.
"""

from __future__ import annotations

import html
import io
import re
import zipfile

from dxtrack.office import OfficeConversionError, office_convert, soffice_path

__all__ = ["PdfConversionError", "docx_bookmark_add", "pdf_from_docx", "soffice_path"]

# A consolidated report of a province (~300 pages) prints in well under a minute on two cores.
DEFAULT_TIMEOUT = 180.0

# Fonts are embedded (subset) by LibreOffice's PDF export by default; PDF/A-2b makes it a
# requirement of the file, so a reader never substitutes Times New Roman with something else.
# Word bookmarks become named destinations: the signature finds its block through one.
_WRITER_EXPORT = (
    'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"},'
    '"ExportBookmarksToPDFDestination":{"type":"boolean","value":"true"}}'
)


class PdfConversionError(Exception):
    """The document could not be printed to PDF; the message is in Vietnamese."""


def pdf_from_docx(*, data: bytes, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The PDF of a Word (.docx) document. Raises PdfConversionError."""
    try:
        return office_convert(data=data, suffix=".docx", target=_WRITER_EXPORT, timeout=timeout)
    except OfficeConversionError as error:
        if error.reason == "missing":
            message = "Chưa cài LibreOffice (soffice) để xuất PDF; chạy ./bin/setup để cài đặt."
        elif error.reason == "timeout":
            message = (
                f"LibreOffice không xuất xong PDF trong {timeout:.0f} giây; văn bản quá lớn "
                "hoặc máy chủ đang quá tải, vui lòng thử lại sau."
            )
        else:
            message = "LibreOffice không xuất được PDF" + (
                f": {error.detail}" if error.detail else "."
            )
        raise PdfConversionError(message) from None


def docx_bookmark_add(*, data: bytes, text: str, name: str) -> bytes:
    """The Word file with a bookmark `name` around the last run that reads `text` exactly
    (e.g. the signer's name); unchanged when no run does.

    Done on the XML text: a province's appendix has ~64,000 cells, and loading them as
    python-docx objects to find one paragraph would take seconds.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        body = source.read("word/document.xml").decode("utf-8")
        escaped = re.escape(html.escape(text, quote=False))
        matches = list(re.finditer(rf"<w:t(?: [^>]*)?>{escaped}</w:t>", body))
        if not matches:
            return data
        found = matches[-1]
        run_start = max(
            body.rfind("<w:r>", 0, found.start()), body.rfind("<w:r ", 0, found.start())
        )
        run_end = body.find("</w:r>", found.end())
        if run_start < 0 or run_end < 0:
            return data
        run_end += len("</w:r>")
        mark = 2_000_000_000  # far above the ids python-docx and Word give bookmarks
        body = (
            body[:run_start]
            + f'<w:bookmarkStart w:id="{mark}" w:name="{html.escape(name)}"/>'
            + body[run_start:run_end]
            + f'<w:bookmarkEnd w:id="{mark}"/>'
            + body[run_end:]
        )
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                content = (
                    body.encode("utf-8")
                    if item.filename == "word/document.xml"
                    else source.read(item)
                )
                target.writestr(item, content)
    return out.getvalue()
