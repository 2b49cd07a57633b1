"""A plan's reporting regime and funding read from its text (seeds 001–004)."""

from decimal import Decimal

import pytest

from dxtrack.ingest.document import Document, Paragraph, Row, Table
from dxtrack.ingest.regime_text import (
    Regime,
    budget_read,
    plan_funding_read,
    plan_regime_apply,
    regime_read,
)
from dxtrack.plans.drafts import PlanDraft, ProjectDraft, TaskDraft


@pytest.mark.parametrize(
    "texts, kind, due_rule",
    [
        # 002: the agencies by 30/11, the standing body by 15/12: the agencies' is kept.
        (
            [
                "- Chủ trì tổ chức triển khai, theo dõi, đôn đốc, kiểm tra việc thực hiện Kế "
                "hoạch này. Định kỳ hằng năm (*trước ngày 15/12*) báo cáo Bộ Khoa học và Công "
                "nghệ, Ủy ban nhân dân tỉnh tình hình, kết quả triển khai thực hiện.",
                "- Định kỳ hằng năm (*trước ngày 30/11*) báo cáo tình hình thực hiện Kế hoạch "
                "này về Sở Khoa học và Công nghệ.",
            ],
            "yearly",
            "date:11-30",
        ),
        # 003
        (
            [
                "3. Thủ trưởng các sở ban ngành, địa phương tập trung chỉ đạo thực hiện nội "
                "dung nhiệm vụ, giải pháp cụ thể; tăng cường kiểm tra, đôn đốc việc triển khai "
                "thực hiện Kế hoạch hành động này, định kỳ hàng tháng, 3 tháng, 6 tháng, 1 năm "
                "báo cáo kết quả thực hiện về UBND tỉnh qua Sở Khoa học và Công nghệ trước ngày "
                "10 hàng tháng để tổng hợp, báo cáo UBND tỉnh."
            ],
            "monthly",
            "next_month:10",
        ),
        # 004
        (
            [
                "Thống nhất thực hiện báo cáo tình hình triển khai nhiệm vụ được giao tại Kế "
                "hoạch số 02-KH/BCĐTW và những vấn đề vướng mắc có liên quan gửi Văn phòng "
                "Trung ương Đảng - Cơ quan Thường trực Ban Chỉ đạo trước 16 giờ hằng ngày để "
                "tổng hợp"
            ],
            "daily",
            "same_day:16:00",
        ),
        # 001: agencies quarterly, the standing body every six months and yearly.
        (
            [
                "định kỳ 06 tháng, năm tham mưu, tổng hợp báo cáo sơ kết, tổng kết đánh giá.",
                "- Định kỳ hàng quý, báo cáo tình hình triển khai công tác chuyển đổi số, gửi "
                "Sở Thông tin và Truyền thông tổng hợp.",
            ],
            "quarterly",
            "",
        ),
    ],
)
def test_the_regime_is_read_from_the_sentences_that_ask_for_reports(texts, kind, due_rule):
    regime = regime_read(texts)

    assert regime is not None
    assert (regime.kind, regime.due_rule) == (kind, due_rule)


@pytest.mark.parametrize(
    "text",
    [
        "100% chế độ báo cáo của các cơ quan được thực hiện trên Hệ thống thông tin báo cáo.",
        "Định kỳ kiểm tra, diễn tập phòng chống tấn công mạng.",
        "tổ chức các lớp tập huấn định kỳ hằng năm",
    ],
)
def test_sentences_that_set_no_regime_give_none(text):
    assert regime_read([text]) is None


@pytest.mark.parametrize(
    "text, amount",
    [
        ("15.000", Decimal("15000")),
        ("6.250,5", Decimal("6250.5")),
        ("1,5 tỷ đồng", Decimal("1500")),
        ("2.500 triệu đồng", Decimal("2500")),
        ("Chưa xác định", None),
    ],
)
def test_budgets_are_read_in_millions_of_dong(text, amount):
    assert budget_read(text) == amount


def test_the_plans_funding_sentence_gives_its_source():
    text = (
        "Kinh phí thực hiện Kế hoạch này được bố trí từ nguồn ngân sách nhà nước theo phân "
        "cấp ngân sách hiện hành và huy động từ các nguồn tài trợ, đầu tư hợp pháp khác."
    )

    assert plan_funding_read([text]) == (
        "Ngân sách nhà nước theo phân cấp ngân sách hiện hành và huy động từ các nguồn tài "
        "trợ, đầu tư hợp pháp khác"
    )


def _item(kind, name):
    return kind(section=[], number="1", name=name, line=1, appendix="")


def test_a_funding_table_gives_each_row_its_own_and_the_plan_the_rest():
    centre = _item(ProjectDraft, "Xây dựng Trung tâm dữ liệu tỉnh")
    other = _item(TaskDraft, "Tổ chức tập huấn kỹ năng số")
    draft = PlanDraft(source="ke-hoach.docx", tasks=[other], projects=[centre])
    document = Document(
        name="ke-hoach.docx",
        blocks=[
            Paragraph(
                text="Định kỳ hằng quý, các đơn vị báo cáo kết quả về Sở Khoa học và Công "
                "nghệ trước ngày 05 của tháng sau.",
                line=1,
            ),
            Paragraph(text="Kinh phí thực hiện được bố trí từ nguồn ngân sách tỉnh.", line=2),
            Table(
                rows=[
                    Row(cells=["TT", "Tên dự án", "Nguồn vốn", "Tổng mức đầu tư (triệu đồng)"]),
                    Row(
                        cells=[
                            "1",
                            "Xây dựng Trung tâm dữ liệu tỉnh",
                            "Ngân sách trung ương hỗ trợ",
                            "15.000",
                        ]
                    ),
                ]
            ),
        ],
    )

    plan_regime_apply(document, draft)

    assert (draft.report_kind, draft.report_due_rule) == ("quarterly", "next_month:5")
    assert (centre.funding_source, centre.budget) == ("Ngân sách trung ương hỗ trợ", 15000)
    assert (other.funding_source, other.budget) == ("Ngân sách tỉnh", None)
    assert isinstance(regime_read(["Định kỳ hằng tháng báo cáo."]), Regime)
