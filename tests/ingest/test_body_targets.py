"""Targets written as bullets in a plan's body: 001 of the province, and a plan of another
shape (phases instead of years, bullets without dashes as Word lists print them)."""

from dxtrack.ingest.body_targets import body_indicators, body_targets, split_targets


def _paragraphs(*lines: str) -> list[tuple[str, int]]:
    return [(line, number) for number, line in enumerate(lines, start=1)]


def test_a_bullet_with_three_targets_gives_three_sentences_with_the_shared_predicate():
    assert split_targets(
        "Trên 90% hồ sơ công việc tại cấp tỉnh; 80% hồ sơ công việc tại cấp huyện và 70% hồ sơ "
        "công việc tại cấp xã được xử lý trên môi trường mạng."
    ) == [
        "Trên 90% hồ sơ công việc tại cấp tỉnh được xử lý trên môi trường mạng.",
        "80% hồ sơ công việc tại cấp huyện được xử lý trên môi trường mạng.",
        "70% hồ sơ công việc tại cấp xã được xử lý trên môi trường mạng.",
    ]


def test_a_subject_written_once_before_two_targets_heads_both():
    assert split_targets("Mạng cáp quang phủ trên 85% thôn, tổ dân phố và đạt 100% cấp xã.") == [
        "Mạng cáp quang phủ trên 85% thôn, tổ dân phố",
        "Mạng cáp quang phủ đạt 100% cấp xã.",
    ]


def test_a_bullet_with_one_target_or_none_is_kept_as_written():
    one = "Tỷ trọng kinh tế số trong từng ngành, lĩnh vực đạt tối thiểu 10%."
    none = "Phổ cập dịch vụ mạng di động 4G/5G và điện thoại di động thông minh."
    assert split_targets(one) == [one]
    assert split_targets(none) == [none]


OTHER_PLAN = _paragraphs(
    "KẾ HOẠCH",
    "Chuyển đổi số tỉnh Bình Định giai đoạn 2026-2030",
    "I. MỤC ĐÍCH, YÊU CẦU",
    "- Quán triệt đầy đủ 80% nội dung Nghị quyết.",
    "II. MỤC TIÊU",
    "1. Mục tiêu chung",
    "Phát triển chính quyền số, kinh tế số, xã hội số.",
    "2. Mục tiêu cụ thể giai đoạn 2026-2027",
    "Phấn đấu đến năm 2027, tỉnh đạt các mục tiêu sau:",
    "a) Chính quyền số",
    "Tỷ lệ hồ sơ giải quyết thủ tục hành chính trực tuyến đạt tối thiểu 60%.",
    "100% cơ quan nhà nước kết nối mạng truyền số liệu chuyên dùng.",
    "b) Kinh tế số",
    "• Kinh tế số chiếm khoảng 15% GRDP của tỉnh.",
    "3. Mục tiêu cụ thể giai đoạn 2028-2030",
    "a) Chính quyền số",
    "- Tỷ lệ hồ sơ giải quyết thủ tục hành chính trực tuyến đạt tối thiểu 80%.",
    "b) Kinh tế số",
    "- Kinh tế số chiếm khoảng 25% GRDP của tỉnh.",
    "- Đến năm 2030, 70% doanh nghiệp nhỏ và vừa dùng nền tảng số.",
    "III. NHIỆM VỤ VÀ GIẢI PHÁP",
    "- Hoàn thành 100% nhiệm vụ được giao.",
)


def test_targets_take_the_milestone_of_their_heading_and_stop_at_the_next_part():
    found = body_targets(OTHER_PLAN)
    assert [(t.milestone, t.text[:30]) for t in found] == [
        ("2026-2027", "Tỷ lệ hồ sơ giải quyết thủ tục"),
        ("2026-2027", "100% cơ quan nhà nước kết nối "),
        ("2026-2027", "Kinh tế số chiếm khoảng 15% GR"),
        ("2028-2030", "Tỷ lệ hồ sơ giải quyết thủ tục"),
        ("2028-2030", "Kinh tế số chiếm khoảng 25% GR"),
        ("2030", "70% doanh nghiệp nhỏ và vừa dù"),
    ]
    assert found[0].section == ("II MỤC TIÊU", "a Chính quyền số")


def test_the_same_indicator_under_two_phases_is_one_indicator_with_two_targets():
    indicators = body_indicators(OTHER_PLAN)
    assert [
        (i.name, [(t.milestone, t.comparator, t.value) for t in i.targets]) for i in indicators
    ] == [
        (
            "Tỷ lệ hồ sơ giải quyết thủ tục hành chính trực tuyến đạt tối thiểu 60%.",
            [("2026-2027", ">=", 60.0), ("2028-2030", ">=", 80.0)],
        ),
        (
            "100% cơ quan nhà nước kết nối mạng truyền số liệu chuyên dùng.",
            [("2026-2027", ">=", 100.0)],
        ),
        (
            "Kinh tế số chiếm khoảng 15% GRDP của tỉnh.",
            [("2026-2027", "approx", 15.0), ("2028-2030", "approx", 25.0)],
        ),
        ("70% doanh nghiệp nhỏ và vừa dùng nền tảng số.", [("2030", ">=", 70.0)]),
    ]
    assert all(i.number == "" and i.unit == "%" for i in indicators)


def test_001_body_targets_come_in_as_indicators_for_2025_and_2030(seed):
    # 001 writes 26 target bullets: 15 under "1.1. Mục tiêu cơ bản đến năm 2025", 11 under
    # "1.2. … đến năm 2030". Two 2025 bullets and one 2030 bullet hold several targets
    # (hồ sơ công việc by level; cáp quang by household and commune): 30 targets in all.
    draft = seed("001")
    indicators = draft.indicators
    targets = [t for i in indicators for t in i.targets]
    assert len(targets) == 30
    assert sorted({t.milestone for t in targets}) == ["2025", "2030"]
    assert sum(1 for t in targets if t.milestone == "2025") == 18
    assert len(indicators) == 19
    assert sum(1 for i in indicators if len(i.targets) == 2) == 11
    signatures = next(i for i in indicators if "chữ ký số" in i.name)
    assert [(t.milestone, t.comparator, t.value, t.unit) for t in signatures.targets] == [
        ("2025", ">", 50.0, "%"),
        ("2030", ">", 70.0, "%"),
    ]
    assert signatures.section == ["I MỤC TIÊU", "c Phát triển xã hội số, thu hẹp khoảng cách số"]
    levels = [
        i for i in indicators if i.name.startswith(("Trên 90% hồ sơ", "80% hồ sơ", "70% hồ sơ"))
    ]
    assert [[t.value for t in i.targets] for i in levels] == [[90.0, 100.0], [80.0], [70.0, 90.0]]
    assert all(i.name.endswith("bí mật nhà nước).") for i in levels)
    # The tasks of 001 are read as before.
    assert len(draft.tasks) == 58


def test_a_plan_with_an_indicator_table_is_not_read_from_its_body_again(seed):
    assert len(seed("002").indicators) == 56
    assert len(seed("003").indicators) == 64


def test_an_objectives_line_without_a_number_heads_the_bullets_under_it():
    lines = [
        "II. MỤC TIÊU",
        "Mục tiêu cụ thể đến năm 2026",
        "- Trên 60% người dân trưởng thành sử dụng dịch vụ công trực tuyến.",
        "III. NHIỆM VỤ",
        "- 100% văn bản đi có ký số.",
    ]
    found = body_targets([(text, n) for n, text in enumerate(lines, start=1)])
    assert [(t.text, t.milestone, t.section) for t in found] == [
        (
            "Trên 60% người dân trưởng thành sử dụng dịch vụ công trực tuyến.",
            "2026",
            ("II MỤC TIÊU",),
        )
    ]
