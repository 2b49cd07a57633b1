"""The NQ57 export: tasks and KPIs with status from approved reports, as JSON and Excel."""

import json

import pytest
from openpyxl import load_workbook

from dxtrack.cli import main

pytestmark = pytest.mark.django_db


def test_nq57_export_as_json_and_excel(year, tmp_path):
    out = tmp_path / "nq57.json"
    assert main(["exchange", "nq57", "--period", str(year.period.pk), "--out", str(out)]) == 0
    content = json.loads(out.read_text(encoding="utf-8"))
    assert content["phienBan"] == "dxtrack-nq57-1"
    agencies = {row["donViChuTri"] for row in content["nhiemVu"]}
    assert year.dost.name in agencies and year.home.name not in agencies
    assert {"Đã hoàn thành", "Đang thực hiện"} <= {row["tinhTrang"] for row in content["nhiemVu"]}
    assert any(row["giaTri"] for row in content["chiSo"])

    book_path = tmp_path / "nq57.xlsx"
    assert main(["exchange", "nq57", "--period", str(year.period.pk), "--out", str(book_path)]) == 0
    book = load_workbook(book_path)
    assert book.sheetnames == ["Nhiệm vụ", "Chỉ số KPI"]
    tasks = book["Nhiệm vụ"]
    assert [c.value for c in tasks[1]][:3] == ["Mã nhiệm vụ", "TT", "Tên nhiệm vụ"]
    assert tasks.max_row == len(content["nhiemVu"]) + 1


def test_nq57_export_refuses_other_formats(year, tmp_path, capsys):
    out = tmp_path / "nq57.csv"
    assert main(["exchange", "nq57", "--period", str(year.period.pk), "--out", str(out)]) == 2
    assert ".xlsx hoặc .json" in capsys.readouterr().err
