"""A scanned page's ruled table drawn from the lines found on its picture, every word put in
the cell its centre falls in (pure geometry: no OCR here)."""

from dxtrack.ingest.document import Paragraph, Table
from dxtrack.ingest.ocr_image import Rule
from dxtrack.ingest.ocr_tables import ruled_blocks, table_grids
from dxtrack.ingest.pdf_tables_unruled import Word

# A table of three columns (x 100–300–760–1300) and three rows (y 400–460–640–700), as the
# lines of a 300-dpi page give it; the name column's cell in the second row wraps.
H = [Rule(at=y, start=100, end=1300) for y in (400, 460, 640, 700)]
V = [Rule(at=x, start=400, end=700) for x in (100, 300, 760, 1300)]


def _line(text: str, x: float, top: float, *, bold: bool = False) -> list[Word]:
    words = []
    for part in text.split():
        width = 18 * len(part)
        words.append(Word(part, x, x + width, top, top + 36, bold=bold, confidence=95))
        x += width + 12
    return words


def _page_words() -> list[Word]:
    return [
        *_line("Kế hoạch chuyển đổi số", 100, 300, bold=True),
        *_line("TT", 120, 412, bold=True),
        *_line("Nhiệm vụ", 320, 412, bold=True),
        *_line("Cơ quan chủ trì", 780, 412, bold=True),
        *_line("1", 120, 472),
        # Wrapped: "chia" would not have fitted after "kết quả" on the first line.
        *_line("Số hóa hồ sơ, kết quả", 320, 472),
        *_line("chia sẻ với các bộ", 320, 530),
        # Broken by the writer: one agency per line.
        *_line("Sở Tư pháp", 780, 472),
        *_line("Sở Nội vụ", 780, 530),
        *_line("2", 120, 652),
        *_line("Triển khai nền tảng", 320, 652),
        *_line("Công an tỉnh", 780, 652),
        *_line("Nơi nhận:", 100, 760),
    ]


def test_the_lines_draw_one_table_with_its_rows_and_columns():
    (grid,) = table_grids(H, V)
    assert grid.xs == [100, 300, 760, 1300]
    assert grid.ys == [400, 460, 640, 700]


def test_every_word_goes_to_its_cell_and_a_wrapped_cell_keeps_its_lines_in_order():
    page = ruled_blocks(_page_words(), H, V, line=0, page=1)
    kinds = [type(b).__name__ for b in page.blocks]
    assert kinds == ["Paragraph", "Table", "Paragraph"]
    table = page.blocks[1]
    assert isinstance(table, Table)
    assert [r.cells for r in table.rows] == [
        ["TT", "Nhiệm vụ", "Cơ quan chủ trì"],
        ["1", "Số hóa hồ sơ, kết quả chia sẻ với các bộ", "Sở Tư pháp\nSở Nội vụ"],
        ["2", "Triển khai nền tảng", "Công an tỉnh"],
    ]  # fmt: skip
    assert table.rows[0].bold and not table.rows[1].bold
    assert [r.line for r in table.rows] == [2, 3, 4]
    last = page.blocks[2]
    assert isinstance(last, Paragraph) and last.text == "Nơi nhận:"


def test_a_missing_line_merges_cells_as_a_text_pdf_reads_them():
    # No line between rows 2 and 3 in the lead column: the lead cell spans both rows.
    across = [
        *H[:2],
        Rule(at=640, start=100, end=760),
        H[3],
    ]
    words = [w for w in _page_words() if w.text not in ("Công", "an", "tỉnh")]
    page = ruled_blocks(words, across, V, line=0, page=1)
    table = next(b for b in page.blocks if isinstance(b, Table))
    assert table.rows[2].cells == ["2", "Triển khai nền tảng", ""]
    assert table.rows[2].merged_down == frozenset({2})
    assert table.rows[1].cells[2] == "Sở Tư pháp\nSở Nội vụ"


def test_accents_read_apart_and_specks_outside_the_table_are_dropped():
    marks = [
        Word("~", 330, 345, 510, 522, confidence=60),
        Word("z", 400, 410, 512, 523, confidence=70),
    ]
    speck = [
        Word("š", 700, 712, 900, 915, confidence=14),
        Word("¬", 1000, 1010, 530, 560, confidence=40),  # beside "Sở Nội vụ"
    ]
    page = ruled_blocks([*_page_words(), *marks, *speck], H, V, line=0, page=1)
    table = next(b for b in page.blocks if isinstance(b, Table))
    assert "~" not in table.rows[1].cells[1] and " z " not in table.rows[1].cells[1]
    assert all("š" not in b.text for b in page.blocks if isinstance(b, Paragraph))
    assert table.rows[1].cells[2] == "Sở Tư pháp\nSở Nội vụ"


def test_a_page_without_lines_has_no_table_here():
    page = ruled_blocks(_page_words(), [], [], line=5, page=1)
    assert page.tables == 0
