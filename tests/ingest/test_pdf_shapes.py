"""PDFs as officials receive them (see `pdf_shapes`): a landscape appendix with a two-level
header repeated on every page, group headings merged over the row, a lead and a time frame
merged over groups of rows and centred on them, rows cut by page breaks, and on every page the
document system's signature lines, a running footnote and a page number. Printed with the
table's borders on and off, each PDF must give the logical table the .docx gives, and the same
plan."""

import pytest

from dxtrack.ingest.document import Table
from dxtrack.ingest.plan_reader import read_plan
from dxtrack.ingest.readers import read_document
from dxtrack.office import office_convert, soffice_path
from ingest.pdf_shapes import (
    BORDERS,
    FOOTNOTE,
    MERGED_ROWS,
    SIGNED_AT,
    SIGNED_BY,
    STAMP,
    merged_word,
    shaped_word,
)

pytestmark = pytest.mark.skipif(
    soffice_path() is None, reason="LibreOffice is installed by ./bin/setup"
)


@pytest.fixture(scope="module", params=BORDERS)
def printed(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(request.param)
    word = shaped_word(borders=request.param)
    docx_path = folder / "ke-hoach.docx"
    docx_path.write_bytes(word)
    pdf_path = folder / "ke-hoach.pdf"
    pdf_path.write_bytes(office_convert(data=word, suffix=".docx", target="pdf", timeout=180))
    return read_document(docx_path), read_document(pdf_path), request.param


def _logical(document) -> list[tuple[list[str], list[int]]]:
    """The table's rows as one table: the pages' tables joined, a row cut by a page break
    (its TT cell empty) joined to the row above, cell by cell, as the plan reader joins it."""
    rows: list[tuple[list[str], list[int]]] = []
    for block in document.blocks:
        if not isinstance(block, Table):
            continue
        for row in block.rows:
            if rows and not row.cells[0] and not row.merged_down and any(row.cells):
                above = rows[-1][0]
                rows[-1] = (
                    [f"{a} {b}".strip() for a, b in zip(above, row.cells, strict=True)],
                    rows[-1][1],
                )
                continue
            rows.append(([" ".join(c.split()) for c in row.cells], sorted(row.merged_down)))
    return rows


def test_the_pdf_gives_the_table_the_word_file_gives(printed):
    word, pdf, borders = printed
    expected = _logical(word)
    found = _logical(pdf)
    assert [cells for cells, _merged in found] == [cells for cells, _merged in expected]
    # A merged cell centred on its rows shows where it is merged; one printed at the top of
    # its rows (LibreOffice does when the merge runs over a page break) looks, without
    # borders, like a cell followed by empty ones, and reads as such.
    for (_cells, merged), (_same, merged_in_word) in zip(found, expected, strict=True):
        assert set(merged) <= set(merged_in_word)
    if borders == "all":
        # Ruled, every merge shows, and a cell covered from its left is no vertical merge.
        assert found == expected
    assert sum(1 for _cells, merged in found if merged == [4, 5]) >= 2
    # What the .docx says of merged cells, the PDF says too: the two-level header, the
    # headings merged over the row, the lead and the time frame written once for a group.
    assert expected[0] == (
        [
            "TT",
            "Nội dung nhiệm vụ",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Thời gian thực hiện",
            "",
        ],
        [],
    )
    assert expected[1] == (["", "", "", "", "Bắt đầu", "Kết thúc"], [0, 1, 2, 3])
    assert expected[2] == (["I. HẠ TẦNG SỐ", "", "", "", "", ""], [])
    assert ["II", "DỮ LIỆU SỐ", "", "", "", ""] in [cells for cells, _merged in expected]
    assert sum(1 for _cells, merged in expected if merged == [4, 5]) == 3


def test_the_signature_footnote_and_page_numbers_are_not_read(printed):
    _word, pdf, _borders = printed
    texts = [
        text
        for block in pdf.blocks
        for text in (
            [cell for row in block.rows for cell in row.cells]
            if isinstance(block, Table)
            else [block.text]
        )
    ]
    assert not any(SIGNED_BY in t or SIGNED_AT in t or FOOTNOTE in t for t in texts)
    assert not any(line in t for t in texts for line in STAMP)
    paragraphs = [block.text for block in pdf.blocks if not isinstance(block, Table)]
    assert not any(text.strip().isdigit() for text in paragraphs)
    # The closing block reads as the Word file's: recipients and signer, the stamp left out.
    start = next(i for i, p in enumerate(paragraphs) if p.startswith("Nơi nhận:"))
    closing = paragraphs[start:]
    assert closing[-1].endswith("Nguyễn Văn An")
    assert any(p.startswith("- Như trên;") for p in closing)


def test_the_pdf_gives_the_plan_the_word_file_gives(printed, resolver):
    word, pdf, borders = printed

    def rows(document):
        draft = read_plan(document, resolver)
        return [
            (t.section, t.number, t.name, t.lead_text, t.coordinating_text, t.timeframe)
            for t in draft.tasks
        ]

    expected = rows(word)
    assert len(expected) == 21
    assert expected[6][5].text == "2026 - 2030"  # the two ends, merged over rows 6 and 7
    found = rows(pdf)
    differ = [(a, b) for a, b in zip(found, expected, strict=True) if a != b]
    if borders in ("all", "rows"):
        # The lines between the rows show the time frame merged over the page break: the
        # line above the row after the break stops short of the time frame's columns.
        assert differ == []
    # Without them, a time frame merged over a page break prints at the top of its rows only:
    # the row after the break reads without one (no guess is made).
    assert len(differ) <= 1
    assert all(a[:5] == b[:5] and a[5] is None for a, b in differ)


@pytest.fixture(scope="module", params=BORDERS)
def merged_at_top(request, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"merged-{request.param}")
    word = merged_word(borders=request.param)
    docx_path = folder / "phu-luc.docx"
    docx_path.write_bytes(word)
    pdf_path = folder / "phu-luc.pdf"
    pdf_path.write_bytes(office_convert(data=word, suffix=".docx", target="pdf", timeout=180))
    return read_document(docx_path), read_document(pdf_path), request.param


def test_cells_merged_at_the_top_of_their_rows_as_the_page_shows_them(merged_at_top, resolver):
    word, pdf, borders = merged_at_top
    expected = _logical(word)
    found = _logical(pdf)
    assert [cells for cells, _merged in found] == [cells for cells, _merged in expected]
    merges = [merged for _cells, merged in found]
    if borders in ("all", "rows"):
        # The lines between the rows stop short of the merged cells: every merge is known.
        assert found == expected
    else:
        # The agencies written once for rows 1-3 run on past row 2's first line: one cell.
        # The time frame of rows 3-4 fits in row 3: without lines it cannot be told from a
        # time frame followed by an empty cell, and is read as written.
        assert merges == [[], [], [3], [3], [], [], []]
    # Row 5's coordinating cell is really empty, whatever the borders.
    assert merges[5] == []
    # The plan reader hands the agencies written once on to the rows merged under them, as
    # it does the Word file's.
    coordinating = [t.coordinating_text for t in read_plan(pdf, resolver).tasks]
    assert coordinating == [t.coordinating_text for t in read_plan(word, resolver).tasks]
    assert coordinating[:2] == [MERGED_ROWS[0][3]] * 2
    assert coordinating[4] == ""
