"""A scanned word's tone mark read from the words around it: the other reading is taken only
when its neighbours make it clearly likelier than what Tesseract read, its confidence
counted."""

from dxtrack.ingest.ocr_context import (
    marks_rejoined,
    quarters_roman,
    reading_chosen,
    reading_doubted,
    words_in_context,
)
from dxtrack.ingest.ocr_image import Rule
from dxtrack.ingest.ocr_words import lexicon_default
from dxtrack.ingest.pdf_words import Word

# The product's own word list: the bundled plans, the agency directory, the standard phrases
# kept with the product and Debian's dictionary.
LEXICON = lexicon_default()


def test_a_tone_mark_the_words_around_decide_is_read_right():
    assert reading_chosen("chuyển", "đối", "số", lexicon=LEXICON, confidence=96) == "đổi"
    assert reading_chosen(None, "Số", "sức", lexicon=LEXICON, confidence=95) == "Sổ"
    assert reading_chosen("tối", "thiếu", None, lexicon=LEXICON, confidence=96) == "thiểu"
    # A mark no Vietnamese letter has ("ï") is no word: its reading is the one used.
    assert reading_chosen(None, "Ït", "nhất", lexicon=LEXICON, confidence=75) == "Ít"


def test_a_word_the_context_does_not_decide_stays_as_read():
    # Both readings are written with their neighbours: the context does not choose.
    assert reading_chosen("dân", "số", "có", lexicon=LEXICON, confidence=96) is None
    assert reading_chosen("đối", "tượng", None, lexicon=LEXICON, confidence=96) is None
    # Nothing around it, or a pair seen once only ("kinh phí từ" ngân sách).
    assert reading_chosen(None, "số", None, lexicon=LEXICON, confidence=50) is None
    assert reading_chosen("phí", "tự", "chủ", lexicon=LEXICON, confidence=96) is None


def test_the_ocrs_confidence_counts_against_the_context():
    # "hiến" beside "thị": taken when the OCR was unsure, kept when it was very sure.
    assert reading_chosen(None, "hiến", "thị", lexicon=LEXICON, confidence=60) == "hiển"
    assert reading_chosen(None, "hiến", "thị", lexicon=LEXICON, confidence=99.9) is None


def _word(text, x0, top, confidence=96.0, height=36.0):
    return Word(
        text=text,
        x0=x0,
        x1=x0 + 20 * len(text),
        top=top,
        bottom=top + height,
        confidence=confidence,
    )


def test_the_words_of_a_wrapped_line_are_each_others_context_and_a_ruling_line_is_not():
    words = [
        _word("Triển", 100, 100),
        _word("khai", 220, 100),
        _word("số", 100, 150),
        _word("sức", 160, 150),
        _word("khỏe", 240, 150),
        # Another cell, beyond a ruling line: "số" there has no "sức" after it.
        _word("dân", 500, 100),
        _word("số", 580, 100),
    ]
    vertical = [Rule(at=450, start=50, end=300)]
    read = words_in_context(words, vertical=vertical, horizontal=[], lexicon=LEXICON)
    assert [w.text for w in read] == ["Triển", "khai", "sổ", "sức", "khỏe", "dân", "số"]


def test_a_tone_mark_read_apart_above_its_word_is_put_back():
    words = [
        _word("một", 600, 320),
        _word("3", 834, 305, confidence=53, height=12),
        _word("cưa", 802, 320),
        _word("tại", 900, 320),
    ]
    assert [w.text for w in marks_rejoined(words, lexicon=LEXICON)] == ["một", "cửa", "tại"]
    # A "3" as tall as the words is a number, and stays.
    words[1] = _word("3", 834, 305, confidence=53)
    assert [w.text for w in marks_rejoined(words, lexicon=LEXICON)][1] == "3"


def test_a_quarter_read_1_is_the_roman_i_of_a_document_that_writes_its_quarters_so():
    assert quarters_roman([["Quý", "II/2026"], ["Quý", "1/2026"]])
    assert not quarters_roman([["Quý", "2/2026"], ["Quý", "1/2026"]])
    assert not quarters_roman([["Quý", "1/2026"]])
    words = [_word("Quý", 100, 100), _word("1/2026", 200, 100)]
    read = words_in_context(words, vertical=[], lexicon=LEXICON, roman_quarters=True)
    assert read[1].text == "I/2026"
    read = words_in_context(words, vertical=[], lexicon=LEXICON, roman_quarters=False)
    assert read[1].text == "1/2026"


def test_a_full_stop_read_between_the_two_words_of_a_phrase_is_dropped():
    words = [_word("HẠ", 100, 100), _word("TẦNG,", 160, 100), _word("AN.", 300, 100, 83)]
    words.append(_word("TOÀN", 100, 150))
    read = words_in_context(words, vertical=[], lexicon=LEXICON)
    assert [w.text for w in read] == ["HẠ", "TẦNG,", "AN", "TOÀN"]
    # A sentence's end, before a capital, or read with the model's usual confidence: kept.
    for text, after, confidence in [("an.", "Toàn", 83), ("AN.", "TOÀN", 96)]:
        words = [_word(text, 100, 100, confidence), _word(after, 200, 100)]
        read = words_in_context(words, vertical=[], lexicon=LEXICON)
        assert read[0].text == text


def test_only_a_mark_above_the_letter_is_chosen_and_kept_where_it_was_read():
    # The same mark placed on another vowel is a way of writing ("hoá", "hóa"): as read.
    assert reading_chosen("số", "hoá", None, lexicon=LEXICON, confidence=96) is None
    # A hook read where an acute is printed: the acute, on the vowel it was read on.
    assert reading_chosen("số", "hoả", None, lexicon=LEXICON, confidence=96) == "hoá"
    assert reading_chosen("số", "hỏa", None, lexicon=LEXICON, confidence=96) == "hóa"
    # The dot below is not confused with a mark above: "dùng" stays before "công".
    assert reading_chosen(None, "dùng", "công", lexicon=LEXICON, confidence=96) is None
    # Words of prose the plans seldom write say nothing by never being beside a neighbour.
    assert reading_chosen("chức", "đang", "có", lexicon=LEXICON, confidence=96) is None


def test_a_reading_the_context_makes_as_likely_but_not_clearly_likelier_is_for_review():
    # "tổ chức đảng" is written, "đang có" too in prose: neither is clear, the word is noted.
    assert reading_doubted("chức", "đang", "có", lexicon=LEXICON, confidence=96) == "đảng"
    # What the context decides is changed, not noted; what it does not doubt, neither.
    assert reading_doubted("chuyển", "đối", "số", lexicon=LEXICON, confidence=96) is None
    assert reading_doubted("chuyển", "đổi", "số", lexicon=LEXICON, confidence=96) is None
