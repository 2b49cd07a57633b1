"""Text that a spreadsheet would take for a formula is recognised."""

import pytest

from dxtrack.sheet_text import text_is_formula_like


@pytest.mark.parametrize(
    "text, expected",
    [
        ("=1+1", True),
        ('=HYPERLINK("http://x.example","Bấm vào đây")', True),
        ("+84 255 3822 000", True),
        ("-5% so với kế hoạch", True),
        ("@SUM(A1:A2)", True),
        ("\t=1+1", True),
        ("\r=1+1", True),
        ("Đã hoàn thành 87,43%", False),
        ("1.250 cán bộ", False),
        ("", False),
    ],
)
def test_text_is_formula_like(text, expected):
    assert text_is_formula_like(text) is expected
