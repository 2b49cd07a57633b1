"""Evidence uploads are judged by their content, not by the name they came with."""

import io
import zipfile

import pytest

from dxtrack.reporting.evidence import MAX_EVIDENCE_BYTES, EvidenceRejected, evidence_check


def _zip(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<x/>")
    return buffer.getvalue()


PDF = b"%PDF-1.7\n1 0 obj\n"
DOCX = _zip("word/document.xml")
XLSX = _zip("xl/workbook.xml")
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
JPEG = b"\xff\xd8\xff\xe0" + b"\0" * 16


@pytest.mark.parametrize(
    "name, data, expected",
    [
        ("Quyết định 1827-QĐ-TU.pdf", PDF, ("pdf", "application/pdf")),
        ("BAO CAO.PDF", PDF, ("pdf", "application/pdf")),
        (
            "Kế hoạch.docx",
            DOCX,
            ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ),
        (
            "Số liệu.xlsx",
            XLSX,
            ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ),
        ("Công văn cũ.doc", OLE, ("doc", "application/msword")),
        ("Bảng cũ.xls", OLE, ("xls", "application/vnd.ms-excel")),
        ("Ảnh hội nghị.png", PNG, ("png", "image/png")),
        ("anh.jpg", JPEG, ("jpg", "image/jpeg")),
        ("anh.jpeg", JPEG, ("jpeg", "image/jpeg")),
    ],
)
def test_accepted_files(name, data, expected):
    assert evidence_check(name=name, data=data) == expected


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("chay-thu.exe", b"MZ\x90\x00", "chỉ nhận tệp PDF, Word, Excel hoặc ảnh"),
        ("khong-co-duoi", PDF, "chỉ nhận tệp PDF, Word, Excel hoặc ảnh"),
        ("trang.html", b"<html>", "chỉ nhận tệp PDF, Word, Excel hoặc ảnh"),
        ("rong.pdf", b"", "rỗng"),
        ("gia.pdf", b"MZ\x90\x00 not a pdf", "không phải là PDF như tên tệp cho biết"),
        ("gia.docx", XLSX, "không phải là Word như tên tệp cho biết"),
        ("gia.xlsx", DOCX, "không phải là Excel như tên tệp cho biết"),
        ("gia.xlsx", b"PK\x03\x04 broken zip", "không phải là Excel như tên tệp cho biết"),
        ("gia.png", JPEG, "không phải là ảnh PNG như tên tệp cho biết"),
        ("gia.doc", PDF, "không phải là Word 97–2003 như tên tệp cho biết"),
        ("lon.pdf", PDF + b"\0" * MAX_EVIDENCE_BYTES, "vượt giới hạn 10 MB"),
    ],
)
def test_refused_files_say_why_in_vietnamese(name, data, message):
    with pytest.raises(EvidenceRejected) as caught:
        evidence_check(name=name, data=data)

    assert f"“{name}”" in str(caught.value)
    assert message in str(caught.value)


def _bomb(member: str, megabytes: int) -> bytes:
    """A valid-looking Office file whose one part expands to `megabytes` of zeros."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<x/>")
        with archive.open("word/media/image1.bin", "w") as part:
            chunk = b"\0" * (1 << 20)
            for _ in range(megabytes):
                part.write(chunk)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "name, member", [("Báo cáo.docx", "word/document.xml"), ("Số liệu.xlsx", "xl/workbook.xml")]
)
def test_an_office_file_that_would_expand_hugely_is_refused_as_plan_imports_are(name, member):
    data = _bomb(member, 260)
    assert len(data) < MAX_EVIDENCE_BYTES  # small as stored: only its expansion is huge

    with pytest.raises(EvidenceRejected, match="khi giải nén lớn bất thường"):
        evidence_check(name=name, data=data)


def test_an_office_file_declaring_a_dtd_is_refused_as_plan_imports_are():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>',
        )

    with pytest.raises(EvidenceRejected, match="DOCTYPE/ENTITY"):
        evidence_check(name="Biên bản.docx", data=buffer.getvalue())
