import datetime as dt

import pytest

from dxtrack.ingest.metadata import read_metadata

HEADER = [
    "ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
    "Độc lập - Tự do - Hạnh phúc",
    "Số: 12/KH-UBND",
    "Quảng Ngãi, ngày 11 tháng 8 năm 2025",
    "KẾ HOẠCH",
    "Triển khai thực hiện Nghị quyết số 13-NQ/TU ngày 06/9/2023 của Ban Thường vụ Tỉnh ủy",
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/02/2025;",
]


def test_the_header_of_an_administrative_document_gives_number_date_issuer_and_title():
    meta = read_metadata(HEADER)
    assert meta.number == "12/KH-UBND"
    assert meta.date == dt.date(2025, 8, 11)
    assert meta.issuer == "UBND tỉnh Quảng Ngãi"
    assert meta.kind == "Kế hoạch"
    assert meta.title == (
        "Kế hoạch Triển khai thực hiện Nghị quyết số 13-NQ/TU ngày 06/9/2023 "
        "của Ban Thường vụ Tỉnh ủy"
    )
    assert meta.implements == "Nghị quyết số 13-NQ/TU"
    assert meta.status is None


def test_an_appendix_caption_gives_number_date_and_issuer():
    meta = read_metadata(["(Kèm theo Kế hoạch số 38/KH-UBND ngày 20/02/2024 của UBND tỉnh)"])
    assert (meta.number, meta.date, meta.issuer) == (
        "38/KH-UBND",
        dt.date(2024, 2, 20),
        "UBND tỉnh",
    )


def test_the_province_named_in_the_document_completes_the_issuer():
    meta = read_metadata(
        [
            "Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2026 - 2030",
            "(Kèm theo Quyết định số 15/QĐ-UBND ngày 10/3/2026 của Chủ tịch UBND tỉnh)",
        ]
    )
    assert meta.issuer == "UBND tỉnh Quảng Ngãi"


def test_the_issuing_body_in_capitals_names_the_province():
    meta = read_metadata(
        [
            "BAN THƯỜNG VỤ TỈNH ỦY KHÓA XX",  # the Party committee is not a province
            "ỦY BAN NHÂN DÂN TỈNH KON TUM",
            "Số: 3/KH-UBND",
        ]
    )
    assert meta.issuer == "UBND tỉnh Kon Tum"


def test_an_issuing_body_broken_over_two_lines_is_read_whole():
    meta = read_metadata(
        ["ỦY BAN NHÂN DÂN", "TỈNH QUẢNG NGÃI", "Số: 45/KH-UBND", "KẾ HOẠCH", "Dữ liệu số"]
    )
    assert meta.issuer == "UBND tỉnh Quảng Ngãi"


def test_a_caption_issued_by_a_department_names_the_department():
    meta = read_metadata(["(Kèm theo Kế hoạch số 7/KH-SKHCN ngày 02/01/2026 của Sở Y tế)"])
    assert meta.issuer == "Sở Y tế"


def test_the_number_line_wins_over_the_caption_of_an_appendix():
    meta = read_metadata(
        ["Số: 38/KH-UBND", "(Kèm theo Kế hoạch số 99/KH-UBND ngày 20/02/2024 của UBND tỉnh)"]
    )
    assert meta.number == "38/KH-UBND"
    assert meta.date == dt.date(2024, 2, 20)


@pytest.mark.parametrize(
    "line, number",
    [
        ("Số: 12/KH-UBND", "12/KH-UBND"),
        ("Số: 411/QĐ-TTg", "411/QĐ-TTg"),
        ("Số: 13-NQ/TU", "13-NQ/TU"),
        ("Số 359-KH/TU", "359-KH/TU"),
        ("Số: 05 /KH-UBND", "05/KH-UBND"),  # typed into the form's blank
        ("Số:  225  /  BC-SKHCN", "225/BC-SKHCN"),
        ("Số: 33/2025/QĐ-TTg", "33/2025/QĐ-TTg"),
    ],
)
def test_number_and_symbol_as_written_on_the_number_line(line, number):
    assert read_metadata([line]).number == number


@pytest.mark.parametrize(
    "paragraphs",
    [
        ["Số: …../KH-UBND"],
        ["Số:       /BC-SKHCN           Quảng Ngãi, ngày   11  tháng 8 năm 2025"],
        ["(Kèm theo Kế hoạch hành động số …..../KH-UBND ngày ….../5/2025 của UBND tỉnh)"],
        ["(Kèm theo Kế hoạch số: /KH-UBND ngày tháng năm 2026 của UBND tỉnh Quảng Ngãi)"],
        ["(Kèm theo Quyết định số       /QĐ-UBND ngày     /5/2025 của Chủ tịch UBND tỉnh)"],
    ],
)
def test_a_number_left_blank_for_the_signature_is_null(paragraphs):
    assert read_metadata(paragraphs).number is None


@pytest.mark.parametrize(
    "paragraphs, date",
    [
        (["Quảng Ngãi, ngày 11 tháng 8 năm 2025"], dt.date(2025, 8, 11)),
        (["Hà Nội, ngày 31 tháng 3 năm 2022"], dt.date(2022, 3, 31)),
        (["Số:    /BC-SKHCN     Quảng Ngãi, ngày   11  tháng 8 năm 2025"], dt.date(2025, 8, 11)),
        (["(Kèm theo Kế hoạch số 38/KH-UBND ngày 20/02/2024 của UBND tỉnh)"], dt.date(2024, 2, 20)),
        (["Quảng Ngãi, ngày     tháng     năm 2026"], None),
        (["(Kèm theo Kế hoạch số …/KH-UBND ngày …/5/2025 của UBND tỉnh)"], None),
        (["(Kèm theo Quyết định số 1/QĐ-UBND ngày 31/02/2024 của UBND tỉnh)"], None),
    ],
)
def test_date_of_issue(paragraphs, date):
    assert read_metadata(paragraphs).date == date


@pytest.mark.parametrize("mark", ["DỰ THẢO", " DỰ THẢO", "Dự thảo", "DỰ THẢO."])
def test_a_draft_says_so_at_the_top(mark):
    assert read_metadata([mark, "QUYẾT ĐỊNH", "Ban hành Kế hoạch hành động"]).status == "draft"


def test_dự_thảo_in_the_body_does_not_make_a_draft():
    body = ["KẾ HOẠCH", "Chuyển đổi số", *[f"Đoạn {n}" for n in range(10)], "DỰ THẢO"]
    assert read_metadata(body).status is None


def test_a_decision_whose_title_is_in_sentence_case_is_named_by_its_kind():
    meta = read_metadata(
        [
            "DỰ THẢO",
            "QUYẾT ĐỊNH",
            "Ban hành Kế hoạch hành động thực hiện Nghị quyết số 71/NQ-CP ",
            "ngày 01/4/2025 của Chính phủ",
            "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH QUẢNG NGÃI",
        ]
    )
    assert meta.kind == "Quyết định"
    assert meta.title == (
        "Quyết định Ban hành Kế hoạch hành động thực hiện Nghị quyết số 71/NQ-CP "
        "ngày 01/4/2025 của Chính phủ"
    )
    assert meta.implements == "Nghị quyết số 71/NQ-CP"
    assert meta.issuer == "UBND tỉnh Quảng Ngãi"


def test_a_title_in_capitals_keeps_the_kind_as_written():
    meta = read_metadata(["KẾ HOẠCH", "CHUYỂN ĐỔI SỐ NĂM 2026", "Căn cứ Luật ..."])
    assert meta.title == "KẾ HOẠCH CHUYỂN ĐỔI SỐ NĂM 2026"


def test_paragraphs_that_say_nothing_leave_every_field_null():
    meta = read_metadata(["Phần A. ĐÁNH GIÁ TÌNH HÌNH THỰC HIỆN", "I. PHÁT TRIỂN KINH TẾ SỐ"])
    assert (meta.number, meta.title, meta.issuer, meta.date, meta.status) == (
        None,
        None,
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    "text, replaced",
    [
        (
            "Kế hoạch này thay thế Kế hoạch số 45/KH-UBND ngày 10/3/2025 của UBND tỉnh.",
            ["Kế hoạch số 45/KH-UBND"],
        ),
        (
            "- Kế hoạch có hiệu lực kể từ ngày ký và thay thế Kế hoạch số 51/KH-UBND ngày "
            "07/3/2025 của UBND tỉnh thực hiện Nghị quyết số 03/NQ-CP ngày 09/01/2025.",
            ["Kế hoạch số 51/KH-UBND"],
        ),
        (
            "Quyết định này thay thế Quyết định số 1/QĐ-UBND ngày 1/1/2020 và Quyết định "
            "số 2/QĐ–UBND ngày 2/2/2021 của UBND tỉnh.",
            ["Quyết định số 1/QĐ-UBND", "Quyết định số 2/QĐ-UBND"],
        ),
        ("Điều 3. Bãi bỏ Quyết định số 12/2020/QĐ-UBND.", ["Quyết định số 12/2020/QĐ-UBND"]),
        # A task that replaces or repeals something is not the plan's own act.
        ("- Rà soát, bãi bỏ các quy định cản trở đổi mới sáng tạo.", None),
        ("Xây dựng ứng dụng thay thế Kế hoạch số 3/KH-UBND trên giấy.", None),
    ],
)
def test_the_documents_a_plan_replaces_or_repeals(text, replaced):
    assert read_metadata(["Số: 112/KH-UBND", text]).replaces == replaced
