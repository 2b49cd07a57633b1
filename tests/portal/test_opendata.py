import csv
import io
import json

import pytest
from openpyxl import load_workbook

from dxtrack.portal import opendata

RECORDS = [
    {
        "plan": '=HYPERLINK("http://x")',
        "period": "Báo cáo năm 2025",
        "total": 3,
        "by_status": {"Đã hoàn thành": 2, "Chưa báo cáo": 1},
        "published_at": "2025-12-18T15:00:00+07:00",
    },
    {
        "plan": "Kế hoạch chữ ký số",
        "period": "-1+2",
        "total": 0,
        "by_status": {"Đã hoàn thành": 0, "Chưa báo cáo": 0},
        "published_at": "2025-12-18T15:00:00+07:00",
    },
]
KEYS = {"by_status": ["Đã hoàn thành", "Chưa báo cáo"]}


def test_csv_has_a_bom_the_json_field_names_and_vietnamese_text():
    data = opendata.csv_bytes(opendata.TASKS, RECORDS, object_keys=KEYS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == [
        "plan",
        "period",
        "total",
        "by_status.Đã hoàn thành",
        "by_status.Chưa báo cáo",
        "published_at",
    ]
    assert rows[2][0] == "Kế hoạch chữ ký số"
    assert rows[1][2:5] == ["3", "2", "1"]


def test_csv_writes_numbers_with_a_dot():
    records = [{"indicator_id": 1, "value": 61.37, "name": "Tỷ lệ"}]
    data = opendata.csv_bytes(opendata.INDICATORS, records).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(data)))
    assert row["value"] == "61.37"
    assert row["unit"] == ""


@pytest.mark.parametrize(
    "text, written",
    [
        ("=1+1", "'=1+1"),
        ("+84 255", "'+84 255"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("-cmd", "'-cmd"),
        ("-", "-"),
        ("- 5%", "- 5%"),
        ("≥ 50%", "≥ 50%"),
    ],
)
def test_csv_text_never_starts_a_formula(text, written):
    data = opendata.csv_bytes(opendata.INDICATORS, [{"name": text}]).decode("utf-8-sig")
    assert next(csv.DictReader(io.StringIO(data)))["name"] == written


def test_xlsx_writes_user_text_as_strings_never_formulas():
    data = opendata.xlsx_bytes(opendata.TASKS, RECORDS, object_keys=KEYS, updated_at="18/12/2025")
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Dữ liệu"]
    header = [cell.value for cell in sheet[1]]
    assert header[3] == "by_status.Đã hoàn thành"
    formula_cell, number_cell = sheet["A2"], sheet["C2"]
    assert (formula_cell.value, formula_cell.data_type) == ('=HYPERLINK("http://x")', "s")
    assert (sheet["B3"].value, sheet["B3"].data_type) == ("-1+2", "s")
    assert (number_cell.value, number_cell.data_type) == (3, "n")
    about = [row[0].value for row in workbook["Mô tả"].iter_rows() if row]
    assert "Giấy phép" in about and "plan" in about


def test_json_keeps_vietnamese_letters():
    data = opendata.json_bytes(RECORDS)
    assert "Kế hoạch chữ ký số".encode() in data
    assert json.loads(data) == RECORDS
