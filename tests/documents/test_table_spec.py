import pytest

from dxtrack.documents.table_spec import cell_text


@pytest.mark.parametrize(
    "value, expected",
    [(1250.0, "1.250"), (87.43, "87,43"), (100, "100"), (None, ""), ("Đạt", "Đạt"), (0.5, "0,5")],
)
def test_cells_write_numbers_the_vietnamese_way(value, expected):
    assert cell_text(value) == expected
