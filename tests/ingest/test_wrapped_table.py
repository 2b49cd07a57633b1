"""Tables of a PDF extraction whose cells were wrapped line by line: number, name, deadline.

004 is the province's result report extracted from PDF; the small documents below are
written in the same layout so that each rule is seen on its own.
"""

from pathlib import Path

import pytest

from dxtrack.ingest.plan_reader import read_plan
from dxtrack.ingest.readers import read_document

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"

WRAPPED = """\
Phụ lục I
Kết quả thực hiện nhiệm vụ

TT Tên nhiệm vụ Thời hạn Kết quả Mô tả

Ngày hoàn

thành thực

tế

1.

Số hóa hồ sơ lưu trữ

của các cơ quan nhà

nước trên địa bàn tỉnh

31/8/

2025

Đang

thực

hiện

Đã số hóa 50% hồ sơ của các sở, ngành

và UBND cấp xã trong tỉnh.

3

2.

Báo cáo kết quả thực

hiện trước ngày

01/10/2025

01/10/

2025

Đã hoàn

thành

(1) Đã gửi báo cáo số 12/BC-SKHCN

1. Danh mục dùng chung

01/10/2025

3

Xây dựng kho dữ liệu

dùng chung, kết nối

với các hệ thống của

31/12/

2025

Chưa

thực

hiện

Đang khảo sát hiện trạng hạ tầng

4

 tỉnh và Trung ương

"""


@pytest.fixture
def wrapped(tmp_path, resolver):
    path = tmp_path / "bao-cao.txt"
    path.write_text(WRAPPED, encoding="utf-8")
    return read_plan(read_document(path), resolver)


def test_rows_start_at_the_next_number_and_page_numbers_are_not_rows(wrapped):
    # "3" after row 1 is a page number; "1. Danh mục" is a list inside a description;
    # "3" without a dot after row 2 starts row 3.
    assert [t.number for t in wrapped.tasks] == ["1", "2", "3"]


def test_the_name_ends_at_the_deadline(wrapped):
    assert wrapped.tasks[0].name == (
        "Số hóa hồ sơ lưu trữ của các cơ quan nhà nước trên địa bàn tỉnh"
    )
    assert wrapped.tasks[0].timeframe.text == "31/8/2025"
    assert wrapped.tasks[0].timeframe.end.isoformat() == "2025-08-31"


def test_a_date_closing_the_name_stays_in_the_name(wrapped):
    task = wrapped.tasks[1]
    assert task.name == "Báo cáo kết quả thực hiện trước ngày 01/10/2025"
    assert task.timeframe.text == "01/10/2025"


def test_the_tail_of_a_name_cut_by_a_page_break_is_joined(wrapped):
    task = wrapped.tasks[2]
    assert (
        task.name
        == "Xây dựng kho dữ liệu dùng chung, kết nối với các hệ thống của tỉnh và Trung ương"
    )
    assert task.timeframe.text == "31/12/2025"


def test_every_row_is_warned_about_and_a_joined_tail_is_said(wrapped):
    messages = [w.message for w in wrapped.warnings]
    assert [m.split(":")[0] for m in messages] == ["TT 1", "TT 2", "TT 3"]
    assert all("các cột còn lại không tách được" in m for m in messages)
    assert "sang trang" in messages[2]
    assert all(w.where.startswith("Phụ lục I, dòng ") for w in wrapped.warnings)


def test_other_columns_are_left_empty_rather_than_guessed(wrapped):
    assert {t.result for t in wrapped.tasks} == {""}
    assert all(not t.lead for t in wrapped.tasks)


# -- 004, the province's report ----------------------------------------------------------------


@pytest.fixture(scope="module")
def report(directory):
    (path,) = SEEDS.glob("004_*.txt")
    return read_plan(read_document(path), directory)


def test_004_gives_the_tasks_of_both_appendices_numbered_in_order(report):
    numbers = [t.number for t in report.tasks]
    assert numbers == [str(n) for n in range(1, 52)] + [str(n) for n in range(1, 26)]
    assert {t.appendix for t in report.tasks} == {"Phụ lục I", "Phụ lục II"}


@pytest.mark.parametrize(
    "appendix, number, start, end, deadline",
    [
        (
            "Phụ lục I",
            "1",
            "Hoàn thành triển khai xây dựng",
            "Trung tâm dữ liệu quốc gia",
            "31/8/2025",
        ),
        (
            "Phụ lục I",
            "13",
            "Đẩy mạnh tuyên truyền",
            "đơn vị hành chính. Nhiệm vụ thường xuyên",
            "31/12/2025",
        ),
        (
            "Phụ lục I",
            "15",
            "Đồng chí Nguyễn Duy Ngọc",
            "mà không có lý do chính đáng",
            "31/12/2025",
        ),
        (
            "Phụ lục I",
            "19",
            "Chủ trì xây dựng lộ trình",
            "thực hiện trước ngày 01/10/2025",
            "01/10/2025",
        ),
        ("Phụ lục I", "20", "Đẩy mạnh hợp tác", "được giao phụ trách của bộ, ngành.", "31/12/2025"),
        ("Phụ lục I", "35", "Quán triệt, triển khai", "đến hết tháng 12/2025", "31/12/2025"),
        ("Phụ lục II", "3", "Cụ thể hóa nhiệm vụ", "của cơ quan, tổ chức, đơn vị.", "31/12/2025"),
        (
            "Phụ lục II",
            "10",
            "Triển khai các nền tảng số quốc gia,",
            "trên môi trường số.",
            "31/12/2025",
        ),
        ("Phụ lục II", "24", "Triển khai một số khu công", "tầm nhìn đến năm 2050", "30/6/2028"),
    ],
)
def test_004_names_and_deadlines(report, appendix, number, start, end, deadline):
    (task,) = [t for t in report.tasks if t.appendix == appendix and t.number == number]
    assert task.name.startswith(start)
    assert task.name.endswith(end)
    assert task.timeframe.text == deadline


def test_004_every_row_has_a_warning_naming_it(report):
    warned = {(w.where.split(",")[0], w.message.split(":")[0]) for w in report.warnings}
    assert {(t.appendix, f"TT {t.number}") for t in report.tasks} <= warned
