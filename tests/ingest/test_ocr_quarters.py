"""The quarter after "Quý" read from its strokes, in the fonts officials print with."""

import pytest

from dxtrack.ingest.ocr_quarters import quarter_numerals_measured
from dxtrack.ingest.pdf_tables_unruled import Word
from ingest.marks_lines import DEJAVU, SANS, SERIF, scanned_line

SERIF_BOLD = SERIF.with_name("LiberationSerif-Bold.ttf")
FONTS = [SERIF, SERIF_BOLD, SANS, DEJAVU]


@pytest.mark.parametrize("font", FONTS, ids=lambda f: f.stem)
@pytest.mark.parametrize(
    ("printed", "read"),
    [
        ("I/2026", "1/2026"),  # a serif I taken for a one
        ("II/2026", "I/2026"),  # two strokes whose serifs join, taken for one
        ("II/2026", "H/2026"),
        ("III/2026", "IH/2026"),
        ("IV/2026", "IV/2026"),
        ("1/2026", "1/2026"),  # a one stays a one
        ("1/2026", "I/2026"),
    ],
)
def test_the_numeral_after_quy_is_its_strokes(font, printed, read):
    image, words = scanned_line([("Hoàn thành trong", None), ("Quý", None), (printed, read)], font)
    measured = quarter_numerals_measured(image, words)
    assert measured[-1].text == printed


def test_a_month_is_not_a_quarter():
    image, words = scanned_line([("Tháng", None), ("1/2026", "I/2026")], SERIF)
    assert quarter_numerals_measured(image, words)[-1].text == "I/2026"


def test_the_numeral_wrapped_to_the_next_line_is_measured():
    image, words = scanned_line([("Quý", None), ("I/2026", "1/2026")], SERIF)
    quy, numeral = words
    height = quy.bottom - quy.top
    # The picture's numeral, placed as if printed under "Quý" on the cell's next line.
    below = Word(
        text=numeral.text,
        x0=numeral.x0,
        x1=numeral.x1,
        top=numeral.top,
        bottom=numeral.bottom,
        confidence=numeral.confidence,
    )
    above = Word(
        text="Quý",
        x0=numeral.x0,
        x1=numeral.x0 + (quy.x1 - quy.x0),
        top=numeral.top - 1.4 * height,
        bottom=numeral.bottom - 1.4 * height,
        confidence=quy.confidence,
    )
    assert quarter_numerals_measured(image, [above, below])[-1].text == "I/2026"
