"""The text helpers every app shares; here the one rule for control characters."""

import pytest

from dxtrack.vn_text import strip_control_characters


@pytest.mark.parametrize(
    "text, replacement, expected",
    [
        ("Đã phủ sóng\x0c 3/5 khu", " ", "Đã phủ sóng  3/5 khu"),
        ("Đã số hóa\x0c 87,43%\x0b hồ sơ", "", "Đã số hóa 87,43% hồ sơ"),
        ("dòng một\ndòng hai\tcột\r", "", "dòng một\ndòng hai\tcột\r"),
        ("\x00\x01\x08\x0e\x1f\x7f", "", ""),
        ("Chữ ký số", " ", "Chữ ký số"),
    ],
)
def test_control_characters_are_replaced_at_input_and_dropped_at_output(
    text, replacement, expected
):
    assert strip_control_characters(text, replacement=replacement) == expected


def test_the_documents_and_the_reports_use_the_same_set():
    every = "".join(chr(n) for n in range(0x80))
    kept = strip_control_characters(every)

    assert [c for c in every if c not in kept] == [
        *(chr(n) for n in range(0x20) if n not in (0x09, 0x0A, 0x0D)),
        "\x7f",
    ]


def test_collapsing_spaces_keeps_dashes_and_quotes_as_written():
    from dxtrack.vn_text import collapse_spaces

    assert collapse_spaces("Giai  đoạn\u00a02026 – 2030 “số”\n") == "Giai đoạn 2026 – 2030 “số”"


def test_folding_for_matching_reads_every_dash_as_a_hyphen():
    from dxtrack.vn_text import fold, fold_dashes

    assert fold("Sở Lao động – Thương binh") == fold("So lao dong - thuong binh")
    assert fold_dashes("2026—2030 − 1") == "2026-2030 - 1"
