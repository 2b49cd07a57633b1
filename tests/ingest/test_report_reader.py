"""Reading a filled result table from Word, Excel and tab-separated text into a ReportDraft.

The files are written here the way agencies send them back: the official header block
(issuing body, number, place and date, title), one table per appendix after a "Phụ lục"
paragraph, section rows spanning the width, merged cells.
"""

import datetime as dt
from pathlib import Path

import docx
import openpyxl
import pytest

from dxtrack.ingest.report_reader import NotAResultTable, read_report
from dxtrack.ingest.task_matching import CatalogueTask, TaskMatcher

HEADER = [
    "TT",
    "Tên nhiệm vụ",
    "Thời hạn",
    "Kết quả",
    "Mô tả",
    "Ngày hoàn thành thực tế",
    "Khó khăn/vướng mắc",
    "Đề xuất/kiến nghị",
    "Đánh giá",
]
TITLE = "Kết quả thực hiện nhiệm vụ chuyển đổi số năm 2026 của Sở Y tế"

FIRST = [
    ["I", "NHIỆM VỤ CHUNG", "", "", "", "", "", "", ""],
    [
        "1",
        "Triển khai bệnh án điện tử tại các cơ sở khám bệnh, chữa bệnh công lập",
        "30/9/2026",
        "Đã hoàn thành",
        "Đã triển khai bệnh án điện tử tại 20 bệnh viện công lập",
        "15/9/2026",
        "",
        "",
        "",
    ],
    [
        "2",
        "Kết nối Hệ thống thông tin y tế cơ sở với Cơ sở dữ liệu quốc gia về dân cư",
        "31/12/2026",
        "Đang thực hiện",
        "Đã kết nối 70/96 trạm y tế xã, phường, đặc khu",
        "",
        "Thiếu đường truyền tại các xã miền núi",
        "Đề nghị hỗ trợ kinh phí đường truyền",
        "",
    ],
    ["II", "NHIỆM VỤ RIÊNG", "", "", "", "", "", "", ""],
    [
        "3",
        "Số hóa hồ sơ sức khỏe điện tử của người dân",
        "Năm 2026",
        "Chưa thực hiện",
        "Chờ hướng dẫn của Bộ Y tế",
        "",
        "",
        "",
        "",
    ],
]
SECOND = [
    [
        "1",
        "Phổ cập kỹ năng số cho cán bộ y tế cấp xã",
        "Quý IV/2026",
        "Đang thực hiện",
        "Đã tập huấn 450 cán bộ",
        "",
        "",
        "",
        "",
    ],
]


def _merge_section_rows(table) -> None:
    for row in table.rows:
        if row.cells[0].text in ("I", "II"):
            row.cells[1].merge(row.cells[len(row.cells) - 1])


def _write_docx(path: Path, *, header=HEADER, appendices=(("Phụ lục I", FIRST),)) -> Path:
    document = docx.Document()
    for text in (
        "UBND TỈNH QUẢNG NGÃI",
        "SỞ Y TẾ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 15/BC-SYT",
        "Quảng Ngãi, ngày 5 tháng 12 năm 2026",
        "BÁO CÁO",
        TITLE,
        "Kính gửi: Sở Khoa học và Công nghệ",
        "Sở Y tế báo cáo kết quả thực hiện như Phụ lục đính kèm.",
    ):
        document.add_paragraph(text)
    for caption, rows in appendices:
        document.add_paragraph(caption)
        document.add_paragraph("Kết quả thực hiện các nhiệm vụ được giao")
        table = document.add_table(rows=1 + len(rows), cols=len(header))
        table.style = "Table Grid"
        for cell, label in zip(table.rows[0].cells, header, strict=True):
            cell.text = label
        for row, values in zip(table.rows[1:], rows, strict=True):
            for cell, value in zip(row.cells, values, strict=False):
                cell.text = value
        _merge_section_rows(table)
    document.save(path)
    return path


@pytest.fixture
def report_docx(tmp_path):
    return _write_docx(
        tmp_path / "bao-cao-so-y-te.docx",
        appendices=(("Phụ lục I", FIRST), ("Phụ lục II", SECOND)),
    )


def test_a_word_result_table_is_read_row_by_row_with_its_appendix(report_docx):
    draft = read_report(report_docx)

    assert [(r.appendix, r.number) for r in draft.rows] == [
        ("Phụ lục I", "1"),
        ("Phụ lục I", "2"),
        ("Phụ lục I", "3"),
        ("Phụ lục II", "1"),
    ]
    first, second, third, fourth = draft.rows
    assert first.task == "Triển khai bệnh án điện tử tại các cơ sở khám bệnh, chữa bệnh công lập"
    assert first.deadline.text == "30/9/2026"
    assert first.deadline.date == dt.date(2026, 9, 30)
    assert first.status == "Đã hoàn thành"
    assert first.description == "Đã triển khai bệnh án điện tử tại 20 bệnh viện công lập"
    assert first.completed_on.date == dt.date(2026, 9, 15)
    assert second.completed_on is None
    assert second.difficulties == "Thiếu đường truyền tại các xã miền núi"
    assert second.proposals == "Đề nghị hỗ trợ kinh phí đường truyền"
    assert third.deadline.text == "Năm 2026"
    assert third.status == "Chưa thực hiện"
    assert fourth.deadline.text == "Quý IV/2026"
    assert fourth.where == "Phụ lục II, TT 1"


def test_the_header_block_gives_number_issuer_date_and_title(report_docx):
    draft = read_report(
        report_docx, issuer_of=lambda text: "Sở Y tế" if text == "SỞ Y TẾ" else text
    )

    assert draft.source == "bao-cao-so-y-te.docx"
    assert draft.number == "15/BC-SYT"
    assert draft.issuer == "Sở Y tế"
    assert draft.date == dt.date(2026, 12, 5)
    assert draft.title == TITLE


def test_the_report_json_has_the_spec_shape(report_docx):
    data = read_report(report_docx).to_json()

    assert set(data) == {"source", "report", "rows", "warnings"}
    assert set(data["report"]) == {"number", "issuer", "date", "title"}
    assert data["report"]["date"] == "2026-12-05"
    assert data["rows"][0] == {
        "appendix": "Phụ lục I",
        "number": "1",
        "task": "Triển khai bệnh án điện tử tại các cơ sở khám bệnh, chữa bệnh công lập",
        "deadline": {"text": "30/9/2026", "date": "2026-09-30"},
        "status": "Đã hoàn thành",
        "description": "Đã triển khai bệnh án điện tử tại 20 bệnh viện công lập",
        "completed_on": {"text": "15/9/2026", "date": "2026-09-15"},
        "difficulties": "",
        "proposals": "",
        "evaluation": "",
        "match": None,
    }


def test_a_deadline_merged_over_several_rows_serves_each_of_them(tmp_path):
    path = _write_docx(tmp_path / "gop-o.docx")
    document = docx.Document(path)
    table = document.tables[0]
    # Rows 1 and 2 share one deadline cell, as Word authors merge equal cells.
    table.rows[2].cells[2].merge(table.rows[3].cells[2])
    table.rows[2].cells[2].text = "31/12/2026"
    document.save(path)

    draft = read_report(path)

    assert [r.deadline.text for r in draft.rows[:2]] == ["31/12/2026", "31/12/2026"]


@pytest.mark.parametrize(
    "header",
    [
        [
            "STT",
            "Nội dung nhiệm vụ",
            "Thời hạn hoàn thành",
            "Tình trạng",
            "Kết quả thực hiện",
            "Thời điểm hoàn thành",
            "Tồn tại, hạn chế",
            "Kiến nghị",
            "Ghi chú",
        ],
        [
            "Số TT",
            "Nhiệm vụ, giải pháp",
            "Thời gian",
            "Mức độ hoàn thành",
            "Kết quả chi tiết",
            "Ngày hoàn\nthành thực tế",
            "Khó khắn, vướng mắc",
            "Đề xuất",
            "Đánh giá của Cơ quan Thường trực",
        ],
        [
            "TT",
            "Nội dung nhiệm vụ",
            "Thời hạn",
            "Tiến độ",
            "Tình hình thực hiện",
            "Ngày hoàn thành thực tế",
            "Khó khăn, vướng mắc",
            "Kiến nghị",
            "Ghi chú",
        ],
    ],
)
def test_other_wordings_of_the_header_map_to_the_same_columns(tmp_path, header):
    draft = read_report(_write_docx(tmp_path / "bao-cao.docx", header=header))

    first = draft.rows[0]
    assert first.task.startswith("Triển khai bệnh án điện tử")
    assert first.deadline.date == dt.date(2026, 9, 30)
    assert first.status == "Đã hoàn thành"
    assert first.description.startswith("Đã triển khai bệnh án điện tử")
    assert first.completed_on.date == dt.date(2026, 9, 15)
    assert draft.rows[1].difficulties == "Thiếu đường truyền tại các xã miền núi"


def test_an_excel_result_table_whose_header_is_not_on_the_first_row(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["A1"] = "UBND TỈNH QUẢNG NGÃI"
    sheet["A2"] = "SỞ Y TẾ"
    sheet["A3"] = "Quảng Ngãi, ngày 5 tháng 12 năm 2026"
    sheet["A5"] = "Phụ lục I"
    sheet.append([])
    sheet.append(HEADER)
    for values in FIRST:
        sheet.append(values)
    # Dates typed as dates, as Excel users do.
    sheet.cell(row=9, column=3).value = dt.datetime(2026, 9, 30)  # noqa: DTZ001
    sheet.cell(row=9, column=6).value = dt.datetime(2026, 9, 15)  # noqa: DTZ001
    path = tmp_path / "bao-cao.xlsx"
    workbook.save(path)

    draft = read_report(path)

    assert [r.number for r in draft.rows] == ["1", "2", "3"]
    assert draft.rows[0].appendix == "Phụ lục I"
    assert draft.rows[0].deadline.date == dt.date(2026, 9, 30)
    assert draft.rows[0].completed_on.date == dt.date(2026, 9, 15)
    assert draft.rows[1].status == "Đang thực hiện"
    assert draft.date == dt.date(2026, 12, 5)


def test_a_tab_separated_result_table(tmp_path):
    lines = ["Phụ lục I", "\t".join(HEADER)] + ["\t".join(values) for values in FIRST]
    path = tmp_path / "bao-cao.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    draft = read_report(path)

    assert [r.number for r in draft.rows] == ["1", "2", "3"]
    assert draft.rows[1].task.startswith("Kết nối Hệ thống thông tin y tế cơ sở")
    assert draft.rows[1].deadline.date == dt.date(2026, 12, 31)
    assert draft.rows[1].proposals == "Đề nghị hỗ trợ kinh phí đường truyền"


def test_a_file_without_a_result_table_is_refused_naming_the_file(tmp_path):
    document = docx.Document()
    document.add_paragraph("Kế hoạch chuyển đổi số năm 2026")
    table = document.add_table(rows=2, cols=4)
    for cell, label in zip(
        table.rows[0].cells, ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Thời gian"], strict=True
    ):
        cell.text = label
    table.rows[1].cells[1].text = "Triển khai bệnh án điện tử"
    path = tmp_path / "ke-hoach.docx"
    document.save(path)

    with pytest.raises(NotAResultTable) as raised:
        read_report(path)

    message = str(raised.value)
    assert "ke-hoach.docx" in message
    assert "không có bảng kết quả" in message


def test_rows_are_matched_to_the_catalogue_when_a_matcher_is_given(report_docx):
    matcher = TaskMatcher(
        [
            CatalogueTask(
                11,
                "38/KH-UBND",
                "Triển khai bệnh án điện tử tại các cơ sở khám "
                "bệnh, chữa bệnh công lập trên địa bàn tỉnh",
            ),
            CatalogueTask(12, "38/KH-UBND", "Phổ cập kỹ năng số cho người dân"),
        ]
    )

    draft = read_report(report_docx, matcher=matcher)

    assert draft.rows[0].match.task_id == 11
    assert draft.rows[0].to_json()["match"]["plan"] == "38/KH-UBND"
    assert any(
        w.where == "Phụ lục I, TT 3" and "Không tìm thấy nhiệm vụ" in w.message
        for w in draft.warnings
    )


def test_a_header_block_laid_out_in_a_table_is_read(tmp_path):
    document = docx.Document()
    layout = document.add_table(rows=2, cols=2)
    layout.rows[0].cells[0].text = "UBND TỈNH QUẢNG NGÃI\nSỞ Y TẾ"
    layout.rows[0].cells[1].text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"
    layout.rows[1].cells[0].text = "Số: 15/BC-SYT"
    layout.rows[1].cells[1].text = "Quảng Ngãi, ngày 5 tháng 12 năm 2026"
    document.add_paragraph("BÁO CÁO")
    document.add_paragraph(TITLE)
    table = document.add_table(rows=2, cols=len(HEADER))
    for cell, label in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = label
    for cell, value in zip(table.rows[1].cells, FIRST[1], strict=True):
        cell.text = value
    path = tmp_path / "bao-cao.docx"
    document.save(path)

    draft = read_report(path)

    assert (draft.number, draft.issuer, draft.date, draft.title) == (
        "15/BC-SYT",
        "SỞ Y TẾ",
        dt.date(2026, 12, 5),
        TITLE,
    )
    assert [r.number for r in draft.rows] == ["1"]
