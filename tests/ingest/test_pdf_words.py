"""The one rule joining a cell's printed lines, for a text PDF's table without lines and for
a scan's cells alike."""

from dxtrack.ingest.pdf_words import Word, lines_joined


def _words(x: float, y: float, text: str) -> list[Word]:
    words = []
    for part in text.split():
        words.append(Word(part, x, x + 6 * len(part), y, y + 10))
        x += 6 * len(part) + 3
    return words


def test_a_wrapped_line_is_joined_by_a_space_and_a_broken_one_by_a_line_break():
    # The cell's text may reach x = 90: "Văn phòng của" ends at 72, and "UBND" (24 wide,
    # after a space of 3) would have reached 99: the line wrapped.
    lines = [_words(0, 0, "Văn phòng của"), _words(0, 14, "UBND tỉnh")]
    assert lines_joined(lines, limit=90, height=10) == "Văn phòng của UBND tỉnh"
    # With room for it up to 100, the writer broke the line (one agency per line).
    assert lines_joined(lines, limit=100, height=10) == "Văn phòng của\nUBND tỉnh"


def test_a_line_ending_in_a_dash_keeps_its_break_for_the_plan_reader():
    for dash in ("-", "–", "—", "‐", "‑"):
        lines = [_words(0, 0, f"Giai đoạn 2026{dash}"), _words(0, 14, "2030")]
        assert lines_joined(lines, limit=96, height=10) == f"Giai đoạn 2026{dash}\n2030"


def test_no_lines_no_text_and_spaces_collapsed():
    assert lines_joined([], limit=100, height=10) == ""
    line = [Word("Sở", 0, 12, 0, 10), Word("  Nội\u00a0vụ ", 15, 50, 0, 10)]
    assert lines_joined([line], limit=100, height=10) == "Sở Nội vụ"
