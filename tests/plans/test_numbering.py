import pytest

from dxtrack.plans.numbering import Number, NumberSequence, parse_number, roman_value


@pytest.mark.parametrize(
    "text, number, kind",
    [
        # Items: as the seed tables write them.
        ("1", "1", "arabic"),
        ("1.", "1", "arabic"),
        ("10.", "10", "arabic"),
        ("09", "09", "arabic"),  # 002, Phụ lục II, IX.09: kept as written
        (" 9", "9", "arabic"),
        ("1 .", "1", "arabic"),
        ("1.1", "1.1", "arabic_dotted"),
        ("7.10", "7.10", "arabic_dotted"),
        ("16.5", "16.5", "arabic_dotted"),
        ("1.2.3", "1.2.3", "arabic_dotted"),
        # Sections.
        ("A", "A", "letter"),
        ("B.", "B", "letter"),
        ("I", "I", "roman"),
        ("I.", "I", "roman"),
        ("IV", "IV", "roman"),
        ("IX", "IX", "roman"),
        ("X", "X", "roman"),
        ("XI", "XI", "roman"),
        ("I.1", "I.1", "roman_dotted"),
        ("V.2", "V.2", "roman_dotted"),
        ("III.2.", "III.2", "roman_dotted"),
        # Bullets of sub-rows.
        ("-", "-", "bullet"),
        ("+", "+", "bullet"),
        ("•", "•", "bullet"),
    ],
)
def test_parse_number_reads_the_numbers_plan_tables_use(text, number, kind):
    assert parse_number(text) == Number(text=number, kind=kind)


@pytest.mark.parametrize(
    "text",
    ["", " ", "\u00a0", "2025", "2026-2027", "Hoàn thành", "a)", "1)", "Tháng 4/2025", "≥ 10", "x"],
)
def test_parse_number_refuses_cells_that_are_not_row_numbers(text):
    assert parse_number(text) is None


@pytest.mark.parametrize(
    "outer, inner",
    [("A", "I"), ("I", "I.1"), ("I.1", "1"), ("V.2", "1"), ("1", "1.1"), ("1.1", "1.1.1")],
)
def test_outer_sections_rank_before_inner_ones(outer, inner):
    assert parse_number(outer).rank < parse_number(inner).rank


@pytest.mark.parametrize(
    "text, heads_section",
    [("A", True), ("IV", True), ("V.2", True), ("1", False), ("1.1", False), ("-", False)],
)
def test_letters_and_roman_numerals_head_sections_arabic_numbers_count_items(text, heads_section):
    assert parse_number(text).heads_section is heads_section


@pytest.mark.parametrize(
    "text, value", [("I", 1), ("IV", 4), ("V", 5), ("IX", 9), ("XI", 11), ("XIV", 14)]
)
def test_roman_value(text, value):
    assert roman_value(text) == value


def _sequence(*seen: str) -> NumberSequence:
    sequence = NumberSequence()
    for text in seen:
        sequence.accept(parse_number(text))
    return sequence


@pytest.mark.parametrize(
    "seen, candidate, plausible",
    [
        # The next item, or one skipped (documents skip numbers: 002 has no task VIII.7).
        (("1", "2"), "3", True),
        (("1", "2"), "4", True),
        (("5",), "1", True),  # numbering restarts in a new section
        (("5",), "9", False),  # "9" after "5": a cell holding a number, not a row
        (("5",), "5", False),
        (("I",), "II", True),
        (("II",), "IV", True),
        (("II",), "VI", False),
        ((), "A", True),
        (("A",), "B", True),
        (("A",), "E", False),
        (("3",), "3.1", True),
        (("3", "3.1"), "3.2", True),
        (("3", "3.1"), "4.1", False),
        (("1",), "-", True),
    ],
)
def test_number_sequence_tells_the_next_row_number_from_a_number_like_cell(
    seen, candidate, plausible
):
    assert _sequence(*seen).plausible(parse_number(candidate)) is plausible
