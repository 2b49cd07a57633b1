"""Quotes of a scanned line decided from the picture."""

import numpy as np

from dxtrack.ingest.ocr_glyphs import page_marks
from dxtrack.ingest.ocr_measures import CONFIDENCE_REVIEW
from dxtrack.ingest.ocr_quotes import page_slanted, word_quotes_measured
from ingest.marks_lines import SANS, SERIF, scanned_line


def test_quotes_are_told_single_or_double_and_curly_or_straight_by_their_shape():
    image, words = scanned_line(
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
    pixels = np.asarray(image)
    marks = page_marks(pixels, words)
    assert marks is not None
    slanted = page_slanted(pixels, words, marks)
    assert slanted is True
    read = [word_quotes_measured(pixels, w, marks, slanted).text for w in words]
    assert read[2] == "‘thời" and read[4] == "thực’"
    assert read[7] == "“sạch”"
    assert read[8] == '"một' and read[9] == 'cửa"'


def test_an_upright_closing_quote_that_could_be_either_is_kept_and_marked():
    # Arial's curly closing quote stands as upright as its straight one.
    image, words = scanned_line(
        [("dữ", None), ("liệu", None), ("là", None), ("sống”", 'sống"')], SANS
    )
    pixels = np.asarray(image)
    marks = page_marks(pixels, words)
    assert marks is not None
    word = word_quotes_measured(pixels, words[3], marks, page_slanted(pixels, words, marks))
    assert word.text == 'sống"'
    assert word.confidence is not None and word.confidence < CONFIDENCE_REVIEW
