"""Printing Word files with LibreOffice: each conversion alone, several at once, a time limit."""

import io
import shutil
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest
from docx import Document

from dxtrack.documents.libreoffice import PdfConversionError, pdf_from_docx, soffice_path

pytestmark = pytest.mark.skipif(
    soffice_path() is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler-utils are installed by ./bin/setup",
)


def _word(text: str) -> bytes:
    document = Document()
    run = document.add_paragraph().add_run(text)
    run.font.name = "Times New Roman"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _pdf_text(data: bytes, tmp_path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return subprocess.run(  # noqa: S603
        [shutil.which("pdftotext"), "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
    ).stdout.decode()


def test_conversions_at_the_same_time_each_get_their_own_document(tmp_path):
    texts = [f"Báo cáo số {n} của Sở Khoa học và Công nghệ" for n in range(3)]
    with ThreadPoolExecutor(max_workers=3) as pool:
        pdfs = list(pool.map(lambda text: pdf_from_docx(data=_word(text)), texts))
    for number, (text, pdf) in enumerate(zip(texts, pdfs, strict=True)):
        assert pdf.startswith(b"%PDF-")
        assert text in _pdf_text(pdf, tmp_path, f"{number}.pdf")


def test_a_conversion_past_its_time_limit_is_stopped_with_a_message():
    with pytest.raises(PdfConversionError, match="không xuất xong PDF trong 0 giây"):
        pdf_from_docx(data=_word("Công văn đôn đốc"), timeout=0.05)


def test_a_damaged_word_file_is_refused():
    with pytest.raises(PdfConversionError, match="LibreOffice không xuất được PDF"):
        pdf_from_docx(data=b"PK\x03\x04 not really a Word file")
