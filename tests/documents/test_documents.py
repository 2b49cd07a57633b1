"""Every document of a filled-in period of the province's plans: structure, content, and the
Excel file holding the same tables as the Word file."""

import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from documents.conftest import VARIANTS
from documents.province_year import AS_OF
from documents.support import (
    body_text,
    data_tables,
    docx,
    header_depth,
    nfc,
    sheet_rows_as_text,
    sheets,
)
from dxtrack.accounts.access import SYSTEM
from dxtrack.consolidation.aggregation import period_consolidation
from dxtrack.documents.layouts.wording import NO_INDICATORS
from dxtrack.documents.services import document_produce
from dxtrack.documents.word_tables import table_texts
from dxtrack.reporting.models import AgencyReport, ProjectUpdate, TaskUpdate

pytestmark = pytest.mark.django_db

NAMES = [name for name, _kind, _narrowing in VARIANTS]
RESULT_HEADER = [
    "TT",
    "Tên nhiệm vụ",
    "Thời hạn",
    "Kết quả",
    "Mô tả",
    "Ngày hoàn thành thực tế",
    "Khó khăn/vướng mắc",
    "Đề xuất/kiến nghị",
    "Đánh giá tiến độ",
    "Đánh giá của Cơ quan Thường trực",
]


@pytest.mark.parametrize("name", NAMES)
def test_every_document_opens_with_the_header_block_and_signature(produced, name):
    document = docx(produced[name]["docx"])
    text = body_text(document)
    for expected in (
        "UBND TỈNH QUẢNG NGÃI",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Quảng Ngãi, ngày 02 tháng 12 năm 2026",
        "Nơi nhận:",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Phan Văn Hiếu",
    ):
        assert expected in text, expected
    assert document.styles["Normal"].font.name == "Times New Roman"
    first = document.sections[0]
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)


@pytest.mark.parametrize("name", NAMES)
def test_excel_holds_the_same_tables_as_word(produced, name):
    tables = data_tables(docx(produced[name]["docx"]))
    workbook = sheets(produced[name]["xlsx"])
    assert len(tables) == len(workbook) > 0
    for table, rows in zip(tables, workbook, strict=True):
        depth = header_depth(table)
        word = table_texts(table)[depth:]
        excel = sheet_rows_as_text(rows, depth)
        assert len(word) == len(excel)
        for word_row, excel_row in zip(word, excel, strict=True):
            # A heading row is one merged cell after the number: compare what it shows.
            assert word_row == excel_row[: len(word_row)]


@pytest.mark.parametrize("name", ["appendix", "appendix_dost", "indicators", "scorecard"])
def test_wide_appendices_are_landscape_with_the_header_repeated(produced, name):
    document = docx(produced[name]["docx"])
    last = document.sections[-1]
    assert last.orientation == WD_ORIENT.LANDSCAPE
    assert last.page_width > last.page_height
    table = data_tables(document)[-1]
    depth = header_depth(table)
    assert depth >= 1
    for tr in table._tbl.tr_lst[depth:]:
        assert tr.trPr is None or tr.trPr.find(qn("w:tblHeader")) is None
    assert table._tbl.tblGrid.findall(qn("w:gridCol"))


def _results_table(document):
    # The task results; the key projects (Phụ lục III) follow in their own table.
    (table,) = [t for t in data_tables(document) if table_texts(t)[0][:2] == RESULT_HEADER[:2]]
    return table


def test_result_appendix_has_the_columns_of_dosts_report(produced, year):
    table = _results_table(docx(produced["appendix_dost"]["docx"]))
    rows = table_texts(table)
    assert rows[0] == RESULT_HEADER
    lead_updates = TaskUpdate.objects.filter(
        report__period=year.period, report__agency=year.dost, role=TaskUpdate.Role.LEAD
    )
    data = [r for r in rows[1:] if len(r) == len(RESULT_HEADER)]
    assert len(data) == lead_updates.count()
    done = [r for r in data if r[3] == "Đã hoàn thành"]
    assert done and all(r[5] == "30/06/2026" for r in done)
    assert any("Quyết định số 1827-QĐ/TU ngày 11/02/2025" in r[4] for r in done)
    assert {r[8] for r in data} <= {
        "Hoàn thành đúng hạn",
        "Đang thực hiện, trong hạn",
        "Chưa thực hiện",
    } | {r[8] for r in data if r[8].startswith(("Hoàn thành quá hạn", "Quá hạn"))}


def test_the_appendix_prints_the_standing_bodys_evaluation_and_the_key_projects(produced, year):
    document = docx(produced["appendix_dost"]["docx"])
    rows = [r for r in table_texts(_results_table(document))[1:] if len(r) == len(RESULT_HEADER)]
    evaluations = {r[9] for r in rows if r[9]}
    assert evaluations == {"Đã hoàn thành, đề nghị nhân rộng.", "Cần đẩy nhanh tiến độ."}
    # Kept apart from the agency's own difficulties and proposals.
    assert not evaluations & ({r[6] for r in rows} | {r[7] for r in rows})
    projects = ProjectUpdate.objects.filter(report__period=year.period, report__agency=year.dost)
    assert projects.exists()
    (table,) = [t for t in data_tables(document) if table_texts(t)[0][1] == "Dự án"]
    header, *lines = table_texts(table)
    assert "Kinh phí đã giải ngân (triệu đồng)" in header
    assert {line[1] for line in lines} == {p.project.name for p in projects}


def test_consolidated_appendix_groups_the_rows_by_agency(produced, year):
    rows = table_texts(_results_table(docx(produced["appendix"]["docx"])))
    headings = [r[1] for r in rows[1:] if len(r) == 2]
    names = sorted(
        AgencyReport.objects.filter(period=year.period, task_updates__role="lead")
        .values_list("agency__name", flat=True)
        .distinct()
    )
    assert headings == sorted(headings) == names
    assert "Sở Nông nghiệp và Môi trường" in headings


def test_report_follows_the_provinces_form(produced):
    document = docx(produced["report_plan"]["docx"])
    text = body_text(document)
    for part in (
        "Phần A. ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN CÁC MỤC TIÊU ĐÃ ĐẶT RA",
        "Phần B. KẾT QUẢ THỰC HIỆN CÁC NHIỆM VỤ ĐƯỢC GIAO",
        "Phần C. ĐÁNH GIÁ VÀ KIẾN NGHỊ",
        "1. Thể chế",
        "7. Kỹ năng số, công dân số và văn hóa số",
        "a) Tồn tại, hạn chế",
        "b) Đề xuất, kiến nghị",
        "- Sở Khoa học và Công nghệ: Hạ tầng mạng tại các xã miền núi, đặc khu Lý Sơn chưa đồng bộ",
        "- Sở Y tế: Ưu tiên kinh phí số hóa 50% Giấy chứng nhận quyền sử dụng đất còn lại",
    ):
        assert part in text, part
    # The 2022–2025 form's targets are all for 2025: a 2026 period asks none of them.
    assert NO_INDICATORS in text
    (tasks,) = data_tables(document)
    assert table_texts(tasks)[0] == [
        "STT",
        "Nhiệm vụ, giải pháp",
        "Chủ trì",
        "Thời gian",
        "Mức độ hoàn thành",
        "Kết quả chi tiết",
    ]
    headings = [r[1] for r in table_texts(tasks) if len(r) == 2]
    assert "PHÁT TRIỂN NỀN MÓNG CHO KINH TẾ SỐ VÀ XÃ HỘI SỐ" in headings
    assert "Hoàn thiện thể chế" in headings


def test_report_verdicts_are_the_consolidations(produced, year):
    consolidation = period_consolidation(period=year.period, as_of=AS_OF)
    expected = [row.verdict_label for row in consolidation.indicators]
    shown = [
        r[5]
        for table in data_tables(docx(produced["report"]["docx"]))
        if table_texts(table)[0][1] == "Chỉ tiêu"
        for r in table_texts(table)[1:]
        if len(r) == 6
    ]
    assert shown == expected
    assert {"Đạt", "Chưa đạt", "Chưa có số liệu"} <= set(shown)
    plan_row = next(p for p in consolidation.plans if p.plan.pk == year.form_plan.pk)
    text = nfc(body_text(docx(produced["report_plan"]["docx"])))
    assert f"Tổng số {plan_row.tally.total} lượt nhiệm vụ" in text
    assert f"{plan_row.tally.done} đã hoàn thành" in text


def test_chasing_letter_lists_the_agencies_that_owe_and_what(produced, year):
    document = docx(produced["chasing"]["docx"])
    text = nfc(body_text(document))
    assert "V/v đôn đốc gửi báo cáo kết quả thực hiện" in text
    assert "trước ngày 09/12/2026" in text  # a week after the letter
    owing, owed = data_tables(document)
    rows = {r[1]: r for r in table_texts(owing)[1:]}
    assert "Sở Tài chính" in rows and "Sở Nội vụ" in rows
    assert "Sở Khoa học và Công nghệ" not in rows and "Sở Y tế" not in rows
    assert rows["Sở Nội vụ"][2] == "Trả lại để bổ sung"
    assert rows["Sở Tài chính"][2] == "Chưa gửi 2 ngày"
    blank = TaskUpdate.objects.filter(
        report__period=year.period, report__agency=year.finance, role="lead", status=""
    ).count()
    assert blank > 0 and rows["Sở Tài chính"][4] == str(blank)
    owed_rows = table_texts(owed)
    start = next(i for i, r in enumerate(owed_rows) if r[1:] == ["Sở Tài chính"])
    listed = 0
    for row in owed_rows[start + 1 :]:
        if len(row) == 2:
            break
        listed += 1
    assert listed == blank


def test_scorecard_ranks_as_the_consolidation(produced, year):
    consolidation = period_consolidation(period=year.period, as_of=AS_OF)
    table = data_tables(docx(produced["scorecard"]["docx"]))[-1]
    rows = table_texts(table)[1:]
    assert [r[1] for r in rows] == [s.agency.name for s in consolidation.agencies]
    assert [r[0] for r in rows] == [str(s.rank) for s in consolidation.agencies]
    dost = next(r for r in rows if r[1] == "Sở Khoa học và Công nghệ")
    assert dost[2] == "Gửi đúng hạn"
    workbook = sheets(produced["scorecard"]["xlsx"])[0]
    scores = [row[-1] for row in workbook[3:]]
    assert scores == [s.score for s in consolidation.agencies]
    assert all(isinstance(score, int | float) for score in scores)


def test_indicator_table_has_a_column_for_every_milestone(produced):
    document = docx(produced["indicators"]["docx"])
    tables = data_tables(document)
    resolution = next(t for t in tables if any("2045" in cell for cell in table_texts(t)[1]))
    upper, lower = table_texts(resolution)[:2]
    assert "Mục tiêu theo mốc" in upper
    assert lower[4:9] == ["2025", "2030", "2035", "2040", "2045"]
    rows = table_texts(resolution)[2:]
    enterprises = next(r for r in rows if r[1].startswith("Số lượng doanh nghiệp khoa học"))
    assert enterprises[4:9] == ["≥ 8", "≥ 15", "≥ 20", "≥ 50", "≥ 60"]


def test_producing_a_document_runs_a_bounded_number_of_queries(year, django_assert_max_num_queries):
    with django_assert_max_num_queries(30):
        document_produce(actor=SYSTEM, kind="report", period=year.period, fmt="xlsx", as_of=AS_OF)
    with django_assert_max_num_queries(30):
        document_produce(actor=SYSTEM, kind="chasing", period=year.period, fmt="docx", as_of=AS_OF)
