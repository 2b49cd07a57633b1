"""Plans as PDF with a text layer: a Word appendix laid out as the province's are (landscape,
ruled, header repeated on every page, long cells wrapped over several lines and rows cut by
page breaks, a lead cell merged over a group of rows, bold section rows) printed to PDF by
LibreOffice, then read back: the PDF must give the plan the Word file gives."""

import io
import re

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.shared import Cm

from dxtrack.ingest.plan_reader import read_plan
from dxtrack.ingest.readers import UnreadableDocument, read_document
from dxtrack.office import office_convert, soffice_path

pytestmark = pytest.mark.skipif(
    soffice_path() is None, reason="LibreOffice is installed by ./bin/setup"
)

HEADER = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
LEADS = ["Sở KH&CN", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Công an tỉnh", "Sở Y tế"]
TIMES = ["Năm 2027", "Quý II/2027", "Thường xuyên", "2027-2028", "Hằng năm"]


def _name(number: int) -> str:
    words = (
        f"Triển khai nhiệm vụ số {number} về phát triển hạ tầng số, dữ liệu số và nền tảng số "
        "dùng chung của tỉnh, bảo đảm kết nối, chia sẻ dữ liệu với các hệ thống thông tin "
        "của bộ, ngành Trung ương"
    )
    # Every seventh row is long enough to be cut by a page break somewhere.
    return words + (" theo lộ trình đã được phê duyệt" * 12 if number % 7 == 0 else "")


def _word() -> bytes:
    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(1.5)
    document.add_paragraph("Số: 52/KH-UBND")
    document.add_paragraph("Quảng Ngãi, ngày 20 tháng 4 năm 2027")
    document.add_paragraph().add_run("Phụ lục").bold = True
    document.add_paragraph("DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2027")
    rows: list[list[str]] = []
    for group in ("I", "II", "III"):
        rows.append([group, f"Nhóm nhiệm vụ {group}", "", "", ""])
        for _ in range(14):
            number = sum(1 for r in rows if r[0].isdigit()) + 1
            rows.append(
                [
                    str(number),
                    _name(number),
                    LEADS[number % len(LEADS)],
                    "Các sở, ban, ngành",
                    TIMES[number % len(TIMES)],
                ]
            )
    table = document.add_table(rows=1 + len(rows), cols=len(HEADER))
    table.style = "Table Grid"
    for column, label in enumerate(HEADER):
        table.rows[0].cells[column].paragraphs[0].add_run(label).bold = True
    # Repeated at the top of every page (w:tblHeader), as the province's appendices are.
    header_row = table.rows[0]._tr.get_or_add_trPr()
    header_row.append(OxmlElement("w:tblHeader"))
    for column, width in enumerate([Cm(1.2), Cm(11), Cm(4.5), Cm(4.5), Cm(3.5)]):
        for cell in table.columns[column].cells:
            cell.width = width
    for index, values in enumerate(rows, start=1):
        cells = table.rows[index].cells
        for column, value in enumerate(values):
            cells[column].paragraphs[0].add_run(value).bold = not values[0].isdigit()
    # Tasks 2 and 3 share one lead cell merged over both rows, written once.
    table.cell(4, 2).paragraphs[0].runs[0].text = ""
    table.cell(3, 2).merge(table.cell(4, 2))
    document.add_paragraph("Nơi nhận:")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    word = _word()
    docx_path = folder / "ke-hoach.docx"
    docx_path.write_bytes(word)
    pdf_path = folder / "ke-hoach.pdf"
    pdf_path.write_bytes(office_convert(data=word, suffix=".docx", target="pdf", timeout=180))
    return docx_path, pdf_path


def _rows(draft):
    return [
        (t.section, t.number, t.name, t.lead_text, t.coordinating_text, t.timeframe.text)
        for t in draft.tasks
    ]


def test_a_printed_plan_reads_as_the_word_file_does(printed, resolver):
    docx_path, pdf_path = printed
    expected = read_plan(read_document(docx_path), resolver)
    draft = read_plan(read_document(pdf_path), resolver)
    assert len(expected.tasks) == 42
    assert draft.source == "ke-hoach.pdf"
    assert draft.number == "52/KH-UBND"
    assert _rows(draft) == _rows(expected)
    assert [r.agency for r in draft.tasks[1].lead] == ["Văn phòng UBND tỉnh"]
    assert [r.agency for r in draft.tasks[2].lead] == ["Văn phòng UBND tỉnh"]
    # Long names wrapped over many lines, some cut by a page break, come back whole.
    assert draft.tasks[13].name == _name(14)


def test_the_pdf_has_several_landscape_pages_with_the_header_repeated(printed):
    import pdfplumber

    _docx_path, pdf_path = printed
    with pdfplumber.open(str(pdf_path)) as pdf:
        assert len(pdf.pages) >= 4
        assert all(page.width > page.height for page in pdf.pages)
        headers = sum(
            1 for page in pdf.pages if re.search(r"Cơ quan chủ trì", page.extract_text() or "")
        )
        assert headers == len(pdf.pages)


@pytest.mark.parametrize(
    "content, message",
    [
        ("Kế hoạch".encode(), "không phải tệp PDF hợp lệ"),
        (b"%PDF-1.7\n%%EOF", "bị hỏng"),
    ],
)
def test_a_bad_pdf_is_refused_naming_the_file(tmp_path, content, message):
    path = tmp_path / "ke-hoach.pdf"
    path.write_bytes(content)
    with pytest.raises(UnreadableDocument) as refused:
        read_document(path)
    assert message in str(refused.value)
    assert "ke-hoach.pdf" in str(refused.value)


def test_a_scan_with_nothing_legible_is_refused_as_a_scan(tmp_path):
    # A page holding only a picture (bars, no letters): a scan goes to the OCR, which finds
    # no text on it (tests/ingest/test_ocr.py reads real scans).
    from PIL import Image, ImageDraw

    picture = Image.new("L", (1200, 1600), 255)
    draw = ImageDraw.Draw(picture)
    for line in range(30):
        draw.rectangle((100, 100 + 45 * line, 1100, 120 + 45 * line), fill=40)
    image = io.BytesIO()
    picture.save(image, format="PNG")
    image.seek(0)
    document = docx.Document()
    document.add_picture(image, width=Cm(15))
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "ban-quet.pdf"
    path.write_bytes(
        office_convert(data=buffer.getvalue(), suffix=".docx", target="pdf", timeout=120)
    )
    with pytest.raises(UnreadableDocument, match="bản quét"):
        read_document(path)
