"""Dashes, their spaces, quotes and stops of a scanned line decided from the picture: lines
drawn at 200 dpi with the fonts officials use (Times' and Arial's metric twins, DejaVu),
blurred a little and brought to 300 dpi as the OCR's page is, each word given as Tesseract
reads it."""

from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from dxtrack.ingest.ocr_marks import marks_measured
from dxtrack.ingest.ocr_measures import CONFIDENCE_REVIEW
from dxtrack.ingest.pdf_tables_unruled import Word

SERIF = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
SANS = Path("/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def _scanned_line(
    segments: list[tuple[str, str | None]], font: Path, points: int = 13
) -> tuple[Image.Image, list[Word]]:
    """The segments printed one space apart at 200 dpi, and the words the OCR gives: one per
    segment (a segment may hold spaces: "2026 - 2027" read as one word), reading its text or
    the one given."""
    if not font.exists():
        pytest.skip(f"font {font.name} missing")
    face = ImageFont.truetype(str(font), round(points * 200 / 72))
    text = " ".join(printed for printed, _read in segments)
    image = Image.new("L", (round(face.getlength(text)) + 80, 120), 255)
    draw = ImageDraw.Draw(image)
    draw.text((40, 30), text, font=face, fill=0)
    words = []
    at = 40.0
    for printed, read in segments:
        left, top, right, bottom = draw.textbbox((at, 30), printed, font=face)
        words.append(
            Word(
                text=read if read is not None else printed,
                x0=left * 1.5,
                x1=right * 1.5,
                top=top * 1.5,
                bottom=bottom * 1.5,
                confidence=90.0,
            )
        )
        at += face.getlength(printed + " ")
    image = image.filter(ImageFilter.GaussianBlur(0.6))
    image = image.resize((round(image.width * 1.5), round(image.height * 1.5)), Image.BICUBIC)
    return image, words


def _texts(words: list[Word]) -> list[str]:
    return [w.text for w in sorted(words, key=lambda w: w.x0)]


@pytest.mark.parametrize("font", [SERIF, SANS, DEJAVU], ids=["times", "arial", "dejavu"])
def test_a_dash_is_told_by_its_length_and_its_spaces_by_the_white_around_it(font):
    image, words = _scanned_line(
        [
            ("giai", None),
            ("đoạn", None),
            ("2026–2030", "2026-2030"),
            ("năm", None),
            ("học", None),
            ("2026 - 2027", "2026-2027"),
            ("đạt", None),
            ("30-40%", None),
            ("mạng", None),
            ("4G—5G", "4G-5G"),
        ],
        font,
    )
    texts = _texts(marks_measured(image, words))
    assert texts[2] == "2026–2030"
    assert texts[5] == "2026 - 2027"
    assert texts[7] == "30-40%"
    assert texts[9] == "4G—5G"


def test_a_dash_the_ocr_did_not_read_is_found_between_two_words():
    image, words = _scanned_line(
        [(text, None) for text in ("năm", "học", "mới", "Quý", "I", "–", "Quý", "II/2026")],
        SERIF,
    )
    del words[5]  # Tesseract gave nothing for the dash
    assert _texts(marks_measured(image, words))[4:7] == ["I", "–", "Quý"]


def test_quotes_are_told_single_or_double_and_curly_or_straight_by_their_shape():
    image, words = _scanned_line(
        [
            ("dữ", None),
            ("liệu", None),
            ("‘thời", "“thời"),
            ("gian", None),
            ("thực’", "thực'"),
            ("hồ", None),
            ("sơ", None),
            ("“sạch”", '"sạch"'),
            ('"một', "“một"),
            ('cửa"', "cửa”"),
        ],
        SERIF,
    )
    texts = _texts(marks_measured(image, words))
    assert texts[2] == "‘thời" and texts[4] == "thực’"
    assert texts[7] == "“sạch”"
    assert texts[8] == '"một' and texts[9] == 'cửa"'


def test_an_upright_closing_quote_that_could_be_either_is_kept_and_marked():
    # Arial's curly closing quote stands as upright as its straight one.
    image, words = _scanned_line(
        [("dữ", None), ("liệu", None), ("là", None), ("sống”", 'sống"')], SANS
    )
    measured = {w.x0: w for w in marks_measured(image, words)}
    word = measured[words[3].x0]
    assert word.text == 'sống"'
    assert word.confidence is not None and word.confidence < CONFIDENCE_REVIEW


def test_a_stop_the_picture_does_not_show_is_dropped_and_marked():
    image, words = _scanned_line(
        [("dữ", None), ("liệu", None), ("sạch,", None), ("CSDL", "CSDL,"), ("mới", None)],
        DEJAVU,
    )
    measured = {w.x0: w for w in marks_measured(image, words)}
    assert measured[words[2].x0].text == "sạch,"
    dropped = measured[words[3].x0]
    assert dropped.text == "CSDL"
    assert dropped.confidence is not None and dropped.confidence < CONFIDENCE_REVIEW
