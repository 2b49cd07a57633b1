"""Words as a PDF's text layer gives them, laid out by hand for the table readers' tests."""

from __future__ import annotations

from dxtrack.ingest.pdf_tables_unruled import Word


def printed_line(y: float, *cells: tuple[float, str]) -> list[Word]:
    """Words of one printed line: each (x, text) a cell's text starting at x, 6 units a letter."""
    words = []
    for x, text in cells:
        for part in text.split():
            words.append(Word(part, x, x + 6 * len(part), y, y + 10))
            x += 6 * len(part) + 3
    return words
