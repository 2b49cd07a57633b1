"""A scanned page's marks decided from the picture, all together: a stop the OCR added."""

from dxtrack.ingest.ocr_marks import marks_measured
from dxtrack.ingest.ocr_measures import CONFIDENCE_REVIEW
from ingest.marks_lines import DEJAVU, SERIF, scanned_line, texts


def test_a_stop_the_picture_does_not_show_is_dropped_and_marked():
    image, words = scanned_line(
        [("dữ", None), ("liệu", None), ("sạch,", None), ("CSDL", "CSDL,"), ("mới", None)],
        DEJAVU,
    )
    measured = {w.x0: w for w in marks_measured(image, words)}
    assert measured[words[2].x0].text == "sạch,"
    dropped = measured[words[3].x0]
    assert dropped.text == "CSDL"
    assert dropped.confidence is not None and dropped.confidence < CONFIDENCE_REVIEW


def test_the_marks_of_a_line_come_out_as_printed():
    image, words = scanned_line(
        [
            ("năm", None),
            ("học", None),
            ("2026 - 2027", "2026-2027"),
            ("dữ", None),
            ("liệu", None),
            ("“sạch”", '"sạch"'),
            ("Quý", None),
            ("I", None),
            ("–", None),
            ("Quý", None),
            ("II", None),
        ],
        SERIF,
    )
    del words[8]
    assert " ".join(texts(marks_measured(image, words))) == (
        "năm học 2026 - 2027 dữ liệu “sạch” Quý I – Quý II"
    )
