"""The duties per agency under "Tổ chức thực hiện", in the ways plans write them."""

from dxtrack.ingest.duties import body_duties
from dxtrack.plans.drafts import AgencyRef

KNOWN = {
    "Sở Tài chính": ("Sở Tài chính", None),
    "Sở Nội vụ": ("Sở Nội vụ", None),
    "Sở Thông tin và Truyền thông": ("Sở Khoa học và Công nghệ", None),
    "Báo và Phát thanh, Truyền hình tỉnh": ("Báo và Phát thanh, Truyền hình tỉnh", None),
    "các sở, ban, ngành": (None, "Các sở, ban, ngành"),
}


def _refs(text: str) -> list[AgencyRef]:
    agency, group = KNOWN.get(text, (None, None))
    return [AgencyRef(text=text, agency=agency, group=group)]


def _lines(*texts: str) -> list[tuple[str, int]]:
    return [(text, line) for line, text in enumerate(texts, start=1)]


def test_each_numbered_paragraph_naming_an_agency_is_its_duty():
    duties, unknown = body_duties(
        _lines(
            "III. NHIỆM VỤ",
            "1. Sở Tài chính",  # outside the part: not a duty
            "IV. TỔ CHỨC THỰC HIỆN",
            "1. Sở Thông tin và Truyền thông",
            "- Theo dõi, đôn đốc việc thực hiện Kế hoạch.",
            "- Tổng hợp, báo cáo UBND tỉnh hằng năm.",
            "2. Sở Tài chính",
            "Bố trí kinh phí thực hiện Kế hoạch.",
            "3. Sở Nội vụ: Tập huấn kỹ năng số cho công chức.",
            "4. Đề nghị Báo và Phát thanh, Truyền hình tỉnh: Tuyên truyền về chuyển đổi số.",
            "5. Thủ trưởng các sở, ban, ngành",
            "- Xây dựng kế hoạch của cơ quan.",
            "6. Trách nhiệm của cộng đồng",
            "Người dân chủ động học kỹ năng số.",
            "Trong quá trình thực hiện, các cơ quan báo cáo UBND tỉnh xem xét, quyết định./.",
            "Nơi nhận:",
        ),
        _refs,
    )
    assert [(d.number, d.lead_text, d.name) for d in duties] == [
        (
            "1",
            "Sở Thông tin và Truyền thông",
            "Theo dõi, đôn đốc việc thực hiện Kế hoạch. Tổng hợp, báo cáo UBND tỉnh hằng năm.",
        ),
        ("2", "Sở Tài chính", "Bố trí kinh phí thực hiện Kế hoạch."),
        ("3", "Sở Nội vụ", "Tập huấn kỹ năng số cho công chức."),
        ("4", "Báo và Phát thanh, Truyền hình tỉnh", "Tuyên truyền về chuyển đổi số."),
        ("5", "Thủ trưởng các sở, ban, ngành", "Xây dựng kế hoạch của cơ quan."),
    ]
    assert duties[0].lead[0].agency == "Sở Khoa học và Công nghệ"
    assert duties[4].lead[0].group == "Các sở, ban, ngành"
    assert all(d.section == ["IV TỔ CHỨC THỰC HIỆN"] and d.origin == "duty" for d in duties)
    # The closing paragraph ends the part; an unknown heading is reported, not guessed.
    assert unknown == [(13, "cộng đồng")]


def test_a_duty_written_as_a_sentence_names_its_subject():
    duties, unknown = body_duties(
        _lines(
            "V. TỔ CHỨC THỰC HIỆN",
            "1. Sở Tài chính chủ trì, cân đối nguồn kinh phí thực hiện Kế hoạch.",
            "2. Trên cơ sở Kế hoạch này, các cơ quan xây dựng kế hoạch của mình.",
        ),
        _refs,
    )
    assert [(d.lead_text, d.name) for d in duties] == [
        ("Sở Tài chính", "Sở Tài chính chủ trì, cân đối nguồn kinh phí thực hiện Kế hoạch.")
    ]
    assert unknown == []  # a numbered sentence that names no agency is simply no duty


def test_a_plan_without_the_part_has_no_duties():
    assert body_duties(_lines("I. MỤC TIÊU", "1. Sở Tài chính", "- Bố trí kinh phí."), _refs) == (
        [],
        [],
    )
