"""What the OCR's model cannot tell, measured on the words' boxes."""

import math

from dxtrack.ingest.ocr_measures import dashes_measured, lost_dots_restored, words_straightened
from dxtrack.ingest.pdf_tables_unruled import Word


def _word(text: str, x0: float, x1: float, top: float = 100.0, bottom: float = 130.0) -> Word:
    return Word(text=text, x0=x0, x1=x1, top=top, bottom=bottom, confidence=90.0)


def test_a_lone_dash_is_told_by_its_length_against_the_type_size():
    words = [_word(t, 40.0 * i, 40.0 * i + 30) for i, t in enumerate(["Năm", "học", "mới"])]
    words += [_word("-", 200, 209), _word("-", 300, 316), _word("-", 400, 427)]
    assert [w.text for w in dashes_measured(words)[3:]] == ["-", "–", "—"]


class _Grid:
    xs = (0.0, 60.0, 600.0)
    ys = (0.0, 1000.0)


def test_a_two_digit_row_number_as_wide_as_three_characters_has_lost_its_dot():
    words = [_word("1", 20, 30), _word("2", 20, 30), _word("21", 10, 40), _word("12", 15, 35)]
    texts = [(w.text, w.confidence) for w in lost_dots_restored([_Grid()], words)]
    assert texts[2][0] == "2.1" and texts[2][1] is not None and texts[2][1] < 60
    assert texts[3] == ("12", 90.0)


def test_words_on_a_skewed_line_are_turned_level():
    slope = math.tan(math.radians(1.0))
    words = [
        _word(f"w{i}", 100.0 * i, 100.0 * i + 60, top + slope * 100 * i, top + 30 + slope * 100 * i)
        for top in (100.0, 300.0, 500.0)
        for i in range(6)
    ]
    lines = [words[i * 6 : (i + 1) * 6] for i in range(3)]
    turned = words_straightened(words, lines)
    tops = [w.top for w in turned[:6]]
    assert max(tops) - min(tops) < 1.0
