"""Scans made for the tests: a plan document printed to PDF by LibreOffice, rendered to
pictures as a scanner would (greyscale, 200 dpi), turned by a fraction of a degree, with
speckles and a little blur, then saved as an image-only PDF, PNG pages or a TIFF. Nothing
binary is committed; the benchmark (`bench/import_ocr.py`) makes its scans here too."""

from __future__ import annotations

import io
import random
from pathlib import Path

from dxtrack.office import office_convert

SCAN_DPI = 200


def pdf_printed(*, word: bytes) -> bytes:
    return office_convert(data=word, suffix=".docx", target="pdf", timeout=240)


def scanned_pages(*, pdf: bytes, dpi: int = SCAN_DPI, angle: float = 0.6, seed: int = 12) -> list:
    """Each page of a PDF as a scanner gives it back: a greyscale picture, slightly turned,
    speckled and blurred."""
    import pypdfium2 as pdfium
    from PIL import ImageFilter

    chance = random.Random(seed)  # noqa: S311 - speckles, not secrets
    pages = []
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            picture = document[index].render(scale=dpi / 72, grayscale=True).to_pil().convert("L")
            turn = angle if index % 2 == 0 else -angle * 0.7
            picture = picture.rotate(turn, fillcolor=255, expand=False)
            pixels = picture.load()
            width, height = picture.size
            # Dust and toner: dark specks scattered over the page, a few light ones in text.
            for _ in range(width * height // 2500):
                x, y = chance.randrange(width), chance.randrange(height)
                pixels[x, y] = chance.choice((30, 90, 160, 235))
            pages.append(picture.filter(ImageFilter.GaussianBlur(0.6)))
    finally:
        document.close()
    return pages


def scan_pdf(*, pages: list, dpi: int = SCAN_DPI) -> bytes:
    buffer = io.BytesIO()
    pages[0].save(buffer, format="PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return buffer.getvalue()


def scan_write(*, word: bytes, folder: Path, stem: str, angle: float = 0.6) -> Path:
    """A scanned PDF of a Word document, written to `folder`."""
    pages = scanned_pages(pdf=pdf_printed(word=word), angle=angle)
    path = folder / f"{stem}.pdf"
    path.write_bytes(scan_pdf(pages=pages))
    return path


HEADER = ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
LEADS = ["Sở Khoa học và Công nghệ", "Sở Nội vụ", "Văn phòng UBND tỉnh", "Công an tỉnh", "Sở Y tế"]
TIMES = ["Năm 2027", "Quý II/2027", "Thường xuyên", "2027-2028", "Hằng năm"]
SUBJECTS = [
    "Xây dựng, cập nhật kiến trúc chính quyền điện tử, chính quyền số của tỉnh",
    "Triển khai nền tảng tích hợp, chia sẻ dữ liệu cấp tỉnh kết nối với nền tảng quốc gia",
    "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính còn hiệu lực",
    "Bảo đảm an toàn thông tin mạng theo mô hình bốn lớp cho các hệ thống dùng chung",
    "Phổ cập kỹ năng số cho người dân thông qua tổ công nghệ số cộng đồng",
    "Ứng dụng hồ sơ sức khỏe điện tử tại các cơ sở khám bệnh, chữa bệnh",
    "Hoàn thiện cơ sở dữ liệu cán bộ, công chức, viên chức của tỉnh",
]


def plan_rows(tasks: int) -> list[list[str]]:
    rows: list[list[str]] = []
    groups = ("I", "II")
    for group_index, group in enumerate(groups):
        rows.append([group, f"Nhóm nhiệm vụ {'chính quyền số' if group == 'I' else 'xã hội số'}"])
        for _ in range(tasks // len(groups) + (tasks % len(groups) if group_index else 0)):
            number = sum(1 for r in rows if r[0].isdigit()) + 1
            name = SUBJECTS[number % len(SUBJECTS)]
            if number % 4 == 0:
                name += (
                    ", bảo đảm kết nối, chia sẻ dữ liệu với các hệ thống thông tin của bộ, ngành"
                )
            rows.append(
                [
                    str(number),
                    name,
                    LEADS[number % len(LEADS)],
                    "Các sở, ban, ngành",
                    TIMES[number % len(TIMES)],
                ]
            )
    return rows


def plan_word(*, tasks: int = 12, ruled: bool = True) -> bytes:
    """A plan's appendix as the province writes it (portrait A4, 13-point Times-like font):
    a header repeated on every page, long names wrapping over several lines."""
    import docx
    from docx.oxml import OxmlElement
    from docx.shared import Cm, Pt

    document = docx.Document()
    style = document.styles["Normal"]
    style.font.name = "Liberation Serif"
    style.font.size = Pt(13)
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    document.add_paragraph("Số: 52/KH-UBND")
    document.add_paragraph("Quảng Ngãi, ngày 20 tháng 4 năm 2027")
    document.add_paragraph().add_run("Phụ lục").bold = True
    document.add_paragraph("DANH MỤC NHIỆM VỤ CHUYỂN ĐỔI SỐ NĂM 2027")
    rows = plan_rows(tasks)
    table = document.add_table(rows=1 + len(rows), cols=len(HEADER))
    if ruled:
        table.style = "Table Grid"
    for column, label in enumerate(HEADER):
        table.rows[0].cells[column].paragraphs[0].add_run(label).bold = True
    table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    for column, width in enumerate([Cm(1.2), Cm(7), Cm(3.4), Cm(2.8), Cm(2.6)]):
        for cell in table.columns[column].cells:
            cell.width = width
    for index, values in enumerate(rows, start=1):
        cells = table.rows[index].cells
        for column, value in enumerate(values):
            cells[column].paragraphs[0].add_run(value).bold = not values[0].isdigit()
    document.add_paragraph("Nơi nhận:")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
