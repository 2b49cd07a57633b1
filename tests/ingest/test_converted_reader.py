"""Old Word, RTF and OpenDocument plans: written here as a Word file the way the province lays
its appendices out (merged lead cell, bold section row, header repeated on the next page),
saved as .doc, .rtf and .odt by LibreOffice, then read back through the .docx reader."""

import io
import re

import docx
import pytest
from docx.enum.text import WD_BREAK

from dxtrack.ingest.converted_reader import docx_from_converted
from dxtrack.ingest.plan_reader import read_plan
from dxtrack.ingest.readers import UnreadableDocument, read_document
from dxtrack.office import office_convert, soffice_path

pytestmark = pytest.mark.skipif(
    soffice_path() is None, reason="LibreOffice is installed by ./bin/setup"
)

HEADER = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
ROWS = [
    ["I", "Hạ tầng số", "", "", ""],
    [
        "1",
        "Nâng cấp mạng truyền số liệu chuyên dùng đến cấp xã",
        "Sở KH&CN",
        "Các sở, ban, ngành",
        "Năm 2027",
    ],
    [
        "2",
        "Triển khai Trung tâm giám sát an toàn thông tin (SOC) – giai đoạn 2",
        "",
        "Công an tỉnh",
        "2027-2028",
    ],
    [
        "3",
        "Số hóa hồ sơ “một cửa” của UBND các xã",
        "Văn phòng UBND tỉnh",
        "Sở Nội vụ",
        "Thường xuyên",
    ],
]


def _word() -> bytes:
    document = docx.Document()
    document.add_paragraph("Số: 21/KH-UBND")
    document.add_paragraph("Quảng Ngãi, ngày 12 tháng 3 năm 2027")
    document.add_paragraph().add_run("KẾ HOẠCH").bold = True
    document.add_paragraph("Chuyển đổi số trong cơ quan nhà nước năm 2027")
    document.add_paragraph().add_run("Phụ lục").bold = True
    table = document.add_table(rows=1 + len(ROWS), cols=len(HEADER))
    table.style = "Table Grid"
    for column, label in enumerate(HEADER):
        table.rows[0].cells[column].text = label
    table.rows[0].repeat_header = True
    for index, values in enumerate(ROWS, start=1):
        cells = table.rows[index].cells
        for column, value in enumerate(values):
            run = cells[column].paragraphs[0].add_run(value)
            run.bold = values[0] == "I"
    # Sở KH&CN leads items 1 and 2: one cell merged down over both rows.
    table.cell(2, 2).merge(table.cell(3, 2))
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def saved_as(tmp_path_factory):
    """The same plan saved by LibreOffice in each old format (converted once per module)."""
    folder = tmp_path_factory.mktemp("formats")
    word = _word()
    paths = {}
    for suffix, target in [(".doc", "doc:MS Word 97"), (".rtf", "rtf"), (".odt", "odt")]:
        path = folder / f"ke-hoach{suffix}"
        path.write_bytes(office_convert(data=word, suffix=".docx", target=target, timeout=120))
        paths[suffix] = path
    docx_path = folder / "ke-hoach.docx"
    docx_path.write_bytes(word)
    paths[".docx"] = docx_path
    return paths


@pytest.mark.parametrize("suffix", [".doc", ".rtf", ".odt"])
def test_an_old_format_reads_as_the_same_plan_as_the_word_file(saved_as, resolver, suffix):
    expected = read_plan(read_document(saved_as[".docx"]), resolver)
    draft = read_plan(read_document(saved_as[suffix]), resolver)
    assert draft.source == f"ke-hoach{suffix}"
    assert draft.number == expected.number == "21/KH-UBND"
    rows = [
        (t.section, t.number, t.name, t.lead_text, t.coordinating_text, t.timeframe.text)
        for t in draft.tasks
    ]
    assert rows == [
        (t.section, t.number, t.name, t.lead_text, t.coordinating_text, t.timeframe.text)
        for t in expected.tasks
    ]
    assert [t.number for t in draft.tasks] == ["1", "2", "3"]
    # Quotes kept as written; the merged lead applies to both rows.
    assert draft.tasks[1].name.startswith("Triển khai Trung tâm giám sát an toàn thông tin (SOC)")
    assert draft.tasks[2].name == "Số hóa hồ sơ “một cửa” của UBND các xã"
    assert [r.agency for r in draft.tasks[1].lead] == ["Sở Khoa học và Công nghệ"]


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("ke-hoach.doc", "Kế hoạch".encode(), "không phải tệp Word 97–2003 (.doc) hợp lệ"),
        ("ke-hoach.rtf", b"PK\x03\x04", "không phải tệp RTF (.rtf) hợp lệ"),
        ("ke-hoach.odt", b"{\\rtf1 }", "không phải tệp .odt"),
        ("ke-hoach.odt", b"PK\x03\x04" + bytes(100), "bị hỏng"),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(UnreadableDocument) as refused:
        read_document(path)
    assert message in str(refused.value)
    assert name in str(refused.value)


def test_a_damaged_doc_is_refused_after_libreoffice_gives_up(tmp_path):
    path = tmp_path / "hong.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(2000))
    with pytest.raises(
        UnreadableDocument, match=re.escape("“hong.doc” không chuyển được sang .docx")
    ):
        read_document(path)


def test_a_conversion_past_its_time_limit_is_refused(saved_as):
    with pytest.raises(
        UnreadableDocument, match=re.escape("không chuyển xong sang .docx trong 0 giây")
    ):
        docx_from_converted(path=saved_as[".doc"], timeout=0.05)
