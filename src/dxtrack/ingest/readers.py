"""Opening a plan document of any supported format as a `Document`.

Checks come before parsing: size, the file's real type (not its name), and for
the zip-based Office formats the uncompressed size and the XML parts' preambles, so
a crafted file cannot exhaust memory or time. Office XML never declares a DTD, so a
part that does (the "billion laughs" entity bomb, external entities) is refused
outright rather than trusted to the parser's settings.
"""

import re
import tempfile
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import IO

from dxtrack.ingest.converted_reader import (
    CONVERTED_SUFFIXES,
    converted_suffix,
    docx_from_converted,
)
from dxtrack.ingest.document import Document, UnreadableDocument
from dxtrack.ingest.docx_reader import read_docx
from dxtrack.ingest.ocr import (
    IMAGE_SUFFIXES,
    OcrPage,
    ocr_document,
    ocr_page_readers,
    ocr_pages,
    page_count,
)
from dxtrack.ingest.pdf_reader import pdf_scanned_pages, read_pdf
from dxtrack.ingest.web_reader import read_html, read_markdown
from dxtrack.ingest.xlsx_reader import read_xlsx

__all__ = ["UnreadableDocument", "is_scan", "read_document"]

# One reader per format, each from the decoded text to a `Document`. Plain text goes through
# the Markdown reader too: text copied from a website is often saved as .txt, and without
# pipe tables or "|" lines the Markdown reader reads exactly as the text reader does.
TextReader = Callable[[str, str], Document]
_TEXT_READERS: dict[str, TextReader] = {
    ".txt": read_markdown,
    ".text": read_markdown,
    ".md": read_markdown,
    ".markdown": read_markdown,
    ".html": read_html,
    ".htm": read_html,
}
TEXT_SUFFIXES = frozenset(_TEXT_READERS)
OFFICE_SUFFIXES = frozenset({".docx", ".xlsx"})
PDF_SUFFIXES = frozenset({".pdf"})
ACCEPTED_SUFFIXES = (
    TEXT_SUFFIXES | OFFICE_SUFFIXES | CONVERTED_SUFFIXES | PDF_SUFFIXES | IMAGE_SUFFIXES
)
# Named in the messages refusing a file of another kind.
KINDS_TEXT = (
    "tệp Word (.docx, .doc), OpenDocument (.odt), RTF (.rtf), Excel (.xlsx, .xls), PDF (.pdf, "
    "kể cả bản quét), ảnh quét (.png, .jpg, .tif), văn bản (.txt), Markdown (.md) hoặc trang web "
    "(.html)"
)
Progress = Callable[[int, int], None]
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024
# The XML a parser holds in memory as a tree; pictures and fonts do not count. A
# 500-row plan is about 3 MB of XML.
MAX_XML_BYTES = 60 * 1024 * 1024
_PREAMBLE_BYTES = 4096
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def is_scan(path: Path) -> bool:
    """Whether reading the file needs the OCR: a picture, or a PDF with a page without a
    text layer."""
    suffix = path.suffix.lower()
    if suffix in IMAGE_SUFFIXES:
        return True
    if suffix not in PDF_SUFFIXES or not path.is_file():
        return False
    with path.open("rb") as handle:
        if not handle.read(1024).lstrip().startswith(b"%PDF-"):
            return False
    return bool(pdf_scanned_pages(path))


def read_document(
    path: Path,
    *,
    scanned: list[OcrPage] | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Document:
    """The file as paragraphs and tables. A scan is read by the OCR (`progress(done, total)`
    after each page, stopped when `cancelled()`), unless `scanned` holds its pages already
    read (the web import reads a scan once, in the background, then previews it again)."""
    suffix = path.suffix.lower()
    if not path.is_file():
        raise UnreadableDocument(f"Không tìm thấy tệp “{path}”.")
    if suffix not in ACCEPTED_SUFFIXES:
        raise UnreadableDocument(
            f"Tệp “{path.name}”: định dạng “{suffix or '(không có đuôi)'}” không được hỗ trợ; "
            f"hãy dùng {KINDS_TEXT}."
        )
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UnreadableDocument(
            f"Tệp “{path.name}” có dung lượng {size / 1024 / 1024:.1f} MB, vượt giới hạn 20 MB."
        )
    if suffix in OFFICE_SUFFIXES:
        return _read_office(path, suffix)
    if suffix in CONVERTED_SUFFIXES:
        return _read_converted(path)
    if suffix in PDF_SUFFIXES:
        with path.open("rb") as handle:
            if not handle.read(1024).lstrip().startswith(b"%PDF-"):
                raise UnreadableDocument(f"Tệp “{path.name}” không phải tệp PDF hợp lệ.")
    if scanned is not None or is_scan(path):
        from dxtrack.ingest.ocr import lexicon_default

        pages = scanned
        if pages is None:
            pages = ocr_pages(path, progress=progress, cancelled=cancelled)
        if suffix in PDF_SUFFIXES and len(pages) < page_count(path):
            # Text pages and scanned pages in one file: each read as what it is, in order.
            return read_pdf(path, scanned=ocr_page_readers(pages, lexicon=lexicon_default()))
        return ocr_document(pages, name=path.name, lexicon=lexicon_default())
    if suffix in PDF_SUFFIXES:
        return read_pdf(path)
    raw = path.read_bytes()
    if b"\x00" in raw[:4096] and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise UnreadableDocument(
            f"Tệp “{path.name}” không phải văn bản (có dữ liệu nhị phân); hãy kiểm tra lại tệp."
        )
    text = _decode(raw, path.name, html=suffix in (".html", ".htm"))
    try:
        return _TEXT_READERS[suffix](text, path.name)
    except UnreadableDocument:
        raise
    except (ValueError, AssertionError, IndexError) as error:
        raise UnreadableDocument(
            f"Tệp “{path.name}” bị hỏng, không đọc được nội dung ({type(error).__name__})."
        ) from error


_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?([A-Za-z0-9_-]+)", re.IGNORECASE)


def _decode(raw: bytes, name: str, *, html: bool) -> str:
    """UTF-8 (the web's and our extractions' encoding); a page may declare another, such as
    windows-1258 on older Vietnamese sites."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        declared = _META_CHARSET.search(raw[:4096]) if html else None
        if declared is not None:
            try:
                # Windows-1258 writes tones as combining marks; the readers compare NFC text.
                text = raw.decode(declared.group(1).decode("ascii"))
                return unicodedata.normalize("NFC", text)
            except (LookupError, UnicodeDecodeError):
                pass
        raise UnreadableDocument(
            f"Tệp “{name}” không phải văn bản UTF-8 (lỗi ở byte {error.start})."
        ) from error


def office_archive_check(*, source: Path | IO[bytes], name: str, suffix: str) -> None:
    """Refuse an Office file (.docx, .xlsx) that is not one, is encrypted, or would expand
    beyond the limits (a zip bomb) or declares a DTD, before anything reads its content.
    `source` is a path or a binary file; `name` is what the user calls it. Used for plan
    imports and for evidence files, which are stored and never expanded by us but are
    opened later by people and by the document pipeline."""
    if isinstance(source, Path):
        with source.open("rb") as handle:
            magic = handle.read(8)
    else:
        source.seek(0)
        magic = source.read(8)
        source.seek(0)
    if magic == _OLE_MAGIC:
        raise UnreadableDocument(
            f"Tệp “{name}” được đặt mật khẩu (mã hóa) hoặc là định dạng Office cũ. "
            "Hãy gỡ mật khẩu và lưu lại dưới dạng "
            f"{suffix} rồi nhập lại."
        )
    if not zipfile.is_zipfile(source):
        raise UnreadableDocument(f"Tệp “{name}” bị hỏng hoặc không phải tệp {suffix}.")
    try:
        with zipfile.ZipFile(source) as archive:
            infos = archive.infolist()
            names = {info.filename for info in infos}
            total = sum(info.file_size for info in infos)
            xml = [i for i in infos if i.filename.lower().endswith((".xml", ".rels"))]
            xml_total = sum(info.file_size for info in xml)
            if total > MAX_UNZIPPED_BYTES or xml_total > MAX_XML_BYTES:
                raise UnreadableDocument(
                    f"Tệp “{name}” khi giải nén lớn bất thường "
                    f"({max(total, xml_total) // 1024 // 1024} MB); hệ thống từ chối đọc."
                )
            for info in xml:
                if _declares_dtd(archive, info):
                    raise UnreadableDocument(
                        f"Tệp “{name}” chứa khai báo XML không được phép (DOCTYPE/ENTITY "
                        f"trong “{info.filename}”); hệ thống từ chối đọc. Hãy mở tệp bằng "
                        "Word hoặc Excel, lưu lại rồi nhập lại."
                    )
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        NotImplementedError,
        OSError,
        EOFError,
        zlib.error,
        ValueError,
    ) as error:
        # NotImplementedError: a compression method zipfile does not know; OSError and
        # EOFError: a truncated member; zlib.error: damaged compressed data.
        raise UnreadableDocument(f"Tệp “{name}” bị hỏng: {error}.") from error
    expected = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml", ".odt": "content.xml"}
    if expected.get(suffix) not in names:
        raise UnreadableDocument(f"Tệp “{name}” không phải tệp {suffix} hợp lệ.")


def _read_converted(path: Path) -> Document:
    if path.suffix.lower() == ".odt":
        # A zip like .docx: the same limits before LibreOffice expands it.
        office_archive_check(source=path, name=path.name, suffix=".odt")
    data = docx_from_converted(path=path)
    modern = converted_suffix(path.suffix.lower())
    with tempfile.TemporaryDirectory(prefix="dxtrack-import-") as folder:
        converted = Path(folder) / f"{path.stem[:100]}{modern}"
        converted.write_bytes(data)
        document = _read_office(converted, modern)
    document.name = path.name
    return document


def _read_office(path: Path, suffix: str) -> Document:
    office_archive_check(source=path, name=path.name, suffix=suffix)
    try:
        return read_docx(path) if suffix == ".docx" else read_xlsx(path)
    except UnreadableDocument:
        raise
    except Exception as error:
        raise UnreadableDocument(
            f"Tệp “{path.name}” bị hỏng, không đọc được nội dung ({type(error).__name__})."
        ) from error


def _declares_dtd(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    """Whether an XML part declares a DTD; the declaration must precede the root element,
    so its first bytes tell. A bomb hidden in a huge part is caught by the size limit."""
    with archive.open(info) as member:
        head = member.read(_PREAMBLE_BYTES)
    for encoding in ("utf-8", "utf-16"):
        try:
            text = head.decode(encoding, errors="ignore")
        except UnicodeError:
            continue
        if "<!DOCTYPE" in text.upper() or "<!ENTITY" in text.upper():
            return True
    return False
