"""Word plans read like their text extractions: the same rows, sections, targets, agencies.

The .docx files are written here with python-docx the way the province's plans are laid out:
landscape appendix tables, a two-level header with a spanning caption, merged lead cells,
section rows spanning the width, header rows that repeat on every page, automatic numbering.
"""

from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from dxtrack.agencies.directory import load_bundled
from dxtrack.ingest.document import Table
from dxtrack.ingest.docx_reader import read_docx
from dxtrack.ingest.plan_reader import read_plan
from dxtrack.ingest.readers import read_document
from dxtrack.ingest.text_reader import read_text

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


@pytest.fixture(scope="module")
def directory():
    return load_bundled()


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _landscape(document) -> None:
    section = document.sections[-1]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width


def _write_table(document, table: Table, *, header_rows: int, lead_column: int | None) -> None:
    """Copy a table read from text into Word, merging what a Word author would merge:
    the upper header cell spanning the milestone columns and the header cells above empty
    lower ones; a section row's title across the row; an empty lead cell into the one above."""
    rows = [list(r.cells) for r in table.rows]
    width = max(len(r) for r in rows)
    spans: list[tuple[int, int]] = []
    if header_rows == 2 and len(rows[0]) < width:
        top, sub = rows[0], rows[1]
        lead = next(i for i, c in enumerate(sub) if c.strip())
        trail = next(i for i, c in enumerate(reversed(sub)) if c.strip())
        middle = top[lead : len(top) - trail]
        rows[0] = top[:lead] + middle + [""] * (width - lead - trail - len(middle))
        rows[0] += top[len(top) - trail :]
        spans.append((lead, width - trail - 1))
    out = document.add_table(rows=len(rows), cols=width)
    out.style = "Table Grid"
    # Row by row: python-docx's table.cell() rescans the whole table on every call.
    for word_row, cells in zip(out.rows, rows, strict=True):
        for word_cell, text in zip(word_row.cells, cells, strict=False):
            if text:
                word_cell.text = text
    for r in range(header_rows):
        _repeat_header(out.rows[r])
    for first, last in spans:
        out.cell(0, first).merge(out.cell(0, last))
    if header_rows == 2:
        for c in range(width):
            if not (rows[1][c] if c < len(rows[1]) else ""):
                out.cell(0, c).merge(out.cell(1, c))
    for r in range(header_rows, len(rows)):
        cells = rows[r]
        filled = [c for c, text in enumerate(cells) if text.strip()]
        if filled and max(filled) <= 1 and len(cells) > 2 and cells[0].strip():
            row_cells = out.rows[r].cells
            row_cells[1].merge(row_cells[width - 1])
    if lead_column is not None:
        start = None
        for r in range(header_rows, len(rows)):
            text = rows[r][lead_column] if lead_column < len(rows[r]) else ""
            if len([c for c in rows[r] if c.strip()]) <= 2:
                start = None  # a group row spans the lead column: the merge stops there
            elif text.strip():
                start = r
            elif start is not None:
                out.cell(start, lead_column).merge(out.cell(r, lead_column))


def _items(draft):
    data = draft.to_json()
    return {
        kind: [
            {k: v for k, v in item.items() if k != "section"} | {"section": item["section"]}
            for item in data[kind]
        ]
        for kind in ("indicators", "tasks", "projects")
    }


def test_003_as_word_reads_like_its_text_extraction(tmp_path, directory):
    """003 in Word: a two-level milestone header and lead cells merged over groups of rows."""
    path = next(SEEDS.glob("003_*.txt"))
    text_document = read_text(path.read_text(encoding="utf-8"), path.name)
    word = docx.Document()
    word.add_paragraph("PHỤ LỤC I")
    word.add_paragraph("DANH MỤC CÁC CHỈ TIÊU CỤ THỂ")
    tables = [b for b in text_document.blocks if isinstance(b, Table) and len(b.rows) > 10]
    _landscape(word)
    _write_table(word, tables[0], header_rows=2, lead_column=8)
    word.add_paragraph("PHỤ LỤC II")
    _write_table(word, tables[1], header_rows=1, lead_column=None)
    docx_path = tmp_path / "003.docx"
    word.save(docx_path)

    from_text = read_plan(text_document, directory)
    from_word = read_plan(read_docx(docx_path), directory)

    assert len(from_word.indicators) == 64
    assert len(from_word.tasks) == 23
    text_items, word_items = _items(from_text), _items(from_word)
    for kind in ("indicators", "tasks"):
        assert [i["number"] for i in word_items[kind]] == [i["number"] for i in text_items[kind]]
        assert [i["name"] for i in word_items[kind]] == [i["name"] for i in text_items[kind]]
    assert [i["targets"] for i in word_items["indicators"]] == [
        i["targets"] for i in text_items["indicators"]
    ]
    assert [i["lead"] for i in word_items["indicators"]] == [
        i["lead"] for i in text_items["indicators"]
    ]
    assert [i["section"] for i in word_items["indicators"]] == [
        i["section"] for i in text_items["indicators"]
    ]


def test_002_as_word_reads_like_its_text_extraction(tmp_path, directory):
    """002 in Word: one table per appendix, the header row repeating on each page."""
    path = next(SEEDS.glob("002_*.txt"))
    text_document = read_text(path.read_text(encoding="utf-8"), path.name)
    from_text = read_plan(text_document, directory)
    word = docx.Document()
    _landscape(word)
    appendix_names = ["Phụ lục I", "Phụ lục II", "Phụ lục III"]
    # Join the pages of each appendix back into one table, as in the Word original.
    joined: list[Table] = []
    for block in text_document.blocks:
        if not isinstance(block, Table):
            continue
        head = tuple(c.lower() for c in block.rows[0].cells[:2])
        if joined and tuple(c.lower() for c in joined[-1].rows[0].cells[:2]) == head:
            header_rows = 2 if head[1].startswith("tên") else 1
            for row in block.rows[header_rows:]:
                if not row.cells[0].strip() and joined[-1].rows:
                    previous = joined[-1].rows[-1]
                    previous.cells = [
                        f"{a} {b}".strip() for a, b in zip(previous.cells, row.cells, strict=False)
                    ] + previous.cells[len(row.cells) :]
                else:
                    joined[-1].rows.append(row)
        else:
            joined.append(Table(rows=list(block.rows)))
    assert len(joined) == 3
    for name, table in zip(appendix_names, joined, strict=True):
        word.add_paragraph(name)
        _write_table(word, table, header_rows=2 if name == "Phụ lục III" else 1, lead_column=None)
    docx_path = tmp_path / "002.docx"
    word.save(docx_path)

    from_word = read_plan(read_document(docx_path), directory)

    assert (len(from_word.indicators), len(from_word.tasks), len(from_word.projects)) == (
        56,
        65,
        71,
    )
    text_items, word_items = _items(from_text), _items(from_word)
    for kind in ("indicators", "tasks", "projects"):
        assert word_items[kind] == text_items[kind]


def test_word_automatic_numbering_gives_the_row_numbers(tmp_path, directory):
    word = docx.Document()
    word.add_paragraph("PHỤ LỤC")
    table = word.add_table(rows=4, cols=4)
    for c, label in enumerate(["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện"]):
        table.cell(0, c).text = label
    for r, (name, lead, when) in enumerate(
        [
            ("Số hóa hồ sơ lưu trữ", "Sở Nội vụ", "Năm 2026"),
            ("Phát triển hạ tầng 5G", "Sở Khoa học và Công nghệ", "Tháng 12/2026"),
            ("Đào tạo kỹ năng số", "Sở Giáo dục và Đào tạo", "Hằng năm"),
        ],
        start=1,
    ):
        paragraph = table.cell(r, 0).paragraphs[0]
        paragraph.style = word.styles["List Number"]
        table.cell(r, 1).text = name
        table.cell(r, 2).text = lead
        table.cell(r, 3).text = when
    path = tmp_path / "numbered.docx"
    word.save(path)

    draft = read_plan(read_docx(path), directory)

    assert [t.number for t in draft.tasks] == ["1", "2", "3"]
    assert draft.tasks[1].timeframe.end.isoformat() == "2026-12-31"
    assert [r.agency for r in draft.tasks[2].lead] == ["Sở Giáo dục và Đào tạo"]


def test_word_header_block_gives_number_date_and_issuer(tmp_path, directory):
    word = docx.Document()
    block = word.add_table(rows=2, cols=2)
    block.cell(0, 0).text = "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG NGÃI"
    block.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    block.cell(1, 0).text = "Số: 45/KH-UBND"
    block.cell(1, 1).text = "Quảng Ngãi, ngày 12 tháng 3 năm 2026"
    word.add_paragraph("KẾ HOẠCH")
    word.add_paragraph("Phát triển dữ liệu số tỉnh Quảng Ngãi năm 2026")
    word.add_paragraph("PHỤ LỤC")
    table = word.add_table(rows=2, cols=4)
    for c, label in enumerate(["STT", "Nội dung", "Chủ trì", "Thời hạn"]):
        table.cell(0, c).text = label
    for c, text in enumerate(["1", "Xây dựng kho dữ liệu dùng chung", "Công an tỉnh", "30/6/2026"]):
        table.cell(1, c).text = text
    path = tmp_path / "header.docx"
    word.save(path)

    draft = read_plan(read_docx(path), directory)

    assert draft.number == "45/KH-UBND"
    assert draft.date.isoformat() == "2026-03-12"
    assert draft.issuer == "UBND tỉnh Quảng Ngãi"
    assert draft.title == "Kế hoạch Phát triển dữ liệu số tỉnh Quảng Ngãi năm 2026"
    assert draft.tasks[0].timeframe.end.isoformat() == "2026-06-30"


def test_a_table_inside_a_content_control_is_read(tmp_path, directory):
    word = docx.Document()
    word.add_paragraph("PHỤ LỤC")
    table = word.add_table(rows=2, cols=3)
    for c, label in enumerate(["TT", "Nhiệm vụ", "Cơ quan chủ trì"]):
        table.cell(0, c).text = label
    for c, text in enumerate(["1", "Số hóa hồ sơ lưu trữ", "Sở Nội vụ"]):
        table.cell(1, c).text = text
    # Wrap the table in a block content control, as form templates do.
    sdt, content = OxmlElement("w:sdt"), OxmlElement("w:sdtContent")
    table._tbl.addprevious(sdt)
    sdt.append(content)
    content.append(table._tbl)
    path = tmp_path / "mau.docx"
    word.save(path)

    draft = read_plan(read_docx(path), directory)

    assert [(t.number, t.name) for t in draft.tasks] == [("1", "Số hóa hồ sơ lưu trữ")]
    assert [r.agency for r in draft.tasks[0].lead] == ["Sở Nội vụ"]
