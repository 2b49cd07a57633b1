"""An agency cell's entries as written, whatever the directory folded or cut."""

import pytest

from dxtrack.ingest.agency_cells import agency_refs_as_written
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
