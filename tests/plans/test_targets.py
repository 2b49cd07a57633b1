import pytest

from dxtrack.plans.targets import NOT_UNDERSTOOD, Target, parse_target


def _t(comparator, value=None, unit=None, high=None):
    return Target(comparator=comparator, value=value, unit=unit, high=high)


# Cells as they occur in the seed documents' target columns.
SEED_CELLS = [
    # 000, "Mục tiêu 2025".
    ("20%", _t(">=", 20, "%")),
    ("80%", _t(">=", 80, "%")),
    ("≥ 10%", _t(">=", 10, "%")),
    ("> 2%", _t(">", 2, "%")),
    ("> 10%", _t(">", 10, "%")),
    ("> 30%", _t(">", 30, "%")),
    ("> 50%", _t(">", 50, "%")),
    ("> 70%", _t(">", 70, "%")),
    ("> 80%", _t(">", 80, "%")),
    ("> 90%", _t(">", 90, "%")),
    # 002, Phụ lục I "Kết quả".
    ("100%", _t(">=", 100, "%")),
    ("95%", _t(">=", 95, "%")),
    ("5%", _t(">=", 5, "%")),
    ("Đạt", _t("done")),
    ("01 dự án", _t(">=", 1, "dự án")),
    # 003, Phụ lục I, columns "Đến hết năm 2025" … "Đến năm 2045".
    ("≥ 8", _t(">=", 8)),
    ("≥ 1.000", _t(">=", 1000)),
    ("≥  25", _t(">=", 25)),
    ("≥3", _t(">=", 3)),
    ("≥ 0,6", _t(">=", 0.6)),
    ("≥ 0,92", _t(">=", 0.92)),
    ("≥ 1,0", _t(">=", 1.0)),
    ("≥ 2,5", _t(">=", 2.5)),
    ("≥ 01", _t(">=", 1)),
    ("1,0", _t(">=", 1.0)),
    ("30", _t(">=", 30)),
    ("100", _t(">=", 100)),
    ("≤ 5", _t("<=", 5)),
    ("≤ 15", _t("<=", 15)),
    ("X", _t("done")),
]


@pytest.mark.parametrize("text, expected", SEED_CELLS)
def test_parse_target_reads_the_seed_cells(text, expected):
    assert parse_target(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("100%", _t(">=", 100, "%")),
        ("≥ 10%", _t(">=", 10, "%")),
        (">= 10%", _t(">=", 10, "%")),
        ("> 50%", _t(">", 50, "%")),
        ("87,43%", _t(">=", 87.43, "%")),
        ("87,43 %", _t(">=", 87.43, "%")),
        ("< 5", _t("<", 5)),
        ("<= 5", _t("<=", 5)),
        ("= 100%", _t("=", 100, "%")),
        ("~ 20%", _t("approx", 20, "%")),
        ("Tối thiểu 50%", _t(">=", 50, "%")),
        ("tối thiểu 50%", _t(">=", 50, "%")),
        ("TỐI THIỂU 50%", _t(">=", 50, "%")),
        ("Toi thieu 50%", _t(">=", 50, "%")),
        ("Ít nhất 2", _t(">=", 2)),
        ("không dưới 30%", _t(">=", 30, "%")),
        ("Trên 80%", _t(">", 80, "%")),
        ("hơn 70%", _t(">", 70, "%")),
        ("Dưới 5%", _t("<", 5, "%")),
        ("ít hơn 3", _t("<", 3)),
        ("Tối đa 3", _t("<=", 3)),
        ("không quá 10%", _t("<=", 10, "%")),
        ("khoảng 20%", _t("approx", 20, "%")),
        ("đạt khoảng 20%", _t("approx", 20, "%")),
        ("Phấn đấu 20%", _t(">=", 20, "%")),
        ("Phấn đấu đạt 20%", _t(">=", 20, "%")),
    ],
)
def test_parse_target_reads_the_comparator_written_before_the_number(text, expected):
    assert parse_target(text) == expected


def test_phan_dau_reads_like_the_bare_number_the_appendix_gives_for_the_same_target():
    # 002 body: "Phần đầu 20% doanh nghiệp …"; 002 Phụ lục I, same indicator: "20%".
    body = parse_target("Phần đầu 20% doanh nghiệp trên địa bàn tỉnh sử dụng hợp đồng điện tử.")
    assert body == parse_target("20%") == _t(">=", 20, "%")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("30-40", _t(">=", 30, high=40)),
        ("35-45", _t(">=", 35, high=45)),
        ("30 - 40 dự án", _t(">=", 30, "dự án", high=40)),
        ("30–40%", _t(">=", 30, "%", high=40)),
        ("30% - 40%", _t(">=", 30, "%", high=40)),
        ("từ 30% đến 40%", _t(">=", 30, "%", high=40)),
        ("Từ 15 đến 20 doanh nghiệp", _t(">=", 15, "doanh nghiệp", high=20)),
        ("Kinh tế số chiếm từ 12% đến 15% GRDP", _t(">=", 12, "%", high=15)),
        # A year after "đến" is a milestone, not an upper end.
        ("50% đến 2025", _t(">=", 50, "%")),
        ("40-30", _t(">=", 40)),
    ],
)
def test_parse_target_reads_a_range_as_at_least_its_lower_end(text, expected):
    assert parse_target(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Đạt", "đạt", "Hoàn thành", "hoàn thành", "Đã hoàn thành", "X", "x", "Dat", "Hoan thanh"],
)
def test_parse_target_reads_achieved_answers_as_done_without_a_value(text):
    assert parse_target(text) == _t("done")


@pytest.mark.parametrize(
    "text",
    # 003 Phụ lục II "Kết quả", and a result with a year that is not a quantity.
    ["Hoàn thành kết nối", "Hoàn thành mô hình", "Hoàn thành trong năm 2025"],
)
def test_parse_target_reads_a_completion_phrase_without_a_quantity_as_done(text):
    assert parse_target(text) == _t("done")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("01 dự án", _t(">=", 1, "dự án")),
        ("05 doanh nghiệp", _t(">=", 5, "doanh nghiệp")),
        ("≥ 15 Doanh nghiệp", _t(">=", 15, "Doanh nghiệp")),
        ("01 dự án.", _t(">=", 1, "dự án")),
        ("10 người/vạn dân", _t(">=", 10, "người/vạn dân")),
    ],
)
def test_parse_target_keeps_the_unit_word_written_after_the_number(text, expected):
    assert parse_target(text) == expected


@pytest.mark.parametrize(
    "text, column_unit, expected",
    [
        # 003 gives the unit its own "Đơn vị" column.
        ("≥ 10", "%", _t(">=", 10, "%")),
        ("100", "% ", _t(">=", 100, "%")),
        ("≥ 15", "% GRDP", _t(">=", 15, "%")),
        ("≥ 80", "% dân số", _t(">=", 80, "%")),
        ("≥ 8", "Doanh nghiệp", _t(">=", 8, "Doanh nghiệp")),
        ("≥ 7", "Người/vạn dân", _t(">=", 7, "Người/vạn dân")),
        ("X", "Hoàn thành", _t("done")),
        ("50%", "Doanh nghiệp", _t(">=", 50, "%")),
        ("≥ 0,6", None, _t(">=", 0.6)),
    ],
)
def test_parse_target_takes_the_unit_column_when_the_cell_names_no_unit(
    text, column_unit, expected
):
    assert parse_target(text, unit=column_unit) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Bullets from the bodies of 001 and 002.
        (
            "Phấn đấu tỷ trọng kinh tế số đạt khoảng 20% tổng sản phẩm trên địa bàn (GRDP)",
            _t("approx", 20, "%"),
        ),
        ("Tỷ trọng kinh tế số đạt tối thiểu 30% GRDP.", _t(">=", 30, "%")),
        ("Năng suất lao động hằng năm tăng tối thiểu 7%.", _t(">=", 7, "%")),
        ("Tỷ lệ doanh nghiệp nhỏ và vừa sử dụng nền tảng số đạt trên 50%.", _t(">", 50, "%")),
        (
            "Trên 90% hồ sơ công việc tại cấp tỉnh; 80% hồ sơ công việc tại cấp huyện và 70% "
            "hồ sơ công việc tại cấp xã được xử lý trên môi trường mạng",
            _t(">", 90, "%"),
        ),
        (
            "Tối thiểu 80% dân số từ 15 tuổi trở lên có tài khoản tại ngân hàng.",
            _t(">=", 80, "%"),
        ),
        ("Mạng băng rộng di động 5G phủ sóng 85% dân số.", _t(">=", 85, "%")),
        (
            "Phần đầu có tối thiểu 01 dự án đầu tư ứng dụng công nghệ thông tin phục vụ phát "
            "triển Chính quyền số trên địa bàn tỉnh áp dụng mô hình hợp tác công tư (PPP).",
            _t(">=", 1, "dự án"),
        ),
        (
            "100% các ứng dụng, nền tảng được ban hành theo Quyết định số 33/2025/QĐ-TTg ngày "
            "15/9/2025 của Thủ tướng Chính phủ",
            _t(">=", 100, "%"),
        ),
        ("Tỉnh Quảng Ngãi bảo đảm đạt cấp độ 3 mức độ trưởng thành.", _t(">=", 3)),
    ],
)
def test_parse_target_reads_the_target_inside_a_sentence(text, expected):
    assert parse_target(text) == expected


def test_tren_meaning_on_does_not_become_a_comparator_away_from_the_number():
    assert parse_target("Tỷ lệ sử dụng IPv6 trên địa bàn tỉnh đạt 60%.") == _t(">=", 60, "%")


@pytest.mark.parametrize("text", ["", "   ", "-", "–", "…", "…..", ".....", "\n"])
def test_parse_target_returns_none_when_there_is_no_target(text):
    assert parse_target(text) is None


@pytest.mark.parametrize(
    "text",
    [
        # 002 Phụ lục II "Kết quả": results, not quantities.
        "Báo cáo thực hiện",
        "Nghị quyết của HĐND tỉnh",
        "Văn bản được cấp có thẩm quyền ban hành",
        # Numbers that are product names, document numbers and dates, not targets.
        "Phổ cập dịch vụ mạng di động 4G/5G và điện thoại di động thông minh.",
        "Theo Kế hoạch số 38/KH-UBND ngày 20/02/2024",
        "Đặt hàng nhiệm vụ khoa học",
        "≥",
    ],
)
def test_parse_target_tells_written_but_not_understood_from_no_target(text):
    assert parse_target(text) == NOT_UNDERSTOOD == _t(None)
