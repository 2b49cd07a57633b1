"""A page's furniture: the signature's words, running headers and footers, page numbers and
footnotes are left out; a table's header repeated at the top of each page is not."""

from dxtrack.ingest.pdf_furniture import page_furniture, page_lines
from dxtrack.ingest.pdf_words import Word


def _line(y: float, *cells: tuple[float, str], size: float = 13) -> list[Word]:
    words = []
    for x, text in cells:
        for part in text.split():
            words.append(Word(part, x, x + 0.5 * size * len(part), y, y + size))
            x += 0.5 * size * len(part) + 0.3 * size
    return words


def _page(number: int) -> list[Word]:
    return [
        *_line(30, (40, "Ký bởi: Ủy ban nhân dân tỉnh Quảng Ngãi"), size=8),
        *_line(40, (40, "Thời gian ký: 20.04.2027 09:15:22 +07:00"), size=8),
        *_line(60, (40, "TT"), (120, "Nội dung nhiệm vụ"), (400, "Cơ quan chủ trì")),
        *_line(90, (40, f"{number}"), (120, "Số hóa hồ sơ"), (400, "Sở Nội vụ")),
        *_line(400, (40, "Nơi nhận:"), (400, "Ký bởi: Sở Nội vụ"), size=13),
        *_line(415, (400, "Email: snv@quangngai.gov.vn"), size=8),
        *_line(430, (40, "- Như trên;"), (400, "KT. GIÁM ĐỐC")),
        *_line(540, (40, "(*) Số liệu đến ngày 15/12 hằng năm."), size=9),
        *_line(560, (280, f"Trang {number}")),
    ]


def test_the_furniture_is_left_out_and_the_page_text_kept():
    pages = [page_lines(_page(n), height=595) for n in (1, 2, 3)]
    furniture = page_furniture(pages[1], neighbours=[pages[0], pages[2]])
    kept = [
        " ".join(w.text for w in line if w not in furniture)
        for line in pages[1].lines
        if any(w not in furniture for w in line)
    ]
    assert kept == [
        "TT Nội dung nhiệm vụ Cơ quan chủ trì",
        "2 Số hóa hồ sơ Sở Nội vụ",
        "Nơi nhận:",
        "- Như trên; KT. GIÁM ĐỐC",
    ]


def test_a_one_page_document_keeps_its_header_lines():
    words = [
        *_line(30, (40, "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI")),
        *_line(60, (40, "Số: 52/KH-UBND")),
        *_line(300, (40, "Nơi nhận:")),
    ]
    page = page_lines(words, height=595)
    assert page_furniture(page, neighbours=[]) == set()


def test_a_table_printed_smaller_than_the_body_is_no_footnote():
    words = [
        *[
            w
            for n in range(12)
            for w in _line(40 + 18 * n, (40, f"Đoạn văn bản thứ {n} của kế hoạch"))
        ],
        *_line(400, (40, "TT"), (120, "Nội dung nhiệm vụ"), (400, "Cơ quan chủ trì"), size=10),
        *[
            w
            for n in range(1, 8)
            for w in _line(
                400 + 15 * n, (40, f"{n}"), (120, "Số hóa hồ sơ"), (400, "Sở Y tế"), size=10
            )
        ],
        *_line(560, (40, "(*) Số liệu đến ngày 15/12 hằng năm."), size=9),
    ]
    page = page_lines(words, height=595)
    furniture = page_furniture(page, neighbours=[])
    assert {w.text for w in furniture} == set("(*) Số liệu đến ngày 15/12 hằng năm.".split())
