"""Cells merged over several rows of a table drawn without vertical lines, as the page shows
them: the lines printed between the rows, a cell's lines running on into the next row; and
no merge where the page does not show one (0219)."""

from collections.abc import Sequence

from dxtrack.ingest.document import Table
from dxtrack.ingest.pdf_tables_unruled import HorizontalRule, Word, unruled_blocks
from ingest.pdf_lines import printed_line as _line

HEADER = ((0, "TT"), (40, "Nội dung"), (200, "Chủ trì"), (330, "Phối hợp"), (460, "Thời gian"))


def _table(
    words: list[Word], rules: Sequence[HorizontalRule] = ()
) -> list[tuple[list[str], list[int]]]:
    page = unruled_blocks(words, line=0, page=1, rules=rules)
    (table,) = [b for b in page.blocks if isinstance(b, Table)]
    return [([" ".join(c.split()) for c in r.cells], sorted(r.merged_down)) for r in table.rows[1:]]


def _rows(*ys: float) -> list[HorizontalRule]:
    return [HorizontalRule(at=y, start=-5, end=540) for y in ys]


def test_a_line_between_rows_that_stops_short_of_a_column_merges_its_cells():
    words = [
        *_line(40, *HEADER),
        *_line(
            70,
            (0, "1"),
            (40, "Rà soát quy chế"),
            (200, "Sở Nội vụ"),
            (330, "Sở Tài chính"),
            (460, "2026"),
        ),
        *_line(100, (0, "2"), (40, "Đào tạo kỹ năng"), (200, "Sở Y tế"), (460, "2027")),
        *_line(130, (0, "3"), (40, "Số hóa hồ sơ"), (200, "Sở Nội vụ"), (460, "2028")),
        *_line(
            160, (0, "4"), (40, "Kết nối dữ liệu"), (200, "Công an tỉnh"), (330, "Sở Tư pháp")
        ),
        # An underline under a word of row 3 crosses neither its number nor the other cells.
        *_line(142, (40, "(bản giấy)")),
    ]
    rules = [
        *_rows(35, 65),
        # Above row 2 the line leaves out "Phối hợp": its cell runs on from row 1.
        HorizontalRule(at=96, start=-5, end=325),
        HorizontalRule(at=96, start=455, end=540),
        *_rows(126),
        HorizontalRule(at=153, start=38, end=105),
        *_rows(156, 175),
    ]
    assert _table(words, rules) == [
        (["1", "Rà soát quy chế", "Sở Nội vụ", "Sở Tài chính", "2026"], []),
        (["2", "Đào tạo kỹ năng", "Sở Y tế", "", "2027"], [3]),
        # A line crosses the column above row 3: its empty cell is empty, not merged.
        (["3", "Số hóa hồ sơ (bản giấy)", "Sở Nội vụ", "", "2028"], []),
        (["4", "Kết nối dữ liệu", "Công an tỉnh", "Sở Tư pháp", ""], []),
    ]


def test_without_lines_a_merged_cell_no_longer_than_its_first_row_is_not_guessed():
    words = [
        *_line(40, *HEADER),
        *_line(
            70,
            (0, "1"),
            (40, "Rà soát quy chế"),
            (200, "Sở Nội vụ"),
            (330, "Sở Tài chính"),
            (460, "2026"),
        ),
        *_line(100, (0, "2"), (40, "Đào tạo kỹ năng"), (200, "Sở Y tế"), (460, "2027")),
        *_line(
            130,
            (0, "3"),
            (40, "Số hóa hồ sơ"),
            (200, "Sở Nội vụ"),
            (330, "Sở Tư pháp"),
            (460, "2028"),
        ),
    ]
    assert [merged for _cells, merged in _table(words)] == [[], [], []]
    # Lines between the rows that all cross every column say the same.
    assert [merged for _cells, merged in _table(words, _rows(35, 65, 96, 126, 145))] == [[], [], []]


def test_a_cell_whose_lines_run_on_into_the_rows_below_is_merged_over_them():
    # Lines within a cell 14 apart, rows 30 apart: the agencies written once for rows 1 and 2
    # run on past row 2's first line; row 3's cell is really empty.
    words = [
        *_line(40, *HEADER),
        *_line(
            70,
            (0, "1"),
            (40, "Rà soát quy chế"),
            (200, "Sở Nội vụ"),
            (330, "Sở Tài chính;"),
            (460, "2026"),
        ),
        *_line(84, (330, "Sở Tư pháp;")),
        *_line(104, (0, "2"), (40, "Đào tạo kỹ năng"), (200, "Sở Y tế"), (460, "2027")),
        *_line(98, (330, "Công an tỉnh;")),
        *_line(112, (330, "UBND các xã")),
        *_line(134, (0, "3"), (40, "Số hóa hồ sơ"), (200, "Sở Nội vụ"), (460, "2028")),
        *_line(
            164,
            (0, "4"),
            (40, "Kết nối dữ liệu"),
            (200, "Công an tỉnh"),
            (330, "Sở Y tế"),
            (460, "2028"),
        ),
    ]
    assert _table(words) == [
        (
            [
                "1",
                "Rà soát quy chế",
                "Sở Nội vụ",
                "Sở Tài chính; Sở Tư pháp; Công an tỉnh; UBND các xã",
                "2026",
            ],
            [],
        ),
        (["2", "Đào tạo kỹ năng", "Sở Y tế", "", "2027"], [3]),
        (["3", "Số hóa hồ sơ", "Sở Nội vụ", "", "2028"], []),
        (["4", "Kết nối dữ liệu", "Công an tỉnh", "Sở Y tế", "2028"], []),
    ]


def test_a_running_on_line_level_with_the_next_rows_first_line_joins_where_rows_are_spaced():
    words = [
        *_line(40, *HEADER),
        *_line(
            70,
            (0, "1"),
            (40, "Rà soát quy chế"),
            (200, "Sở Nội vụ"),
            (330, "Sở Tài chính;"),
            (460, "2026"),
        ),
        *_line(84, (330, "Sở Tư pháp;")),
        # The cell's third line stands level with row 2's first line, 4 under its second.
        *_line(
            98,
            (0, "2"),
            (40, "Đào tạo kỹ năng"),
            (200, "Sở Y tế"),
            (330, "Công an tỉnh"),
            (460, "2027"),
        ),
        *_line(
            128, (0, "3"), (40, "Số hóa hồ sơ"), (200, "Sở Nội vụ"), (330, "Sở Y tế"), (460, "2028")
        ),
        *_line(142, (40, "lưu trữ")),
        *_line(
            172,
            (0, "4"),
            (40, "Kết nối dữ liệu"),
            (200, "Công an tỉnh"),
            (330, "Sở Y tế"),
            (460, "2028"),
        ),
        *_line(
            202,
            (0, "5"),
            (40, "Cập nhật cổng"),
            (200, "Sở Y tế"),
            (330, "Sở Nội vụ"),
            (460, "2029"),
        ),
    ]
    rows = _table(words)
    assert rows[0] == (
        ["1", "Rà soát quy chế", "Sở Nội vụ", "Sở Tài chính; Sở Tư pháp; Công an tỉnh", "2026"],
        [],
    )
    assert rows[1] == (["2", "Đào tạo kỹ năng", "Sở Y tế", "", "2027"], [3])
    # Its own cell, a row's spacing under the cell above: not joined.
    assert rows[2] == (["3", "Số hóa hồ sơ lưu trữ", "Sở Nội vụ", "Sở Y tế", "2028"], [])
    assert [merged for _cells, merged in rows[3:]] == [[], []]
