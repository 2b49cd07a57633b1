"""An agency cell's entries as written, whatever the directory folded or cut."""

import pytest

from dxtrack.ingest.agency_cells import agency_lines_unwrapped, agency_refs_as_written
from dxtrack.plans.drafts import AgencyRef


def _read(directory, text):
    refs = [AgencyRef(r.text, r.agency, r.group) for r in directory.resolve_cell(text)]
    return [
        (r.text, r.agency or r.group)
        for r in agency_refs_as_written(text, refs, directory.resolve_cell)
    ]


def test_two_names_of_one_agency_keep_both_entries_in_the_order_written(directory):
    assert _read(directory, "Sở Thông tin và Truyền thông, Sở Khoa học và Công nghệ") == [
        ("Sở Thông tin và Truyền thông", "Sở Khoa học và Công nghệ"),
        ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ"),
    ]
    assert _read(directory, "Sở KH&CN; Công an tỉnh; Sở Khoa học và Công nghệ") == [
        ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
        ("Công an tỉnh", "Công an tỉnh"),
        ("Sở Khoa học và Công nghệ", "Sở Khoa học và Công nghệ"),
    ]


@pytest.mark.parametrize(
    "cell, names",
    [
        ("Cục Thông tin, Thống kê", ["Cục Thông tin, Thống kê"]),
        ("Văn phòng\nBộ", ["Văn phòng Bộ"]),
        ("Sở Tài chính, Sở Nội vụ", ["Sở Tài chính", "Sở Nội vụ"]),
        ("Cục An toàn thông tin; Trung tâm Công nghệ thông tin", None),
    ],
)
def test_an_unknown_name_cut_at_a_comma_or_a_line_break_is_one_name(directory, cell, names):
    read = [text for text, _ in _read(directory, cell)]
    assert read == (names or [n.strip() for n in cell.split(";")])


@pytest.mark.parametrize(
    "cell, names",
    [
        # An office of two bodies sharing the level written after the second.
        ("Văn phòng HĐND và UBND xã", ["Văn phòng HĐND và UBND xã"]),
        ("Văn phòng UBND tỉnh và UBND các xã", ["Văn phòng UBND tỉnh", "UBND các xã"]),
        # Kinds a plural lists share what follows the last of them.
        ("Các thôn, tổ dân phố", ["Các thôn, tổ dân phố"]),
        ("UBND các xã, thị trấn", ["UBND các xã, thị trấn"]),
        ("Các Cục, Vụ liên quan", ["Các Cục, Vụ liên quan"]),
        # …but a piece the directory knows stands alone.
        ("Các sở, ban, ngành, địa phương", ["Các sở, ban, ngành", "địa phương"]),
        ("Phòng Kinh tế, Hợp tác xã nông nghiệp", ["Phòng Kinh tế", "Hợp tác xã nông nghiệp"]),
        ("Cục Chuyển đổi số, Vụ Pháp chế", ["Cục Chuyển đổi số", "Vụ Pháp chế"]),
    ],
)
def test_names_the_writing_makes_one_stay_one_and_lists_stay_apart(directory, cell, names):
    assert [text for text, _ in _read(directory, cell)] == names


@pytest.mark.parametrize(
    "cell, unwrapped",
    [
        ("Phòng Văn hóa - Xã\nhội", "Phòng Văn hóa - Xã hội"),
        ("Phòng Văn hóa -\nXã hội", "Phòng Văn hóa - Xã hội"),
        ("Phòng Văn hóa\n- Xã hội", "Phòng Văn hóa - Xã hội"),
        ("- Sở Tài chính\n- Sở Nội vụ", "- Sở Tài chính\n- Sở Nội vụ"),
        # A bulleted cell an extraction put on one line.
        ("- Sở Tài chính - Công an tỉnh", "- Sở Tài chính\n- Công an tỉnh"),
        ("- Phòng Văn hóa - Xã hội", "- Phòng Văn hóa - Xã hội"),
        ("Sở Văn hóa, Thể thao và\nDu lịch", "Sở Văn hóa, Thể thao và Du lịch"),
        ("Vụ Tổ chức cán bộ, Văn\nphòng Bộ", "Vụ Tổ chức cán bộ, Văn phòng Bộ"),
        ("Văn phòng\nHĐND và UBND\nxã", "Văn phòng HĐND và UBND xã"),
        (
            "Sở Nông nghiệp và Môi trường\ncác tỉnh, thành phố",
            "Sở Nông nghiệp và Môi trường các tỉnh, thành phố",
        ),
        # Lines that each start a name are a list, whatever the column's width.
        ("Sở Tài chính\ncác sở, ban, ngành", "Sở Tài chính\ncác sở, ban, ngành"),
        ("Sở Tài chính\nSở Nội vụ", "Sở Tài chính\nSở Nội vụ"),
        ("Sở Tài chính;\nxã Tịnh Trà", "Sở Tài chính;\nxã Tịnh Trà"),
    ],
)
def test_a_name_wrapped_in_a_narrow_column_is_joined_again(directory, cell, unwrapped):
    assert agency_lines_unwrapped(cell, directory.resolve_cell) == unwrapped


def test_known_names_run_together_on_one_line_are_apart_again(directory):
    assert _read(directory, "Công an tỉnh Bảo hiểm xã hội tỉnh") == [
        ("Công an tỉnh", "Công an tỉnh"),
        ("Bảo hiểm xã hội tỉnh", "Bảo hiểm xã hội tỉnh"),
    ]
    # An unknown name stays whole, whatever known words it holds.
    assert _read(directory, "Sở Khoa học và Công nghệ tỉnh Kon Tum") == [
        ("Sở Khoa học và Công nghệ tỉnh Kon Tum", None)
    ]
