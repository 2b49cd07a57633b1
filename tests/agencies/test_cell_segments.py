from dxtrack.agencies.cell_segments import clean_text, split_weak, starts_name, strong_segments


def test_semicolons_bullets_and_a_dangling_dash_always_separate():
    cell = "Sở Y tế; Sở Tài chính\n- Sở Nội vụ\n• UBND các xã\nSở Nông nghiệp và Môi trường –trường"

    assert strong_segments(cell) == [
        "Sở Y tế",
        " Sở Tài chính",
        "Sở Nội vụ",
        "UBND các xã\nSở Nông nghiệp và Môi trường",
    ]


def test_weak_separators_inside_parentheses_do_not_cut():
    segment = "Sở Văn hóa, Thể thao và Du lịch (VH, TT và DL), UBND xã"

    spans = split_weak(segment)

    assert [segment[start:end] for start, end in spans] == [
        "Sở Văn hóa",
        "Thể thao",
        "Du lịch (VH, TT và DL)",
        "UBND xã",
    ]


def test_clean_text_drops_bookmarks_and_edge_punctuation():
    assert clean_text("  Sở Y tế [bookmark: x].  ") == "Sở Y tế"


def test_words_that_start_a_name():
    assert starts_name("UBND xã Tịnh Khê")
    assert not starts_name("Thể thao và Du lịch")
