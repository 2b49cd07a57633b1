"""Dashes of a scanned line and the spaces around them, decided from the picture."""

import numpy as np
import pytest

from dxtrack.ingest.ocr_dashes import dashes_found, word_dashes_measured
from dxtrack.ingest.ocr_glyphs import page_marks
from ingest.marks_lines import DEJAVU, SANS, SERIF, scanned_line, texts


@pytest.mark.parametrize("font", [SERIF, SANS, DEJAVU], ids=["times", "arial", "dejavu"])
def test_a_dash_is_told_by_its_length_and_its_spaces_by_the_white_around_it(font):
    image, words = scanned_line(
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
    pixels = np.asarray(image)
    marks = page_marks(pixels, words)
    assert marks is not None
    read = [word_dashes_measured(pixels, w, marks).text for w in words]
    assert read[2] == "2026–2030"
    assert read[5] == "2026 - 2027"
    assert read[7] == "30-40%"
    assert read[9] == "4G—5G"


def test_a_dash_the_ocr_did_not_read_is_found_between_two_words():
    image, words = scanned_line(
        [(text, None) for text in ("năm", "học", "mới", "Quý", "I", "–", "Quý", "II/2026")],
        SERIF,
    )
    del words[5]  # Tesseract gave nothing for the dash
    pixels = np.asarray(image)
    marks = page_marks(pixels, words)
    assert marks is not None
    assert texts(dashes_found(pixels, words, marks))[4:7] == ["I", "–", "Quý"]
