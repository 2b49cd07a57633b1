"""A time frame written as its two ends under one caption ("Thời gian thực hiện" over "Bắt
đầu" | "Kết thúc"), and a time frame merged over a group of rows, as a .docx, a spreadsheet and
a PDF give them (cells of a vertical merge after its first are empty and `merged_down`)."""

from dxtrack.ingest import columns as col
from dxtrack.ingest.document import Document, Row, Table
from dxtrack.ingest.plan_reader import read_plan


def test_the_two_ends_under_a_time_caption_are_the_time_frame():
    layout = col.detect_layout(
        [
            ["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện", ""],
            ["", "", "", "Bắt đầu", "Kết thúc"],
        ]
    )
    assert layout is not None and layout.header_rows == 2
    assert layout.indexes(col.TIMEFRAME) == [3, 4]


def test_a_time_frame_merged_over_rows_is_each_rows_and_its_ends_are_joined(resolver):
    table = Table(
        rows=[
            Row(cells=["TT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Thời gian thực hiện", ""]),
            Row(cells=["", "", "", "Bắt đầu", "Kết thúc"], merged_down=frozenset({0, 1, 2})),
            Row(cells=["1", "Nâng cấp mạng nội bộ", "Sở Y tế", "2026", "2027"]),
            Row(cells=["2", "Số hóa hồ sơ", "Sở Y tế", "2026", "2030"]),
            Row(cells=["3", "Làm sạch dữ liệu", "Sở Y tế", "", ""], merged_down=frozenset({3, 4})),
            Row(cells=["4", "Tập huấn kỹ năng", "Sở Y tế", "", ""], merged_down=frozenset({3, 4})),
            Row(cells=["5", "Báo cáo kết quả", "Sở Y tế", "2026", "2026"]),
            Row(cells=["6", "Rà soát quy chế", "Sở Y tế", "", ""]),
        ]
    )
    draft = read_plan(Document(name="ke-hoach.docx", blocks=[table]), resolver)
    times = [(t.number, t.timeframe.text if t.timeframe else None) for t in draft.tasks]
    assert times == [
        ("1", "2026 - 2027"),
        ("2", "2026 - 2030"),
        ("3", "2026 - 2030"),
        ("4", "2026 - 2030"),
        ("5", "2026"),
        ("6", None),  # empty and not merged: no time frame is guessed
    ]
    assert draft.tasks[2].timeframe.end.year == 2030


def test_agencies_merged_over_three_rows_are_each_rows(resolver):
    """A coordinating cell merged over three tasks belongs to all three, not to the first two."""
    table = Table(
        rows=[
            Row(
                cells=[
                    "TT",
                    "Nội dung nhiệm vụ",
                    "Cơ quan chủ trì",
                    "Cơ quan phối hợp",
                    "Thời gian thực hiện",
                ]
            ),
            Row(cells=["1", "Nâng cấp mạng nội bộ", "Sở Y tế", "Sở Nội vụ; Công an tỉnh", "2026"]),
            Row(cells=["2", "Số hóa hồ sơ", "", "", "2027"], merged_down=frozenset({2, 3})),
            Row(cells=["3", "Làm sạch dữ liệu", "", "", "2028"], merged_down=frozenset({2, 3})),
            Row(cells=["4", "Tập huấn kỹ năng", "Sở Tài chính", "", "2028"]),
        ]
    )
    draft = read_plan(Document(name="ke-hoach.docx", blocks=[table]), resolver)
    written = [(t.number, t.lead_text, t.coordinating_text) for t in draft.tasks]
    assert written == [
        ("1", "Sở Y tế", "Sở Nội vụ; Công an tỉnh"),
        ("2", "Sở Y tế", "Sở Nội vụ; Công an tỉnh"),
        ("3", "Sở Y tế", "Sở Nội vụ; Công an tỉnh"),
        ("4", "Sở Tài chính", ""),  # empty and not merged: nothing is handed on
    ]
