"""`dxtrack document KIND --period ID [--plan ID] [--agency ID] --out FILE`."""

import pytest
from openpyxl import load_workbook

from documents.support import body_text, docx
from dxtrack.cli import main
from factories import PlanFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", ["report", "appendix", "indicators", "chasing", "scorecard"])
def test_document_command_writes_word(year, tmp_path, capsys, kind):
    out = tmp_path / f"{kind}.docx"
    assert main(["document", kind, "--period", str(year.period.pk), "--out", str(out)]) == 0
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in body_text(docx(out.read_bytes()))
    assert f"Đã ghi “{out}”" in capsys.readouterr().out


def test_document_command_writes_excel_when_the_file_says_so(year, tmp_path):
    out = tmp_path / "xep-hang.xlsx"
    code = main(["document", "scorecard", "--period", str(year.period.pk), "--out", str(out)])
    assert code == 0
    sheet = load_workbook(out).worksheets[0]
    names = [row[1] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert "Sở Khoa học và Công nghệ" in names


def test_document_command_narrows_to_a_plan_and_an_agency(year, tmp_path):
    report = tmp_path / "bao-cao.docx"
    args = ["document", "report", "--period", str(year.period.pk)]
    assert main([*args, "--plan", str(year.form_plan.pk), "--out", str(report)]) == 0
    text = body_text(docx(report.read_bytes()))
    assert "Chuyển đổi số tỉnh Quảng Ngãi giai đoạn 2026 - 2030" not in text
    appendix = tmp_path / "phu-luc.docx"
    code = main(
        [
            "document",
            "appendix",
            "--period",
            str(year.period.pk),
            "--agency",
            str(year.health.pk),
            "--date",
            "05/12/2026",
            "--out",
            str(appendix),
        ]
    )
    assert code == 0
    text = body_text(docx(appendix.read_bytes()))
    assert "của Sở Y tế" in text
    assert "Quảng Ngãi, ngày 05 tháng 12 năm 2026" in text


@pytest.mark.parametrize(
    "extra, message",
    [
        (["--period", "999999"], "không có kỳ báo cáo mã 999999"),
        (["--plan", "999999"], "không có kế hoạch mã 999999"),
        (["--agency", "999999"], "không có cơ quan, đơn vị mã 999999"),
    ],
)
def test_unknown_period_plan_or_agency_exits_2_saying_which(year, tmp_path, capsys, extra, message):
    out = tmp_path / "x.docx"
    args = ["document", "report", "--period", str(year.period.pk), *extra, "--out", str(out)]
    assert main(args) == 2
    assert message in capsys.readouterr().err
    assert not out.exists()


def test_plan_outside_the_period_exits_2(year, tmp_path, capsys):
    other = PlanFactory(number="51/KH-UBND", title="Kế hoạch chuyển đổi số năm 2024")
    out = tmp_path / "x.docx"
    args = ["document", "indicators", "--period", str(year.period.pk), "--plan", str(other.pk)]
    assert main([*args, "--out", str(out)]) == 2
    assert "không thuộc kỳ báo cáo" in capsys.readouterr().err


def test_document_command_acts_as_the_account_given_with_user(year, tmp_path, capsys):
    from dxtrack.accounts.models import Profile, Role
    from factories import UserFactory

    reporter = UserFactory(username="baocao.yte.cli")
    Profile.objects.create(user=reporter, role=Role.REPORTER, agency=year.health)
    leader = UserFactory(username="lanhdao.cli")
    Profile.objects.create(user=leader, role=Role.LEADER)
    out = tmp_path / "x.docx"
    args = ["document", "chasing", "--period", str(year.period.pk), "--out", str(out)]

    assert main([*args, "--user", "baocao.yte.cli"]) == 2
    assert "không được xuất văn bản" in capsys.readouterr().err
    assert not out.exists()
    assert main([*args, "--user", "khong.co.ai"]) == 2
    assert "không có tài khoản “khong.co.ai”" in capsys.readouterr().err
    assert main([*args, "--user", "lanhdao.cli"]) == 0
    assert out.exists()
