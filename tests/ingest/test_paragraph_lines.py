"""Lines a PDF wraps, put back together."""

import pytest

from dxtrack.ingest.paragraph_lines import cell_text, paragraphs_unwrapped


def test_a_long_line_ending_no_sentence_continues_on_a_lower_case_line():
    lines = [
        ("- 100% văn bản trao đổi giữa các cơ quan nhà nước dưới dạng điện tử có ký", 1),
        ("số.", 2),
        ("(Kèm theo Kế hoạch số 1520/KH-BKHCN ngày 02/6/2026 của Bộ Khoa học", 3),
        ("và Công nghệ)", 4),
        ("1. Sở Tài chính", 5),
        ("Bố trí kinh phí.", 6),
        ("- Một gạch đầu dòng dài, dài hơn sáu mươi ký tự mà không có dấu chấm ở cuối", 7),
        ("- Gạch đầu dòng sau", 8),
    ]
    assert paragraphs_unwrapped(lines) == [
        ("- 100% văn bản trao đổi giữa các cơ quan nhà nước dưới dạng điện tử có ký số.", 1),
        ("(Kèm theo Kế hoạch số 1520/KH-BKHCN ngày 02/6/2026 của Bộ Khoa học và Công nghệ)", 3),
        ("1. Sở Tài chính", 5),
        ("Bố trí kinh phí.", 6),
        ("- Một gạch đầu dòng dài, dài hơn sáu mươi ký tự mà không có dấu chấm ở cuối", 7),
        ("- Gạch đầu dòng sau", 8),
    ]


@pytest.mark.parametrize(
    "cell, text",
    [
        ("giai đoạn 2026–\n2030", "giai đoạn 2026–2030"),
        ("Nghị quyết 57-\nNQ/TW", "Nghị quyết 57-NQ/TW"),
        ("Sở Lao động -\nThương binh và Xã hội", "Sở Lao động - Thương binh và Xã hội"),
        ("Tuyên truyền “Ngày\nChuyển đổi số”", "Tuyên truyền “Ngày Chuyển đổi số”"),
    ],
)
def test_a_cell_is_one_line_with_its_dashes_and_quotes_as_written(cell, text):
    assert cell_text(cell) == text
