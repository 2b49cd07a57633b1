"""Result tables a PDF extraction wrapped line by line: 004 itself, and layouts like it."""

import datetime as dt
from pathlib import Path

import pytest

from dxtrack.ingest.result_lines import parse_date, read_wrapped_results
from dxtrack.ingest.wrapped_columns import join_wrapped, lines_of

SEED_004 = Path(__file__).resolve().parents[3] / "shared" / "seeds" / "004_3b23c18a7941d152.txt"


@pytest.fixture(scope="module")
def seed_rows():
    if not SEED_004.is_file():
        pytest.skip("../shared/seeds is not beside the project")
    rows, warnings = read_wrapped_results(lines_of(SEED_004.read_text(encoding="utf-8")))
    return {(row.appendix, row.number): row for row in rows}, rows, warnings


def test_every_row_of_both_appendices_is_read_in_sequence(seed_rows):
    _by_key, rows, _warnings = seed_rows

    first = [row.number for row in rows if row.appendix == "Phụ lục I"]
    second = [row.number for row in rows if row.appendix == "Phụ lục II"]
    assert first == [str(n) for n in range(1, 52)]
    assert second == [str(n) for n in range(1, 26)]


# (appendix, number, task start, task end, deadline, status, completion as written)
SPOT_CHECKS = [
    (
        "Phụ lục I",
        "1",
        "Hoàn thành triển khai xây dựng, đưa vào khai thác",
        "đồng bộ dữ liệu về Trung tâm dữ liệu quốc gia",
        "31/8/2025",
        "Đang thực hiện",
        "31/8/2025",
    ),
    (
        "Phụ lục I",
        "3",
        "Tỉnh uỷ, thành uỷ thành lập Ban Chỉ đạo",
        "tính thực thi và linh hoạt với thực tế",
        "31/3/2025",
        "Đã hoàn thành",
        "29/4/2025",
    ),
    # A page break without a page number: the name's tail comes after the completion date.
    (
        "Phụ lục I",
        "12",
        "Bảo đảm hạ tầng kho lưu trữ",
        "dữ liệu khi thực hiện thuê dịch vụ hạ tầng kỹ thuật",
        "31/12/2025",
        "Đang thực hiện",
        "31/12/2025",
    ),
    # The same, with no completion date: the tail is inside the description's run.
    (
        "Phụ lục I",
        "16",
        "(1) Phát huy vai trò người đứng đầu",
        "trình độ chuyên môn khoa học kỹ thuật trong cấp uỷ các cấp",
        "31/12/2025",
        "Đang thực hiện",
        None,
    ),
    # The name's tail is the first line of the next page, alone ("gia").
    (
        "Phụ lục I",
        "26",
        "Chủ động nâng cấp, phát triển Hệ thống",
        "trực tuyến trên Cổng Dịch vụ công quốc gia",
        "20/6/2025",
        "Đã hoàn thành",
        "20/6/2025",
    ),
    # The name ends with a date of its own; the deadline follows it.
    (
        "Phụ lục I",
        "43",
        "Chủ động rà soát, tổng hợp nhu cầu cấp",
        "gửi Ban Cơ yếu Chính phủ trước ngày 15/7/2025",
        "15/7/2025",
        "",
        None,
    ),
    # "31/12" + "/2025", and a status over four lines.
    (
        "Phụ lục II",
        "3",
        "Cụ thể hóa nhiệm vụ chuyển đổi số",
        "của cơ quan, tổ chức, đơn vị.",
        "31/12/2025",
        "Đã và Đang thực hiện",
        None,
    ),
    # A page number (49) inside the row.
    (
        "Phụ lục II",
        "20",
        "Hoàn thành việc triển khai các nhiệm vụ",
        "gồm: Phát triển kinh tế ban đêm.",
        "30/9/2025",
        "Đang thực hiện",
        "30/9/2025",
    ),
    (
        "Phụ lục II",
        "24",
        "Triển khai một số khu công nghiệp công nghệ số",
        "thời kỳ 2021 - 2030, tầm nhìn đến năm 2050",
        "30/6/2028",
        "Chưa thực hiện",
        "30/6/2028",
    ),
]


@pytest.mark.parametrize(
    "appendix, number, start, end, deadline, status, completed",
    SPOT_CHECKS,
    ids=[f"{c[0][-3:].strip()}-{c[1]}" for c in SPOT_CHECKS],
)
def test_a_row_of_004_is_read_as_written(
    seed_rows, appendix, number, start, end, deadline, status, completed
):
    by_key, _rows, _warnings = seed_rows
    row = by_key[(appendix, number)]

    assert row.task.startswith(start)
    assert row.task.endswith(end)
    assert row.deadline.text == deadline
    assert row.deadline.date == parse_date(deadline)
    assert row.status == status
    assert (row.completed_on.text if row.completed_on else None) == completed


def test_the_description_of_004_joins_a_symbol_cut_after_its_hyphen(seed_rows):
    by_key, _rows, _warnings = seed_rows
    row = by_key[("Phụ lục I", "4")]

    assert "Nghị quyết số 66/NQ-CP ngày 26 tháng 3 năm 2025" in row.description
    assert row.description.startswith("Đã thực hiện tái cấu trúc quy trình thủ tục hành chính")


def test_the_row_whose_columns_came_out_on_one_line_is_split_and_warned(seed_rows):
    by_key, _rows, warnings = seed_rows
    row = by_key[("Phụ lục II", "10")]

    assert row.task.startswith("Triển khai các nền tảng số quốc gia, nền tảng số dùng chung")
    assert row.task.endswith("trên môi trường số.")
    assert row.deadline.date == dt.date(2025, 12, 31)
    assert row.status == "Đã và đang thực hiện"
    assert row.description.startswith("(1) UB tỉnh đã ban hành Kế hoạch số 130/KH-UBND")
    assert any(where == "Phụ lục II, TT 10" and "trộn" in message for where, message in warnings)


def test_rows_of_004_without_a_status_are_warned(seed_rows):
    _by_key, _rows, warnings = seed_rows

    unstated = {where for where, message in warnings if "Không thấy kết quả" in message}
    assert unstated == {
        "Phụ lục I, TT 37",
        "Phụ lục I, TT 43",
        "Phụ lục I, TT 45",
        "Phụ lục II, TT 12",
        "Phụ lục II, TT 18",
    }


@pytest.mark.parametrize(
    "parts, expected",
    [
        (["Nghị quyết số 66/NQ-", "CP ngày 26 tháng 3"], "Nghị quyết số 66/NQ-CP ngày 26 tháng 3"),
        (["31/8/", "2025"], "31/8/2025"),
        (["31/12", "/2025"], "31/12/2025"),
        (["giai đoạn 2021-", "2025"], "giai đoạn 2021-2025"),
        (["Đã hoàn", "thành"], "Đã hoàn thành"),
        (["kinh tế -", "xã hội"], "kinh tế - xã hội"),
        (["  chuyển đổi   số ", "", "quốc gia"], "chuyển đổi số quốc gia"),
    ],
)
def test_join_wrapped(parts, expected):
    assert join_wrapped(parts) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("30/6/2025", dt.date(2025, 6, 30)),
        ("01/10/2025", dt.date(2025, 10, 1)),
        ("31/ 12 /2025", dt.date(2025, 12, 31)),
        ("31/2/2025", None),
        ("Thường xuyên", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


HEADER = """\
UBND TỈNH QUẢNG NGÃI
SỞ Y TẾ
BÁO CÁO
Kết quả thực hiện nhiệm vụ chuyển đổi số năm 2026
Phụ lục I
Kết quả thực hiện các nhiệm vụ được giao
TT Tên nhiệm vụ Thời hạn Kết quả Mô tả
Ngày hoàn
thành thực
tế
Khó
khăn/vướng
mắc
"""

# Row 1 has a page number (7) inside it, after which its name goes on; row 2 has no
# status; the document skips number 3.
WRAPPED = (
    HEADER
    + """\
1.
Xây dựng Kho dữ liệu
dùng chung của tỉnh,
kết nối với Trung tâm
31/12/
2026
Đã hoàn
thành
Đã đưa Kho dữ liệu dùng chung vào vận
hành theo Quyết định số 1234/QĐ-
UBND ngày 02/11/2026
15/11/2026
7
dữ liệu quốc gia
2.
Triển khai Nền tảng
quản lý học tập tại
các trường THPT
30/6/
2026
Đã khảo sát nhu cầu của 45 trường
4.
Phổ cập kỹ năng số
cho người dân qua Tổ
công nghệ số cộng
đồng
Quý IV/2026
Đang
thực
hiện
Đã tập huấn cho 1.250 thành viên Tổ
công nghệ số cộng đồng tại 96 xã,
phường, đặc khu
"""
)


@pytest.fixture
def wrapped():
    rows, warnings = read_wrapped_results(lines_of(WRAPPED))
    return {row.number: row for row in rows}, rows, warnings


def test_a_page_number_inside_a_row_is_not_a_row_and_the_name_goes_on_after_it(wrapped):
    by_number, rows, _warnings = wrapped
    row = by_number["1"]

    assert [r.number for r in rows] == ["1", "2", "4"]
    assert row.appendix == "Phụ lục I"
    assert row.task == (
        "Xây dựng Kho dữ liệu dùng chung của tỉnh, kết nối với Trung tâm dữ liệu quốc gia"
    )
    assert row.deadline.text == "31/12/2026"
    assert row.status == "Đã hoàn thành"
    assert row.description == (
        "Đã đưa Kho dữ liệu dùng chung vào vận hành theo Quyết định số 1234/QĐ-UBND ngày 02/11/2026"
    )
    assert row.completed_on.date == dt.date(2026, 11, 15)


def test_a_row_without_a_status_keeps_its_deadline_and_description_and_is_warned(wrapped):
    by_number, _rows, warnings = wrapped
    row = by_number["2"]

    assert row.task == "Triển khai Nền tảng quản lý học tập tại các trường THPT"
    assert row.deadline.date == dt.date(2026, 6, 30)
    assert row.status == ""
    assert row.description == "Đã khảo sát nhu cầu của 45 trường"
    assert ("Phụ lục I, TT 2", "Không thấy kết quả (tình trạng) của nhiệm vụ.") in warnings


def test_a_number_the_document_skips_does_not_swallow_the_next_row(wrapped):
    by_number, _rows, _warnings = wrapped
    row = by_number["4"]

    assert row.task == "Phổ cập kỹ năng số cho người dân qua Tổ công nghệ số cộng đồng"
    assert row.deadline.text == "Quý IV/2026"
    assert row.deadline.date is None
    assert row.status == "Đang thực hiện"
    assert row.description.endswith("tại 96 xã, phường, đặc khu")
    assert row.completed_on is None


def test_a_page_break_the_extraction_indents_carries_the_name_on():
    text = (
        HEADER
        + "1.\nTăng cường bảo đảm an\ntoàn thông tin cho các\n31/12/\n2026\nĐang\nthực\nhiện\n"
        "Đã giám sát 120 hệ thống thông tin qua\nTrung tâm giám sát an toàn thông\n"
        " hệ thống thông tin\ncủa tỉnh\ntin mạng (SOC) của tỉnh, cảnh báo 35 sự cố\n"
    )

    (row,), _warnings = read_wrapped_results(lines_of(text))

    assert row.task == "Tăng cường bảo đảm an toàn thông tin cho các hệ thống thông tin của tỉnh"
    assert row.description == (
        "Đã giám sát 120 hệ thống thông tin qua Trung tâm giám sát an toàn thông tin mạng "
        "(SOC) của tỉnh, cảnh báo 35 sự cố"
    )


def test_a_text_without_a_result_header_has_no_rows():
    rows, warnings = read_wrapped_results(lines_of("Phụ lục I\n1.\nMột nhiệm vụ\n31/12/2026\n"))

    assert rows == []
    assert warnings == []
