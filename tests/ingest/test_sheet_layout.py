"""The shape of an Excel sheet (hidden rows and columns, merged ranges), read from its XML
without keeping a cell, and refused when its merges could not be real."""

import io

import pytest

from dxtrack.ingest.sheet_layout import MergedRange, SheetTooComplex, sheet_layout_read

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


class CountingReader:
    """A file-like source that counts the bytes the parser asked for."""

    def __init__(self, data: bytes) -> None:
        self._source = io.BytesIO(data)
        self.bytes_read = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self._source.read(size)
        self.bytes_read += len(chunk)
        return chunk


def _sheet(body: str) -> bytes:
    return f'<worksheet xmlns="{MAIN}">{body}</worksheet>'.encode()


def test_hidden_rows_and_columns_and_merges_are_kept_within_the_limits():
    xml = _sheet(
        '<cols><col min="3" max="500" hidden="1"/></cols>'
        '<sheetData><row r="2" hidden="1"/><row r="40" hidden="1"/></sheetData>'
        '<mergeCells><mergeCell ref="B2:C30"/><mergeCell ref="A50:A60"/></mergeCells>'
    )

    layout = sheet_layout_read(io.BytesIO(xml), max_rows=30, max_columns=10)

    assert layout.hidden_columns == set(range(3, 11))
    assert layout.hidden_rows == {2}
    assert layout.merged == [MergedRange(min_row=2, min_col=2, max_row=30, max_col=3)]


def test_merges_covering_more_than_the_sheet_are_refused_at_the_first_one_too_many():
    # Fifty thousand merges of the whole of Excel's grid: expanded, ~10^15 cells. Each is cut
    # to the limits and only their total area is counted, so the second is one too many and
    # the parser never reads past its first chunk of the part.
    xml = _sheet(
        "<sheetData/><mergeCells>" + '<mergeCell ref="A1:XFD1048576"/>' * 50_000 + "</mergeCells>"
    )
    source = CountingReader(xml)

    with pytest.raises(SheetTooComplex):
        sheet_layout_read(source, max_rows=20_000, max_columns=200)

    assert source.bytes_read < len(xml) // 10
