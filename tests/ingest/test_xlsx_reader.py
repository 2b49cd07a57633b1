"""Excel plans read like their text extractions, wherever the table sits on the sheet.

The workbooks are written here with openpyxl as people lay plans out in Excel: a title and
caption above the header, the table starting in column B, a two-level header with merged
cells, lead cells merged over groups of rows, hidden working columns, several tables on a
sheet and one appendix per sheet.
"""

import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter

from dxtrack.ingest import xlsx_reader
from dxtrack.ingest.document import Paragraph, Table
from dxtrack.ingest.plan_reader import read_plan
from dxtrack.ingest.readers import UnreadableDocument, read_document
from dxtrack.ingest.sheet_layout import SheetTooComplex
from dxtrack.ingest.text_reader import read_text

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"


def _tables(document) -> list[Table]:
    return [b for b in document.blocks if isinstance(b, Table)]


def _plan_sheet(sheet, *, left: int = 2) -> None:
    """A task appendix starting in row 4, column `left`, with merged lead cells."""
    sheet.cell(1, left, "PHỤ LỤC II")
    sheet.cell(2, left, "Danh mục nhiệm vụ chuyển đổi số năm 2026")
    header = ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian thực hiện"]
    rows = [
        ["I", "Hạ tầng số", None, None, None],
        [1, "Nâng cấp mạng truyền số liệu chuyên dùng", "Sở Khoa học và Công nghệ", None, 2026],
        [2, "Phủ sóng 5G các khu công nghiệp", None, "Các sở, ban, ngành", "Năm 2026"],
        [3, "Số hóa hồ sơ lưu trữ", "Sở Nội vụ", "UBND các xã, phường, đặc khu", "Hằng năm"],
    ]
    for c, label in enumerate(header):
        sheet.cell(4, left + c, label)
    for r, values in enumerate(rows, start=5):
        for c, value in enumerate(values):
            if value is not None:
                sheet.cell(r, left + c, value)
    lead = get_column_letter(left + 2)
    sheet.merge_cells(f"{lead}6:{lead}7")  # one lead for tasks 1 and 2
    sheet.merge_cells(f"{get_column_letter(left + 1)}5:{get_column_letter(left + 4)}5")


def _save(workbook, tmp_path: Path, name: str = "ke-hoach.xlsx") -> Path:
    path = tmp_path / name
    workbook.save(path)
    return path


def test_a_table_below_its_caption_and_right_of_column_a_is_read(tmp_path, resolver):
    workbook = openpyxl.Workbook()
    _plan_sheet(workbook.active)
    draft = read_plan(read_document(_save(workbook, tmp_path)), resolver)

    assert [(t.section, t.number, t.name) for t in draft.tasks] == [
        (["I Hạ tầng số"], "1", "Nâng cấp mạng truyền số liệu chuyên dùng"),
        (["I Hạ tầng số"], "2", "Phủ sóng 5G các khu công nghiệp"),
        (["I Hạ tầng số"], "3", "Số hóa hồ sơ lưu trữ"),
    ]
    assert draft.tasks[0].appendix == "Phụ lục II"


def test_a_lead_cell_merged_over_rows_leads_each_of_them(tmp_path, resolver):
    workbook = openpyxl.Workbook()
    _plan_sheet(workbook.active)
    draft = read_plan(read_document(_save(workbook, tmp_path)), resolver)

    assert [[r.agency for r in t.lead] for t in draft.tasks] == [
        ["Sở Khoa học và Công nghệ"],
        ["Sở Khoa học và Công nghệ"],
        ["Sở Nội vụ"],
    ]
    assert [[r.group for r in t.coordinating] for t in draft.tasks] == [
        [],
        ["Các sở, ban, ngành"],
        ["UBND các xã, phường, đặc khu"],
    ]


def test_a_year_typed_as_a_number_is_a_timeframe(tmp_path, resolver):
    workbook = openpyxl.Workbook()
    _plan_sheet(workbook.active)
    draft = read_plan(read_document(_save(workbook, tmp_path)), resolver)

    first = draft.tasks[0].timeframe
    assert (first.text, first.start.isoformat(), first.end.isoformat()) == (
        "2026",
        "2026-01-01",
        "2026-12-31",
    )
    assert draft.tasks[2].timeframe.recurrence == "yearly"


def test_hidden_columns_and_rows_are_left_out(tmp_path, resolver):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    _plan_sheet(sheet, left=1)
    # A working column between the name and the lead, hidden with its neighbour (one <col>
    # element for both), and a hidden row of a task dropped from the plan.
    sheet.insert_cols(3, 2)
    for r in range(4, 9):
        sheet.cell(r, 3, "ghi chú nội bộ")
        sheet.cell(r, 4, 123)
    sheet.merged_cells.ranges.clear()
    sheet.column_dimensions.group("C", "D", hidden=True)
    sheet.cell(9, 1, 4)
    sheet.cell(9, 2, "Nhiệm vụ đã bỏ")
    sheet.row_dimensions[9].hidden = True

    document = read_document(_save(workbook, tmp_path))
    (table,) = _tables(document)
    assert table.rows[0].cells == [
        "TT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Thời gian thực hiện",
    ]
    draft = read_plan(document, resolver)
    assert [t.name for t in draft.tasks][-1] == "Số hóa hồ sơ lưu trữ"
    assert [r.agency for r in draft.tasks[2].lead] == ["Sở Nội vụ"]


def test_two_tables_on_one_sheet_and_a_table_per_sheet(tmp_path, resolver):
    workbook = openpyxl.Workbook()
    first = workbook.active
    first.title = "Chỉ tiêu"
    first.append(["PHỤ LỤC I"])
    first.append(["TT", "Chỉ tiêu", "Đơn vị tính", "Năm 2026", "Năm 2030"])
    first.append([1, "Tỷ lệ hồ sơ được số hóa", "%", 0.8, 1])
    first.append([2, "Số nền tảng số dùng chung", "Nền tảng", 5, 10])
    for row in first.iter_rows(min_row=3, max_row=3, min_col=4, max_col=5):
        for cell in row:
            cell.number_format = "0%"
    # The second table follows straight on, without an empty row.
    first.append(["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"])
    first.append([1, "Xây dựng kho dữ liệu", "Công an tỉnh", "Quý II/2026"])
    second = workbook.create_sheet("Dự án")
    second.append(["TT", "Dự án", "Chủ đầu tư", "Phân kỳ đầu tư"])
    second.append([None, None, None, 2026, 2027])
    second.append([1, "Trung tâm dữ liệu tỉnh", "Sở Khoa học và Công nghệ", "x", None])
    second.merge_cells("D1:E1")
    hidden = workbook.create_sheet("Nháp")
    hidden.append(["TT", "Nhiệm vụ", "Cơ quan chủ trì"])
    hidden.append([1, "Không phải của kế hoạch", "Sở Y tế"])
    hidden.sheet_state = "hidden"

    draft = read_plan(read_document(_save(workbook, tmp_path)), resolver)

    assert [(i.name, [t.text for t in i.targets]) for i in draft.indicators] == [
        ("Tỷ lệ hồ sơ được số hóa", ["80%", "100%"]),
        ("Số nền tảng số dùng chung", ["5", "10"]),
    ]
    assert draft.indicators[0].targets[0].value == 80
    assert [(t.name, t.timeframe.text) for t in draft.tasks] == [
        ("Xây dựng kho dữ liệu", "Quý II/2026")
    ]
    assert [(p.name, p.years) for p in draft.projects] == [("Trung tâm dữ liệu tỉnh", [2026])]


@pytest.mark.parametrize(
    "value, number_format, text",
    [
        (0.8743, "0.00%", "87,43%"),
        (1, "0%", "100%"),
        (1000, "#,##0", "1.000"),
        (87.43, "General", "87,43"),
        (2025, "General", "2025"),
        ("≥ 10%", "General", "≥ 10%"),
    ],
)
def test_numbers_are_written_as_the_sheet_shows_them(value, number_format, text):
    assert xlsx_reader._text(value, number_format) == text


def test_a_row_number_typed_as_a_decimal_stays_a_row_number():
    assert xlsx_reader._text(1.1, "General", number_column=True) == "1.1"


# -- the province's plans as Excel ----------------------------------------------------------


def _write_sheet(sheet, table: Table, *, header_rows: int, lead_column: int | None) -> None:
    """Copy a table read from text into a sheet with the merges an Excel author makes."""
    rows = [list(r.cells) for r in table.rows]
    width = max(len(r) for r in rows)
    if header_rows == 2 and len(rows[0]) < width:
        top, sub = rows[0], rows[1]
        lead = next(i for i, c in enumerate(sub) if c.strip())
        trail = next(i for i, c in enumerate(reversed(sub)) if c.strip())
        middle = top[lead : len(top) - trail]
        rows[0] = top[:lead] + middle + [""] * (width - lead - trail - len(middle))
        rows[0] += top[len(top) - trail :]
        sheet.merge_cells(start_row=1, start_column=lead + 1, end_row=1, end_column=width - trail)
    for r, cells in enumerate(rows, start=1):
        for c, text in enumerate(cells, start=1):
            if text:
                sheet.cell(r, c, text)
    if header_rows == 2:
        for c in range(width):
            if not (rows[1][c] if c < len(rows[1]) else ""):
                sheet.merge_cells(start_row=1, start_column=c + 1, end_row=2, end_column=c + 1)
    if lead_column is not None:
        start = None
        for r in range(header_rows, len(rows) + 1):
            cells = rows[r] if r < len(rows) else []
            text = cells[lead_column] if lead_column < len(cells) else ""
            ends = r == len(rows) or len([c for c in cells if c.strip()]) <= 2 or text.strip()
            if ends and start is not None and r - 1 > start:
                sheet.merge_cells(
                    start_row=start + 1,
                    start_column=lead_column + 1,
                    end_row=r,
                    end_column=lead_column + 1,
                )
            if ends:
                start = r if text.strip() else None


def test_003_as_excel_reads_like_its_text_extraction(tmp_path, directory):
    path = next(SEEDS.glob("003_*.txt"))
    text_document = read_text(path.read_text(encoding="utf-8"), path.name)
    tables = [t for t in _tables(text_document) if len(t.rows) > 10]
    workbook = openpyxl.Workbook()
    indicators = workbook.active
    indicators.title = "Phụ lục I"
    _write_sheet(indicators, tables[0], header_rows=2, lead_column=8)
    _write_sheet(workbook.create_sheet("Phụ lục II"), tables[1], header_rows=1, lead_column=None)

    from_text = read_plan(text_document, directory).to_json()
    from_excel = read_plan(read_document(_save(workbook, tmp_path, "003.xlsx")), directory)
    data = from_excel.to_json()

    assert (len(data["indicators"]), len(data["tasks"])) == (64, 23)
    for kind in ("indicators", "tasks"):
        for field in ("number", "name", "lead"):
            assert [i[field] for i in data[kind]] == [i[field] for i in from_text[kind]], field
    assert [i["targets"] for i in data["indicators"]] == [
        i["targets"] for i in from_text["indicators"]
    ]
    assert [i["section"] for i in data["indicators"]] == [
        i["section"] for i in from_text["indicators"]
    ]
    assert [i["timeframe"] for i in data["tasks"]] == [i["timeframe"] for i in from_text["tasks"]]


# -- sheets that claim more than they hold -----------------------------------------------------


def _rewrite_sheet(path: Path, change) -> None:
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    name = "xl/worksheets/sheet1.xml"
    parts[name] = change(parts[name].decode("utf-8")).encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for part, data in parts.items():
            target.writestr(part, data)


def test_a_sheet_claiming_every_cell_of_excel_is_read_only_within_the_bounds(tmp_path, resolver):
    workbook = openpyxl.Workbook()
    _plan_sheet(workbook.active)
    path = _save(workbook, tmp_path)

    def claim_everything(xml: str) -> str:
        import re

        xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
        # An empty last row at the far corner of the sheet and columns declared to the end.
        return xml.replace(
            "</sheetData>", '<row r="1048576"><c r="XFD1048576"/></row></sheetData>'
        ).replace("<sheetData>", '<cols><col min="1" max="16384" width="9"/></cols><sheetData>')

    _rewrite_sheet(path, claim_everything)
    document = read_document(path)
    draft = read_plan(document, resolver)

    assert len(draft.tasks) == 3
    # The work is bounded by the reader's limits, not by what the sheet claims: the cell at
    # the far corner is never reached, and no row is wider than the columns read.
    rows = [row for table in _tables(document) for row in table.rows]
    paragraphs = [b for b in document.blocks if isinstance(b, Paragraph)]
    assert max(b.line for b in [*rows, *paragraphs]) <= xlsx_reader.MAX_ROWS
    assert max(len(row.cells) for row in rows) <= xlsx_reader.MAX_COLUMNS
    assert "x" not in [p.text for p in paragraphs]


def test_a_merge_over_the_whole_sheet_is_refused_before_any_cell_is_read(tmp_path):
    workbook = openpyxl.Workbook()
    _plan_sheet(workbook.active)
    path = _save(workbook, tmp_path)
    merges = "".join('<mergeCell ref="A1:XFD1048576"/>' for _ in range(3))
    _rewrite_sheet(
        path,
        lambda xml: (
            xml.replace(
                "</sheetData>", f'</sheetData><mergeCells count="3">{merges}</mergeCells>', 1
            )
            if "<mergeCells" not in xml
            else xml.replace("<mergeCells", f"{merges}<mergeCells", 1)
        ),
    )
    with pytest.raises(UnreadableDocument, match="vùng ô gộp") as refused:
        read_document(path)

    # Refused by the pass over the sheet's shape, which keeps no cell and comes first; that
    # pass stops at the first merge too many (tests/ingest/test_sheet_layout.py).
    assert isinstance(refused.value.__cause__, SheetTooComplex)


def test_a_value_beyond_the_row_limit_is_refused_naming_the_limit(tmp_path):
    workbook = openpyxl.Workbook()
    _plan_sheet(workbook.active)
    workbook.active.title = "Phụ lục II"
    path = _save(workbook, tmp_path)
    _rewrite_sheet(
        path,
        lambda xml: xml.replace(
            "</sheetData>",
            '<row r="1048576"><c r="B1048576" t="inlineStr"><is><t>x</t></is></c></row>'
            "</sheetData>",
        ),
    )
    with pytest.raises(UnreadableDocument) as refused:
        read_document(path)
    limit = f"{xlsx_reader.MAX_ROWS:,}".replace(",", ".")
    assert str(refused.value) == (
        f"Tệp “ke-hoach.xlsx”, trang tính “Phụ lục II” có dữ liệu đến dòng 1.048.576, quá giới "
        f"hạn {limit} dòng một trang tính. Hãy chia kế hoạch thành nhiều trang tính hoặc nhiều "
        "tệp; không dòng nào được nhập."
    )


def test_a_value_beyond_the_column_limit_is_refused(tmp_path):
    workbook = openpyxl.Workbook()
    _plan_sheet(workbook.active)
    workbook.active.cell(9, xlsx_reader.MAX_COLUMNS + 1, "ghi chú ở rất xa")
    path = _save(workbook, tmp_path)
    with pytest.raises(UnreadableDocument, match=f"quá giới hạn {xlsx_reader.MAX_COLUMNS} cột"):
        read_document(path)


def test_a_plan_of_more_than_twenty_thousand_rows_is_read_whole(tmp_path):
    """The old bound cut such a plan at row 20,000 without a word."""
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("Phụ lục II")
    sheet.append(["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện"])
    tasks = 20_500
    for n in range(1, tasks + 1):
        sheet.append([n, f"Số hóa hồ sơ lưu trữ đợt {n}", "Sở Nội vụ", "Năm 2026"])
    path = tmp_path / "ke-hoach-lon.xlsx"
    workbook.save(path)

    rows = _tables(read_document(path))[0].rows

    assert len(rows) == tasks + 1
    assert rows[-1].cells[:2] == [str(tasks), f"Số hóa hồ sơ lưu trữ đợt {tasks}"]


def test_lines_above_the_header_are_paragraphs_for_the_plan_metadata(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Số: 15/KH-UBND", None, "Quảng Ngãi, ngày 5 tháng 1 năm 2026"])
    sheet.append(["KẾ HOẠCH"])
    sheet.append(["Chuyển đổi số năm 2026"])
    sheet.append([])
    sheet.append(["TT", "Nhiệm vụ", "Cơ quan chủ trì"])
    sheet.append([1, "Số hóa hồ sơ", "Sở Nội vụ"])
    document = read_document(_save(workbook, tmp_path))
    assert [p.text for p in document.blocks if isinstance(p, Paragraph)] == [
        "Số: 15/KH-UBND Quảng Ngãi, ngày 5 tháng 1 năm 2026",
        "KẾ HOẠCH",
        "Chuyển đổi số năm 2026",
    ]


def test_a_header_on_two_rows_is_one_table_with_its_lower_labels(tmp_path, resolver):
    book = openpyxl.Workbook()
    sheet = book.active
    for c, label in enumerate(["TT", "Nhiệm vụ", "Cơ quan thực hiện", None, "Thời hạn"], 1):
        if label:
            sheet.cell(1, c, label)
    sheet.cell(2, 3, "Chủ trì")
    sheet.cell(2, 4, "Phối hợp")
    sheet.merge_cells("C1:D1")
    for c in (1, 2, 5):
        sheet.merge_cells(start_row=1, start_column=c, end_row=2, end_column=c)
    for c, value in enumerate([1, "Số hóa hồ sơ", "Sở Nội vụ", "Sở Y tế", "Năm 2026"], 1):
        sheet.cell(3, c, value)
    draft = read_plan(read_document(_save(book, tmp_path)), resolver)
    assert [(t.lead_text, t.coordinating_text) for t in draft.tasks] == [("Sở Nội vụ", "Sở Y tế")]
